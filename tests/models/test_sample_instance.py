"""Sample XML messages generated from a model validate against its XSD."""

import re

import pytest
from elementpath.regex import translate_pattern

from models import (
    ComplexType,
    Facets,
    MessageModel,
    Property,
    SampleUnavailable,
    SimpleType,
    generate_xsd,
    import_xsd,
    sample_instance,
)
from models.regex_example import example
from models.validation import instance_errors, load_schema
from models.values import value_for
from tests.models.conftest import FIXED_TIME, read_sample


@pytest.mark.parametrize("variant", ["altinn", "standard"])
def test_sample_instance_validates_against_generated_schema(sample_name, variant):
    """For every sample and both variants the generated message is valid."""
    model = import_xsd(read_sample(sample_name)).model
    schema = load_schema(generate_xsd(model, variant, generated_at=FIXED_TIME))
    assert instance_errors(schema, sample_instance(model, variant)) == []


def test_sample_instance_validates_against_seres_original(sample_name):
    """The message made from the imported model is valid against SERES's own file too."""
    original = read_sample(sample_name)
    model = import_xsd(original).model
    assert instance_errors(load_schema(original), sample_instance(model)) == []


def test_validation_rejects_a_wrong_message():
    """The check has teeth: breaking a pattern-restricted value makes the message invalid."""
    name = "Kursdomene_BliTjenesteeier_M_2020-05-25_5703_34553_SERES.xsd"
    model = import_xsd(read_sample(name)).model
    schema = load_schema(generate_xsd(model, generated_at=FIXED_TIME))
    message = sample_instance(model)
    good = b"<organisasjonsnummer>000000000</organisasjonsnummer>"
    assert good in message
    broken = message.replace(good, b"<organisasjonsnummer>12345</organisasjonsnummer>")
    assert instance_errors(schema, broken) != []


def model_with(types, parts=None) -> MessageModel:
    """Return a minimal model around the given types."""
    return MessageModel(
        name="T_M",
        domain="T",
        version="1",
        data_format_id="1",
        data_format_version="1",
        parts=parts or [Property(name="Del", type="Del")],
        types=types,
    )


@pytest.mark.parametrize(
    ("base", "facets", "expected"),
    [
        ("xsd:integer", Facets(min_inclusive="5", max_inclusive="9"), "5"),
        ("xsd:integer", Facets(min_exclusive="5"), "6"),
        ("xsd:integer", Facets(max_inclusive="-3"), "-3"),
        ("xsd:negativeInteger", Facets(), "-1"),
        ("xsd:decimal", Facets(min_exclusive="0", max_exclusive="1", fraction_digits=1), "0.5"),
        ("xsd:string", Facets(length=4), "aaaa"),
        ("xsd:string", Facets(min_length=3, max_length=5), "aaa"),
        ("xsd:string", Facets(patterns=["[0-9]{3}-[A-Z]{2}"]), "000-AA"),
        ("xsd:date", Facets(min_inclusive="2030-05-06"), "2030-05-06"),
        ("xsd:hexBinary", Facets(length=2), "6161"),
    ],
)
def test_values_honour_facets(base, facets, expected):
    """Sample values sit inside bounds, lengths and patterns."""
    model = model_with([SimpleType(name="V", base=base, facets=facets)])
    assert value_for(model, "V") == expected


def test_values_honour_facets_along_the_chain_of_restrictions():
    """A Dataenkeltype restricting a Tegnrestriksjon gets the restriction's facets."""
    model = model_with(
        [
            SimpleType(name="Orgnr", base="OrgnrRestriksjon"),
            SimpleType(name="OrgnrRestriksjon", facets=Facets(length=9)),
        ]
    )
    assert value_for(model, "Orgnr") == "aaaaaaaaa"


@pytest.mark.parametrize(
    "pattern",
    [
        "[0-9]{9}",
        "\\d{2}\\.\\d{3}",
        "(ja|nei)",
        "[A-Z][a-z]+( [A-Z][a-z]+)*",
        "[A-Z-[AEIOU]]{3}",
        "\\i\\c*",
        "[^0-9]{2,4}",
        "\\p{Lu}\\P{Lu}",
        "[a-zæøå]+@[a-z]+\\.no",
        "\\+?[0-9 ]{8,12}",
    ],
)
def test_pattern_examples_match_their_pattern(pattern):
    """The example string matches the XSD pattern (checked with elementpath's translation)."""
    value = example(pattern)
    assert re.fullmatch(translate_pattern(pattern), value), value


def test_pattern_example_meets_length_bounds_when_possible():
    """Open quantifiers grow until the length facets are met."""
    assert len(example("[a-z]+", min_length=5, max_length=8)) == 5


def test_unsupported_pattern_raises_sample_unavailable():
    """A Unicode block escape is outside the supported subset and says so."""
    with pytest.raises(SampleUnavailable) as caught:
        example("\\p{IsBasicLatin}+")
    assert caught.value.code == "pattern"


@pytest.mark.parametrize(
    "pattern",
    [
        "a{²}",
        "a{1,²}",
        "a{" + "9" * 5000 + "}",
        "a{10001}",
        "(" * 1900 + "a" + ")" * 1900,
        "[a" + "-[b" * 1900 + "]" * 1901,
    ],
    ids=[
        "superscript",
        "superscript-high",
        "5000-digits",
        "huge-minimum",
        "deep-groups",
        "deep-subtraction",
    ],
)
def test_a_crafted_pattern_has_no_sample_rather_than_a_crash(pattern):
    """Non-ASCII or endless counts and deep nesting are SampleUnavailable, not a traceback."""
    with pytest.raises(SampleUnavailable) as caught:
        example(pattern)
    assert caught.value.code == "pattern"


def test_optional_recursion_is_cut_and_required_recursion_is_refused():
    """A person's optional children stop the recursion; a required one cannot be sampled."""
    person = ComplexType(
        name="Person",
        properties=[
            Property(name="navn", type="xsd:string"),
            Property(name="barn", type="Person", min_occurs=0, max_occurs=None, nillable=True),
        ],
    )
    parts = [Property(name="person", type="Person")]
    model = model_with([person], parts)
    schema = load_schema(generate_xsd(model))
    assert instance_errors(schema, sample_instance(model)) == []
    person.properties[1].min_occurs = 1
    with pytest.raises(SampleUnavailable) as caught:
        sample_instance(model)
    assert caught.value.code == "required_recursion"
