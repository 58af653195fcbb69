"""Groups and roles (groupOfNames): members in, members out, never empty."""

from directory import attrs
from directory.connection import ADD, DELETE, Ldap
from directory.entries import Group
from directory.errors import InvalidValue
from directory.escape import equals, same_dn
from directory.tree import Tree, group_name

GROUP_FILTER = "(objectClass=groupOfNames)"


def get_group(ldap: Ldap, dn: str) -> Group | None:
    values = ldap.read(dn, list(attrs.GROUP.values()))
    return Group.from_entry(dn, values) if values is not None else None


def members_of(ldap: Ldap, tree: Tree, group_dn: str) -> list[str]:
    """Return the member DNs of a group, without the stand-in for nobody."""
    group = get_group(ldap, group_dn)
    if group is None:
        return []
    return [m for m in group.members if not is_nobody(tree, m)]


def is_nobody(tree: Tree, dn: str) -> bool:
    """True for the stand-in member (cheap test first: this runs per member)."""
    return dn[:9].lower() == "cn=nobody" and same_dn(dn, tree.nobody)


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
    """Create a group; with no members it holds the stand-in for nobody.

    Every group says its environment and a tree-wide name (seresGroup), so
    tools that mirror groups keep prod's and course's apart.
    """
    values = attrs.to_ldap(attrs.GROUP, {"name": name, "description": description})
    values["member"] = list(members) or [tree.nobody]
    env = tree.group_environment(dn)
    values[attrs.GROUP_NAME] = [group_name(env, name)]
    if env:
        values[attrs.GROUP_ENVIRONMENT] = [env]
    ldap.add(dn, attrs.GROUP_CLASSES, values)


def add_member(ldap: Ldap, tree: Tree, group_dn: str, member_dn: str) -> bool:
    """Add a member (and drop the stand-in); return False if already there.

    Membership is asked with compare, so a group of 10,000 costs no more
    than a group of two.
    """
    if ldap.compare(group_dn, "member", member_dn):
        return False
    changes = [(ADD, [member_dn])]
    if ldap.compare(group_dn, "member", tree.nobody):
        changes.append((DELETE, [tree.nobody]))
    ldap.modify(group_dn, {"member": changes})
    return True


def remove_member(ldap: Ldap, tree: Tree, group_dn: str, member_dn: str) -> bool:
    """Remove a member (the stand-in takes the last place); False if not there."""
    if not ldap.compare(group_dn, "member", member_dn):
        return False
    try:
        ldap.modify(group_dn, {"member": [(DELETE, [member_dn])]})
    except InvalidValue:
        # The last member: groupOfNames must keep one, so the stand-in comes in.
        ldap.modify(group_dn, {"member": [(ADD, [tree.nobody]), (DELETE, [member_dn])]})
    return True
