"""Files that are not SERES XSDs are refused with a clear, coded NotSeresXsd."""

import pytest

from models import NotSeresXsd, import_xsd
from tests.models.conftest import read_sample, seres_xsd

NON_SERES_SCHEMA = b"""<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:element name="note" type="xs:string" />
</xs:schema>"""


@pytest.mark.parametrize(
    ("data", "code", "words"),
    [
        (b"", "empty", "empty"),
        (b"\xef\xbb\xbf  \n", "empty", "empty"),
        (b"Dette er bare tekst, ikke XML.\n", "not_xml", "not well-formed XML"),
        (
            b"<!DOCTYPE html><html><head><title>SERES</title></head><body><p>Hei<br></body></html>",
            "html",
            "HTML page",
        ),
        (b"<html><body><p>Hei</p></body></html>", "html", "HTML page"),
        (b"<melding><navn>Ola</navn></melding>", "not_schema", "not an XML Schema"),
        (NON_SERES_SCHEMA, "no_root_element", "no global element <melding>"),
        (b"<xsd:schema xmlns:xsd='http://www.w3.org/2001/XMLSchema'", "not_xml", "not well-formed"),
    ],
    ids=[
        "empty",
        "bom-only",
        "plain-text",
        "html-page",
        "xhtml-like",
        "xml-not-schema",
        "non-seres-schema",
        "truncated",
    ],
)
def test_non_seres_input_raises_not_seres_xsd(data, code, words):
    """Each kind of wrong file gets its own code and an English sentence saying what it is."""
    with pytest.raises(NotSeresXsd) as caught:
        import_xsd(data)
    assert caught.value.code == code
    assert words in str(caught.value)


def test_root_element_with_a_missing_type_is_refused():
    """A melding element whose type is not in the file is not a SERES message specification."""
    xsd = seres_xsd("").replace('type="Test_M"', 'type="Finnes_Ikke"', 1)
    with pytest.raises(NotSeresXsd) as caught:
        import_xsd(xsd)
    assert caught.value.code == "root_type_missing"
    assert caught.value.params == {"type": "Finnes_Ikke"}


def test_anonymous_root_type_is_refused():
    """SERES names every type; a root element with an inline type is not SERES's."""
    xsd = """<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema">
      <xsd:element name="melding"><xsd:complexType /></xsd:element></xsd:schema>"""
    with pytest.raises(NotSeresXsd) as caught:
        import_xsd(xsd)
    assert caught.value.code == "root_type_missing"


@pytest.mark.parametrize(
    "entity", ['<!ENTITY id "9999">', '<!ENTITY id SYSTEM "file:///etc/hostname">']
)
def test_files_with_a_dtd_are_refused(entity):
    """A DOCTYPE (and so any entity, internal or external) is refused: SERES never writes one."""
    data = read_sample("Kursdomene_HvemErHvem_M_2021-04-08_5742_34627_SERES.xsd")
    body = data.decode("utf-8-sig").replace('fixed="5742"', 'fixed="&id;"')
    with pytest.raises(NotSeresXsd) as caught:
        import_xsd(f'<?xml version="1.0"?><!DOCTYPE xsd:schema [{entity}]>' + body)
    assert caught.value.code == "dtd"
