"""Carry out an approved order in the directory: people, tokens, groups, domains.

Who writes: when the service desk presses the button, the web app acts as
that person (proxied authorization), so slapd checks the desk's rights and
the accesslog names them; when the setting "provision by itself once
approved" is on, the web app's own account writes (``user=SYSTEM``). Tokens
(ou=tokens), and a person's link to theirs, are always written by the web
app's own account: no person may.

Every step first looks, then makes only what is missing, so provisioning
twice changes nothing the second time, and a run that stopped half-way
(an error, a crash) is completed by the next.

A ready order is claimed before anything is written: one compare-and-swap
write puts it in ``provisioning``, so a withdrawal, a rejection or a second
run at the same time is refused (or gets Conflict) instead of racing the
writes. The run ends ``completed``, or ``ready`` again with a
``provisioning_failed`` event; a run that died leaves the claim, which the
desk may take over once it is ``workflow.CLAIM_EXPIRES`` old. E-mails go out
only after the final record, so a second run never sends them again.
"""

import datetime as dt
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, replace

from directory.connection import Ldap
from directory.courses.training import training_for
from directory.domains import create_domain, get_domain
from directory.entries import Order
from directory.errors import Conflict, DirectoryError
from directory.grants.grant import record_grant
from directory.groups import add_member, create_group
from directory.orders import owner_changes, workflow
from directory.orders.accounts import (
    ProvisioningError,
    choose_account,
    ensure_person,
    ensure_token,
    make_new_owners,
)
from directory.orders.recipients import ACCESS_ADDED, ACTIVATION, Notify, about, tell_next
from directory.orders.store import record
from directory.orders.workflow import Actor
from directory.tree import ENVIRONMENTS, Tree

PROVISIONING_FAILED = workflow.PROVISIONING_FAILED
# The hook the course refresh (sync) will provide: refresh(domain, when, order_id).
Refresh = Callable[..., None]


def failure_of(exc: Exception) -> dict:
    """What a ``provisioning_failed`` event keeps of an error: its code and params."""
    if isinstance(exc, ProvisioningError):
        return {"code": exc.code, "params": exc.params}
    if isinstance(exc, DirectoryError):
        return {"code": "directory", "params": {"error": str(exc)}}
    return {"code": "unexpected", "params": {"error": f"{type(exc).__name__}: {exc}"}}


@dataclass(frozen=True)
class Provisioned:
    order: Order
    changes: tuple[str, ...]


def _join(acting: Ldap, tree: Tree, group: str, member: str, made: list) -> None:
    if add_member(acting, tree, group, member):
        made.append(f"added {member} to {group}")


def require_training(webapp: Ldap, tree: Tree, order: Order, person_dn: str) -> None:
    """Write access in production needs completed training or the desk's waiver (issue 17)."""
    if not training_for(webapp, tree, order, person_dn).satisfied:
        raise ProvisioningError(
            "training_missing",
            f"{person_dn} has completed no course: write access in production needs one",
            person=person_dn,
        )


def _apply_access(
    acting: Ldap, webapp: Ldap, tree: Tree, order: Order, username: str, new: bool
) -> list[str]:
    """Make the account, its token and its memberships; return what was made."""
    made: list[str] = []
    details = order.details
    # The person first, as the acting identity: if slapd refuses it, the app's
    # own account has written nothing. Without a password nobody can bind.
    # Before anything is made: a new person has no training yet (the desk may waive it).
    require_training(webapp, tree, order, tree.person(username))
    dn = ensure_person(acting, tree, username, details, made) if new else tree.person(username)
    ensure_token(webapp, tree, username, made)
    for env in details["environments"]:
        # Writers must read the environment too (the domain entry, its readers rule).
        _join(acting, tree, tree.readers(env), dn, made)
        for domain in details["write_domains"]:
            group = tree.writers(env, domain)
            _join(acting, tree, group, dn, made)
            # Its end date and origin, beside the membership (docs/access.md).
            actor = acting.acting_for or webapp.bound_dn
            if record_grant(webapp, group, dn, order, domain, actor):
                made.append(f"recorded the grant of {group} to {dn}")
    return made


def _apply_domain(
    acting: Ldap, webapp: Ldap, tree: Tree, order: Order, now
) -> tuple[Order, list[str], list[tuple[str, str]]]:
    """Make the domain in both environments, its write groups and its owners role (with
    the new owners' accounts first); return the order, what was made, the people made."""
    made: list[str] = []
    order, new_dns, new_people = make_new_owners(acting, webapp, tree, order, made, now)
    details = order.details
    owner_dns = [*details["owner_dns"], *new_dns]
    name = details["name"]
    for env in ENVIRONMENTS:
        existing = get_domain(acting, tree, env, name)
        if existing is None:
            create_domain(
                acting,
                tree,
                env,
                name,
                agency=details["agency"],
                org_number=details["org_number"],
                description=details["description"],
            )
            made.append(f"created {tree.domain(env, name)}")
            continue
        if existing.org_number != details["org_number"]:
            raise ProvisioningError(
                "domain_other_agency",
                f"{name} exists in {env} for another agency",
                name=name,
                env=env,
            )
        if not acting.exists(tree.writers(env, name)):
            create_group(
                acting,
                tree,
                tree.writers(env, name),
                f"writers-{name}",
                f"May write the domain {name} in {env}",
            )
            made.append(f"created {tree.writers(env, name)}")
    role = tree.owners(name)
    if not acting.exists(role):
        create_group(
            acting,
            tree,
            role,
            f"owners-{name}",
            f"Owners of the domain {name}",
            tuple(owner_dns),
        )
        made.append(f"created {role}")
    else:
        for owner in owner_dns:
            _join(acting, tree, role, owner, made)
    return order, made, new_people


def provision(
    webapp: Ldap,
    tree: Tree,
    order: Order,
    user: Actor,
    notify: Notify | None = None,
    refresh: Refresh | None = None,
    now: dt.datetime | None = None,
) -> Provisioned:
    """Carry out the loaded ready order (or repair a completed one) and record it.

    ``webapp`` is the web app's own connection; ``user`` the service-desk
    person pressing the button, or ``workflow.SYSTEM``. Raises NotAllowed
    (not theirs to do now, e.g. another run holds the claim) or Conflict
    (another run claimed it first): then nothing is written. Raises
    ProvisioningError or another error from a claimed run: the order is then
    ready again with a ``provisioning_failed`` event, and running again
    completes it.
    """
    change = workflow.decide(order, user, workflow.PROVISION, now=now)
    first = change.state == workflow.PROVISIONING
    acting = webapp.acting_as(user.dn) if user.dn is not None else webapp
    actor = user.dn if user.dn is not None else webapp.bound_dn
    if first:
        # The claim. Conflict: someone wrote first (a withdrawal, another run);
        # it is theirs, so nothing is recorded here.
        order = record(webapp, tree, order, actor, change, now=now)
    new, username, new_people = False, "", []
    try:
        if order.type == workflow.ACCESS:
            order, username, new = choose_account(acting, webapp, tree, order, now)
            made = _apply_access(acting, webapp, tree, order, username, new)
        elif order.type == workflow.DOMAIN:
            order, made, new_people = _apply_domain(acting, webapp, tree, order, now)
        elif order.type == workflow.OWNER:
            made = owner_changes.apply_owner_order(acting, tree, order)
        else:
            made = []
            if first:
                if refresh is None:
                    raise ProvisioningError("no_refresh", "no course refresh is connected")
                details = order.details
                refresh(domain=details["domain"], when=details["when"], order_id=order.id)
                made.append(f"refresh of {details['domain']} requested")
        if not first and not made:
            return Provisioned(order, ())
        if first:
            done = workflow.provisioned(order, {"changes": made})
        else:
            done = replace(change, data={"changes": made})
        order = record(webapp, tree, order, actor, done, now=now)
    except Conflict:
        # Another run took the order over (an expired claim): theirs to record.
        raise
    except Exception as exc:
        if first:
            # Ready again for the desk, who sees in the history why it stopped.
            # A Conflict here: someone else has the order now; leave it to them.
            with suppress(DirectoryError):
                stopped = workflow.provisioning_stopped(order, str(exc), failure_of(exc))
                record(webapp, tree, order, actor, stopped, now=now)
        raise
    # Only now that the order says completed: a second run never tells again.
    if first and notify is not None:
        if order.type == workflow.ACCESS:
            kind = ACTIVATION if new else ACCESS_ADDED
            notify(kind, order.details["mail"], **about(webapp, order), username=username)
        for owner, address in new_people:  # a new agency's owners, made by this order
            notify(ACTIVATION, address, **about(webapp, order), username=owner)
        tell_next(webapp, tree, order, notify)
    return Provisioned(order, tuple(made))
