"""Random values of a simple type, within its facets (lengths, bounds, digits, patterns, codes)."""

import random
import string
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from models.conventions import DECIMAL_TYPES, INTEGER_TYPES, XSD_NS
from models.errors import SampleUnavailable
from models.regex_example import example

_XS = "{" + XSD_NS + "}"
_LETTERS = string.ascii_letters + string.digits + "æøåÆØÅ"
_NUMBER_TYPES = INTEGER_TYPES | DECIMAL_TYPES
STRING_TYPES = frozenset(["string", "normalizedString", "token"])


@dataclass
class Facets:
    """The facets that apply to a simple type, gathered along its derivation."""

    builtin: str = "string"
    enumeration: list[str] | None = None
    patterns: list[list[str]] = field(default_factory=list)
    length: int | None = None
    min_length: int | None = None
    max_length: int | None = None
    min_inclusive: Decimal | None = None
    max_inclusive: Decimal | None = None
    min_exclusive: Decimal | None = None
    max_exclusive: Decimal | None = None
    total_digits: int | None = None
    fraction_digits: int | None = None


def facets_of(simple_type) -> Facets:
    """Gather the facets of an xmlschema atomic type (the most derived value wins)."""
    found = Facets(enumeration=simple_type.enumeration)
    current = simple_type
    while current is not None:
        if type(current).__name__ == "XsdAtomicBuiltin":
            found.builtin = current.local_name
            break
        patterns = getattr(current, "patterns", None)
        if patterns:
            found.patterns.append(list(patterns.regexps))
        for key, facet in (getattr(current, "facets", None) or {}).items():
            if facet is None or not key or not key.startswith(_XS):
                continue
            attribute = {
                "length": "length",
                "minLength": "min_length",
                "maxLength": "max_length",
                "minInclusive": "min_inclusive",
                "maxInclusive": "max_inclusive",
                "minExclusive": "min_exclusive",
                "maxExclusive": "max_exclusive",
                "totalDigits": "total_digits",
                "fractionDigits": "fraction_digits",
            }.get(key[len(_XS) :])
            if attribute and getattr(found, attribute) is None:
                value = facet.value
                if attribute.startswith(("min_in", "max_in", "min_ex", "max_ex")):
                    try:
                        value = Decimal(str(value))
                    except ArithmeticError:
                        continue  # a date bound: left to the validity filter
                setattr(found, attribute, value)
        current = getattr(current, "base_type", None)
    return found


def _text_candidates(rng: random.Random, facets: Facets) -> Iterator[str]:
    low = facets.length if facets.length is not None else (facets.min_length or 0)
    high = facets.length if facets.length is not None else facets.max_length
    top = high if high is not None else low + 30
    if facets.patterns:
        for regexps in facets.patterns:
            for pattern in rng.sample(regexps, len(regexps)):
                try:
                    yield example(pattern, low, high)
                except (SampleUnavailable, RecursionError):
                    continue
    sizes = [low, top, rng.randint(low, max(low, min(top, low + 40)))]
    rng.shuffle(sizes)  # boundaries as often as values between them
    for size in sizes:
        yield "".join(rng.choice(_LETTERS) for _ in range(min(size, 5000)))


def _number_candidates(rng: random.Random, facets: Facets) -> Iterator[str]:
    integer = facets.builtin in INTEGER_TYPES
    digits = facets.total_digits or 9
    fraction = 0 if integer else min(facets.fraction_digits or 2, digits - 1)
    step = Decimal(1).scaleb(-fraction)
    low = facets.min_inclusive
    if low is None and facets.min_exclusive is not None:
        low = facets.min_exclusive + step
    high = facets.max_inclusive
    if high is None and facets.max_exclusive is not None:
        high = facets.max_exclusive - step
    biggest = Decimal(10) ** (digits - fraction) - step
    low = -biggest if low is None else low
    high = biggest if high is None else high
    values = [low, high, low + (high - low) * Decimal(rng.random())]
    rng.shuffle(values)  # boundaries as often as values between them
    for value in values:
        value = value.quantize(step, rounding="ROUND_FLOOR" if value > 0 else "ROUND_CEILING")
        yield str(int(value)) if integer else format(value, "f")
    yield str(rng.randint(0, 9))


def _other_candidates(rng: random.Random, builtin: str) -> Iterator[str]:
    year = rng.randint(1900, 2100)
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    time = f"{rng.randint(0, 23):02}:{rng.randint(0, 59):02}:{rng.randint(0, 59):02}"
    yield {
        "boolean": rng.choice(["true", "false", "1", "0"]),
        "date": f"{year}-{month:02}-{day:02}",
        "dateTime": f"{year}-{month:02}-{day:02}T{time}",
        "time": time,
        "gYear": str(year),
        "gYearMonth": f"{year}-{month:02}",
        "gMonth": f"--{month:02}",
        "gDay": f"---{day:02}",
        "gMonthDay": f"--{month:02}-{day:02}",
        "anyURI": f"https://example.no/{year}",
        "base64Binary": "U0VSRVM=",
        "hexBinary": "0A1B",
        "duration": f"P{month}M{day}D",
        "language": "nb",
    }.get(builtin, "a")


def random_value(rng: random.Random, simple_type) -> str:
    """Return a random lexical value that ``simple_type`` accepts."""
    facets = facets_of(simple_type)
    candidates: list[str] = []
    if facets.enumeration:
        candidates += rng.sample(facets.enumeration, len(facets.enumeration))
    elif facets.builtin in _NUMBER_TYPES:
        candidates += _number_candidates(rng, facets)
    elif facets.builtin in STRING_TYPES or facets.patterns:
        candidates += _text_candidates(rng, facets)
    candidates += _other_candidates(rng, facets.builtin)
    for candidate in candidates:
        if simple_type.is_valid(candidate):
            return candidate
    raise SampleUnavailable(f"no value found for type {simple_type.local_name}", code="no_value")
