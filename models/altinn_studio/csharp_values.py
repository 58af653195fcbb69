"""Simple values as Altinn Studio's C# converter sees them: a value type and its restrictions."""

from dataclasses import dataclass, field
from decimal import Decimal

from models.conventions import DECIMAL_TYPES, INTEGER_TYPES
from models.model import Facets, SimpleType

# The JSON Schema's string formats Altinn Studio maps to a value type of their own.
_STRING_KINDS = {
    "date": "Date",
    "dateTime": "DateTime",
    "time": "Time",
    "anyURI": "AnyURI",
    "gYear": "GYear",
    "gYearMonth": "GYearMonth",
    "gMonth": "GMonth",
    "gDay": "GDay",
}
# @xsdType values of integers that parse as Altinn's BaseValueType (others are Integer).
_INTEGER_KINDS = {
    "int": "Int",
    "short": "Short",
    "long": "Long",
    "positiveInteger": "PositiveInteger",
    "negativeInteger": "NegativeInteger",
    "nonNegativeInteger": "NonNegativeInteger",
    "nonPositiveInteger": "NonPositiveInteger",
}
_CSHARP = {
    "Int": "int",
    "Short": "short",
    "Long": "long",
    "Boolean": "bool",
    "DateTime": "DateTime",
    "Decimal": "decimal",
    "Integer": "decimal",
    "PositiveInteger": "decimal",
    "NegativeInteger": "decimal",
    "NonNegativeInteger": "decimal",
    "NonPositiveInteger": "decimal",
}
_LOW = {
    "Int": "Int32.MinValue",
    "Long": "Int64.MinValue",
    "NonNegativeInteger": "0",
    "PositiveInteger": "1",
}
_HIGH = {"Int": "Int32.MaxValue", "Long": "Int64.MaxValue", "NegativeInteger": "-1"}
_HIGH["NonPositiveInteger"] = "0"
# The value types whose facets Altinn's metamodel reads as number restrictions.
_NUMBER_RESTRICTED = frozenset(
    [
        "PositiveInteger",
        "Decimal",
        "Integer",
        "NonNegativeInteger",
        "Long",
        "Double",
        "Int",
        "Short",
    ]
)
_WHOLE_RANGE = ("Int", "Integer", "Long", "NegativeInteger", "NonPositiveInteger")
_WHOLE_RANGE += ("NonNegativeInteger", "PositiveInteger")
_TYPE_PATTERNS = {
    "Time": r"^([0,1][0-9]|[2][0-3]):[0-5][0-9]:[0-5][0-9](Z|(\+|-)([0,1][0-9]|[2][0-3]):[0-5][0-9])?$",
    "Date": r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[1-2][0-9]|3[0-1])$",
    "GYear": r"^[0-9]{4}$",
    "GYearMonth": r"^[0-9]{4}-(0[1-9]|1[0-2])$",
    "GMonth": r"^0[1-9]|1[0-2]$",
    "GDay": r"^0[1-9]|[1,2][0-9]|3[0,1]$",
}


@dataclass
class SimpleValue:
    """What the converter knows of a simple value: its value type and restrictions."""

    kind: str  # Altinn's BaseValueType
    facets: Facets = field(default_factory=Facets)

    @property
    def csharp(self) -> str:
        """Return the C# type Altinn writes for it."""
        return _CSHARP.get(self.kind, "string")

    @property
    def is_value_type(self) -> bool:
        """Tell whether the C# type is a value type (nullable with ?, [Required] when needed)."""
        return self.kind in _CSHARP


def simple_value(types: dict, type_name: str) -> SimpleValue:
    """Follow a simple type down to its builtin, gathering facets (nearest first)."""
    facets = Facets()
    seen = set()
    while not type_name.startswith("xsd:") and type_name not in seen:
        seen.add(type_name)
        found = types.get(type_name)
        if not isinstance(found, SimpleType):
            return SimpleValue("String", facets)
        for key, value in vars(found.facets).items():
            if getattr(facets, key) in (None, []):
                setattr(facets, key, value)
        type_name = found.base
    return SimpleValue(_kind(type_name[4:]), facets)


def restrictions(simple: SimpleValue) -> list[str]:
    """Altinn's WriteRestrictions, then its type restrictions when no range was written."""
    facets, kind, lines = simple.facets, simple.kind, []
    numeric = kind in _NUMBER_RESTRICTED
    if kind == "String":
        low = facets.length if facets.length is not None else facets.min_length
        high = facets.length if facets.length is not None else facets.max_length
        if low is not None:
            lines.append(f"    [MinLength({low})]\n")
        if high is not None:
            lines.append(f"    [MaxLength({high})]\n")
    has_range = False
    if numeric and (facets.min_inclusive is not None or facets.max_inclusive is not None):
        low = _bound(facets.min_inclusive, kind) if facets.min_inclusive else _low(kind)
        high = _bound(facets.max_inclusive, kind) if facets.max_inclusive else _high(kind)
        lines.append(f"    [Range({low}, {high})]\n")
        has_range = True
    if kind == "String" and facets.patterns:
        lines.append(f'    [RegularExpression(@"{verbatim(facets.patterns[0])}")]\n')
    if numeric and facets.total_digits is not None:
        digits = facets.total_digits
        pattern = (
            rf"^-?(([0-9]){{1}}(\.)?){{0,{digits}}}$"
            if kind == "Decimal"
            else rf"^-?[0-9]{{0,{digits}}}$"
        )
        lines.append(f'    [RegularExpression(@"{pattern}")]\n')
    if not has_range:
        if kind in _WHOLE_RANGE:
            lines.append(f"    [Range({_low(kind)},{_high(kind)})]\n")
        elif kind in _TYPE_PATTERNS:
            lines.append(f'    [RegularExpression(@"{_TYPE_PATTERNS[kind]}")]\n')
    return lines


def _kind(builtin: str) -> str:
    """Altinn's BaseValueType of an XSD builtin, as its JSON Schema reader finds it."""
    if builtin in INTEGER_TYPES:
        return _INTEGER_KINDS.get(builtin, "Integer")
    if builtin in DECIMAL_TYPES:
        return "Decimal"
    if builtin == "boolean":
        return "Boolean"
    return _STRING_KINDS.get(builtin, "String")


def _low(kind: str) -> str:
    """Altinn's LeftRangeLimit."""
    return _LOW.get(kind, "Double.MinValue")


def _high(kind: str) -> str:
    """Altinn's RightRangeLimit."""
    return _HIGH.get(kind, "Double.MaxValue")


def _bound(lexical: str, kind: str) -> str:
    """A bound as Altinn writes it: the JSON number's text, with "d" unless int, long or fractional."""
    number = Decimal(lexical)
    value = str(int(number)) if number == number.to_integral_value() else str(float(lexical))
    if "." in value or "," in value or kind in ("Int", "Long"):
        return value
    return f"{value}d"


def verbatim(text: str) -> str:
    """A C# verbatim string's content: a quote is doubled."""
    return text.replace('"', '""')
