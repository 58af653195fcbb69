"""Check what the desk types about agencies and agreements (coded errors, as order fields).

Codes besides validation's: ``agreement.kind_invalid``; ``agreement.reference_invalid``;
``agreement.end_before_start``; ``date.invalid``.
"""

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from directory.agencies.agreements import KINDS, Agreement
from directory.orders import fields as validation
from directory.orders.fields import MAX_LINE, _Collector, _fail

# A reference is part of a DN and read aloud on the phone: letters, digits, . _ / -
REFERENCE = re.compile(r"[A-Za-z0-9ÆØÅæøå][A-Za-z0-9ÆØÅæøå._/-]{0,63}")


def day(name: str, value: Any, required: bool = True) -> dt.date | None:
    value = validation.text(name, value, max_length=10, required=required)
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise _fail(name, "date.invalid") from None


def reference(name: str, value: Any) -> str:
    value = validation.text(name, value, max_length=64)
    if not REFERENCE.fullmatch(value):
        raise _fail(name, "agreement.reference_invalid")
    return value


def clean_agency(data: Mapping[str, Any]) -> tuple[str, str]:
    """Return (organisation number, name) or raise ``validation.Invalid``."""
    check = _Collector()
    number = check(validation.org_number, "org_number", data.get("org_number"))
    name = check(validation.text, "name", data.get("name"), MAX_LINE)
    check.done()
    return number, name


def clean_agreement(data: Mapping[str, Any]) -> Agreement:
    """Return the agreement typed, or raise ``validation.Invalid``."""
    check = _Collector()
    kind = check(validation.choice, "kind", data.get("kind"), KINDS, "agreement.kind_invalid")
    ref = check(reference, "reference", data.get("reference"))
    start = check(day, "start", data.get("start"))
    end = check(day, "end", data.get("end"), required=False)
    contact = check(validation.text, "contact", data.get("contact"), MAX_LINE)
    if start and end and end < start:
        check.add("end", "agreement.end_before_start")
    check.done()
    return Agreement(ref, kind, start, end, contact)


def agreement_end(agreement: Agreement, value: Any) -> dt.date | None:
    """A new last day for ``agreement`` (empty: until further notice); ``validation.Invalid``."""
    check = _Collector()
    end = check(day, "new_end", value, required=False)
    if end and end < agreement.start:
        check.add("new_end", "agreement.end_before_start")
    check.done()
    return end
