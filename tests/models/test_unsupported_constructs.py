"""What the model cannot hold is reported by name, never dropped silently."""

import pytest

from models import import_xsd
from tests.models.conftest import part_with, seres_xsd

CASES = [
    (
        "choice",
        part_with(
            '<xsd:element name="a" type="Tekst" />',
            """<xsd:complexType name="Valg"><xsd:choice>
              <xsd:element name="x" type="Tekst" /></xsd:choice></xsd:complexType>""",
        ),
        "unsupported_construct",
        "unsupported construct xsd:choice in type Valg",
    ),
    (
        "all",
        part_with(
            "",
            """<xsd:complexType name="Alle"><xsd:all>
              <xsd:element name="x" type="Tekst" /></xsd:all></xsd:complexType>""",
        ),
        "unsupported_construct",
        "unsupported construct xsd:all in type Alle",
    ),
    (
        "union",
        part_with(
            "",
            """<xsd:simpleType name="Enten"><xsd:union memberTypes="xsd:int xsd:date" />
            </xsd:simpleType>""",
        ),
        "unsupported_construct",
        "unsupported construct xsd:union in type Enten",
    ),
    (
        "list",
        part_with(
            "",
            '<xsd:simpleType name="Liste"><xsd:list itemType="xsd:int" /></xsd:simpleType>',
        ),
        "unsupported_construct",
        "unsupported construct xsd:list in type Liste",
    ),
    (
        "whiteSpace",
        part_with(
            "",
            """<xsd:simpleType name="Kort"><xsd:restriction base="xsd:string">
              <xsd:whiteSpace value="collapse" /></xsd:restriction></xsd:simpleType>""",
        ),
        "unsupported_construct",
        "unsupported construct xsd:whiteSpace in type Kort",
    ),
    (
        "element-ref",
        part_with('<xsd:element ref="melding" />'),
        "unsupported_construct",
        "unsupported construct xsd:element in type Del (ref=melding)",
    ),
    (
        "group",
        part_with('<xsd:group ref="Gruppe" />'),
        "unsupported_construct",
        "unsupported construct xsd:group in type Del",
    ),
    (
        "attribute-group",
        part_with("") + '<xsd:attributeGroup name="Felles" />',
        "unsupported_construct",
        "unsupported construct xsd:attributeGroup in schema",
    ),
    (
        "default-value",
        part_with('<xsd:element name="a" type="Tekst" default="x" />'),
        "unsupported_attribute",
        "unsupported attribute default in element a in type Del",
    ),
    (
        "foreign-attribute",
        part_with('<xsd:element name="a" type="Tekst" xmlns:x="urn:x" x:hint="1" />'),
        "unsupported_attribute",
        "unsupported attribute {urn:x}hint in element a in type Del",
    ),
    (
        "second-global-element",
        part_with("") + '<xsd:element name="annen" type="Tekst" />',
        "unsupported_construct",
        "unsupported construct xsd:element in schema (global element annen)",
    ),
    (
        "other-import",
        '<xsd:import namespace="http://kodebibliotek.brreg.no/xsd/kodebibliotek" />'
        + part_with(""),
        "unsupported_import",
        "unsupported construct xsd:import of namespace "
        "http://kodebibliotek.brreg.no/xsd/kodebibliotek in schema",
    ),
    (
        "unresolved-type",
        part_with('<xsd:element name="a" type="Mangler" />'),
        "unresolved_type",
        "type Mangler used in element a in type Del is not defined in the schema",
    ),
    (
        "appinfo",
        part_with(
            "",
            """<xsd:simpleType name="Info"><xsd:annotation><xsd:appinfo>x</xsd:appinfo>
            </xsd:annotation><xsd:restriction base="xsd:string" /></xsd:simpleType>""",
        ),
        "unsupported_construct",
        "unsupported construct xsd:appinfo in type Info",
    ),
    (
        "mixed",
        part_with(
            "",
            '<xsd:complexType name="Blandet" mixed="true"><xsd:sequence /></xsd:complexType>',
        ),
        "unsupported_attribute",
        "unsupported attribute mixed in type Blandet",
    ),
]


@pytest.mark.parametrize(
    ("types", "code", "message"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_unsupported_construct_is_reported_by_name(types, code, message):
    """The warning names the construct and where it is, with a stable code."""
    result = import_xsd(seres_xsd(types))
    assert [(warning.code, warning.message) for warning in result.warnings] == [(code, message)]


KORT = """<xsd:simpleType name="Kort"><xsd:restriction base="xsd:string">
  <xsd:{facet} value="{value}" /></xsd:restriction></xsd:simpleType>"""
HUGE = "9" * 5000  # beyond Python's 4,300-digit limit for int()


@pytest.mark.parametrize(
    ("elements", "types", "attribute", "value", "context"),
    [
        ('<xsd:element name="a" type="Tekst" minOccurs="²" />', "", "minOccurs", "²", "a"),
        ('<xsd:element name="a" type="Tekst" maxOccurs="١" />', "", "maxOccurs", "١", "a"),
        (f'<xsd:element name="a" type="Tekst" maxOccurs="{HUGE}" />', "", "maxOccurs", HUGE, "a"),
        ("", KORT.format(facet="maxLength", value="¹"), "maxLength", "¹", "Kort"),
        ("", KORT.format(facet="totalDigits", value=HUGE), "totalDigits", HUGE, "Kort"),
        ("", KORT.format(facet="length", value="+3"), "length", "+3", "Kort"),
    ],
    ids=[
        "superscript-min",
        "arabic-indic-max",
        "huge-max",
        "superscript-facet",
        "huge-facet",
        "signed-facet",
    ],
)
def test_a_crafted_number_is_an_invalid_value(elements, types, attribute, value, context):
    """Only ASCII digits count, and at most nine of them: the rest is invalid_value, no crash."""
    result = import_xsd(seres_xsd(part_with(elements, types)))
    assert [(w.code, w.params["attribute"], w.params["value"]) for w in result.warnings] == [
        ("invalid_value", attribute, value)
    ]
    assert context in result.warnings[0].params["context"]


def test_warning_parameters_name_construct_and_place():
    """Warnings carry parameters a web layer can translate without parsing the message."""
    types = part_with(
        "",
        """<xsd:complexType name="Valg"><xsd:choice>
          <xsd:element name="x" type="Tekst" /></xsd:choice></xsd:complexType>""",
    )
    (warning,) = import_xsd(seres_xsd(types)).warnings
    assert warning.params == {"construct": "xsd:choice", "context": "type Valg"}


def test_the_rest_of_a_file_still_imports_around_an_unsupported_construct():
    """A type with an unsupported part stays in the model; its neighbours are complete."""
    types = part_with(
        '<xsd:element name="a" type="Enten" />',
        """<xsd:simpleType name="Enten"><xsd:union memberTypes="xsd:int xsd:date" />
        </xsd:simpleType>""",
    )
    model = import_xsd(seres_xsd(types)).model
    assert [item.name for item in model.types] == ["Del", "Tekst", "Enten"]
    assert model.type_named("Del").properties[0].type == "Enten"


def test_missing_data_format_is_reported():
    """A root type without dataFormatId and dataFormatVersion is reported, not guessed."""
    xsd = seres_xsd(part_with(""))
    for name in ("dataFormatId", "dataFormatVersion"):
        start = xsd.index(f'<xsd:attribute name="{name}"')
        xsd = xsd[:start] + xsd[xsd.index("/>", start) + 2 :]
    warnings = import_xsd(xsd).warnings
    assert [(w.code, w.params) for w in warnings] == [
        ("missing_metadata", {"field": "dataFormatId"}),
        ("missing_metadata", {"field": "dataFormatVersion"}),
    ]
