"""Carrying out orders from the web: the service desk's button, or by itself once ready.

``provisioning.provision`` gets the e-mails (``mails.send``) and the course
refresh hook (:func:`course_refresh`). With ``SERES_AUTO_PROVISION`` on, an
order that has become ready is carried out at once by the web app itself
(``workflow.SYSTEM``); if that stops, the order is ready again with the
reason in its history, for the service desk.
"""

import datetime as dt
import logging

from flask import current_app

from directory.connection import Directory
from directory.entries import Order
from directory.errors import Conflict, DirectoryError
from directory.orders import workflow
from directory.orders.provisioning import Provisioned, ProvisioningError, provision
from directory.orders.recipients import tell_next
from directory.orders.store import get_order
from directory.orders.workflow import Actor
from directory.sync import refresh
from directory.sync.schedule import OSLO
from webapp import ldap
from webapp.orders import mails

log = logging.getLogger(__name__)


def oslo_today(now: dt.datetime | None = None) -> dt.date:
    """The day it is in Oslo at ``now`` (default: now), whatever the server's time zone."""
    return (now or dt.datetime.now(dt.UTC)).astimezone(OSLO).date()


def future_date(when: str | None, today: dt.date | None = None) -> bool:
    """True if a refresh is ordered for a day after today (in Oslo)."""
    return bool(when) and dt.date.fromisoformat(when) > (today or oslo_today())


def course_refresh(domain: str, when: str | None, order_id: str) -> None:
    """The provisioning's refresh hook: refresh one course domain from production now.

    Runs as the sync account (``SERES_SYNC_PROD`` / ``SERES_SYNC_COURSE``
    settings), which reads production and may write only course domains.
    Before the ordered day it refuses; the order stays ready, the reason in
    its history.
    """
    if future_date(when):
        raise ProvisioningError(
            "refresh_later",
            f"the refresh is ordered for {when}: carry it out on that day",
            when=when,
        )
    config = current_app.config
    with (
        Directory(config["SERES_SYNC_PROD"]).service() as prod,
        Directory(config["SERES_SYNC_COURSE"]).service() as course,
    ):
        result = refresh(
            prod, course, ldap.tree(), domain=domain, trigger="order", order_id=order_id
        )
    if not result.ok:
        raise ProvisioningError(
            "refresh_failures",
            f"the refresh of {domain} left {len(result.failures)} failures",
            domain=domain,
            count=len(result.failures),
        )


def run(order_id: str, user: Actor) -> Provisioned:
    """Carry out the order as ``user``; raise NotAllowed, ProvisioningError or DirectoryError."""
    return provision(
        ldap.service(),
        ldap.tree(),
        order_id,
        user,
        notify=mails.send,
        refresh=course_refresh,
    )


# What by_itself did: nothing, carried it out, stopped (ready again for the
# desk), or found it changed by someone else.
SKIPPED, DONE, STOPPED, CHANGED = "skipped", "done", "stopped", "changed"


def by_itself(order: Order) -> tuple[Order, str]:
    """Carry out a ready order at once if the setting says so; return (the order now, outcome).

    Only what ``workflow.provisions_by_itself`` allows: never a new domain
    (the desk's review is its gate), and write access only once the owners
    who had to approve it did.

    The order may have changed since the caller stored it (withdrawn,
    rejected, taken by the desk): then ``provision`` refuses (NotAllowed or
    Conflict) and the order stays as it is, for the desk. Whatever stops it,
    the caller's own step (the submit, the approval) stands.

    A refresh ordered for now runs here, inside the orderer's request: one
    domain's copy from production (seconds for a domain; a full 100,000-entry
    refresh takes about 45 s, see README's bench figures). Accepted for now;
    if the request dies half-way, the order stays claimed (``provisioning``)
    and the desk may take it over after ``workflow.CLAIM_EXPIRES``.
    """
    if not current_app.config.get("SERES_AUTO_PROVISION"):
        return order, SKIPPED
    if workflow.PROVISION not in workflow.allowed(order, workflow.SYSTEM):
        return order, SKIPPED
    # A refresh for a later day waits in the queue for that day.
    if order.type == workflow.REFRESH and future_date(order.details.get("when")):
        return order, SKIPPED
    try:
        return run(order.id, workflow.SYSTEM).order, DONE
    except (workflow.NotAllowed, Conflict) as exc:
        # Changed meanwhile by someone else: theirs to finish, or the desk's.
        log.info("order %s changed before it was carried out by itself: %s", order.id, exc)
        outcome = CHANGED
    except (ProvisioningError, DirectoryError) as exc:
        log.error("provisioning order %s by itself stopped: %s", order.id, exc)
        outcome = STOPPED
    return get_order(ldap.service(), ldap.tree(), order.id) or order, outcome


def settle(order: Order, before: Order | None = None) -> Order:
    """After a submit (``before`` None) or an action: carry the order out by itself if the
    setting says so, then tell whoever must act on what is left; return the order now.

    Telling comes last, so the desk is not asked to carry out an order that
    is completed a moment later: carried out, provisioning has told the
    person and the orderer; stopped, it is ready for the desk after all;
    changed by someone else, their step tells.
    """
    current, outcome = by_itself(order)
    service, tree = ldap.service(), ldap.tree()
    if outcome == SKIPPED:
        tell_next(service, tree, order, mails.send, before=before)
    elif outcome == STOPPED and current.state == workflow.READY:
        tell_next(service, tree, current, mails.send)
    return current
