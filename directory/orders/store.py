"""Orders kept in the directory under ou=orders, and the lists of them.

Orders are the web app's own data: every write here is made by the web app's
service account (the access rules let only it write ou=orders). Each write
names the revision it read, so two people acting on one order at once cannot
both win: the second gets :class:`directory.errors.Conflict`.
"""

import datetime as dt
import json
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from directory import attrs
from directory.agencies.check import domain_refusal
from directory.connection import ADD, DELETE, REPLACE, Ldap
from directory.entries import Order, OrderEvent
from directory.errors import Conflict, InvalidValue
from directory.escape import equals
from directory.groups import members_of
from directory.orders import domain_order, fields, owner_changes, references, workflow
from directory.orders.workflow import Actor, Change
from directory.tree import Tree

# Not the desk's notes of a contact change (directory/desk/notes.py), kept beside them.
ORDER_FILTER = "(&(objectClass=seresOrder)(!(seresOrderType=contact)))"
# What create() makes: uuid4().hex, 32 lower-case hex digits (ASCII only:
# str.isalnum() and \d would let through "Ø" or "²", which slapd refuses).
ORDER_ID = re.compile(r"[0-9a-f]{32}")
PER_PAGE = 20


def _now(now: dt.datetime | None) -> dt.datetime:
    return (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)


def _actor(ldap: Ldap, user: Actor) -> str:
    """The DN the history names: the person, or the web app itself."""
    return user.dn if user.dn is not None else ldap.bound_dn


def get_order(ldap: Ldap, tree: Tree, order_id: str) -> Order | None:
    """Return the order, or None if there is none with this id."""
    if not isinstance(order_id, str) or not ORDER_ID.fullmatch(order_id):
        return None
    values = ldap.read(tree.order(order_id), list(attrs.ORDER.values()))
    return Order.from_entry(tree.order(order_id), values) if values else None


def visible_order(ldap: Ldap, tree: Tree, order_id: str, user: Actor) -> Order | None:
    """Return the order if this person may see it (else None, as if there were none)."""
    order = get_order(ldap, tree, order_id)
    return order if order is not None and workflow.can_see(order, user) else None


def create(ldap: Ldap, tree: Tree, user: Actor, kind: str, details: Mapping, now=None) -> Order:
    """Store a new, checked order; raise NotAllowed if this person may not place it."""
    change = workflow.submitted(user, kind, details)
    now = _now(now)
    order_id = uuid.uuid4().hex
    event = OrderEvent(1, now, _actor(ldap, user), change.event, data=dict(change.data or {}))
    stored: dict[str, Any] = {
        "id": order_id,
        "type": kind,
        "state": change.state,
        "orderer": user.dn,
        "details": json.dumps(dict(details), ensure_ascii=False, sort_keys=True),
        "revision": 1,
        "created": now.strftime("%Y%m%d%H%M%SZ"),
        "reference": references.next_reference(ldap, tree, references.oslo_year(now)),
        "domains": list(workflow.concerned_domains(kind, details)),
        "events": [event.to_value()],
        "pending": tuple(change.pending),  # left out when empty
    }
    values = attrs.to_ldap(attrs.ORDER, stored)
    ldap.add(tree.order(order_id), attrs.ORDER_CLASSES, values)
    return get_order(ldap, tree, order_id)


def record(
    ldap: Ldap,
    tree: Tree,
    order: Order,
    actor: str,
    change: Change | None = None,
    event: str = "",
    reason: str = "",
    data: Mapping | None = None,
    now=None,
) -> Order:
    """Add one event (and the change of state it brings) if nobody wrote since ``order``."""
    state, pending = order.state, order.pending
    if change is not None:
        state, pending, event = change.state, change.pending, change.event
        reason, data = change.reason, change.data
    step = OrderEvent(len(order.events) + 1, _now(now), actor, event, reason, dict(data or {}))
    revision, events = attrs.ORDER["revision"], attrs.ORDER["events"]
    changes = {
        # Compare and swap: deleting a value that is no longer there fails.
        revision: [(DELETE, [str(order.revision)]), (ADD, [str(order.revision + 1)])],
        events: [(ADD, [step.to_value()])],
    }
    if state != order.state:
        changes[attrs.ORDER["state"]] = [(REPLACE, [state])]
    if tuple(pending) != tuple(order.pending):
        changes[attrs.ORDER["pending"]] = [(REPLACE, list(pending))]
    try:
        ldap.modify(order.dn, changes)
    except InvalidValue:
        current = get_order(ldap, tree, order.id)
        if current is not None and current.revision != order.revision:
            raise Conflict(f"order {order.id} changed meanwhile") from None
        raise
    # The write succeeded on the revision read, so the order now is that plus this
    # step: no need to read it again (the event as it reads back from its value).
    return replace(
        order,
        state=state,
        pending=tuple(pending),
        revision=order.revision + 1,
        events=(*order.events, OrderEvent.from_value(step.to_value())),
    )


def open_domain_names(ldap: Ldap, tree: Tree) -> list[str]:
    """Return the names of domains in open domain orders (taken until they end)."""
    states = "".join(equals(attrs.ORDER["state"], s) for s in workflow.OPEN_STATES)
    found = ldap.paged(
        tree.orders,
        f"(&{ORDER_FILTER}{equals(attrs.ORDER['type'], workflow.DOMAIN)}(|{states}))",
        [attrs.ORDER["domains"]],
        scope="one",
    )
    return [str(n) for _, values in found for n in values.get(attrs.ORDER["domains"], [])]


def _clean_domain_order(ldap: Ldap, tree: Tree, data, today: dt.date, **_) -> dict:
    """A domain order's fields, and the seed's first condition: an agreement in force."""
    return domain_order.clean_domain_order(
        ldap,
        tree,
        data,
        open_domain_names(ldap, tree),
        refusal=lambda number: domain_refusal(ldap, tree, number, today),  # agency.* codes
    )


CLEANERS = {
    workflow.DOMAIN: _clean_domain_order,
    workflow.ACCESS: lambda ldap, tree, data, today, **options: fields.clean_access_order(
        ldap, tree, data, today, **options
    ),
    workflow.REFRESH: lambda ldap, tree, data, today, **_: fields.clean_refresh_order(
        ldap, tree, data, today
    ),
    workflow.OWNER: owner_changes.clean_owner_order,
}


def submit(
    ldap: Ldap,
    tree: Tree,
    user: Actor,
    kind: str,
    data: Mapping[str, Any],
    now: dt.datetime | None = None,
    grant_days: tuple[int, int] | None = None,
) -> Order:
    """Check and store an order; raise Invalid or NotAllowed.

    ``ldap`` is the web app's own connection. Invalid input writes nothing.
    ``grant_days``: the operator's default and longest write grant (access orders).
    Who is told, and carrying it out by itself: ``directory.orders.service``.
    """
    if kind not in CLEANERS:
        raise workflow.NotAllowed(f"no such order type {kind!r}")
    now = _now(now)
    options = {"grant_days": grant_days} if grant_days else {}
    details = CLEANERS[kind](ldap, tree, data, now.date(), **options)
    return create(ldap, tree, user, kind, details, now)


def act(
    ldap: Ldap,
    tree: Tree,
    order: Order,
    user: Actor,
    action: str,
    reason: str = "",
    now: dt.datetime | None = None,
    on_behalf: str = "",
) -> Order:
    """Approve, reject or withdraw the loaded order; return it changed.

    The desk approving for domains it does not own names the owner who gave
    permission (``on_behalf``, a username of that domain's owners) and how
    (``reason``, the reference); ``directory.orders.service`` tells the owners.
    Raise Invalid, NotAllowed (not this person's to do, or not now) or
    Conflict (someone wrote since ``order`` was read). Provisioning is
    :func:`directory.orders.provisioning.provision`.
    """
    if action == workflow.PROVISION:
        raise workflow.NotAllowed("provisioning goes through directory.orders.provisioning")
    for_owner = action == workflow.APPROVE and any(
        not user.owns_domain(d) for d in workflow.approves(order, user)
    )
    field = "reference" if for_owner else "reason"
    reason = fields.text(
        field, reason, fields.MAX_TEXT, required=action == workflow.REJECT or for_owner,
        multiline=True,
    )  # fmt: skip
    owner_dn = _owner_on_behalf(ldap, tree, order, user, on_behalf) if for_owner else ""
    change = workflow.decide(order, user, action, reason, now=now, on_behalf=owner_dn)
    return record(ldap, tree, order, _actor(ldap, user), change, now=now)


def _owner_on_behalf(ldap: Ldap, tree: Tree, order: Order, user: Actor, username: str) -> str:
    """The DN of the owner the desk approves for: an owner of every domain it covers."""
    name = fields.username("owner", username)
    dn = tree.person(name) if name else ""
    for domain in workflow.approves(order, user):
        if not user.owns_domain(domain) and dn.lower() not in {
            m.lower() for m in members_of(ldap, tree, tree.owners(domain))
        }:
            raise fields.Invalid([fields.FieldError("owner", "not_owner_of", {"name": domain})])
    return dn


def _orders(ldap: Ldap, tree: Tree, search_filter: str) -> list[Order]:
    found = ldap.paged(tree.orders, search_filter, list(attrs.ORDER.values()), scope="one")
    return [Order.from_entry(dn, values) for dn, values in found]


def my_orders(ldap: Ldap, tree: Tree, user: Actor) -> list[Order]:
    """Return the orders this person placed, newest first."""
    if user.dn is None:
        return []
    orders = _orders(ldap, tree, f"(&{ORDER_FILTER}{equals(attrs.ORDER['orderer'], user.dn)})")
    return sorted(orders, key=lambda o: (o.created, o.id), reverse=True)


def awaiting_approval(ldap: Ldap, tree: Tree, user: Actor) -> list[Order]:
    """Return the orders waiting for this person's approval as a domain's owner, oldest first."""
    if not user.owns:
        return []
    # ``owns`` is case-folded; the attribute's matching ignores case anyway.
    domains = "".join(equals(attrs.ORDER["pending"], d) for d in sorted(user.owns))
    orders = _orders(
        ldap,
        tree,
        f"(&{ORDER_FILTER}{equals(attrs.ORDER['state'], workflow.AWAITING_OWNER)}(|{domains}))",
    )
    # Four eyes: never one's own order.
    return sorted((o for o in orders if not user.is_(o.orderer)), key=lambda o: (o.created, o.id))


@dataclass(frozen=True)
class Page:
    orders: tuple[Order, ...]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def queue(
    ldap: Ldap,
    tree: Tree,
    kind: str | None = None,
    state: str | None = None,
    domain: str | None = None,
    page: int = 1,
    per_page: int = PER_PAGE,
    topic: str | None = None,
    reference: str | None = None,
) -> Page:
    """Return one page of the service desk's queue, oldest first, filtered.

    ``reference``: the order with this short reference (as stored: B-2026-0042).

    A paged search (RFC 2696) fetches only ids and times of the matching
    orders, so memory stays small; they are sorted here, and only the page
    shown is read in full. (slapd here has no server-side sort overlay.)
    """
    parts = [ORDER_FILTER]
    filters = (
        ("type", kind),
        ("state", state),
        ("domains", domain),
        ("topic", topic),
        ("reference", reference),
    )
    for attribute, value in filters:
        if value:
            parts.append(equals(attrs.ORDER[attribute], value))
    keys = [
        (str(values[attrs.ORDER["created"]][0]), str(values[attrs.ORDER["id"]][0]))
        for _, values in ldap.paged(
            tree.orders,
            f"(&{''.join(parts)})",
            [attrs.ORDER["created"], attrs.ORDER["id"]],
            scope="one",
        )
    ]
    keys.sort()
    page = max(1, page)
    wanted = keys[(page - 1) * per_page : page * per_page]
    orders = tuple(o for _, order_id in wanted if (o := get_order(ldap, tree, order_id)))
    return Page(orders, len(keys), page, per_page)
