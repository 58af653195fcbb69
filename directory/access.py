"""What a person may do, per environment, as the directory's groups say."""

from dataclasses import dataclass

from directory.connection import Ldap
from directory.groups import groups_of
from directory.tree import ENVIRONMENTS, Tree

WRITERS_PREFIX = "writers-"
OWNERS_PREFIX = "owners-"


@dataclass(frozen=True)
class EnvironmentAccess:
    env: str
    reads: bool
    writes: tuple[str, ...]


@dataclass(frozen=True)
class Access:
    environments: tuple[EnvironmentAccess, ...]
    roles: tuple[str, ...]

    @property
    def servicedesk(self) -> bool:
        return "servicedesk" in self.roles

    @property
    def owns(self) -> tuple[str, ...]:
        """The domains whose owners role the person has."""
        return tuple(r[len(OWNERS_PREFIX) :] for r in self.roles if r.startswith(OWNERS_PREFIX))

    def env(self, env: str) -> EnvironmentAccess:
        return next(e for e in self.environments if e.env == env)


def access_of(ldap: Ldap, tree: Tree, person_dn: str) -> Access:
    """Return where a person reads and writes, and their roles (one search)."""
    groups = groups_of(ldap, tree, person_dn)
    by_parent: dict[str, list[str]] = {}
    for group in groups:
        parent = group.dn.split(",", 1)[1].lower()
        by_parent.setdefault(parent, []).append(group.name)
    envs = []
    for env in ENVIRONMENTS:
        names = by_parent.get(tree.groups(env).lower(), [])
        writes = sorted(
            (n[len(WRITERS_PREFIX) :] for n in names if n.startswith(WRITERS_PREFIX)), key=str.lower
        )
        envs.append(EnvironmentAccess(env, "readers" in names, tuple(writes)))
    roles = sorted(by_parent.get(tree.roles.lower(), []))
    return Access(tuple(envs), tuple(roles))
