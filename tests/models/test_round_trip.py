"""Import then generation gives an equivalent XSD, in the sample's variant and the other."""

import pytest

from models import differences, generate_xsd, import_xsd
from models.validation import load_schema
from tests.models.conftest import FIXED_TIME, SAMPLE_VARIANTS, read_sample

OTHER = {"altinn": "standard", "standard": "altinn"}


def test_sample_round_trips_in_its_own_variant(sample_name):
    """Generation from the imported model is structurally equal to SERES's own file."""
    original = read_sample(sample_name)
    model = import_xsd(original).model
    generated = generate_xsd(model, SAMPLE_VARIANTS[sample_name], generated_at=FIXED_TIME)
    assert [str(difference) for difference in differences(original, generated)] == []


def test_sample_converts_to_the_other_variant(sample_name):
    """The other variant is a valid schema with the same structure."""
    original = read_sample(sample_name)
    model = import_xsd(original).model
    converted = generate_xsd(model, OTHER[SAMPLE_VARIANTS[sample_name]], generated_at=FIXED_TIME)
    load_schema(converted)
    assert [str(difference) for difference in differences(original, converted)] == []


@pytest.mark.parametrize("variant", ["altinn", "standard"])
def test_generated_xsd_imports_back_to_the_same_model(sample_name, variant):
    """model -> XSD -> model gives the model again, except who generated the file."""
    model = import_xsd(read_sample(sample_name)).model
    result = import_xsd(generate_xsd(model, variant, generated_at=FIXED_TIME))
    assert result.warnings == []
    again = result.model
    assert again.provenance["XSLT-skriptnavn"] == "seres-access models"
    again.provenance = model.provenance
    again.variant = model.variant
    assert again == model


def test_generation_is_stable(sample_name):
    """Generating, importing and generating again gives the same bytes."""
    model = import_xsd(read_sample(sample_name)).model
    first = generate_xsd(model, generated_at=FIXED_TIME)
    second = generate_xsd(import_xsd(first).model, generated_at=FIXED_TIME)
    assert first == second
