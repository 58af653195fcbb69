"""The menu's counts: how many orders wait for the signed-in person (once per request)."""

from flask import g

from directory.orders import store as orders
from directory.orders import workflow
from webapp import ldap
from webapp.auth.session import current_user
from webapp.servicedesk.views import bp


def queue_counts() -> dict[str, int]:
    """Orders awaiting this owner's approval, and orders ready for the desk."""
    if "queue_counts" not in g:
        person = current_user()
        counts = {"approvals": 0, "queue": 0}
        if person is not None:
            user = workflow.Actor.of(person.dn, person.access)
            service, tree = ldap.service(), ldap.tree()
            if user.owns:
                counts["approvals"] = len(orders.awaiting_approval(service, tree, user))
            if user.servicedesk:
                ready = orders.queue(service, tree, state=workflow.READY, per_page=1)
                counts["queue"] = ready.total
        g.queue_counts = counts
    return g.queue_counts


@bp.app_context_processor
def menu():
    return {"queue_counts": queue_counts}
