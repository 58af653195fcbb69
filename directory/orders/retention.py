"""Retention of order records: the operator removes finished ones older than N days, archived first.

Nothing purges orders by itself (docs/desk.md, "Retention"): an order is a
case document under the Archives Act, and discarding it is the agency's
decision. When that decision says so, ``seres orders purge --older-than DAYS
--archive FILE`` writes each finished record (completed, rejected, withdrawn:
orders, enquiries and the desk's contact notes alike) whose last step is
older than DAYS to FILE as JSON Lines, and only then deletes it. Open orders
are never touched.
"""

import datetime as dt
import json
from collections.abc import Iterator

from directory import attrs
from directory.connection import Ldap
from directory.entries import Order
from directory.orders.workflow import OPEN_STATES
from directory.tree import Tree

MIN_DAYS = 30  # a guard against a typo that would purge this month's orders


def last_step(order: Order) -> dt.datetime:
    return max((e.at for e in order.events), default=order.created)


def finished_before(ldap: Ldap, tree: Tree, days: int, now: dt.datetime | None = None):
    """The finished records whose last step is older than ``days`` days, oldest first."""
    if days < MIN_DAYS:
        raise ValueError(f"keep orders at least {MIN_DAYS} days")
    cutoff = (now or dt.datetime.now(dt.UTC)) - dt.timedelta(days=days)
    found = ldap.paged(
        tree.orders, "(objectClass=seresOrder)", list(attrs.ORDER.values()), scope="one"
    )
    old = (Order.from_entry(dn, values) for dn, values in found)
    chosen = [o for o in old if o.state not in OPEN_STATES and last_step(o) < cutoff]
    return sorted(chosen, key=lambda o: (last_step(o), o.id))


def as_json_line(order: Order) -> str:
    """The whole record as one JSON object (times in UTC, ISO 8601)."""

    def stamp(moment: dt.datetime) -> str:
        return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    record = {
        "id": order.id,
        "type": order.type,
        "state": order.state,
        "orderer": order.orderer,
        "created": stamp(order.created),
        "domains": list(order.domains),
        "details": order.details,
        "events": [
            {"n": e.n, "at": stamp(e.at), "actor": e.actor, "event": e.event}
            | {"reason": e.reason, "data": e.data}
            for e in order.events
        ],
    }
    return json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n"


def purge(ldap: Ldap, orders: list[Order], archive) -> Iterator[Order]:
    """Write each record to ``archive`` (a text file), flush it, then delete it; yield each."""
    for order in orders:
        archive.write(as_json_line(order))
        archive.flush()
        ldap.delete(order.dn)
        yield order
