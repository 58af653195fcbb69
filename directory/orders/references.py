"""Short order references that can be read over the phone: ``B-2026-0042``.

Prefix, the year (in Oslo) and a sequence that starts again each year. The
last number taken lives in one counter entry per prefix and year beside the
orders (``cn=order-reference-B-2026,ou=orders``). A number is taken by one
compare-and-swap modify (delete the value read, add the next: slapd applies
both or neither), retried when someone else took it first; so any number of
web workers sharing a provider never take the same one. With two providers
the web app writes to one at a time (docs/ha.md); in case a failover comes
between a write and its replication, a number already on an order is skipped.
"""

import datetime as dt
import re

from directory import attrs
from directory.connection import ADD, DELETE, Ldap
from directory.errors import AlreadyExists, Conflict, InvalidValue, NoSuchEntry
from directory.escape import equals
from directory.sync.schedule import OSLO
from directory.tree import Tree

PREFIX = "B"
REFERENCE = re.compile(r"[A-Z]-[0-9]{4}-[0-9]{4,}")
ATTEMPTS = 50


def format_reference(prefix: str, year: int, number: int) -> str:
    return f"{prefix}-{year}-{number:04d}"


def _taken(ldap: Ldap, tree: Tree, reference: str) -> bool:
    found = ldap.search(
        tree.orders,
        f"(&(objectClass=seresOrder){equals(attrs.ORDER['reference'], reference)})",
        ["1.1"],
        scope="one",
        size_limit=1,
    )
    return bool(found)


def _take_number(ldap: Ldap, dn: str, name: str) -> int | None:
    """One try: the next number, or None if someone else took one meanwhile."""
    values = ldap.read(dn, [attrs.COUNTER_VALUE])
    if values is None:
        try:
            ldap.add(dn, attrs.COUNTER_CLASSES, {"cn": [name], attrs.COUNTER_VALUE: ["1"]})
        except AlreadyExists:
            return None
        return 1
    current = int(values[attrs.COUNTER_VALUE][0])
    try:
        ldap.modify(
            dn,
            {attrs.COUNTER_VALUE: [(DELETE, [str(current)]), (ADD, [str(current + 1)])]},
        )
    except (InvalidValue, NoSuchEntry):  # noSuchAttribute: the value read is gone
        return None
    return current + 1


def next_reference(ldap: Ldap, tree: Tree, year: int, prefix: str = PREFIX) -> str:
    """Take the next free reference of ``year``; raise Conflict after many lost races."""
    name = f"order-reference-{prefix}-{year}"
    dn = tree.order_counter(name)
    for _attempt in range(ATTEMPTS):
        number = _take_number(ldap, dn, name)
        if number is None:
            continue
        reference = format_reference(prefix, year, number)
        if not _taken(ldap, tree, reference):
            return reference
    raise Conflict(f"no order reference could be taken for {year}")


def normalise(text: str) -> str | None:
    """A reference as typed (``b-2026-42``, `` B-2026-0042 ``) in its stored form, or None."""
    match = re.fullmatch(r"\s*([A-Za-z])\s*-\s*([0-9]{4})\s*-\s*([0-9]{1,9})\s*", text or "")
    if not match:
        return None
    return format_reference(match[1].upper(), int(match[2]), int(match[3]))


def oslo_year(now: dt.datetime) -> int:
    """The year a reference names: the year it is in Oslo at ``now``."""
    return now.astimezone(OSLO).year
