"""Suspending an agency's write grants while it has no agreement in force, and restoring them.

A suspended writer is moved, in one write per group, from the write group's
``member`` to its ``seresSuspendedMember`` (auxiliary class
``seresSuspension``). slapd's access rules, the memberOf values and tools
read ``member`` only, so the person writes no more; the directory keeps who
held the access, and restoring moves them back. Each person's grant entry
(directory.grants.store) records ``suspended`` and ``restored`` with the
reason; the accesslog names who moved them (the timed check's service
account, or the desk person who renewed the agreement).

Both environments' write groups of every domain whose entry names the
agency's organisation number are concerned.
"""

import datetime as dt
from dataclasses import dataclass

from directory.connection import ADD, DELETE, REPLACE, Ldap
from directory.entries import first
from directory.escape import equals, normalize_dn
from directory.grants import store as grants
from directory.grants.remove import acting
from directory.groups import is_nobody
from directory.tree import ENVIRONMENTS, Tree

SUSPENDED_MEMBER = "seresSuspendedMember"
SUSPENSION_CLASS = "seresSuspension"
# Events of a grant's history.
SUSPENDED, RESTORED = "suspended", "restored"


@dataclass(frozen=True)
class Moved:
    """One writer suspended or restored (or, ``dropped``, whose grant ended meanwhile)."""

    group: str
    member: str
    env: str
    domain: str
    dropped: bool = False


def agency_domains(ldap: Ldap, tree: Tree, org_number: str) -> list[str]:
    """The names of the domains (either environment) whose entry names ``org_number``."""
    wanted = f"(&(objectClass=seresDomain){equals('seresOrgNumber', org_number)})"
    names: dict[str, str] = {}
    for env in ENVIRONMENTS:
        for _dn, values in ldap.search(tree.domains(env), wanted, ["cn"], scope="one"):
            name = first(values, "cn")
            names.setdefault(name.casefold(), name)
    return sorted(names.values(), key=str.casefold)


def _groups(ldap: Ldap, tree: Tree, domains: list[str]):
    """Each existing write group of ``domains``: (env, domain, dn, values)."""
    for domain in domains:
        for env in ENVIRONMENTS:
            dn = tree.writers(env, domain)
            values = ldap.read(dn, ["member", "objectClass", SUSPENDED_MEMBER])
            if values is not None:
                yield env, domain, dn, values


def _dns(values: dict, attribute: str, tree: Tree) -> list[str]:
    return [str(v) for v in values.get(attribute) or () if not is_nobody(tree, str(v))]


def _has_nobody(values: dict, tree: Tree) -> bool:
    return any(is_nobody(tree, str(v)) for v in values.get("member") or ())


def suspend(
    webapp: Ldap,
    tree: Tree,
    domains: list[str],
    actor: str,
    reason: str,
    now: dt.datetime | None = None,
    dry_run: bool = False,
) -> list[Moved]:
    """Move every writer of ``domains`` (both environments) to the suspended list, as ``actor``.

    Writers who are already suspended stay so; the grant entries record it
    (written by ``webapp``'s own account). ``dry_run``: what would move.
    """
    moment = grants.now_utc(now)
    as_actor = acting(webapp, actor)
    moved: list[Moved] = []
    for env, domain, group, values in _groups(webapp, tree, domains):
        members = _dns(values, "member", tree)
        if not members:
            continue
        held = {normalize_dn(m) for m in _dns(values, SUSPENDED_MEMBER, tree)}
        new = [m for m in members if normalize_dn(m) not in held]
        if not dry_run:
            changes: dict[str, list] = {"member": [(DELETE, members)]}
            if not _has_nobody(values, tree):
                changes["member"].insert(0, (ADD, [tree.nobody]))
            if new:
                changes[SUSPENDED_MEMBER] = [(ADD, new)]
            if SUSPENSION_CLASS.lower() not in {str(c).lower() for c in values["objectClass"]}:
                changes["objectClass"] = [(ADD, [SUSPENSION_CLASS])]
            as_actor.modify(group, changes)
        for member in members:
            if not dry_run:
                data = {"env": env, "domain": domain}
                grants.record(webapp, group, member, SUSPENDED, actor, reason, data, moment)
            moved.append(Moved(group, member, env, domain))
    return moved


def restore(
    webapp: Ldap,
    tree: Tree,
    domains: list[str],
    actor: str,
    reason: str,
    now: dt.datetime | None = None,
    dry_run: bool = False,
) -> list[Moved]:
    """Move the suspended writers of ``domains`` back into their groups, as ``actor``.

    A person whose grant ended while suspended (its end passed, or it was
    removed) is only taken off the suspended list (``dropped``).
    """
    moment = grants.now_utc(now)
    as_actor = acting(webapp, actor)
    moved: list[Moved] = []
    for env, domain, group, values in _groups(webapp, tree, domains):
        suspended = _dns(values, SUSPENDED_MEMBER, tree)
        if not suspended:
            continue
        present = {normalize_dn(m) for m in _dns(values, "member", tree)}
        back, items = [], []
        for member in suspended:
            grant = grants.get_grant(webapp, group, member)
            over = grant is not None and (
                not grant.active or (grant.end is not None and grant.end <= moment)
            )
            items.append(Moved(group, member, env, domain, dropped=over))
            if not over and normalize_dn(member) not in present:
                back.append(member)
        if not dry_run:
            changes: dict[str, list] = {SUSPENDED_MEMBER: [(REPLACE, [])]}
            if back:
                changes["member"] = [(ADD, back)]
                if _has_nobody(values, tree):
                    changes["member"].append((DELETE, [tree.nobody]))
            as_actor.modify(group, changes)
            for item in items:
                if not item.dropped:
                    data = {"env": env, "domain": domain}
                    grants.record(webapp, group, item.member, RESTORED, actor, reason, data, moment)
        moved += items
    return moved


def suspended_writers(ldap: Ldap, tree: Tree, domains: list[str]) -> list[Moved]:
    """Who is suspended now among the writers of ``domains``."""
    return [
        Moved(group, member, env, domain)
        for env, domain, group, values in _groups(ldap, tree, domains)
        for member in _dns(values, SUSPENDED_MEMBER, tree)
    ]
