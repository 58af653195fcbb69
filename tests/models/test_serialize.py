"""Models become JSON-safe plain data and come back unchanged."""

import json

import pytest

from models import BadModelData, from_dict, import_xsd, to_dict
from tests.models.conftest import read_sample


def test_every_sample_model_survives_json(sample_name):
    """to_dict, JSON text and from_dict give back an equal model."""
    model = import_xsd(read_sample(sample_name)).model
    text = json.dumps(to_dict(model), ensure_ascii=False)
    assert from_dict(json.loads(text)) == model


def test_plain_data_keeps_order_of_types_settings_and_extra():
    """Types stay in order and mappings are stored as ordered pairs."""
    model = import_xsd(read_sample("krt-3221-42265.xsd")).model
    data = to_dict(model)
    assert [item["name"] for item in data["types"]] == [item.name for item in model.types]
    assert data["settings"][0] == ["navneromprefix", "http://seres.no/xsd"]
    address = next(item for item in data["types"] if item["name"] == "VirksomhetAdresse-25453")
    assert address["class"] == "SimpleType"
    assert address["extra"] == [["orid", "25453"]]


def _first_simple(data: dict) -> dict:
    return next(item for item in data["types"] if item["class"] == "SimpleType")


@pytest.mark.parametrize(
    ("spoil", "code"),
    [
        (lambda d: d.update(format=99), "bad_format"),
        (lambda d: d.update(colour="blue"), "unknown_field"),
        (lambda d: d["types"][0].update({"class": "Widget"}), "bad_type"),
        (lambda d: _first_simple(d)["facets"].update(length="4"), "bad_value"),
        (lambda d: _first_simple(d)["facets"].update(length=True), "bad_value"),
        (lambda d: _first_simple(d)["facets"].update(patterns=[1]), "bad_value"),
        (lambda d: d.update(settings={"guid": "true"}), "bad_shape"),
        (lambda d: d["parts"][0].pop("name"), "bad_shape"),
    ],
    ids=[
        "format",
        "unknown-field",
        "class",
        "string-length",
        "bool-length",
        "pattern",
        "mapping",
        "missing",
    ],
)
def test_damaged_data_raises_bad_model_data(spoil, code):
    """Stored data that does not fit the model is refused with a code, not half-loaded."""
    data = to_dict(import_xsd(read_sample("RA-0678_M.xsd")).model)
    spoil(data)
    with pytest.raises(BadModelData) as caught:
        from_dict(data)
    assert caught.value.code == code
