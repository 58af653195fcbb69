"""A person as the desk sees them: details, access held with when and why, sign-in state.

Read as the desk person (``ldap``); the token's kind and last used step with
the web app's own account (``tokens``; never the secret).
"""

import datetime as dt
from dataclasses import dataclass

from directory import attrs
from directory.connection import Ldap
from directory.desk import audit
from directory.desk.people import DISABLED_MARK, STEP_SECONDS
from directory.entries import Person
from directory.escape import equals, normalize_dn
from directory.grants import ends, store
from directory.orders import workflow
from directory.people import PERSON_FILTER, PUBLIC_ATTRIBUTES, _generalized_time
from directory.tree import Tree

RECENT_FAILURES = 10


@dataclass(frozen=True)
class Grant:
    """A group or role held: since when, by whom, on which order (when known).

    ``ends`` is the last day of a grant with an end date (its grant entry,
    directory/grants/store.py), in Oslo; None for none (and for roles).
    """

    dn: str
    name: str
    kind: str
    since: dt.datetime | None = None
    granted_by: str = ""
    order_id: str = ""
    ends: dt.date | None = None


@dataclass(frozen=True)
class Profile:
    person: Person
    grants: tuple[Grant, ...]
    locked_since: dt.datetime | None
    disabled: bool
    second_factor: str  # "app", "sms" or "" (no token)
    last_sign_in: dt.datetime | None
    failures: tuple[dt.datetime, ...]


def _token_state(tokens: Ldap, tree: Tree, person_values: dict) -> tuple[str, dt.datetime | None]:
    """The token's kind and the time of its last used code (one step of its period)."""
    token_dn = str((person_values.get("oathTOTPToken") or [""])[0])
    if not token_dn:
        return "", None
    values = tokens.read(token_dn, ["oathTOTPParams", "oathTOTPLastTimeStep"]) or {}
    params = normalize_dn(str((values.get("oathTOTPParams") or [""])[0]))
    kind = "app" if params == normalize_dn(tree.otp_params("app")) else "sms"
    step = (values.get("oathTOTPLastTimeStep") or [None])[0]
    if step is None:
        return kind, None
    return kind, dt.datetime.fromtimestamp(int(step) * STEP_SECONDS[kind], dt.UTC)


def _grants(ldap: Ldap, tree: Tree, dn: str, groups) -> tuple[Grant, ...]:
    """Each group and role with the newest trail line that added this person, and the order."""
    lines = audit.trail(ldap, tree, audit.Scope(person_dn=dn))
    provisioned = [
        line
        for line in lines
        if line.source == "order" and line.action in (workflow.PROVISIONED, workflow.REPROVISIONED)
    ]
    out = []
    for group in sorted(groups, key=str.casefold):
        added = next(
            (
                line
                for line in lines
                if line.source == "directory"
                and normalize_dn(line.target_dn) == normalize_dn(group)
                and any(c.attribute == "member" and c.new for c in line.changes)
            ),
            None,
        )
        order = provisioned[0] if provisioned else None
        name = group.split(",")[0].split("=", 1)[-1]
        held = store.get_grant(ldap, group, dn) if store.place_of(tree, group) else None
        out.append(
            Grant(
                dn=group,
                name=name,
                kind=audit.kind_of(tree, group),
                since=added.at if added else None,
                granted_by=added.actor if added else "",
                order_id=order.order_id if order else "",
                ends=ends.last_day(held.end) if held and held.end else None,
            )
        )
    return tuple(out)


def profile(ldap: Ldap, tokens: Ldap, tree: Tree, username: str) -> Profile | None:
    """Return what the desk sees of a person, or None if there is none (or hidden)."""
    wanted = PUBLIC_ATTRIBUTES + ["mail", "mobile", "o", attrs.MEMBER_OF, "oathTOTPToken"]
    wanted += ["pwdAccountLockedTime", "pwdFailureTime"]
    found = ldap.search(
        tree.people,
        f"(&{PERSON_FILTER}{equals('uid', username)})",
        wanted,
        scope="one",
        size_limit=2,
    )
    if len(found) != 1:
        return None
    dn, values = found[0]
    person = Person.from_entry(dn, values)
    locked = [str(v) for v in values.get("pwdAccountLockedTime") or ()]
    disabled = DISABLED_MARK in locked
    kind, last = _token_state(tokens, tree, values)
    failures = sorted(
        (_generalized_time(v) for v in values.get("pwdFailureTime") or ()), reverse=True
    )
    return Profile(
        person=person,
        grants=_grants(ldap, tree, dn, person.groups),
        locked_since=_generalized_time(locked[0]) if locked and not disabled else None,
        disabled=disabled,
        second_factor=kind,
        last_sign_in=last,
        failures=tuple(failures[:RECENT_FAILURES]),
    )
