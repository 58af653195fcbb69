"""What the model cannot hold is reported, however small: attributes on derivations,
anyAttribute's namespace and processContents, documentation's attributes and repeats, the
dataFormat attributes' use and type, and QNames with an undeclared prefix."""

import pytest

from models import InvalidModel, differences, generate_xsd, import_xsd
from tests.models.conftest import part_with, seres_xsd

NS = "http://seres.no/xsd/Test/Test_M/1"
ROOT_ANY = "<xsd:anyAttribute />"
DATA_FORMAT_ID = '<xsd:attribute name="dataFormatId" type="xsd:string" use="required" fixed="1" />'
PROVIDER = (
    '<xsd:attribute name="dataFormatProvider" type="xsd:string" use="required" fixed="SERES" />'
)
CHILD = """<xsd:complexType name="Barn" seres:elementtype="Dataobjekttype">
  <xsd:complexContent{content}><xsd:extension base="Del"{extension}>
    <xsd:sequence />{any}</xsd:extension></xsd:complexContent></xsd:complexType>"""
GUID_TYPE = """<xsd:complexType name="Id" seres:elementtype="ORDataenkeltype">
  <xsd:simpleContent{content}><xsd:extension base="xsd:string"{extension}>
    <xsd:attribute name="guid" type="xsd:string" use="required" fixed="g" />
  </xsd:extension></xsd:simpleContent></xsd:complexType>"""
DOCUMENTED = """<xsd:simpleType name="Kode" seres:elementtype="Dataenkeltype">{annotations}
  <xsd:restriction base="xsd:string" /></xsd:simpleType>"""


def root(old: str, new: str, types: str = "") -> str:
    xsd = seres_xsd(part_with("", types))
    assert xsd.count(old) == 1
    return xsd.replace(old, new)


CASES = [
    (
        "any-attribute-other-lax",
        root(ROOT_ANY, '<xsd:anyAttribute namespace="##other" processContents="lax" />'),
        [
            (
                "unsupported_value",
                "unsupported value namespace='##other' on xsd:anyAttribute in type Test_M; "
                "the model holds only '##any'",
            ),
            (
                "unsupported_value",
                "unsupported value processContents='lax' on xsd:anyAttribute in type Test_M; "
                "the model holds only 'strict'",
            ),
        ],
    ),
    (
        "any-attribute-id",
        root(ROOT_ANY, '<xsd:anyAttribute id="x" />'),
        [("unsupported_attribute", "unsupported attribute id in xsd:anyAttribute in type Test_M")],
    ),
    (
        "complex-content-mixed",
        seres_xsd(part_with("", CHILD.format(content=' mixed="true"', extension="", any=""))),
        [
            (
                "unsupported_attribute",
                "unsupported attribute mixed in xsd:complexContent in type Barn",
            )
        ],
    ),
    (
        "extension-attribute",
        seres_xsd(part_with("", CHILD.format(content="", extension=' id="e"', any=""))),
        [("unsupported_attribute", "unsupported attribute id in xsd:extension in type Barn")],
    ),
    (
        "extension-any-attribute-lax",
        seres_xsd(
            part_with(
                "",
                CHILD.format(
                    content="", extension="", any='<xsd:anyAttribute processContents="skip" />'
                ),
            )
        ),
        [
            (
                "unsupported_value",
                "unsupported value processContents='skip' on xsd:anyAttribute in type Barn; "
                "the model holds only 'strict'",
            )
        ],
    ),
    (
        "simple-content-attributes",
        seres_xsd(part_with("", GUID_TYPE.format(content=' id="s"', extension=' seres:orid="1"'))),
        [
            ("unsupported_attribute", "unsupported attribute id in xsd:simpleContent in type Id"),
            (
                "unsupported_attribute",
                "unsupported attribute seres:orid in xsd:extension in type Id",
            ),
        ],
    ),
    (
        "anonymous-extension-attributes",
        seres_xsd(
            part_with(
                """<xsd:element name="a"><xsd:complexType><xsd:simpleContent id="s">
                <xsd:extension base="Tekst" id="e"><xsd:anyAttribute namespace="##local" />
                </xsd:extension></xsd:simpleContent></xsd:complexType></xsd:element>"""
            )
        ),
        [
            (
                "unsupported_attribute",
                "unsupported attribute id in xsd:simpleContent in element a in type Del",
            ),
            (
                "unsupported_attribute",
                "unsupported attribute id in xsd:extension in element a in type Del",
            ),
            (
                "unsupported_value",
                "unsupported value namespace='##local' on xsd:anyAttribute in element a in "
                "type Del; the model holds only '##any'",
            ),
        ],
    ),
    (
        "documentation-attributes",
        seres_xsd(
            part_with(
                "",
                DOCUMENTED.format(
                    annotations='<xsd:annotation id="n"><xsd:documentation xml:lang="en" '
                    'source="http://example.org/kode">Code</xsd:documentation></xsd:annotation>'
                ),
            )
        ),
        [
            ("unsupported_attribute", "unsupported attribute id in xsd:annotation in type Kode"),
            (
                "unsupported_attribute",
                "unsupported attribute xml:lang in xsd:documentation in type Kode",
            ),
            (
                "unsupported_attribute",
                "unsupported attribute source in xsd:documentation in type Kode",
            ),
        ],
    ),
    (
        "two-documentations",
        seres_xsd(
            part_with(
                "",
                DOCUMENTED.format(
                    annotations="<xsd:annotation><xsd:documentation>Kode</xsd:documentation>"
                    "<xsd:documentation>Code</xsd:documentation></xsd:annotation>"
                ),
            )
        ),
        [
            (
                "unsupported_construct",
                "unsupported construct a second xsd:documentation in type Kode; "
                "its text is joined to the first",
            )
        ],
    ),
    (
        "data-format-optional",
        root(DATA_FORMAT_ID, DATA_FORMAT_ID.replace('use="required"', 'use="optional"')),
        [
            (
                "unsupported_value",
                "unsupported value use='optional' in attribute dataFormatId in type Test_M; "
                "SERES writes 'required'",
            )
        ],
    ),
    (
        "data-format-use-left-out",
        root(DATA_FORMAT_ID, DATA_FORMAT_ID.replace(' use="required"', "")),
        [
            (
                "unsupported_value",
                "unsupported value use='optional' in attribute dataFormatId in type Test_M; "
                "SERES writes 'required'",
            )
        ],
    ),
    (
        "data-format-integer",
        root(DATA_FORMAT_ID, DATA_FORMAT_ID.replace("xsd:string", "xsd:int")),
        [
            (
                "unsupported_value",
                "unsupported value type='xsd:int' in attribute dataFormatId in type Test_M; "
                "SERES writes 'xsd:string'",
            )
        ],
    ),
    (
        "data-format-described",
        root(DATA_FORMAT_ID, DATA_FORMAT_ID.replace("/>", 'seres:beskrivelse="Id" />')),
        [
            (
                "unsupported_attribute",
                "unsupported seres attributes on attribute dataFormatId in type Test_M",
            )
        ],
    ),
    (
        "data-format-twice",
        root(DATA_FORMAT_ID, DATA_FORMAT_ID + DATA_FORMAT_ID.replace('"1"', '"2"')),
        [
            (
                "unsupported_construct",
                "unsupported construct xsd:attribute in type Test_M (a second dataFormatId)",
            )
        ],
    ),
    (
        "provider-missing",
        root(PROVIDER, ""),
        [("missing_metadata", "the file does not give the model's dataFormatProvider")],
    ),
    (
        "root-without-any-attribute",
        root(ROOT_ANY, ""),
        [
            (
                "unsupported_construct",
                "unsupported construct a root type without xsd:anyAttribute in type Test_M; "
                "SERES writes one, and so does generation",
            )
        ],
    ),
    (
        "global-data-format-fixed",
        seres_xsd(
            part_with("", '<xsd:attribute name="dataFormatId" type="xsd:int" fixed="9" />'),
            namespace=NS,
        ),
        [
            (
                "unsupported_attribute",
                "unsupported attribute fixed in xsd:attribute in attribute dataFormatId in schema",
            ),
            (
                "unsupported_value",
                "unsupported value type='xsd:int' in attribute dataFormatId in schema; "
                "SERES writes 'xsd:string'",
            ),
        ],
    ),
    (
        "undeclared-prefix",
        seres_xsd(part_with('<xsd:element name="a" type="nope:Tekst" />')),
        [
            (
                "unresolved_reference",
                "reference nope:Tekst in element a in type Del uses the undeclared prefix nope",
            ),
            (
                "unresolved_type",
                "type nope:Tekst used in element a in type Del is not defined in the schema",
            ),
        ],
    ),
]


@pytest.mark.parametrize(
    ("xsd", "expected"), [case[1:] for case in CASES], ids=[case[0] for case in CASES]
)
def test_what_the_model_cannot_hold_is_reported(xsd, expected):
    """Each loss is a coded warning naming what and where; none passes silently."""
    result = import_xsd(xsd)
    assert [(warning.code, warning.message) for warning in result.warnings] == expected


@pytest.mark.parametrize(
    "any_attribute",
    ['<xsd:anyAttribute namespace="##any" />', '<xsd:anyAttribute processContents="strict" />'],
)
def test_an_any_attribute_with_its_defaults_spelled_out_is_held(any_attribute):
    """Written-out defaults mean the bare xsd:anyAttribute the model holds."""
    assert import_xsd(root(ROOT_ANY, any_attribute)).warnings == []


def test_repeated_documentation_and_annotations_are_joined_not_dropped():
    """Two xsd:documentation, or a second xsd:annotation, keep their text and are reported."""
    xsd = seres_xsd(
        part_with(
            """<xsd:element name="a" type="Tekst">
              <xsd:annotation><xsd:documentation>En</xsd:documentation></xsd:annotation>
              <xsd:annotation><xsd:documentation>To</xsd:documentation>
                <xsd:documentation>Tre</xsd:documentation></xsd:annotation>
            </xsd:element>"""
        )
    )
    result = import_xsd(xsd)
    assert [w.params["construct"] for w in result.warnings] == [
        "xsd:annotation",
        "xsd:documentation",
    ]
    prop = result.model.type_named("Del").properties[0]
    assert prop.documentation == "En\n\nTo\n\nTre"


def test_a_declared_prefix_still_resolves_in_the_altinn_variant():
    """Only the undeclared prefix is refused; xsd: and a no-namespace reference still work."""
    xsd = seres_xsd(part_with('<xsd:element name="a" type="Tekst" />'))
    result = import_xsd(xsd)
    assert result.warnings == []
    assert result.model.type_named("Del").properties[0].type == "Tekst"


@pytest.mark.parametrize("xsd", [case[1] for case in CASES], ids=[case[0] for case in CASES])
def test_each_reported_loss_is_also_a_round_trip_difference(xsd):
    """The comparator sees what the import reports: a round trip of each file differs."""
    model = import_xsd(xsd).model
    try:
        generated = generate_xsd(model, "altinn")
    except InvalidModel:
        return  # a model that cannot be written has no round trip to compare
    assert list(differences(xsd, generated)) != []


def test_an_untyped_attribute_keeps_xsd_any_simple_type():
    """XSD gives an attribute without a type anySimpleType; the import no longer makes it a
    string, and the round trip compares equal."""
    xsd = seres_xsd(
        part_with(
            """<xsd:element name="a"><xsd:complexType><xsd:simpleContent>
            <xsd:extension base="Tekst"><xsd:attribute name="k" /></xsd:extension>
            </xsd:simpleContent></xsd:complexType></xsd:element>"""
        )
    )
    result = import_xsd(xsd)
    assert result.warnings == []
    assert result.model.type_named("Del").properties[0].attributes[0].type == "xsd:anySimpleType"
    assert list(differences(xsd, generate_xsd(result.model, "altinn"))) == []
