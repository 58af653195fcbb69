"""Grant entries: one per person and group, below the group (docs/access.md).

Only the web app's service account (or the account the timed jobs run as)
writes them; tools read them as they read the groups.
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from directory import attrs
from directory.connection import ADD, DELETE, REPLACE, Ldap
from directory.entries import OrderEvent, first, parse_time
from directory.escape import first_rdn_value, normalize_dn, rdn
from directory.tree import ENVIRONMENTS, Tree

GRANT_FILTER = "(objectClass=seresGrant)"
GRANT_ATTRIBUTES = list(attrs.GRANT.values())
# Events of a grant's history.
GRANTED, REMOVED, EXPIRED, WARNED = "granted", "removed", "expired", "warned"
CONFIRMED, UNCONFIRMED = "confirmed", "unconfirmed"


def now_utc(now: dt.datetime | None = None) -> dt.datetime:
    """``now`` (default: the clock) in UTC, to the second."""
    return (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)


def generalized(moment: dt.datetime) -> str:
    """A moment as LDAP GeneralizedTime (UTC)."""
    return moment.astimezone(dt.UTC).strftime("%Y%m%d%H%M%SZ")


def _time(values: Mapping, attribute: str) -> dt.datetime | None:
    text = first(values, attribute)
    return parse_time(text) if text else None


@dataclass(frozen=True)
class Grant:
    """What one membership came from, until when, and its history."""

    dn: str
    group: str
    username: str
    member: str
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    by: str = ""
    order: str = ""
    warned: tuple[str, ...] = ()
    ended: dt.datetime | None = None
    events: tuple[OrderEvent, ...] = ()
    confirmed: dt.datetime | None = None
    confirmed_by: str = ""
    unconfirmed: dt.datetime | None = None

    @classmethod
    def from_entry(cls, dn: str, values: Mapping) -> "Grant":
        events = sorted(
            (OrderEvent.from_value(str(v)) for v in values.get(attrs.GRANT["events"], ())),
            key=lambda e: (e.n, e.at),
        )
        return cls(
            dn=dn,
            group=dn.split(",", 1)[1],
            username=first(values, "uid"),
            member=first(values, attrs.GRANT["member"]),
            start=_time(values, attrs.GRANT["start"]),
            end=_time(values, attrs.GRANT["end"]),
            by=first(values, attrs.GRANT["by"]),
            order=first(values, attrs.GRANT["order"]),
            warned=tuple(sorted(str(v) for v in values.get(attrs.GRANT["warned"], ()))),
            ended=_time(values, attrs.GRANT["ended"]),
            events=tuple(events),
            confirmed=_time(values, attrs.GRANT["confirmed"]),
            confirmed_by=first(values, attrs.GRANT["confirmed_by"]),
            unconfirmed=_time(values, attrs.GRANT["unconfirmed"]),
        )

    @property
    def active(self) -> bool:
        return self.ended is None


@dataclass(frozen=True)
class GroupPlace:
    """Where a group is: its environment, and the domain of a write group (else None)."""

    env: str
    domain: str | None


def place_of(tree: Tree, group_dn: str) -> GroupPlace | None:
    """Which environment's readers or which domain's write group ``group_dn`` is, or None."""
    name, _, parent = group_dn.partition(",")
    for env in ENVIRONMENTS:
        if normalize_dn(parent) == normalize_dn(tree.groups(env)):
            value = first_rdn_value(group_dn)
            if value.lower() == "readers":
                return GroupPlace(env, None)
            if value.lower().startswith("writers-"):
                return GroupPlace(env, value[len("writers-") :])
    return None


def grant_dn(group_dn: str, person_dn: str) -> str:
    """The DN of a person's grant entry below a group."""
    return f"{rdn('uid', first_rdn_value(person_dn))},{group_dn}"


def get_grant(ldap: Ldap, group_dn: str, person_dn: str) -> Grant | None:
    dn = grant_dn(group_dn, person_dn)
    values = ldap.read(dn, GRANT_ATTRIBUTES)
    return Grant.from_entry(dn, values) if values else None


def grants_below(ldap: Ldap, group_dn: str) -> dict[str, Grant]:
    """The grant entries of one group, by the normalized DN of their person (one search)."""
    found = ldap.search(group_dn, GRANT_FILTER, GRANT_ATTRIBUTES, scope="one")
    grants = [Grant.from_entry(dn, values) for dn, values in found]
    return {normalize_dn(g.member): g for g in grants}


def record(
    webapp: Ldap,
    group_dn: str,
    person_dn: str,
    event: str,
    actor: str,
    reason: str = "",
    data: Mapping | None = None,
    now: dt.datetime | None = None,
    replace: Mapping[str, list] | None = None,
    current: Grant | None = None,
) -> Grant | None:
    """Add an event to a person's grant entry below a group (made if missing).

    ``replace`` sets other grant fields (names of :data:`attrs.GRANT`) in the
    same write: ``{"end": [moment]}``, ``{"ended": []}`` (removes it), ...
    ``current``: the entry as the caller just read it (spares a read; the
    grant is then not read back, and None is returned).
    """
    known = current is not None
    current = current or get_grant(webapp, group_dn, person_dn)
    dn = grant_dn(group_dn, person_dn)
    if current is None:
        webapp.add(dn, attrs.GRANT_CLASSES,
                   first_entry(person_dn, event, actor, reason, data, now, replace))  # fmt: skip
    else:
        webapp.modify(dn, changes(current, event, actor, reason, data, now, replace))
    return None if known else get_grant(webapp, group_dn, person_dn)


def first_entry(
    person_dn: str,
    event: str,
    actor: str,
    reason: str = "",
    data: Mapping | None = None,
    now: dt.datetime | None = None,
    replace: Mapping[str, list] | None = None,
) -> dict[str, list]:
    """The attributes of a new grant entry (GRANT_CLASSES) whose first event is ``event``."""
    step = OrderEvent(1, now_utc(now), actor, event, reason, dict(data or {}))
    values = {name: v for name, v in _fields(replace).items() if v}
    return values | {
        "uid": first_rdn_value(person_dn),
        attrs.GRANT["member"]: person_dn,
        attrs.GRANT["events"]: [step.to_value()],
    }


def _fields(replace: Mapping[str, list] | None) -> dict[str, list]:
    return {
        attrs.GRANT[name]: [generalized(v) if isinstance(v, dt.datetime) else v for v in values]
        for name, values in (replace or {}).items()
    }


def changes(
    current: Grant,
    event: str,
    actor: str,
    reason: str = "",
    data: Mapping | None = None,
    now: dt.datetime | None = None,
    replace: Mapping[str, list] | None = None,
) -> dict:
    """The modify that adds one event (and sets ``replace``'s fields) to an existing grant."""
    step = OrderEvent(len(current.events) + 1, now_utc(now), actor, event, reason, dict(data or {}))
    out = {name: [(REPLACE, v)] for name, v in _fields(replace).items()}
    out[attrs.GRANT["events"]] = [(ADD, [step.to_value()])]
    return out


def mark_warned(webapp: Ldap, grant: Grant, days: str) -> None:
    """Note that the end was announced ``days`` before; the second write of a race fails."""
    webapp.modify(grant.dn, {attrs.GRANT["warned"]: [(ADD, [days])]})


def forget_warnings(webapp: Ldap, grant: Grant) -> None:
    if grant.warned:
        webapp.modify(grant.dn, {attrs.GRANT["warned"]: [(DELETE, list(grant.warned))]})
