"""Leavers: the desk disables a person, taking every access away, with a reason.

The account is locked for good (ppolicy's ``pwdAccountLockedTime`` of
``000001010000Z``: no bind, whatever the password and code) and leaves every
readers group (and with it every write group: each recorded in its grant
entry with the reason) and every role. All as the desk person (proxied),
so slapd decides and the accesslog names them. Re-enabling is unlocking
(the desk's people page), and access comes back only through new orders.
"""

import datetime as dt
from dataclasses import dataclass

from directory.connection import REPLACE, Ldap
from directory.grants import store
from directory.grants.remove import LifecycleError, acting, remove_access
from directory.groups import groups_of, remove_member
from directory.tree import ENVIRONMENTS, Tree

# ppolicy: a lock with this time never ends by itself (draft-behera, OpenLDAP 2.5).
LOCKED_FOR_GOOD = "000001010000Z"


@dataclass(frozen=True)
class Disabled:
    groups: tuple[str, ...]
    roles: tuple[str, ...]


def disable_person(
    webapp: Ldap,
    tree: Tree,
    person_dn: str,
    actor: str,
    reason: str,
    now: dt.datetime | None = None,
) -> Disabled:
    """Lock the account for good and remove every grant and role, as ``actor``.

    Raises LifecycleError ``reason_required`` (nothing written), or the
    directory's refusal (InsufficientAccess) for an actor who may not.
    """
    reason = (reason or "").strip()
    if not reason:
        raise LifecycleError("reason_required")
    as_actor = acting(webapp, actor)
    # The lock first: from now on no bind, whatever is left to remove.
    as_actor.modify(person_dn, {"pwdAccountLockedTime": [(REPLACE, [LOCKED_FOR_GOOD])]})
    left: list[str] = []
    for env in ENVIRONMENTS:
        readers = tree.readers(env)
        try:
            removed = remove_access(webapp, tree, readers, person_dn, actor, reason, now=now)
        except LifecycleError:
            removed = None
        if removed is not None:
            left += removed.groups
    # Write groups of an environment the person did not read (kept apart by hand).
    for group in groups_of(webapp, tree, person_dn):
        place = store.place_of(tree, group.dn)
        if place is not None:
            left += remove_access(webapp, tree, group.dn, person_dn, actor, reason, now=now).groups
    roles = []
    for role in groups_of(webapp, tree, person_dn, base=tree.roles):
        if remove_member(as_actor, tree, role.dn, person_dn):
            roles.append(role.dn)
    return Disabled(tuple(left), tuple(roles))
