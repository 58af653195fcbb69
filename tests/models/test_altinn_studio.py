"""Altinn Studio's formats: our JSON Schema is Altinn Studio's, and reads back."""

import json
from pathlib import Path

import pytest

from models import differences, generate_xsd, import_xsd
from models.altinn_studio import from_json_schema, to_json_schema
from models.conventions import IDENTITY_KEYS
from models.errors import NotSeresXsd
from tests.models.conftest import FIXED_TIME, SAMPLE_NAMES, read_sample
from tests.models.family import FAMILY

FIXTURES = Path(__file__).resolve().parent / "altinn_studio"
PAIRS = sorted(path.stem for path in FIXTURES.glob("*.xsd"))


def altinn_pair(name: str) -> tuple[bytes, dict]:
    return (FIXTURES / f"{name}.xsd").read_bytes(), json.loads(
        (FIXTURES / f"{name}.json").read_text("utf-8-sig")
    )


@pytest.mark.parametrize("name", PAIRS)
def test_export_gives_altinn_studios_own_conversion(name):
    """$defs, root, namespaces, schema attributes and the header are what Altinn Studio
    writes for the same XSD (the root's xsd:anyAttribute aside: SERES and our XSD export
    always write one, and so does this export)."""
    xsd, expected = altinn_pair(name)
    ours = to_json_schema(import_xsd(xsd).model, generated_at=FIXED_TIME)
    root = expected["oneOf"][0]["$ref"].rpartition("/")[2]
    if b"<xsd:anyAttribute" not in xsd:
        ours["$defs"][root].pop("@xsdAnyAttribute")
    assert ours["$defs"] == expected["$defs"]
    for key in ("$schema", "type", "@xsdRootElement", "oneOf", "@xsdSchemaAttributes"):
        assert ours[key] == expected[key], key
    assert ours["@xsdNamespaces"] == expected["@xsdNamespaces"]
    for key in IDENTITY_KEYS:  # who generated it: us, not SERES
        ours["info"].pop(key), expected["info"].pop(key)
    assert ours["info"] == expected["info"] | {"XSD-variant": "Altinn 1.3.2"}


@pytest.mark.parametrize("name", PAIRS)
def test_altinn_studios_json_schema_reads_back_to_the_xsds_model(name):
    """Altinn Studio's JSON Schema gives the model its XSD gives (who wrote it aside)."""
    xsd, data = altinn_pair(name)
    from_xsd = import_xsd(xsd).model
    result = from_json_schema(data)
    assert result.warnings == []
    from_json = result.model
    from_json.provenance = from_xsd.provenance
    # Altinn Studio's files have no dataFormat attributes, so no namespace for them.
    from_json.data_format_namespace = from_xsd.data_format_namespace
    assert from_json == from_xsd


@pytest.mark.parametrize("name", [*SAMPLE_NAMES, "RA-0678_M~seres-refs.xsd"])
def test_a_model_survives_the_json_schema_round_trip(name):
    """XSD -> model -> Altinn Studio JSON -> model -> Altinn XSD equals the original,
    except what docs/models.md lists as lost."""
    data = FAMILY.get(name) or read_sample(name)
    model = import_xsd(data).model
    text = json.dumps(to_json_schema(model, generated_at=FIXED_TIME), ensure_ascii=False)
    result = from_json_schema(json.loads(text))
    assert result.warnings == []
    again = generate_xsd(result.model, "altinn", generated_at=FIXED_TIME)
    found = [(d.path.rpartition("/")[2], d.what) for d in differences(data, again)]
    lost = {("restriction", "seres:beskrivelse")}  # RA-0678's, on an xsd:restriction
    if name.endswith("~seres-refs.xsd"):  # the attributes' namespace
        lost |= {
            (f"attribute[{a}]", "namespace")
            for a in ("dataFormatProvider", "dataFormatId", "dataFormatVersion")
        }
    assert set(found) <= lost, found


def test_something_else_is_refused_as_not_altinn_json():
    """A JSON document without $defs and a root type is refused with a code."""
    for data in ({}, {"$defs": {}}, [], {"$defs": {"A": {}}, "oneOf": [{"$ref": "#/$defs/B"}]}):
        with pytest.raises(NotSeresXsd) as caught:
            from_json_schema(data)
        assert caught.value.code == "not_altinn_json"
