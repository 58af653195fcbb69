"""Owners: a domain has at least two, or the desk is told; with none it is orphaned.

An orphaned domain cannot approve write access: nobody owns it, and the
desk approves only on a named owner's behalf (four eyes, docs/orders.md),
until the desk names a new owner (``cn=owners-<domain>``, a role it writes).
"""

from dataclasses import dataclass

from directory.connection import Ldap
from directory.domains import domains_by_environment
from directory.escape import first_rdn_value
from directory.groups import GROUP_FILTER, is_nobody
from directory.tree import Tree

ENOUGH = 2


@dataclass(frozen=True)
class Ownership:
    domain: str
    owners: tuple[str, ...]  # usernames

    @property
    def orphaned(self) -> bool:
        return not self.owners

    @property
    def flagged(self) -> bool:
        return len(self.owners) < ENOUGH


def ownership(ldap: Ldap, tree: Tree) -> list[Ownership]:
    """Every domain (either environment) with its owners, by name (two searches)."""
    names: dict[str, str] = {}
    for domains in domains_by_environment(ldap, tree).values():
        for domain in domains:
            names.setdefault(domain.name.lower(), domain.name)
    owners: dict[str, tuple[str, ...]] = {}
    found = ldap.paged(tree.roles, f"(&{GROUP_FILTER}(cn=owners-*))", ["cn", "member"], "one")
    for _, values in found:
        name = str(values["cn"][0])[len("owners-") :]
        members = (str(m) for m in values.get("member", ()))
        owners[name.lower()] = tuple(
            sorted(first_rdn_value(m) for m in members if not is_nobody(tree, m))
        )
    return [Ownership(names[key], owners.get(key, ())) for key in sorted(names)]
