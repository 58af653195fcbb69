"""Who holds write access where, with each membership's grant (end date, origin).

The membership decides; a grant entry without one is an ended grant's
record, and a membership without a grant entry is older than the lifecycle
(it has no end date).
"""

import datetime as dt
from dataclasses import dataclass

from directory.connection import Ldap
from directory.escape import equals, first_rdn_value, normalize_dn
from directory.grants import store
from directory.groups import GROUP_FILTER, is_nobody
from directory.tree import ENVIRONMENTS, Tree

WRITERS_FILTER = f"(&{GROUP_FILTER}(cn=writers-*))"


@dataclass(frozen=True)
class Holding:
    """One person's write access to one domain in one environment."""

    env: str
    domain: str
    person: str
    username: str
    grant: store.Grant | None = None

    @property
    def end(self) -> dt.datetime | None:
        return self.grant.end if self.grant is not None else None


def writers_of(ldap: Ldap, tree: Tree, env: str, domain: str) -> list[Holding]:
    """The writers of one domain in one environment, by username (two searches)."""
    group = tree.writers(env, domain)
    values = ldap.read(group, ["member"]) or {}
    grants = store.grants_below(ldap, group)
    out = [
        Holding(env, domain, dn, first_rdn_value(dn), grants.get(normalize_dn(dn)))
        for dn in (str(m) for m in values.get("member", ()))
        if not is_nobody(tree, dn)
    ]
    return sorted(out, key=lambda h: h.username.lower())


def holdings(
    ldap: Ldap,
    tree: Tree,
    domain: str | None = None,
    person: str | None = None,
    envs: tuple[str, ...] = ENVIRONMENTS,
) -> list[Holding]:
    """Every write access (optionally of one domain, one person's DN), with its grant.

    Per environment: one paged search for the write groups, one for the
    active grant entries, whatever the number of domains and people.
    """
    out = []
    for env in envs:
        base = tree.groups(env)
        group_filter = WRITERS_FILTER
        grant_filter = f"(&{store.GRANT_FILTER}(!(seresGrantEnded=*)))"
        if domain is not None:
            group_filter = f"(&{GROUP_FILTER}{equals('cn', 'writers-' + domain)})"
        if person is not None:
            group_filter = f"(&{group_filter}{equals('member', person)})"
            grant_filter = f"(&{grant_filter}{equals('seresGrantMember', person)})"
        grants = {
            (normalize_dn(g.group), normalize_dn(g.member)): g
            for g in (
                store.Grant.from_entry(dn, values)
                for dn, values in ldap.paged(base, grant_filter, store.GRANT_ATTRIBUTES)
            )
        }
        for dn, values in ldap.paged(base, group_filter, ["cn", "member"], scope="one"):
            name = str(values["cn"][0])[len("writers-") :]
            group = normalize_dn(dn)
            for member in (str(m) for m in values.get("member", ())):
                if is_nobody(tree, member):
                    continue
                if person is not None and normalize_dn(member) != normalize_dn(person):
                    continue
                grant = grants.get((group, normalize_dn(member)))
                out.append(Holding(env, name, member, first_rdn_value(member), grant))
    return sorted(out, key=lambda h: (h.domain.lower(), h.env, h.username.lower()))
