"""The pure difference between two sorted streams of entries: no server, no I/O.

Entries are ``(dn, attributes)`` with DNs relative to the environment's
``ou=domains`` (``cn=model,cn=BUFdir``), so production and course compare
name for name. Both streams are sorted by :func:`key`, which puts a parent
before its children. The operations come out in an order that is safe to
apply one after the other: parents added before children, children deleted
before parents.

An entry may carry its ``structuralObjectClass`` (operational, read for
this): it is compared, never written. slapd refuses to change an entry's
structural class, so an entry whose class differs is replaced: the course
subtree deleted, production's added (memory holds that one subtree).
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from ldap3.utils.dn import parse_dn

Key = tuple[str, ...]
Attributes = dict[str, list]


def key(dn: str) -> Key:
    """Return the canonical sort key: normalized RDNs, the top first.

    Attribute names and values are compared without case (cn, ou and the
    other naming attributes of the tree match case-insensitively), and the
    parts of a multi-valued RDN in a fixed order.
    """
    if not dn:
        return ()
    if "\\" not in dn and '"' not in dn:
        # The common case, without escapes: split directly (parse_dn is slow).
        return tuple(
            "+".join(sorted(_part(p) for p in rdn.split("+"))) for rdn in reversed(dn.split(","))
        )
    rdns: list[str] = []
    parts: list[str] = []
    for attribute, value, separator in parse_dn(dn):
        parts.append(_part(f"{attribute}={value}"))
        if separator != "+":
            rdns.append("+".join(sorted(parts)))
            parts = []
    return tuple(reversed(rdns))


def _part(text: str) -> str:
    attribute, _, value = text.partition("=")
    return f"{attribute.strip().lower()}={value.strip().lower()}"


def is_under(child: Key, parent: Key) -> bool:
    """True if ``child`` is ``parent`` or below it."""
    return child[: len(parent)] == parent


@dataclass(frozen=True)
class Add:
    dn: str
    attributes: Attributes
    kind = "add"


@dataclass(frozen=True)
class Modify:
    """Replace the attributes named in ``replace``; remove those in ``remove``."""

    dn: str
    replace: Attributes = field(default_factory=dict)
    remove: tuple[str, ...] = ()
    kind = "modify"


@dataclass(frozen=True)
class Delete:
    dn: str
    kind = "delete"


Operation = Add | Modify | Delete


STRUCTURAL = "structuralobjectclass"


def _values(attributes: Attributes) -> dict[str, tuple[str, frozenset]]:
    return {
        name.lower(): (name, frozenset(values))
        for name, values in attributes.items()
        if name.lower() != STRUCTURAL
    }


def writable(attributes: Attributes) -> Attributes:
    """The attributes without structuralObjectClass, which the server keeps itself."""
    return {name: values for name, values in attributes.items() if name.lower() != STRUCTURAL}


def structural(attributes: Attributes) -> str:
    """The entry's structural class, lower-case ("" if it was not read)."""
    for name, values in attributes.items():
        if name.lower() == STRUCTURAL and values:
            value = values[0]
            return (value.decode() if isinstance(value, bytes) else str(value)).lower()
    return ""


def changes(dn: str, wanted: Attributes, current: Attributes) -> Modify | None:
    """Return the modification that makes ``current`` equal ``wanted``, or None."""
    want, have = _values(wanted), _values(current)
    replace = {
        name: list(wanted[name])
        for lower, (name, values) in want.items()
        if lower not in have or have[lower][1] != values
    }
    remove = tuple(name for lower, (name, _) in have.items() if lower not in want)
    if not replace and not remove:
        return None
    return Modify(dn, replace, remove)


def _sorted(entries: Iterable[tuple[str, Attributes]], side: str) -> Iterator:
    """Yield ``(key, dn, attributes)``; refuse a stream out of order."""
    previous: Key | None = None
    for dn, attributes in entries:
        k = key(dn)
        if previous is not None and k <= previous:
            raise ValueError(f"{side} entries are not sorted (or repeat) at {dn!r}")
        previous = k
        yield k, dn, attributes


def diff(
    wanted: Iterable[tuple[str, Attributes]], current: Iterable[tuple[str, Attributes]]
) -> Iterator[Operation]:
    """Yield the operations that turn ``current`` into ``wanted`` (both sorted by key).

    A merge of the two streams: memory holds one entry of each and the chain
    of pending deletes (at most the depth of the tree), which are let out
    children first.
    """
    pending: list[tuple[Key, Delete]] = []  # deletes waiting for their children

    def release(before: Key | None) -> Iterator[Delete]:
        while pending and (before is None or not is_under(before, pending[-1][0])):
            yield pending.pop()[1]

    left, right = _sorted(wanted, "wanted"), _sorted(current, "current")
    a, b = next(left, None), next(right, None)
    while a is not None or b is not None:
        if b is None or (a is not None and a[0] < b[0]):
            yield from release(a[0])
            yield Add(a[1], writable(a[2]))
            a = next(left, None)
        elif a is None or b[0] < a[0]:
            yield from release(b[0])
            pending.append((b[0], Delete(b[1])))
            b = next(right, None)
        elif structural(a[2]) and structural(b[2]) and structural(a[2]) != structural(b[2]):
            yield from release(a[0])
            root = a[0]
            adds: list[Add] = []
            deletes: list[Delete] = []
            while a is not None and is_under(a[0], root):
                adds.append(Add(a[1], writable(a[2])))
                a = next(left, None)
            while b is not None and is_under(b[0], root):
                deletes.append(Delete(b[1]))
                b = next(right, None)
            yield from reversed(deletes)  # sorted parents first: reversed, children first
            yield from adds
        else:
            yield from release(a[0])
            modify = changes(b[1], a[2], b[2])
            if modify is not None:
                yield modify
            a, b = next(left, None), next(right, None)
    yield from release(None)
