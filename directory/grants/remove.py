"""Taking access back: an owner or the desk removes a person, a person gives up their own.

The membership is deleted as the person who decides (``acting_as``), so
slapd's rules decide (docs/access.md: owners delete members of their
domain's write groups, a person deletes only themselves, the desk any) and
the accesslog names them. The grant entry then records the end and the
reason, written by the web app's own account; the person is told.
"""

import datetime as dt
from dataclasses import dataclass

from directory.connection import Ldap
from directory.escape import normalize_dn, same_dn
from directory.grants import store
from directory.groups import groups_of, remove_member
from directory.notice import Notify
from directory.people import mail_of
from directory.tree import Tree

# The notification the person gets (data: env, domain or None for read
# access, reason, by_self, by).
ACCESS_REMOVED = "access_removed"


class LifecycleError(Exception):
    """A request the lifecycle refuses before writing anything; ``code`` says why.

    Codes: ``reason_required``, ``not_a_group`` (not a readers or write
    group), ``not_member``.
    """

    def __init__(self, code: str, text: str = ""):
        super().__init__(text or code)
        self.code = code


@dataclass(frozen=True)
class Removed:
    """What a removal did: the groups left (write groups first) and who was told."""

    groups: tuple[str, ...]
    told: tuple[str, ...]


def acting(webapp: Ldap, actor: str) -> Ldap:
    """The connection that writes as ``actor``: the bound identity itself, or proxied."""
    return webapp if same_dn(actor, webapp.bound_dn) else webapp.acting_as(actor)


def remove_access(
    webapp: Ldap,
    tree: Tree,
    group_dn: str,
    person_dn: str,
    actor: str,
    reason: str,
    notify: Notify | None = None,
    now: dt.datetime | None = None,
) -> Removed:
    """Take ``person_dn`` out of a readers or write group as ``actor``, with a reason.

    Leaving an environment's readers group leaves its write groups too (a
    writer must read the domain's entry): all are removed and recorded.
    Raises LifecycleError (nothing written) or the directory's refusal
    (InsufficientAccess: slapd's rules do not let ``actor`` do it).
    """
    reason = (reason or "").strip()
    if not reason:
        raise LifecycleError("reason_required")
    place = store.place_of(tree, group_dn)
    if place is None:
        raise LifecycleError("not_a_group", f"{group_dn} is no readers or write group")
    groups = [group_dn]
    if place.domain is None:
        writes = groups_of(webapp, tree, person_dn, base=tree.groups(place.env))
        groups = [g.dn for g in writes if g.name.lower().startswith("writers-")] + groups
    as_actor = acting(webapp, actor)
    moment = store.now_utc(now)
    left = []
    for dn in groups:
        if not remove_member(as_actor, tree, dn, person_dn):
            continue
        left.append(dn)
        data = {"env": place.env, "self": same_dn(actor, person_dn)}
        store.record(
            webapp, dn, person_dn, store.REMOVED, actor, reason, data, moment, {"ended": [moment]}
        )
    if normalize_dn(group_dn) not in {normalize_dn(dn) for dn in left}:
        raise LifecycleError("not_member", f"{person_dn} is not in {group_dn}")
    told = []
    address = mail_of(webapp, person_dn)
    if notify is not None and address:
        notify(
            ACCESS_REMOVED,
            address,
            env=place.env,
            domain=place.domain,
            reason=reason,
            by_self=same_dn(actor, person_dn),
            by=actor,
        )
        told.append(address)
    return Removed(tuple(left), tuple(told))
