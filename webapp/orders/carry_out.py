"""Carrying out orders from the web: the service desk's button, or by itself once ready.

``provisioning.provision`` gets the e-mails (``mails.send``) and the course
refresh hook (:func:`course_refresh`). With ``SERES_AUTO_PROVISION`` on, an
order that has become ready is carried out at once by the web app itself
(``workflow.SYSTEM``); if that stops, the order stays ready with the reason
in its history, for the service desk.
"""

import datetime as dt
import importlib
import logging
import os

from flask import current_app

from directory import workflow
from directory.connection import Directory
from directory.entries import Order
from directory.errors import DirectoryError
from directory.orders import get_order
from directory.provisioning import Provisioned, ProvisioningError, provision
from directory.workflow import User
from webapp import ldap
from webapp.orders import mails

log = logging.getLogger(__name__)
SYNC_MODULE = "directory.sync"


def _sync_module():
    """The sync engine's package, or None while it is not installed."""
    try:
        return importlib.import_module(SYNC_MODULE)
    except ModuleNotFoundError as exc:
        if exc.name != SYNC_MODULE:
            raise
        return None


def future_date(when: str | None, today: dt.date | None = None) -> bool:
    """True if a refresh is ordered for a day after today."""
    return bool(when) and dt.date.fromisoformat(when) > (today or dt.date.today())


def _sync_connections():
    """Production and course connections as the sync account (its own settings)."""
    connect = importlib.import_module(f"{SYNC_MODULE}.connect")
    return tuple(
        Directory(connect.settings_from_env(side, os.environ)).service()
        for side in ("PROD", "COURSE")
    )


def course_refresh(domain: str, when: str | None, order_id: str) -> None:
    """The provisioning's refresh hook: refresh one course domain from production now.

    Calls ``directory.sync.refresh(prod, course, tree, domain=..., trigger="order",
    order_id=...)`` once the sync engine is installed; until then, and before
    the ordered day, it refuses (the order stays ready, the reason in its history).
    """
    if future_date(when):
        raise ProvisioningError(f"the refresh is ordered for {when}: carry it out on that day")
    sync = _sync_module()
    if sync is None or not hasattr(sync, "refresh"):
        raise ProvisioningError("the course refresh (directory.sync) is not installed")
    prod, course = _sync_connections()
    with prod, course:
        result = sync.refresh(
            prod, course, ldap.tree(), domain=domain, trigger="order", order_id=order_id
        )
    if getattr(result, "ok", True) is False:
        raise ProvisioningError(f"the refresh of {domain} left failures")


def run(order_id: str, user: User) -> Provisioned:
    """Carry out the order as ``user``; raise NotAllowed, ProvisioningError or DirectoryError."""
    return provision(
        ldap.service(),
        ldap.tree(),
        order_id,
        user,
        notify=mails.send,
        refresh=course_refresh,
    )


def by_itself(order: Order) -> Order:
    """Carry out a ready order at once if the setting says so; return the order as it is now."""
    if not current_app.config.get("SERES_AUTO_PROVISION") or order.state != workflow.READY:
        return order
    # A refresh for a later day waits in the queue for that day.
    if order.type == workflow.REFRESH and future_date(order.details.get("when")):
        return order
    try:
        return run(order.id, workflow.SYSTEM).order
    except (ProvisioningError, DirectoryError) as exc:
        log.error("provisioning order %s by itself stopped: %s", order.id, exc)
        return get_order(ldap.service(), ldap.tree(), order.id) or order
