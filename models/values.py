"""Make a valid lexical value for a simple type, honouring its facets and its bases'."""

import base64
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from models.errors import SampleUnavailable
from models.model import MessageModel, SimpleType
from models.regex_example import example

_INTEGER_RANGES: dict[str, tuple[int | None, int | None]] = {
    "integer": (None, None),
    "long": (-(2**63), 2**63 - 1),
    "int": (-(2**31), 2**31 - 1),
    "short": (-(2**15), 2**15 - 1),
    "byte": (-128, 127),
    "nonNegativeInteger": (0, None),
    "positiveInteger": (1, None),
    "nonPositiveInteger": (None, 0),
    "negativeInteger": (None, -1),
    "unsignedLong": (0, 2**64 - 1),
    "unsignedInt": (0, 2**32 - 1),
    "unsignedShort": (0, 2**16 - 1),
    "unsignedByte": (0, 255),
}
_NUMBERS = frozenset({"decimal", "float", "double", *_INTEGER_RANGES})
_FIXED_VALUES = {
    "boolean": "true",
    "date": "2020-01-01",
    "dateTime": "2020-01-01T12:00:00",
    "time": "12:00:00",
    "gYear": "2020",
    "gYearMonth": "2020-01",
    "gMonth": "--01",
    "gMonthDay": "--01-01",
    "gDay": "---01",
    "duration": "P1D",
    "language": "nb",
}
_STRING_SEED = {"anyURI": "a", "QName": "a"}


@dataclass
class _Effective:
    """Facets gathered along a chain of restrictions, most derived first."""

    builtin: str = "string"
    values: dict[str, object] = field(default_factory=dict)
    patterns: list[str] = field(default_factory=list)
    codes: list[str] | None = None


def value_for(model: MessageModel, type_name: str) -> str:
    """Return a value valid for ``type_name`` (an ``xsd:`` builtin or a model simple type)."""
    effective = _collect(model, type_name)
    if effective.codes is not None:
        non_empty = [code for code in effective.codes if code]
        return non_empty[0] if non_empty else ""
    if effective.builtin in _NUMBERS:
        return _number(effective)
    if effective.builtin in _FIXED_VALUES and not effective.patterns:
        return _bounded(effective) or _FIXED_VALUES[effective.builtin]
    return _text(effective)


def _collect(model: MessageModel, type_name: str) -> _Effective:
    effective = _Effective()
    types = model.types_by_name()
    seen: set[str] = set()
    name = type_name
    while not name.startswith("xsd:"):
        item = types.get(name)
        if not isinstance(item, SimpleType) or name in seen:
            raise SampleUnavailable(
                f"type {type_name} does not lead to a built-in simple type",
                code="no_simple_type",
                type=type_name,
            )
        seen.add(name)
        for key, value in vars(item.facets).items():
            if key == "patterns":
                effective.patterns.extend(value)
            elif value is not None:
                effective.values.setdefault(key, value)
        if item.codes and effective.codes is None:
            effective.codes = [code.value for code in item.codes]
        name = item.base
    effective.builtin = name[4:]
    return effective


def _bounded(effective: _Effective) -> str | None:
    """Return a bound of a date-like type, which is then a valid value itself."""
    for key in ("min_inclusive", "max_inclusive"):
        if key in effective.values:
            return str(effective.values[key])
    return None


def _decimal(value: object) -> Decimal | None:
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _number(effective: _Effective) -> str:
    values = effective.values
    builtin = effective.builtin
    integer = builtin in _INTEGER_RANGES or values.get("fraction_digits") == 0
    step = Decimal(1)
    natural_low, natural_high = _INTEGER_RANGES.get(builtin, (None, None))
    low = Decimal(natural_low) if natural_low is not None else None
    high = Decimal(natural_high) if natural_high is not None else None
    for key, is_low, exclusive in (
        ("min_inclusive", True, False),
        ("min_exclusive", True, True),
        ("max_inclusive", False, False),
        ("max_exclusive", False, True),
    ):
        bound = _decimal(values[key]) if key in values else None
        if bound is None:
            continue
        if exclusive:
            # Between an exclusive bound and the next integer there is always a decimal.
            bound = bound + step if is_low else bound - step
            if not integer:
                bound = bound - step / 2 if is_low else bound + step / 2
        if is_low:
            low = bound if low is None else max(low, bound)
        else:
            high = bound if high is None else min(high, bound)
    value = Decimal(1)
    if low is not None and value < low:
        value = low
    if high is not None and value > high:
        value = high
    if integer:
        value = value.to_integral_value(rounding="ROUND_CEILING")
        return str(int(value))
    fraction = values.get("fraction_digits")
    if isinstance(fraction, int):
        value = value.quantize(Decimal(1).scaleb(-fraction), rounding="ROUND_CEILING")
    return format(value, "f")


def _text(effective: _Effective) -> str:
    values = effective.values
    exact = values.get("length")
    low = exact if exact is not None else values.get("min_length", 0)
    high = exact if exact is not None else values.get("max_length")
    if effective.patterns:
        return example(effective.patterns[0], low, high)
    if effective.builtin in ("base64Binary", "hexBinary"):
        # Length facets count octets for binary types.
        octets = b"a" * max(low, 1 if high is None or high >= 1 else 0)
        if effective.builtin == "hexBinary":
            return octets.hex()
        return base64.b64encode(octets).decode("ascii")
    seed = _STRING_SEED.get(effective.builtin, "a")
    size = max(low, len(seed))
    if high is not None:
        size = min(size, high)
    return (seed * size)[:size]
