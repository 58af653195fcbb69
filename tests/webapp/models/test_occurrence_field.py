"""The maximum occurrences field refuses anything but a small whole number or unbounded."""

from types import SimpleNamespace

import pytest
from wtforms.validators import ValidationError

from webapp.models.forms import _max_occurs


@pytest.mark.parametrize("value", ["1", "3", "999999999", "unbounded", " 2 "])
def test_a_whole_number_or_unbounded_passes(value):
    """Counts of at least 1, up to nine digits, and unbounded are accepted."""
    _max_occurs(None, SimpleNamespace(data=value))


@pytest.mark.parametrize(
    "value",
    ["0", "x", "-1", "²", "1²", "١", "9" * 5000, "1234567890", "+1", "1.0"],
    ids=[
        "zero",
        "word",
        "negative",
        "superscript",
        "digit-and-superscript",
        "arabic-indic",
        "5000-digits",
        "ten-digits",
        "plus",
        "decimal",
    ],
)
def test_anything_else_is_a_field_error_not_a_crash(value):
    """A superscript, a non-ASCII digit or a 5,000-digit number is a field error (was a 500)."""
    with pytest.raises(ValidationError):
        _max_occurs(None, SimpleNamespace(data=value))
