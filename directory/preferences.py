"""How a person wants to be told of orders and reviews: one mail per event, or a daily digest.

Stored on the person's entry (``seresNotifyDigest``, class ``seresNotifyPrefs``):
it is about the person, tools never need it, and slapd's rules let the person
and the desk read it and only the web app's account write it (for the person,
on their own page). ``seresDigestSent`` marks the last digest, so a second
run on the same day sends nothing. Absent means one mail per event.
"""

import datetime as dt

from directory.connection import ADD, DELETE, REPLACE, Ldap
from directory.errors import DirectoryError
from directory.tree import Tree

DIGEST = "seresNotifyDigest"
SENT = "seresDigestSent"
PREFS_CLASS = "seresNotifyPrefs"


def wants_digest(ldap: Ldap, dn: str) -> bool:
    """Whether the person chose a daily digest (False if unknown or unreadable)."""
    values = ldap.read(dn, [DIGEST]) or {}
    return str((values.get(DIGEST) or ["FALSE"])[0]).upper() == "TRUE"


def each_event(ldap: Ldap, dns) -> list[str]:
    """The DNs of those who want one mail per event (not the digest)."""
    return [dn for dn in dns if not wants_digest(ldap, dn)]


def set_digest(service: Ldap, tree: Tree, username: str, digest: bool) -> None:
    """Choose the daily digest (True) or one mail per event (False), as the web app."""
    dn = tree.person(username)
    values = service.read(dn, ["objectClass"]) or {}
    changes = {DIGEST: [(REPLACE, ["TRUE" if digest else "FALSE"])]}
    if PREFS_CLASS.lower() not in {str(c).lower() for c in values.get("objectClass", [])}:
        changes["objectClass"] = [(ADD, [PREFS_CLASS])]
    service.modify(dn, changes)


def last_sent(ldap: Ldap, dn: str) -> dt.datetime | None:
    values = ldap.read(dn, [SENT]) or {}
    found = values.get(SENT) or []
    if not found:
        return None
    text = str(found[0]).rstrip("Z")
    return dt.datetime.strptime(text[:14], "%Y%m%d%H%M%S").replace(tzinfo=dt.UTC)


def mark_sent(service: Ldap, dn: str, before: dt.datetime | None, now: dt.datetime) -> bool:
    """Record a digest sent at ``now`` if nobody did since ``before``; False if one did."""
    stamp = now.astimezone(dt.UTC).strftime("%Y%m%d%H%M%SZ")
    if before is None:
        change = [(ADD, [stamp])]  # fails if another run added one meanwhile
    else:
        change = [(DELETE, [before.strftime("%Y%m%d%H%M%SZ")]), (ADD, [stamp])]
    try:
        service.modify(dn, {SENT: change})
    except DirectoryError:
        return False
    return True
