"""People: find them, the groups and roles they are in, their password state."""

import re
from datetime import UTC, datetime

from directory import attrs
from directory.connection import DELETE, REPLACE, Ldap, prepared_password
from directory.entries import Person
from directory.escape import equals
from directory.tree import Tree

# ppolicy's mark of an account locked by an administrator until unlocked (disabled),
# rather than for a while after failed sign-ins.
DISABLED_MARK = "000001010000Z"

PERSON_FILTER = "(objectClass=inetOrgPerson)"
# Usernames: lower-case ASCII, so that any tool can type them.
USERNAME = re.compile(r"[a-z0-9](?:[a-z0-9.-]{0,30}[a-z0-9])")
# What anyone who may see a person sees; mail and mobile are asked for separately.
PUBLIC_ATTRIBUTES = ["uid", "cn", "givenName", "sn", "displayName", "description"]


def find_person(ldap: Ldap, tree: Tree, username: str, personal: bool = False) -> Person | None:
    """Return the person with this username, or None; ``personal`` adds mail and mobile."""
    wanted = PUBLIC_ATTRIBUTES + (["mail", "mobile"] if personal else [])
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
    return Person.from_entry(dn, values)


def person_with_groups(ldap: Ldap, tree: Tree, username: str) -> Person | None:
    """Return the person with ``memberOf`` (computed by the directory)."""
    found = ldap.search(
        tree.people,
        f"(&{PERSON_FILTER}{equals('uid', username)})",
        PUBLIC_ATTRIBUTES + [attrs.MEMBER_OF],
        scope="one",
        size_limit=2,
    )
    if len(found) != 1:
        return None
    return Person.from_entry(*found[0])


def members_of_group(ldap: Ldap, tree: Tree, group_dn: str) -> list[Person]:
    """Return the people in a group, by asking for their memberOf."""
    found = ldap.paged(
        tree.people,
        f"(&{PERSON_FILTER}{equals(attrs.MEMBER_OF, group_dn)})",
        PUBLIC_ATTRIBUTES,
        scope="one",
    )
    return [Person.from_entry(dn, values) for dn, values in found]


def people_with_mail(ldap: Ldap, tree: Tree, address: str) -> list[str]:
    """Return the DNs of the people with this e-mail address (in any case)."""
    found = ldap.search(
        tree.people, f"(&{PERSON_FILTER}{equals('mail', address)})", ["1.1"], scope="one"
    )
    return [dn for dn, _ in found]


def _generalized_time(value) -> datetime | None:
    """ldap3 returns datetimes for known syntaxes and strings otherwise."""
    if value is None or isinstance(value, datetime):
        return value
    text = str(value).rstrip("Z").split(".")[0]
    if text.startswith("0000"):
        # ppolicy's lock for good (000001010000Z): before any other moment.
        return datetime.min.replace(tzinfo=UTC)
    return datetime.strptime(text, "%Y%m%d%H%M%S").replace(tzinfo=UTC)


def password_state(ldap: Ldap, dn: str) -> dict[str, datetime | None] | None:
    """Return when the password was last changed and since when the account is locked.

    None if the person does not exist (or the bound identity may not see them).
    """
    values = ldap.read(dn, ["pwdChangedTime", "pwdAccountLockedTime"])
    if values is None:
        return None
    return {
        "changed": _generalized_time((values.get("pwdChangedTime") or [None])[0]),
        "locked": _generalized_time((values.get("pwdAccountLockedTime") or [None])[0]),
    }


def set_password(ldap: Ldap, dn: str, password: str) -> None:
    """Replace a person's password; ppolicy checks its quality and hashes it (Argon2).

    What is stored is the password as a bind sends it (``prepared_password``);
    InvalidValue for one no bind could send.
    """
    ldap.modify(dn, {"userPassword": [(REPLACE, [prepared_password(password)])]})


def unlock(ldap: Ldap, dn: str) -> bool:
    """End a ppolicy lock-out; False if it was not locked.

    ppolicy forgets the failures with the lock (pwdFailureTime allows no
    modification, even by the manager).
    """
    state = password_state(ldap, dn)
    if state is None or state["locked"] is None:
        return False
    ldap.modify(dn, {"pwdAccountLockedTime": [(DELETE, [])]})
    return True


def names_of(ldap: Ldap, dns) -> dict[str, str]:
    """The full names (cn) of the people among ``dns``, by DN; others and the missing left out.

    One read per person: a history names a handful of people.
    """
    names: dict[str, str] = {}
    for dn in set(dns):
        if not dn or not dn.lower().startswith("uid=") or dn in names:
            continue
        entry = ldap.read(dn, ["cn"])
        if entry and entry.get("cn"):
            cn = entry["cn"]
            names[dn] = cn[0] if isinstance(cn, list) else cn
    return names


def mail_of(ldap: Ldap, dn: str) -> str | None:
    """Return a person's e-mail address (the web app and the desk may read it)."""
    values = ldap.read(dn, ["mail"]) or {}
    found = values.get("mail") or []
    return str(found[0]) if found else None
