"""Property: any small valid model gives a valid schema, a valid message, and itself back."""

import pytest
from hypothesis import HealthCheck, given, settings

from models import check_model, differences, generate_xsd, import_xsd, sample_instance
from models.validation import instance_errors, load_schema
from tests.models.conftest import FIXED_TIME
from tests.models.strategies import message_models

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.mark.parametrize("variant", ["altinn", "standard"])
@SETTINGS
@given(model=message_models())
def test_random_models_give_valid_schemas_and_messages(variant, model):
    """The schema is valid XSD and the sample message validates against it."""
    assert check_model(model, variant) == []
    xsd = generate_xsd(model, variant, generated_at=FIXED_TIME)
    schema = load_schema(xsd)
    assert instance_errors(schema, sample_instance(model, variant)) == []


@pytest.mark.parametrize("variant", ["altinn", "standard"])
@SETTINGS
@given(model=message_models())
def test_random_models_import_back_unchanged(variant, model):
    """Importing the generated XSD gives the same model, with no warnings."""
    xsd = generate_xsd(model, variant, generated_at=FIXED_TIME)
    result = import_xsd(xsd)
    assert result.warnings == []
    again = result.model
    again.provenance = model.provenance
    again.variant = model.variant
    assert again == model


@SETTINGS
@given(model=message_models())
def test_random_models_have_the_same_structure_in_both_variants(model):
    """The standard and Altinn variants of one model are structurally equivalent."""
    standard = generate_xsd(model, "standard", generated_at=FIXED_TIME)
    altinn = generate_xsd(model, "altinn", generated_at=FIXED_TIME)
    assert list(differences(standard, altinn)) == []
