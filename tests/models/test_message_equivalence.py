"""Message-level equivalence: every export accepts and refuses what the original does.

For every real sample and every file of the older generators' family: random valid
messages of the original validate against both exports, and mutated ones the original
refuses are refused by both. bench/xsd.py runs the same with more messages.
"""

from collections import Counter

import pytest

from models import generate_xsd, import_xsd
from models.conventions import SERES_NS, TARGET_NAMESPACE, XSI_NS
from models.instances import Generator, Mutator, Other, equivalence, facets_of, retarget, to_xml
from models.validation import instance_errors, load_schema
from tests.models.conftest import FIXED_TIME, SAMPLE_NAMES, read_sample
from tests.models.family import FAMILY, FAMILY_NAMES

MESSAGES = 100  # valid, and as many invalid, per file: a few seconds per file
FILES = {name: read_sample(name) for name in SAMPLE_NAMES} | FAMILY


def exports(data: bytes) -> list[Other]:
    """Both exports of an imported file, with the namespace their messages are in."""
    model = import_xsd(data).model
    return [
        Other(
            variant,
            load_schema(generate_xsd(model, variant, generated_at=FIXED_TIME)),
            model.target_namespace if variant == "standard" else "",
        )
        for variant in ("standard", "altinn")
    ]


@pytest.mark.parametrize("name", [*SAMPLE_NAMES, *FAMILY_NAMES])
def test_both_exports_accept_and_refuse_messages_as_the_original_does(name):
    """≥100 valid messages accepted, ≥100 invalid (≥13 kinds) refused, by both exports."""
    data = FILES[name]
    tallies = equivalence(load_schema(data), exports(data), valid=MESSAGES, invalid=MESSAGES)
    for variant, tally in tallies.items():
        assert tally.failures == [], variant
        assert (tally.valid_accepted, tally.valid_total) == (MESSAGES, MESSAGES), variant
        assert (tally.invalid_refused, tally.invalid_total) == (MESSAGES, MESSAGES), variant
        assert len(tally.kinds) >= 13, (variant, sorted(tally.kinds))


def test_the_check_finds_the_old_data_format_namespace_bug():
    """An export writing seres:dataFormat* in the model's namespace refuses every message."""
    data = FAMILY["RA-0678_M~seres-refs.xsd"]
    model = import_xsd(data).model
    model.data_format_namespace = TARGET_NAMESPACE  # what the standard export used to do
    wrong = Other("standard", load_schema(generate_xsd(model, "standard")), model.target_namespace)
    tally = equivalence(load_schema(data), [wrong], valid=10, invalid=10)["standard"]
    assert tally.valid_accepted == 0
    assert "dataFormatProvider" in tally.failures[0]


def test_generated_messages_cover_what_the_schema_allows():
    """Optional elements left out and present, repeats, xsi:nil, codes, facet boundaries
    and patterns all occur among the random messages."""
    generators = [
        (schema, Generator(schema, "melding", seed=1))
        for schema in (
            load_schema(read_sample("RA-0678_M.xsd")),
            load_schema(
                read_sample("Kursdomene_BliTjenesteeier_M_2020-05-25_5703_34553_SERES.xsd")
            ),
        )
    ]
    seen = Counter()
    for _ in range(100):
        for schema, generator in generators:
            message = generator.message()
            assert instance_errors(schema, to_xml(message)) == []
            for node in message.walk():
                if (XSI_NS, "nil") in node.attributes:
                    seen["nil"] += 1
                decl = node.decl
                kind = getattr(decl, "type", None)
                if kind is not None and kind.is_simple() and kind.enumeration:
                    seen["code"] += 1
                if kind is not None and kind.is_simple() and node.text is not None:
                    facets = facets_of(kind)
                    if facets.max_length is not None and len(node.text) == facets.max_length:
                        seen["max_length"] += 1
                    if facets.max_inclusive is not None and node.text == str(facets.max_inclusive):
                        seen["max_inclusive"] += 1
                    if facets.patterns:
                        seen["pattern"] += 1
            if schema is generators[0][0]:  # RA-0678: InternInformasjon/delRegNummer
                names = [child.name[1] for child in message.children[0].children]
                seen["optional_absent"] += "delRegNummer" not in names
                seen["optional_present"] += "delRegNummer" in names
    krt = load_schema(read_sample("krt-3221-42265.xsd"))
    repeats = Generator(krt, "melding", seed=2)
    for _ in range(50):
        message = repeats.message()
        counts = Counter(node.name for node in message.walk())
        seen["repeat"] += any(count > 1 for count in counts.values())
    wanted = ("nil", "code", "max_length", "max_inclusive", "pattern", "repeat")
    for what in (*wanted, "optional_absent", "optional_present"):
        assert seen[what] > 0, what


def test_there_are_at_least_thirteen_kinds_of_invalid_message():
    """Facet violations, a wrong code, a missing required element, a wrong namespace, ..."""
    kinds = Mutator().kinds()
    assert len(kinds) >= 13
    for kind in ("too_long", "pattern", "wrong_code", "missing_required_element"):
        assert kind in kinds
    assert "wrong_element_namespace" in kinds and "past_max_occurs" in kinds


def test_retarget_moves_elements_and_qualified_attributes_only():
    """Standard to Altinn: the model's namespace goes; SERES's and unqualified stay."""
    schema = load_schema(FAMILY["RA-0678_M~seres-refs.xsd"])
    message = Generator(schema, "melding").message()
    source = message.name[0]
    moved = retarget(message, source, "")
    assert all(node.name[0] == "" for node in moved.walk())
    assert (SERES_NS, "dataFormatProvider") in moved.attributes
