"""The ordering use cases, one call each: submit, act, carry out. No Flask.

Each takes what the caller has loaded already (the order, the person as an
:class:`~directory.orders.workflow.Actor`) and a :class:`Context` that says
how to reach the outside: the web app's own connection, how to tell people
(a :class:`~directory.orders.recipients.Notify` callable: e-mails on the web),
the course refresh of one domain, and the auto-provision rule
(``SERES_AUTO_PROVISION``). Each returns an :class:`Outcome`: the order as it
is now, and what the app did with it by itself.

After a submit or an action, an order that has become ready is carried out
at once by the web app itself (``workflow.SYSTEM``) when the rule says so;
if that stops, the order is ready again with the reason in its history, for
the service desk. Telling comes last, so the desk is not asked to carry out
an order that is completed a moment later.
"""

import datetime as dt
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from directory.connection import Ldap, Servers
from directory.entries import Order
from directory.errors import Conflict, DirectoryError
from directory.orders import provisioning, store, workflow
from directory.orders.provisioning import ProvisioningError, Refresh
from directory.orders.recipients import Notify, tell_next, tell_owners_of_approval
from directory.orders.workflow import Actor
from directory.settings import Settings
from directory.sync import refresh
from directory.sync.schedule import OSLO
from directory.tree import Tree

log = logging.getLogger(__name__)

# What the app did by itself after the step: nothing, carried it out, stopped
# (ready again for the desk), or found it changed by someone else.
SKIPPED, DONE, STOPPED, CHANGED = "skipped", "done", "stopped", "changed"


@dataclass(frozen=True)
class Context:
    """The outside a use case needs: ``ldap`` is the web app's own connection."""

    ldap: Ldap
    tree: Tree
    notify: Notify
    refresh: Refresh | None = None
    auto_provision: bool = False
    # The operator's default and longest write grant, in days (access orders).
    grant_days: tuple[int, int] | None = None


@dataclass(frozen=True)
class Outcome:
    order: Order
    by_itself: str = SKIPPED


def oslo_today(now: dt.datetime | None = None) -> dt.date:
    """The day it is in Oslo at ``now`` (default: now), whatever the server's time zone."""
    return (now or dt.datetime.now(dt.UTC)).astimezone(OSLO).date()


def future_date(when: str | None, today: dt.date | None = None) -> bool:
    """True if a refresh is ordered for a day after today (in Oslo)."""
    return bool(when) and dt.date.fromisoformat(when) > (today or oslo_today())


def course_refresh(prod: Settings | None, course: Settings | None, tree: Tree) -> Refresh:
    """The provisioning's refresh hook: refresh one course domain from production now.

    Runs as the sync account (``prod``/``course``: ``SERES_SYNC_PROD`` /
    ``SERES_SYNC_COURSE``), which reads production and may write only course
    domains. Before the ordered day it refuses; the order stays ready, the
    reason in its history.
    """

    def hook(domain: str, when: str | None, order_id: str) -> None:
        if future_date(when):
            raise ProvisioningError(
                "refresh_later",
                f"the refresh is ordered for {when}: carry it out on that day",
                when=when,
            )
        with Servers(prod).service() as source, Servers(course).service() as target:
            result = refresh(
                source, target, tree, domain=domain, trigger="order", order_id=order_id
            )
        if not result.ok:
            raise ProvisioningError(
                "refresh_failures",
                f"the refresh of {domain} left {len(result.failures)} failures",
                domain=domain,
                count=len(result.failures),
            )

    return hook


def carry_out(ctx: Context, order: Order, actor: Actor) -> Outcome:
    """The desk's button (or the app itself): provision a ready order; raise NotAllowed,
    Conflict, ProvisioningError or DirectoryError (see ``provisioning.provision``)."""
    done = provisioning.provision(
        ctx.ldap, ctx.tree, order, actor, notify=ctx.notify, refresh=ctx.refresh
    )
    return Outcome(done.order, DONE)


def _by_itself(ctx: Context, order: Order) -> Outcome:
    """Carry out a ready order at once if the rule says so.

    Only what ``workflow.provisions_by_itself`` allows: never a new domain
    (the desk's review is its gate), and write access only once the owners
    who had to approve it did. A refresh for a later day waits in the queue.
    If the order changed meanwhile (withdrawn, taken by the desk), provision
    refuses and it stays as it is; the caller's own step stands.

    A refresh ordered for now runs here, inside the orderer's request: one
    domain's copy from production (seconds; see docs/benchmarks.md). If the
    request dies half-way, the order stays claimed and the desk may take it
    over after ``workflow.CLAIM_EXPIRES``.
    """
    if not ctx.auto_provision:
        return Outcome(order)
    if workflow.PROVISION not in workflow.allowed(order, workflow.SYSTEM):
        return Outcome(order)
    if order.type == workflow.REFRESH and future_date(order.details.get("when")):
        return Outcome(order)
    try:
        return carry_out(ctx, order, workflow.SYSTEM)
    except (workflow.NotAllowed, Conflict) as exc:
        log.info("order %s changed before it was carried out by itself: %s", order.id, exc)
        outcome = CHANGED
    except (ProvisioningError, DirectoryError) as exc:
        log.error("provisioning order %s by itself stopped: %s", order.id, exc)
        outcome = STOPPED
    return Outcome(store.get_order(ctx.ldap, ctx.tree, order.id) or order, outcome)


def settle(ctx: Context, order: Order, before: Order | None = None) -> Outcome:
    """After a submit (``before`` None) or an action: carry it out by itself if the rule
    says so, then tell whoever must act on what is left.

    Carried out, provisioning has told the person and the orderer; stopped,
    it is ready for the desk after all; changed by someone else, their step
    tells.
    """
    outcome = _by_itself(ctx, order)
    if outcome.by_itself == SKIPPED:
        tell_next(ctx.ldap, ctx.tree, order, ctx.notify, before=before)
    elif outcome.by_itself == STOPPED and outcome.order.state == workflow.READY:
        tell_next(ctx.ldap, ctx.tree, outcome.order, ctx.notify)
    return outcome


def submit(
    ctx: Context, actor: Actor, kind: str, data: Mapping[str, Any], now: dt.datetime | None = None
) -> Outcome:
    """Check and store an order, then settle it; raise Invalid or NotAllowed (nothing written)."""
    order = store.submit(ctx.ldap, ctx.tree, actor, kind, data, now=now, grant_days=ctx.grant_days)
    return settle(ctx, order)


def act(
    ctx: Context,
    order: Order,
    actor: Actor,
    action: str,
    reason: str = "",
    now: dt.datetime | None = None,
    on_behalf: str = "",
) -> Outcome:
    """Any button on the loaded order: approve, reject or withdraw it, then settle it; or
    carry it out (``workflow.PROVISION``: :func:`carry_out`). Raise Invalid, NotAllowed
    or Conflict; carrying out also ProvisioningError or DirectoryError.

    The desk approving for an owner (``on_behalf``, with the reference as ``reason``):
    the owners are told who gave permission and how (four eyes)."""
    if action == workflow.PROVISION:
        return carry_out(ctx, order, actor)
    changed = store.act(
        ctx.ldap, ctx.tree, order, actor, action, reason, now=now, on_behalf=on_behalf
    )
    step = changed.events[-1]
    if (step.data or {}).get("on_behalf_of"):
        tell_owners_of_approval(ctx.ldap, ctx.tree, changed, step, ctx.notify)
    return settle(ctx, changed, before=order)
