"""The ordering workflow as pure functions: who may do what, and what follows.

Nothing here reads or writes the directory: the caller passes the order and
the person acting (:class:`Actor`, built from :func:`directory.access.access_of`),
and stores the :class:`Change` it gets back (:mod:`directory.orders.store`).

States: an order is *submitted* (its first event) and at once either
``awaiting_owner`` (it asks for write access to a domain the orderer does not
own) or ``ready`` for the service desk; then ``provisioning`` while it is
being carried out, and ``completed``; or ``rejected`` (with a reason the
orderer sees) or ``withdrawn`` by the orderer while it awaits or is ready.
"""

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

from directory.access import Access

DOMAIN, ACCESS, REFRESH = "domain", "access", "refresh"
# A domain's owner added or removed (directory.orders.owner_changes): the desk decides.
OWNER = "owner"
TYPES = (DOMAIN, ACCESS, REFRESH, OWNER)

AWAITING_OWNER, READY, PROVISIONING = "awaiting_owner", "ready", "provisioning"
COMPLETED, REJECTED, WITHDRAWN = "completed", "rejected", "withdrawn"
STATES = (AWAITING_OWNER, READY, PROVISIONING, COMPLETED, REJECTED, WITHDRAWN)
# Not ended yet (a domain order's name stays taken).
OPEN_STATES = (AWAITING_OWNER, READY, PROVISIONING)
# Open and not being carried out: the orderer may withdraw, the desk reject.
CANCELLABLE = (AWAITING_OWNER, READY)
# A claim (``provisioning``) older than this is taken for a run that died: the
# desk may carry the order out again. Longer than a run takes (a refresh's
# own lock lasts as long, directory.sync.lock).
CLAIM_EXPIRES = dt.timedelta(minutes=30)

APPROVE, REJECT, WITHDRAW, PROVISION = "approve", "reject", "withdraw", "provision"
ACTIONS = (APPROVE, REJECT, WITHDRAW, PROVISION)
# Events of the history; the actions' events are named after their outcome.
SUBMITTED, APPROVED, PROVISIONED, REPROVISIONED = (
    "submitted",
    "approved",
    "provisioned",
    "reprovisioned",
)
ACCOUNT = "account"
# Provisioning's own events: the claim, and a run that stopped.
PROVISIONING_STARTED, PROVISIONING_FAILED = "provisioning_started", "provisioning_failed"
EVENT_OF = {APPROVE: APPROVED, REJECT: REJECTED, WITHDRAW: WITHDRAWN, PROVISION: PROVISIONED}


class NotAllowed(Exception):
    """This person may not do this to this order (or not in its present state)."""


def _fold(names: Iterable[str]) -> frozenset[str]:
    return frozenset(n.casefold() for n in names)


@dataclass(frozen=True)
class Actor:
    """Who acts on an order, as the workflow sees them; ``dn=None`` is the web app itself.

    (The web's signed-in person is ``webapp.auth.session.User``; ``Actor.of`` makes
    this from its DN and access.)
    """

    dn: str | None
    owns: frozenset[str] = frozenset()
    servicedesk: bool = False

    @classmethod
    def of(cls, dn: str, access: Access) -> "Actor":
        return cls(dn, _fold(access.owns), access.servicedesk)

    def owns_domain(self, name: str) -> bool:
        return name.casefold() in self.owns

    def is_(self, dn: str | None) -> bool:
        return dn is not None and self.dn is not None and dn.lower() == self.dn.lower()


# The web app's own identity, for provisioning that runs by itself once approved.
SYSTEM = Actor(None)


class EventLike(Protocol):
    event: str
    at: dt.datetime
    data: Mapping


class OrderLike(Protocol):
    type: str
    state: str
    orderer: str
    domains: tuple[str, ...]
    pending: tuple[str, ...]
    details: Mapping
    events: tuple[EventLike, ...]


@dataclass(frozen=True)
class Change:
    """What an action does to an order: the new state and pending owners, and the event."""

    state: str
    pending: tuple[str, ...]
    event: str
    reason: str = ""
    data: Mapping | None = None


def concerned_domains(kind: str, details: Mapping) -> tuple[str, ...]:
    """Return the domains an order concerns (stored, indexed, for the lists)."""
    if kind == DOMAIN:
        names = [details["name"]]
    elif kind == ACCESS:
        names = [details["service_owner"], *details["write_domains"]]
    else:
        names = [details["domain"]]
    out: list[str] = []
    for name in names:
        if name.casefold() not in _fold(out):
            out.append(name)
    return tuple(out)


def may_order(user: Actor, kind: str, details: Mapping) -> bool:
    """Anyone signed in orders a domain; access and refresh need the domain's owner or the desk."""
    if user.dn is None:
        return False
    if kind == DOMAIN:
        return True
    if kind == ACCESS:
        return user.servicedesk or user.owns_domain(details["service_owner"])
    if kind in (REFRESH, OWNER):
        return user.servicedesk or user.owns_domain(details["domain"])
    return False


def submitted(user: Actor, kind: str, details: Mapping) -> Change:
    """Return the first step of a new order, or raise NotAllowed.

    The event keeps the domains that need their owners' approval (``pending``),
    so that :func:`owners_approved` can later tell whether each one got it.
    """
    if kind not in TYPES or not may_order(user, kind, details):
        raise NotAllowed(f"{kind} order")
    pending: tuple[str, ...] = ()
    if kind == ACCESS and details["access"] == "write":
        # Four eyes: the orderer's own domains too wait for another owner (or the
        # desk, naming the owner who gave permission): nobody approves their own order.
        pending = tuple(details["write_domains"])
    return Change(
        AWAITING_OWNER if pending else READY, pending, SUBMITTED, data={"pending": list(pending)}
    )


def owners_approved(order: OrderLike) -> bool:
    """True if every domain whose owners had to approve the order has an ``approved`` event.

    Only write access needs approval; the domains that did are those pending
    at submission (the ``submitted`` event's data). An order stored without
    that record counts every write domain as needing approval.
    """
    if order.type != ACCESS or order.details.get("access") != "write":
        return True
    if order.pending:
        return False
    first = next((e for e in order.events if e.event == SUBMITTED), None)
    needed = order.details.get("write_domains", ())
    if first is not None and "pending" in (first.data or {}):
        needed = first.data["pending"]
    covered = _fold(
        d for e in order.events if e.event == APPROVED for d in (e.data or {}).get("domains", ())
    )
    return all(d.casefold() in covered for d in needed)


def provisions_by_itself(order: OrderLike) -> bool:
    """May the web app carry out this order by itself (the setting on)?

    Only a ready order that its owners approved where approval was needed,
    and never a new domain (anyone may order one, so the desk's review is
    its only gate) nor a change of owners (the desk's approval is the rule).
    """
    return order.state == READY and order.type not in (DOMAIN, OWNER) and owners_approved(order)


def approves(order: OrderLike, user: Actor) -> tuple[str, ...]:
    """The pending domains this person's approval covers (the desk covers all);
    none for the orderer (four eyes)."""
    if user.is_(order.orderer):
        return ()
    if user.servicedesk:
        return tuple(order.pending)
    return tuple(d for d in order.pending if user.owns_domain(d))


def claim_expired(order: OrderLike, now: dt.datetime | None = None) -> bool:
    """True if the order was claimed for provisioning so long ago that the run must have died.

    Counted from its latest event (the claim, or a step the run recorded since).
    """
    if order.state != PROVISIONING:
        return False
    if not order.events:
        return True
    now = now or dt.datetime.now(dt.UTC)
    return now - order.events[-1].at >= CLAIM_EXPIRES


def allowed(order: OrderLike, user: Actor, now: dt.datetime | None = None) -> frozenset[str]:
    """Return the actions this person may take on the order now."""
    actions = set()
    if order.state == AWAITING_OWNER and user.dn is not None and approves(order, user):
        actions |= {APPROVE, REJECT}
    # A claim whose run died can also be ended without carrying it out (what
    # the dead run made stays in the order's history for the desk to undo).
    cancellable = order.state in CANCELLABLE or claim_expired(order, now)
    if cancellable and user.servicedesk:
        actions.add(REJECT)
    if cancellable and user.is_(order.orderer):
        actions.add(WITHDRAW)
    # The desk provisions (and repairs a completed order, and takes over a
    # claim whose run died); SYSTEM when the setting makes provisioning run by
    # itself once approved. Nobody while another run holds the claim.
    if user.servicedesk and (order.state in (READY, COMPLETED) or claim_expired(order, now)):
        actions.add(PROVISION)
    if user == SYSTEM and provisions_by_itself(order):
        actions.add(PROVISION)
    return frozenset(actions)


def decide(
    order: OrderLike,
    user: Actor,
    action: str,
    reason: str = "",
    now: dt.datetime | None = None,
    on_behalf: str = "",
) -> Change:
    """Return what ``action`` by ``user`` does to the order, or raise NotAllowed.

    Provisioning a ready order (or taking over an expired claim) first claims
    it: the change is to ``provisioning``; :func:`provisioned` and
    :func:`provisioning_stopped` are its two ends. A repair of a completed
    order claims nothing (it changes no state; two at once are harmless).
    """
    if action not in allowed(order, user, now):
        raise NotAllowed(f"{action} in state {order.state}")
    if action == REJECT and not reason:
        raise NotAllowed("a rejection needs a reason")
    if action == APPROVE:
        covered = approves(order, user)
        left = tuple(d for d in order.pending if d not in covered)
        data: dict = {"domains": list(covered)}
        # The desk approves for domains it does not own only for an owner who gave
        # permission (``on_behalf``, a DN), saying how (``reason``: the reference).
        behalf = [d for d in covered if not user.owns_domain(d)]
        if behalf:
            if not (on_behalf and reason):
                raise NotAllowed("the desk approves for an owner only with a reference")
            data |= {"on_behalf_of": on_behalf, "for_domains": behalf}
        return Change(AWAITING_OWNER if left else READY, left, APPROVED, reason, data)
    if action == PROVISION:
        if order.state == COMPLETED:
            return Change(COMPLETED, (), REPROVISIONED, reason)
        return Change(PROVISIONING, (), PROVISIONING_STARTED, reason)
    state = REJECTED if action == REJECT else WITHDRAWN
    return Change(state, (), EVENT_OF[action], reason)


def provisioned(order: OrderLike, data: Mapping | None = None) -> Change:
    """The end of a claimed run that made everything: ``completed``."""
    if order.state != PROVISIONING:
        raise NotAllowed(f"provisioned in state {order.state}")
    return Change(COMPLETED, (), PROVISIONED, "", data)


def provisioning_stopped(order: OrderLike, reason: str, data: Mapping | None = None) -> Change:
    """The end of a claimed run that stopped: ``ready`` again, for the desk, with the reason."""
    if order.state != PROVISIONING:
        raise NotAllowed(f"provisioning_failed in state {order.state}")
    return Change(READY, (), PROVISIONING_FAILED, reason, data)


def _named_owners(order: OrderLike) -> frozenset[str]:
    if order.type != DOMAIN:
        return frozenset()
    return frozenset(order.details.get("owner_dns", ()))


def can_see(order: OrderLike, user: Actor) -> bool:
    """The orderer, the desk, the owners of a domain it concerns, and a new domain's named owners."""
    if user.dn is None:
        return False
    return (
        user.is_(order.orderer)
        or user.servicedesk
        or any(user.owns_domain(d) for d in order.domains)
        or any(user.is_(dn) for dn in _named_owners(order))
    )
