"""A write grant made by an approved access order: its entry beside the membership."""

import datetime as dt

from directory.connection import Ldap
from directory.entries import Order
from directory.escape import same_dn
from directory.grants import ends, store


def approver(order: Order, domain: str, fallback: str) -> str:
    """Who granted write access to ``domain``: the owner whose approval covered it (or for
    whom the desk approved), else ``fallback`` (who carried the order out)."""
    for event in reversed(order.events):
        if event.event == "approved" and domain.casefold() in {
            d.casefold() for d in event.data.get("domains", [])
        }:
            return event.data.get("on_behalf_of") or event.actor
    return fallback


def record_grant(
    webapp: Ldap,
    group_dn: str,
    person_dn: str,
    order: Order,
    domain: str,
    actor: str,
    now: dt.datetime | None = None,
) -> bool:
    """Record the grant of one write membership from ``order``; False if it is recorded.

    The end is the order's ``write_until`` (an order from before ends were
    asked for has none). A new grant clears an ended one's end and warnings.
    """
    current = store.get_grant(webapp, group_dn, person_dn)
    if current is not None and current.active and current.order == order.id:
        return False
    until = order.details.get("write_until")
    end = ends.end_of(dt.date.fromisoformat(until)) if until else None
    by = approver(order, domain, actor)
    store.record(
        webapp,
        group_dn,
        person_dn,
        store.GRANTED,
        actor,
        data={"order": order.id, "by": by, "self": same_dn(by, person_dn)},
        now=now,
        replace={
            "start": [store.now_utc(now)],
            "end": [end] if end else [],
            "by": [by],
            "order": [order.id],
            "ended": [],
            "warned": [],
        },
    )
    return True
