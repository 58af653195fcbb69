"""People: find them, and the groups and roles they are in."""

from directory import attrs
from directory.connection import Ldap
from directory.entries import Person
from directory.escape import equals
from directory.tree import Tree

PERSON_FILTER = "(objectClass=inetOrgPerson)"
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
