"""Entries as small dataclasses, made from LDAP attributes by the one map."""

import datetime as dt
import json
from dataclasses import dataclass, field

from directory import attrs


def first(values: dict, attribute: str, default: str = "") -> str:
    """The first value of an attribute as text, or ``default``."""
    found = values.get(attribute) or []
    return str(found[0]) if found else default


def _fields(mapping: dict[str, str], values: dict, multi: tuple[str, ...] = ()) -> dict:
    out = {}
    for name, attribute in mapping.items():
        if name in multi:
            out[name] = tuple(str(v) for v in values.get(attribute) or ())
        else:
            out[name] = first(values, attribute)
    return out


@dataclass(frozen=True)
class Person:
    dn: str
    username: str
    name: str
    given_name: str = ""
    surname: str = ""
    display_name: str = ""
    mail: str = ""
    mobile: str = ""
    description: str = ""
    organisation: str = ""
    groups: tuple[str, ...] = field(default=())

    @classmethod
    def from_entry(cls, dn: str, values: dict) -> "Person":
        groups = tuple(str(g) for g in values.get(attrs.MEMBER_OF) or ())
        return cls(dn=dn, groups=groups, **_fields(attrs.PERSON, values))


@dataclass(frozen=True)
class Group:
    dn: str
    name: str
    description: str = ""
    members: tuple[str, ...] = ()

    @classmethod
    def from_entry(cls, dn: str, values: dict) -> "Group":
        return cls(dn=dn, **_fields(attrs.GROUP, values, multi=("members",)))


@dataclass(frozen=True)
class Domain:
    dn: str
    env: str
    name: str
    agency: str = ""
    org_number: str = ""
    description: str = ""
    course_only: bool = False

    @classmethod
    def from_entry(cls, dn: str, env: str, values: dict) -> "Domain":
        fields = _fields(attrs.DOMAIN, values)
        fields["course_only"] = fields["course_only"].upper() == "TRUE"
        return cls(dn=dn, env=env, **fields)


def parse_time(value: str) -> dt.datetime:
    """Read an ISO time or an LDAP GeneralizedTime (``YYYYmmddHHMMSSZ``) as UTC."""
    if value[:8].isdigit():
        return dt.datetime.strptime(value[:14], "%Y%m%d%H%M%S").replace(tzinfo=dt.UTC)
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))


@dataclass(frozen=True)
class OrderEvent:
    """One step of an order's history: who did what, when, and why."""

    n: int
    at: dt.datetime
    actor: str
    event: str
    reason: str = ""
    data: dict = field(default_factory=dict)

    @classmethod
    def from_value(cls, value: str) -> "OrderEvent":
        raw = json.loads(value)
        return cls(
            raw["n"], parse_time(raw["at"]), raw["actor"], raw["event"], raw["reason"], raw["data"]
        )

    def to_value(self) -> str:
        at = self.at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        raw = {"n": self.n, "at": at, "actor": self.actor, "event": self.event}
        raw |= {"reason": self.reason, "data": self.data}
        return json.dumps(raw, ensure_ascii=False, sort_keys=True)


@dataclass(frozen=True)
class Order:
    dn: str
    id: str
    type: str
    state: str
    orderer: str
    details: dict
    revision: int
    created: dt.datetime
    domains: tuple[str, ...] = ()
    pending: tuple[str, ...] = ()
    events: tuple[OrderEvent, ...] = ()
    topic: str = ""  # an enquiry's
    # The short reference (B-2026-0042); empty for orders placed before there were any.
    reference: str = ""

    @classmethod
    def from_entry(cls, dn: str, values: dict) -> "Order":
        fields = _fields(attrs.ORDER, values, multi=("domains", "pending", "events"))
        fields["reference"] = fields["reference"] or ""
        fields["details"] = json.loads(fields["details"])
        fields["revision"] = int(fields["revision"])
        fields["created"] = parse_time(fields["created"])
        events = (OrderEvent.from_value(v) for v in fields["events"])
        fields["events"] = tuple(sorted(events, key=lambda e: e.n))
        return cls(dn=dn, **fields)

    @property
    def label(self) -> str:
        """What people call the order: its reference, or (older orders) its id's start."""
        return self.reference or self.id[:8]
