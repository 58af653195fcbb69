"""Shared fixtures: the real SERES samples kept in the repository, and a fixed clock."""

from datetime import UTC, datetime
from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parent / "samples"
SAMPLE_NAMES = sorted(path.name for path in SAMPLES.glob("*.xsd"))
# The variant each sample is written in (see samples/README.md).
SAMPLE_VARIANTS = {
    name: "standard" if name.startswith("schema_2363") else "altinn" for name in SAMPLE_NAMES
}
FIXED_TIME = datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)


def read_sample(name: str) -> bytes:
    """Return a sample file's bytes, unchanged."""
    return (SAMPLES / name).read_bytes()


@pytest.fixture(params=SAMPLE_NAMES)
def sample_name(request: pytest.FixtureRequest) -> str:
    """Each real SERES sample in turn."""
    return request.param


def seres_xsd(types: str, parts: str | None = None, *, namespace: str | None = None) -> str:
    """Return a small SERES-style XSD with the given top-level types and root sequence."""
    if parts is None:
        parts = (
            '<xsd:element name="Del" type="Del" seres:elementtype="Meldingsdel"'
            ' seres:guid="http://seres.no/guid/Test/Meldingsdel/Del/2" />'
        )
    target = f' targetNamespace="{namespace}" xmlns="{namespace}"' if namespace else ""
    return f"""<xsd:schema xmlns:seres="http://seres.no/xsd/forvaltningsdata"
    xmlns:xsd="http://www.w3.org/2001/XMLSchema"{target}
    elementFormDefault="qualified" attributeFormDefault="unqualified">
  <xsd:element name="melding" type="Test_M" />
  <xsd:complexType name="Test_M" seres:elementtype="Meldingsmodell"
      seres:guid="http://seres.no/guid/Test/Meldingsmodell/Test_M/1">
    <xsd:sequence>{parts}</xsd:sequence>
    <xsd:attribute name="dataFormatProvider" type="xsd:string" use="required" fixed="SERES" />
    <xsd:attribute name="dataFormatId" type="xsd:string" use="required" fixed="1" />
    <xsd:attribute name="dataFormatVersion" type="xsd:string" use="required" fixed="2" />
    <xsd:anyAttribute />
  </xsd:complexType>
  {types}
</xsd:schema>"""


PART = """<xsd:complexType name="Del" seres:elementtype="Meldingsdel"
    seres:guid="http://seres.no/guid/Test/Meldingsdel/Del/2">
  <xsd:sequence>{elements}</xsd:sequence>
</xsd:complexType>"""
TEXT_TYPE = """<xsd:simpleType name="Tekst" seres:elementtype="Dataenkeltype">
  <xsd:restriction base="xsd:string" />
</xsd:simpleType>"""


def part_with(elements: str, *more_types: str) -> str:
    """Return a Meldingsdel type "Del" holding ``elements``, the Tekst type, and more types."""
    return "\n".join([PART.format(elements=elements), TEXT_TYPE, *more_types])
