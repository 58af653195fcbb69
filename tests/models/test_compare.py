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
