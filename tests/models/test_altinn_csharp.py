"""Altinn Studio's C# model: our classes are the ones Altinn Studio generates from the same XSD."""

from pathlib import Path

import pytest

from models import import_xsd, to_csharp

PAIRS_DIR = Path(__file__).resolve().parent / "altinn_studio" / "csharp"
PAIRS = sorted(path.stem for path in PAIRS_DIR.glob("*.xsd"))


def test_the_pairs_cover_what_the_generator_does():
    """Six of Altinn Studio's own XSD/C# pairs: plain SERES, value types, simple content, repeats."""
    expected = "".join((PAIRS_DIR / f"{name}.cs").read_text("utf-8-sig") for name in PAIRS)
    assert len(PAIRS) == 6
    for construct in ("[XmlText()]", "valueNullable", "AltinnRowId", "[Range(", "bool?", "List<"):
        assert construct in expected, construct


@pytest.mark.parametrize("name", PAIRS)
def test_csharp_export_is_altinn_studios_own_conversion(name):
    """Byte for byte what Altinn Studio's test data expects for the XSD (commit e049d2c021)."""
    model = import_xsd((PAIRS_DIR / f"{name}.xsd").read_bytes()).model
    assert to_csharp(model) == (PAIRS_DIR / f"{name}.cs").read_text("utf-8-sig")


def test_csharp_names_its_namespace_and_drops_hyphens_from_names():
    """The app template's namespace by default; C# names lose the hyphens XML names may have."""
    xsd = (PAIRS_DIR / "krt-1188a-1.xsd").read_bytes()
    model = import_xsd(xsd).model
    model.parts[0].name = "en-del"
    text = to_csharp(model, namespace="Etat.Modeller")
    assert "namespace Etat.Modeller\n{\n" in text
    assert '[XmlElement("en-del", Order = 1)]' in text and " endel { get; set; }" in text
