"""The structural comparator finds what matters and ignores what does not."""

import pytest

from models import differences
from tests.models.conftest import read_sample

RA = read_sample("RA-0678_M.xsd").decode("utf-8-sig")
MINUTES = '<xsd:element name="AntallMinutter" type="AntallMinutter" nillable="true" minOccurs="0"'


def test_a_file_equals_itself():
    """No differences between a file and itself."""
    assert list(differences(RA, RA)) == []


@pytest.mark.parametrize(
    ("old", "new", "what"),
    [
        (MINUTES, MINUTES.replace('minOccurs="0"', 'minOccurs="1"'), "minOccurs"),
        (MINUTES, MINUTES + ' maxOccurs="unbounded"', "maxOccurs"),
        (MINUTES, MINUTES.replace('nillable="true" ', ""), "nillable"),
        (MINUTES, MINUTES.replace('type="AntallMinutter"', 'type="AntallMedNull"'), "type"),
        ('<xsd:maxInclusive value="59" />', '<xsd:maxInclusive value="60" />', "value"),
        ('<xsd:totalDigits value="2" />', "", "children"),
        ('<xsd:enumeration value="HALV"', '<xsd:enumeration value="HALVT"', "children"),
        ("/Datakodeelement/Årlig/618236", "/Datakodeelement/Årlig/1", "seres:guid"),
        (
            'name="Tidsrom" seres:elementtype="Datakomplekstype"',
            'name="Tidsrom" seres:elementtype="Dataobjekttype"',
            "seres:elementtype",
        ),
        (
            'seres:beskrivelse="Firesifret årstall"',
            'seres:beskrivelse="Årstall"',
            "seres:beskrivelse",
        ),
    ],
    ids=[
        "minOccurs",
        "maxOccurs",
        "nillable",
        "type",
        "facet-value",
        "facet-removed",
        "enumeration",
        "guid",
        "elementtype",
        "description",
    ],
)
def test_a_meaningful_change_is_found(old, new, what):
    """Occurrences, types, facets, codes, GUIDs, kinds and descriptions are compared."""
    assert RA.count(old) >= 1
    found = list(differences(RA, RA.replace(old, new, 1)))
    assert [difference.what for difference in found] == [what]


def test_element_order_matters():
    """Swapping two elements of a sequence is a difference."""
    first = '<xsd:element name="fomDato" type="Dato"'
    second = '<xsd:element name="tomDato" type="Dato"'
    swapped = RA.replace(first, "@@").replace(second, first).replace("@@", second)
    found = list(differences(RA, swapped))
    assert found and found[0].what == "children"


def test_a_missing_type_is_found():
    """A type only on one side is reported with its name."""
    start = RA.index('<xsd:simpleType name="TokenTekst"')
    end = RA.index("</xsd:simpleType>", start) + len("</xsd:simpleType>")
    found = list(differences(RA, RA[:start] + RA[end:]))
    assert [(d.path, d.what) for d in found] == [("type TokenTekst", "only on the left")]


def test_layout_attribute_order_and_facet_order_are_ignored():
    """Indentation, attribute order and the order of non-enumeration facets do not matter."""
    facets = '<xsd:minInclusive value="0" />\n      <xsd:maxInclusive value="59" />'
    swapped = '<xsd:maxInclusive value="59" />\n      <xsd:minInclusive value="0" />'
    attributes = 'name="Tekst" seres:elementtype="Dataenkeltype"'
    assert facets in RA and attributes in RA
    reordered = (
        RA.replace(facets, swapped)
        .replace(attributes, 'seres:elementtype="Dataenkeltype" name="Tekst"')
        .replace("\n  ", "\n\t")
    )
    assert list(differences(RA, reordered)) == []


STANDARD = read_sample("schema_2363_2_forms_3141_37777.xsd").decode("utf-8-sig")


def documented(annotation: str = "<xsd:annotation>", documentation: str = "") -> str:
    """RA with documentation on AntallMinutter, its tags given."""
    start = RA.index(MINUTES)
    end = RA.index("/>", start) + 2
    return (
        RA[:start]
        + RA[start : end - 2]
        + f">{annotation}<xsd:documentation{documentation}>Minutter</xsd:documentation>"
        + "</xsd:annotation></xsd:element>"
        + RA[end:]
    )


@pytest.mark.parametrize(
    ("left", "old", "new", "what"),
    [
        (
            RA,
            "<xsd:anyAttribute />",
            '<xsd:anyAttribute namespace="##other" processContents="lax" />',
            ["namespace", "processContents"],
        ),
        (
            RA,
            '<xsd:attribute name="dataFormatId" type="xsd:string"',
            '<xsd:attribute name="dataFormatId" type="xsd:token"',
            ["type"],
        ),
        (
            RA,
            "</xsd:schema>",
            '<xsd:attribute name="ekstra" type="xsd:string" /></xsd:schema>',
            ["only on the right"],
        ),
        (
            STANDARD,
            '<xsd:attribute name="dataFormatId" type="xsd:string" />',
            '<xsd:attribute name="dataFormatId" type="xsd:string" fixed="1" />',
            ["only on the right"],
        ),
        (
            STANDARD,
            '<xsd:attribute name="dataFormatId" type="xsd:string" />',
            '<xsd:attribute name="dataFormatId" type="xsd:int" />',
            ["only on the right", "type"],
        ),
        (
            RA,
            MINUTES,
            MINUTES + ' xmlns:x="urn:x" x:hint="1"',
            ["{urn:x}hint"],
        ),
        (
            RA,
            'type="AntallMinutter"',
            'xmlns:nope="urn:nope" type="nope:AntallMinutter"',
            ["type"],
        ),
        (
            RA,
            "</xsd:schema>",
            '<xsd:import namespace="urn:kodebibliotek" /></xsd:schema>',
            ["only on the right"],
        ),
        (
            RA,
            "</xsd:schema>",
            "<xsd:annotation><xsd:documentation>x</xsd:documentation></xsd:annotation>"
            "</xsd:schema>",
            ["only on the right"],
        ),
        (
            RA,
            'elementFormDefault="qualified"',
            'elementFormDefault="unqualified"',
            ["elementFormDefault"],
        ),
        (
            documented(),
            "<xsd:documentation>Minutter",
            '<xsd:documentation xml:lang="en">Minutter',
            ["xml:lang"],
        ),
        (
            documented(),
            "<xsd:documentation>Minutter",
            '<xsd:documentation source="s">Minutter',
            ["source"],
        ),
        (
            documented(),
            "<xsd:annotation><xsd:documentation>Minutter",
            '<xsd:annotation id="a"><xsd:documentation>Minutter',
            ["id"],
        ),
        (
            documented(),
            ">Minutter<",
            ">Minutter</xsd:documentation><xsd:documentation>Min<",
            ["children"],
        ),
        (documented(), ">Minutter<", "> Minutter\n <", []),
    ],
    ids=[
        "any-attribute",
        "fixed-attribute-type",
        "top-level-attribute",
        "global-data-format-fixed",
        "global-data-format-type",
        "foreign-attribute",
        "prefixed-reference",
        "other-import",
        "second-top-level-annotation",
        "element-form-default",
        "documentation-lang",
        "documentation-source",
        "annotation-attribute",
        "two-documentations",
        "documentation-whitespace-only",
    ],
)
def test_what_a_round_trip_could_lose_is_compared(left, old, new, what):
    """Top-level attributes, any namespace's attributes, annotations and typed fixed
    attributes are compared; whitespace in documentation is not."""
    assert left.count(old) >= 1
    found = list(differences(left, left.replace(old, new, 1)))
    assert [difference.what for difference in found] == what


def test_an_undeclared_prefix_is_not_the_altinn_variants_no_namespace():
    """type="nope:T" without xmlns:nope differs from type="T" (lxml keeps the text)."""
    changed = RA.replace('type="AntallMinutter"', 'type="nope:AntallMinutter"', 1)
    assert [d.what for d in differences(RA, changed)] == ["type"]


def test_the_variants_still_compare_equal_with_their_deliberate_differences():
    """Header, xml:lang, seres.xsd import, plain global dataFormat declarations, ref versus
    name and prefixes are the documented differences between variants."""
    from models import generate_xsd, import_xsd

    model = import_xsd(STANDARD).model
    assert list(differences(generate_xsd(model, "altinn"), STANDARD)) == []
