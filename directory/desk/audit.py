"""The audit trail: the order history (why) joined with slapd's accesslog (who, what, when).

Read with the rights of whoever asks (the desk, through the web app acting
for them): the accesslog's rules let the desk read every write's time,
kind, target and author, and the values only of writes that carry no
secret (group and role membership; a person's mobile, e-mail and lock
state); nothing here widens that. A write made by the web app for a person
(proxied authorization) is the person's in the accesslog (``reqAuthzID``),
so the trail names the person, not the service account.

Three ways in, one function: :func:`trail` for everything (the desk), for
one domain, or for one person; filtered by time, actor and kind.
"""

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field

from directory import attrs, listview
from directory.connection import Ldap
from directory.desk.export import csv_lines
from directory.desk.logmerge import (
    ACCESSLOG,
    MAX_LINES,
    first_value,
    made_elsewhere,
    merged,
    parse_stamp,
    stamp,
)
from directory.entries import Order
from directory.errors import NoSuchEntry, Unavailable
from directory.escape import equals, filter_value, first_rdn_value, normalize_dn, same_dn
from directory.tree import Tree

# Kinds of line: what the write or the order step was about.
MEMBERSHIP = "membership"  # a write group or an environment's readers
ROLE = "role"  # the desk and other roles
OWNERS = "owners"  # a domain's owners (cn=owners-<domain>)
PERSON = "person"  # a person's entry; a contact change's reason (a desk record)
DOMAIN = "domain"  # a domain, its models and versions
PUBLICATION = "publication"  # a model version published (or discarded)
REFRESH = "refresh"  # a course refresh run (the refresh's own record)
ORDER = "order"  # a step of an order (its history, with the reason)
TRAINING = "training"  # a course: who signed up, who completed it (issue 17)
OTHER = "other"
KINDS = (MEMBERSHIP, ROLE, OWNERS, PERSON, DOMAIN, PUBLICATION, REFRESH, ORDER, TRAINING, OTHER)
# Shown values, by attribute: never a password, a hash or a secret.
SHOWN = ("member", "mobile", "mail", "pwdAccountLockedTime", "cn", "displayName", "o", "ou")
SHOWN += ("seresModelState", "seresCourseParticipant", "seresCourseCompleted")
# Order records that are not orders: a contact change's reason (directory/desk/notes.py).
NOTE_TYPES = ("contact",)
LOG_ATTRIBUTES = ["reqStart", "reqType", "reqDN", "reqAuthzID", "reqNewRDN", "reqMod", "reqOld"]
LOG_ATTRIBUTES += ["entryCSN"]


@dataclass(frozen=True)
class Change:
    """One attribute's change: the old and the new values (empty: none)."""

    attribute: str
    old: tuple[str, ...] = ()
    new: tuple[str, ...] = ()


@dataclass(frozen=True)
class Line:
    """One line of the trail, from the accesslog (``source="directory"``) or an order."""

    at: dt.datetime
    source: str
    kind: str
    action: str
    actor_dn: str
    actor: str
    target_dn: str
    target: str
    changes: tuple[Change, ...] = ()
    reason: str = ""
    order_id: str = ""

    def as_record(self) -> dict:
        """The line as plain values for an export (time in UTC, ISO 8601)."""
        record = asdict(self)
        record["at"] = self.at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        record["changes"] = [
            {"attribute": c.attribute, "old": list(c.old), "new": list(c.new)} for c in self.changes
        ]
        return record


@dataclass(frozen=True)
class Scope:
    """Which part of the trail: all of it, one domain's, or one person's."""

    domain: str | None = None
    person_dn: str | None = None
    since: dt.datetime | None = None
    until: dt.datetime | None = None
    actor_dn: str | None = None
    kinds: frozenset[str] = field(default_factory=frozenset)


def _under(dn: str) -> str:
    return f"(reqDN:dnSubtreeMatch:={filter_value(dn)})"


def kind_of(tree: Tree, dn: str) -> str:
    """What a written entry is, by where it lies in the tree."""
    name = normalize_dn(dn)
    for env in ("prod", "course"):
        if name.endswith("," + normalize_dn(tree.groups(env))):
            return MEMBERSHIP
        if name.endswith(normalize_dn(tree.domains(env))) and name != normalize_dn(
            tree.domains(env)
        ):
            return DOMAIN
    if name.endswith("," + normalize_dn(tree.roles)):
        return OWNERS if name.startswith("cn=owners-") else ROLE
    if name.endswith("," + normalize_dn(tree.courses)):
        return TRAINING
    if name.endswith("," + normalize_dn(tree.people)):
        return PERSON
    return OTHER


def log_filter(tree: Tree, scope: Scope) -> str:
    """The accesslog filter for a scope; every value escaped.

    Left out: the OTP tokens' last used step (every sign-in writes it), the
    orders (their own history says more, with reasons) and the refresh's
    records and copies (its runs are its own trail).
    """
    parts = [
        "(objectClass=auditWriteObject)",
        f"(!{_under(tree.tokens)})",
        f"(!{_under(tree.orders)})",
        f"(!{_under(tree.sync)})",
        f"(!{equals('reqAuthzID', tree.service('sync'))})",
    ]
    if scope.since is not None:
        parts.append(f"(reqStart>={stamp(scope.since)})")
    if scope.until is not None:
        parts.append(f"(reqStart<={stamp(scope.until)})")
    if scope.actor_dn:
        parts.append(equals("reqAuthzID", scope.actor_dn))
    if scope.domain:
        name = scope.domain
        places = [_under(tree.domain(env, name)) for env in ("prod", "course")]
        places += [equals("reqDN", tree.writers(env, name)) for env in ("prod", "course")]
        places.append(equals("reqDN", tree.owners(name)))
        parts.append("(|" + "".join(places) + ")")
    if scope.person_dn:
        dn = scope.person_dn
        parts.append(
            "(|"
            + equals("reqDN", dn)
            + equals("reqAuthzID", dn)
            + equals("reqMod", f"member:+ {dn}")
            + equals("reqMod", f"member:- {dn}")
            + equals("reqMod", f"seresCourseParticipant:+ {dn}")
            + equals("reqMod", f"seresCourseCompleted:+ {dn}")
            + equals("reqMod", f"seresCourseCompleted:- {dn}")
            + ")"
        )
    return "(&" + "".join(parts) + ")"


def _changes(mods: Iterable, olds: Iterable) -> tuple[Change, ...]:
    """Old -> new per shown attribute, from reqMod ("attr:+ v", "attr:- v", "attr:= v",
    "attr:-" for all) and reqOld ("attr: v")."""
    old: dict[str, list[str]] = {}
    for raw in olds:
        text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
        name, _, value = text.partition(": ")
        if name in SHOWN:
            old.setdefault(name, []).append(value)
    out: dict[str, Change] = {}
    for raw in mods:
        text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
        head, _, value = text.partition(" ")
        name, _, op = head.partition(":")
        if name not in SHOWN:
            continue
        change = out.get(name) or Change(name, tuple(old.get(name, ())), ())
        if op == "+":
            change = Change(name, change.old, change.new + (value,))
        elif op == "-":
            gone = (value,) if value else change.old
            change = Change(name, tuple(dict.fromkeys(change.old + gone)), change.new)
        elif op == "=":
            change = Change(name, change.old, change.new + ((value,) if value else ()))
        out[name] = change
    return tuple(out.values())


class Names:
    """Names for DNs, looked up once each: a person's cn, else the entry's own name."""

    def __init__(self, ldap: Ldap):
        self.ldap = ldap
        self.known: dict[str, str] = {}

    def __call__(self, dn: str) -> str:
        key = normalize_dn(dn) if dn else ""
        if key not in self.known:
            name = ""
            if dn:
                values = self.ldap.read(dn, ["cn", "displayName"]) or {}
                found = values.get("displayName") or values.get("cn") or []
                name = str(found[0]) if found else dn.split(",")[0].split("=", 1)[-1]
            self.known[key] = name
        return self.known[key]


def _log_records(ldap: Ldap, tree: Tree, scope: Scope) -> list[dict]:
    """One server's accesslog records in scope: the newest MAX_LINES, newest first (sorted
    by slapd: reqStart's fixed-width text sorts as time)."""
    found, _ = listview.window(
        ldap,
        ACCESSLOG,
        log_filter(tree, scope),
        LOG_ATTRIBUTES,
        ("reqStart",),
        offset=1,
        count=MAX_LINES,
        scope="one",
        reverse=True,
    )
    return [values for _, values in found]


def log_lines(
    ldap: Ldap, tree: Tree, scope: Scope, names: Names, others: Iterable[Ldap] = ()
) -> list[Line]:
    """The accesslog's part of the trail, from ``ldap``'s server and the ``others``
    (the other providers: a write replicated here names its author only there)."""
    others = list(others)
    logs = [_log_records(ldap, tree, scope)]
    for other in others:
        try:
            logs.append(_log_records(other, tree, scope))
        except Unavailable:
            continue  # its writes are here too, under the replication identity
    records = merged(logs, tree.manager)
    if others:
        replicated = [v for v in records if same_dn(first_value(v, "reqAuthzID"), tree.manager)]
        out_of_scope = made_elsewhere([ldap, *others], replicated, tree.manager)
        records = [v for v in records if first_value(v, "entryCSN") not in out_of_scope]
    lines = []
    for values in records:
        target = str(values["reqDN"][0])
        actor = first_value(values, "reqAuthzID")
        changes = _changes(values.get("reqMod") or (), values.get("reqOld") or ())
        named = tuple(
            Change(c.attribute, tuple(map(names, c.old)), tuple(map(names, c.new)))
            if c.attribute in ("member", "seresCourseParticipant", "seresCourseCompleted")
            else c
            for c in changes
        )
        kind, shown = kind_of(tree, target), names(target)
        if kind == DOMAIN and any(c.attribute == "seresModelState" for c in changes):
            kind = PUBLICATION  # the model's name and the version's number, not "1"
            shown = f"{first_rdn_value(target.split(',', 1)[1])} {first_rdn_value(target)}"
        lines.append(
            Line(
                at=parse_stamp(values["reqStart"][0]),
                source="directory",
                kind=kind,
                action=str(values["reqType"][0]),
                actor_dn=actor,
                actor=names(actor),
                target_dn=target,
                target=shown,
                changes=named,
            )
        )
    return lines


def _order_concerns(order: Order, scope: Scope) -> bool:
    if scope.domain and scope.domain.casefold() not in {d.casefold() for d in order.domains}:
        return False
    if scope.person_dn:
        username = scope.person_dn.split(",")[0].split("=", 1)[-1].casefold()
        for_person = any(
            str(e.data.get("username", "")).casefold() == username for e in order.events
        )
        return (
            for_person
            or same_dn(order.orderer, scope.person_dn)
            or any(same_dn(e.actor, scope.person_dn) for e in order.events)
        )
    return True


def order_lines(ldap: Ldap, tree: Tree, scope: Scope, names: Names) -> list[Line]:
    """The order history's part of the trail: each step of each order in scope."""
    order_filter = "(objectClass=seresOrder)"
    if scope.domain:
        order_filter = f"(&{order_filter}{equals(attrs.ORDER['domains'], scope.domain)})"
    lines = []
    try:
        found = list(ldap.paged(tree.orders, order_filter, list(attrs.ORDER.values()), scope="one"))
    except NoSuchEntry:  # orders hidden from this reader
        found = []
    for dn, values in found:
        order = Order.from_entry(dn, values)
        if not _order_concerns(order, scope):
            continue
        note = order.type in NOTE_TYPES
        target = f"{order.type}: {', '.join(order.domains)}".rstrip(": ")
        if note:  # a desk record about a person: the line is the person's
            target = names(order.details.get("person", ""))
        for event in reversed(order.events):  # newest first, as the trail is
            if scope.since and event.at < scope.since or scope.until and event.at > scope.until:
                continue
            if scope.actor_dn and not same_dn(event.actor, scope.actor_dn):
                continue
            lines.append(
                Line(
                    at=event.at,
                    source="order",
                    kind=PERSON if note else ORDER,
                    action=event.event,
                    actor_dn=event.actor,
                    actor=names(event.actor),
                    target_dn=order.details.get("person", "") if note else dn,
                    target=target,
                    reason=event.reason,
                    order_id="" if note else order.id,
                )
            )
    return lines


def trail(
    ldap: Ldap, tree: Tree, scope: Scope = Scope(), others: Iterable[Ldap] = ()
) -> list[Line]:
    """Every line in scope, from both sources, newest first.

    ``others``: connections to the other providers (with two or more), whose
    accesslogs name the authors of the writes they took (see :func:`merged`).
    """
    names = Names(ldap)
    lines: list[Line] = []
    if not scope.kinds or scope.kinds - {ORDER}:
        lines += [
            line
            for line in log_lines(ldap, tree, scope, names, others)
            if not scope.kinds or line.kind in scope.kinds
        ]
    if not scope.kinds or scope.kinds & {ORDER, PERSON}:
        lines += [
            line
            for line in order_lines(ldap, tree, scope, names)
            if not scope.kinds or line.kind in scope.kinds
        ]
    if not scope.kinds or REFRESH in scope.kinds:
        from directory.desk.refreshes import refresh_lines  # it builds on this module's Line

        lines += refresh_lines(ldap, tree, scope, names)
    # Stable: lines of one second keep each source's own newest-first order.
    return sorted(lines, key=lambda line: line.at, reverse=True)


CSV_COLUMNS = ("at", "source", "kind", "action", "actor", "actor_dn", "target", "target_dn")
CSV_COLUMNS += ("changes", "reason", "order_id")


def to_csv(lines: Iterable[Line]) -> Iterator[str]:
    """The lines as CSV, header first; changes as "attribute: old -> new; ..."."""

    def row(line: Line) -> list:
        record = line.as_record()
        record["changes"] = "; ".join(
            f"{c['attribute']}: {', '.join(c['old'])} -> {', '.join(c['new'])}"
            for c in record["changes"]
        )
        return [record[column] for column in CSV_COLUMNS]

    yield from csv_lines(CSV_COLUMNS, map(row, lines))


def to_json_lines(lines: Iterable[Line]) -> Iterator[str]:
    """The lines as JSON Lines: one object a line, for an agency's own archive."""
    for line in lines:
        yield json.dumps(line.as_record(), ensure_ascii=False, sort_keys=True) + "\n"
