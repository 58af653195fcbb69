"""Groups and roles (groupOfNames): members in, members out, never empty."""

from directory import attrs
from directory.connection import ADD, DELETE, Ldap
from directory.entries import Group
from directory.errors import NoSuchEntry
from directory.escape import equals, same_dn
from directory.tree import Tree

GROUP_FILTER = "(objectClass=groupOfNames)"


def get_group(ldap: Ldap, dn: str) -> Group | None:
    values = ldap.read(dn, list(attrs.GROUP.values()))
    return Group.from_entry(dn, values) if values is not None else None


def members_of(ldap: Ldap, tree: Tree, group_dn: str) -> list[str]:
    """Return the member DNs of a group, without the stand-in for nobody."""
    group = get_group(ldap, group_dn)
    if group is None:
        return []
    return [m for m in group.members if not same_dn(m, tree.nobody)]


def groups_of(ldap: Ldap, tree: Tree, member_dn: str, base: str | None = None) -> list[Group]:
    """Return every group and role that lists ``member_dn`` (under ``base``)."""
    found = ldap.search(
        base or tree.suffix,
        f"(&{GROUP_FILTER}{equals('member', member_dn)})",
        ["cn", "description"],
    )
    return [Group.from_entry(dn, values) for dn, values in found]


def create_group(
    ldap: Ldap, tree: Tree, dn: str, name: str, description: str = "", members: tuple[str, ...] = ()
) -> None:
    """Create a group; with no members it holds the stand-in for nobody."""
    values = attrs.to_ldap(attrs.GROUP, {"name": name, "description": description})
    values["member"] = list(members) or [tree.nobody]
    ldap.add(dn, attrs.GROUP_CLASSES, values)


def add_member(ldap: Ldap, tree: Tree, group_dn: str, member_dn: str) -> bool:
    """Add a member (and drop the stand-in); return False if already there."""
    current = members_of_raw(ldap, group_dn)
    if any(same_dn(m, member_dn) for m in current):
        return False
    changes = [(ADD, [member_dn])]
    stand_ins = [m for m in current if same_dn(m, tree.nobody)]
    member_changes = {"member": changes}
    if stand_ins:
        member_changes["member"] = [*changes, (DELETE, stand_ins)]
    ldap.modify(group_dn, member_changes)
    return True


def remove_member(ldap: Ldap, tree: Tree, group_dn: str, member_dn: str) -> bool:
    """Remove a member (the stand-in takes the last place); False if not there."""
    current = members_of_raw(ldap, group_dn)
    present = [m for m in current if same_dn(m, member_dn)]
    if not present:
        return False
    changes = [(DELETE, present)]
    if len(present) == len(current):
        changes.insert(0, (ADD, [tree.nobody]))
    ldap.modify(group_dn, {"member": changes})
    return True


def members_of_raw(ldap: Ldap, group_dn: str) -> list[str]:
    values = ldap.read(group_dn, ["member"])
    if values is None:
        raise NoSuchEntry(group_dn)
    return [str(m) for m in values.get("member") or ()]
