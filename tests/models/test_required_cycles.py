"""A type that requires itself, directly or through others, cannot make a finite message."""

import pytest

from models import ComplexType, InvalidModel, MessageModel, Property, check_model, import_xsd
from models.edit import add_property, checked, set_occurrence
from tests.models.conftest import read_sample

SAMPLE = "Kursdomene_HvemErHvem_M_2021-04-08_5742_34627_SERES.xsd"


def model_of(*types: ComplexType) -> MessageModel:
    return MessageModel(
        name="Test_M",
        data_format_id="1",
        data_format_version="2",
        parts=[Property(name="del", type=types[0].name)],
        types=list(types),
    )


def needs(name: str, *targets: str, base: str | None = None, low: int = 1) -> ComplexType:
    """A complex type whose elements are required (or ``low``) references to ``targets``."""
    properties = [
        Property(name=f"e{i}", type=target, min_occurs=low, nillable=low == 0)
        for i, target in enumerate(targets)
    ]
    properties.append(Property(name="tekst", type="xsd:string"))
    return ComplexType(name=name, base=base, properties=properties)


def cycles(model: MessageModel) -> list[dict[str, str]]:
    return [issue.params for issue in check_model(model) if issue.code == "required_cycle"]


def test_a_type_that_requires_itself_is_an_issue():
    """A required element of its own type: valid XSD, but no finite message."""
    assert cycles(model_of(needs("A", "A"))) == [{"type": "A", "types": "A"}]


def test_types_that_require_each_other_are_one_issue():
    """A needs B, B needs C, C needs A: one issue naming the three in model order."""
    model = model_of(needs("A", "B"), needs("B", "C"), needs("C", "A"), needs("D", "A"))
    assert cycles(model) == [{"type": "A", "types": "A, B, C"}]


def test_a_cycle_through_inheritance_is_an_issue():
    """B extends A and so holds A's elements; A requires a B."""
    assert cycles(model_of(needs("A", "B"), needs("B", base="A"))) == [
        {"type": "A", "types": "A, B"}
    ]


def test_an_optional_or_repeating_optional_element_ends_the_cycle():
    """minOccurs="0" anywhere on the cycle makes a finite message possible."""
    assert cycles(model_of(needs("A", "A", low=0))) == []
    assert cycles(model_of(needs("A", "B"), needs("B", "A", low=0))) == []


def test_inheritance_alone_is_a_base_cycle_not_a_required_cycle():
    """A extends B extends A is reported once, as base_cycle."""
    codes = [
        issue.code for issue in check_model(model_of(needs("A", base="B"), needs("B", base="A")))
    ]
    assert "base_cycle" in codes and "required_cycle" not in codes


def test_a_long_chain_needs_no_deep_recursion():
    """Thousands of types in one cycle are checked without Python recursion."""
    count = 5000
    types = [needs(f"T{i}", f"T{(i + 1) % count}") for i in range(count)]
    (found,) = cycles(model_of(*types))
    assert found["type"] == "T0" and found["types"].count(",") == count - 1


def test_an_edit_that_makes_a_type_require_itself_is_refused():
    """Adding a required element of its own type is refused by checked(); optional passes."""
    model = import_xsd(read_sample(SAMPLE)).model
    add_property(model, "Geek", "mentor", "Geek")
    with pytest.raises(InvalidModel) as caught:
        checked(model)
    assert [issue.code for issue in caught.value.issues] == ["required_cycle"]
    set_occurrence(model, "Geek", "mentor", 0, 1)
    checked(model)
