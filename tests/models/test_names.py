"""Names are XML NCNames exactly as the schema processor reads them, or they are refused."""

import re

import pytest
from elementpath.regex import translate_pattern

from models import InvalidModel, check_model, generate_xsd, import_xsd
from models.checks import is_ncname
from models.edit import EditError, add_property
from models.validation import load_schema
from tests.models.conftest import read_sample

SAMPLE = "Kursdomene_HvemErHvem_M_2021-04-08_5742_34627_SERES.xsd"
# The XML Schema meta-schema's NCName pattern, as xmlschema compiles it.
PROCESSOR = re.compile(translate_pattern(r"[\i-[:]][\c-[:]]*", anchors=False))


@pytest.fixture
def model():
    return import_xsd(read_sample(SAMPLE)).model


def test_every_character_is_judged_as_the_schema_processor_judges_it():
    """First and later characters over the whole Unicode range agree with xmlschema."""
    for code in range(0x110000):
        char = chr(code)
        assert is_ncname(char) == (PROCESSOR.fullmatch(char) is not None), hex(code)
        assert is_ncname("a" + char) == (PROCESSOR.fullmatch("a" + char) is not None), hex(code)


@pytest.mark.parametrize(
    "name",
    ["a²", "a\n", "navn\n", "", "1a", "a:b", "a b", "ªa", "-a", "\U00010400a", "a\u00aa"],
    ids=[
        "superscript",
        "newline",
        "trailing-newline",
        "empty",
        "digit-first",
        "colon",
        "space",
        "ordinal-first",
        "hyphen-first",
        "supplementary",
        "ordinal",
    ],
)
def test_a_name_no_schema_may_hold_is_refused(model, name):
    """check_model reports it, so generate_xsd never writes a schema xmlschema rejects."""
    model.type_named("Geek").properties[0].name = name
    assert "invalid_name" in [issue.code for issue in check_model(model)]
    with pytest.raises(InvalidModel):
        generate_xsd(model)
    with pytest.raises(EditError) as refused:
        add_property(model, "Geek", name, "Tekst")
    assert refused.value.code == "invalid_name"


@pytest.mark.parametrize("name", ["Innrapportør", "a\u0300", "a·b", "x_1.2-3", "Ⅰa", "a‿b"])
def test_a_valid_name_beyond_ascii_passes_and_makes_a_valid_schema(model, name):
    """Letters, combining marks and the other NameChars are kept."""
    model.type_named("Geek").properties[0].name = name
    assert check_model(model) == []
    load_schema(generate_xsd(model))
