"""Who hears of an order's step, by e-mail: whoever must act next, and the orderer.

Each is told once: the owners when the order first needs their approval (not
again at each partial approval: they were asked already, and it is in their
list of approvals), unless they chose the daily digest (directory/preferences.py;
the digest lists it instead: directory/digest/); the desk when it is ready, and when a ready order is
withdrawn (they were asked to act on it); the orderer at its end.

The sending is injected: a callable ``notify(kind, to, **data)`` that the web
layer makes (it writes the message and the link); here we only decide who
gets which kind. Kinds and their data are listed in docs/orders.md.
"""

from directory.connection import Ldap
from directory.entries import Order
from directory.groups import members_of
from directory.notice import Notify
from directory.orders.workflow import AWAITING_OWNER, COMPLETED, READY, REJECTED, WITHDRAWN
from directory.people import mail_of, names_of
from directory.preferences import each_event
from directory.tree import Tree

APPROVAL_NEEDED = "approval_needed"
READY_FOR_SERVICEDESK = "ready_for_servicedesk"
COMPLETED_KIND = "completed"
REJECTED_KIND = "rejected"
WITHDRAWN_KIND = "withdrawn"
ACTIVATION = "activation"
ACCESS_ADDED = "access_added"
APPROVED_ON_BEHALF = "approved_on_behalf"


def about(ldap: Ldap, order: Order) -> dict:
    """What every e-mail of an order names: its reference, domains, the person, the orderer."""
    details = order.details or {}
    person = " ".join(p for p in (details.get("given_name"), details.get("surname")) if p)
    return {
        "order_id": order.id,
        "type": order.type,
        "state": order.state,
        "reference": order.label,
        "concerns": list(order.domains),
        "person": person,
        "orderer": names_of(ldap, [order.orderer]).get(order.orderer, ""),
    }


def _tell(ldap: Ldap, notify: Notify, kind: str, dns, **data) -> list[str]:
    sent = []
    for address in sorted({a.lower(): a for dn in dns if (a := mail_of(ldap, dn))}.values()):
        notify(kind, address, **data)
        sent.append(address)
    return sent


def tell_next(
    ldap: Ldap, tree: Tree, order: Order, notify: Notify, before: Order | None = None
) -> list[str]:
    """Tell whoever must act on the order now, or the orderer of its end; return addresses.

    ``before`` is the order as it was before this step (None: it is new).
    """
    data = about(ldap, order)
    if order.state == AWAITING_OWNER:
        if before is not None and before.state == AWAITING_OWNER:
            return []  # a partial approval: the others were asked when it was new
        owners = [
            dn
            for d in order.pending
            for dn in members_of(ldap, tree, tree.owners(d))
            if dn.lower() != order.orderer.lower()  # four eyes: not the orderer
        ]
        owners = each_event(ldap, owners)  # the others get the daily digest
        return _tell(ldap, notify, APPROVAL_NEEDED, owners, domains=list(order.pending), **data)
    if order.state == READY:
        desk = members_of(ldap, tree, tree.servicedesk)
        return _tell(ldap, notify, READY_FOR_SERVICEDESK, desk, **data)
    if order.state == COMPLETED:
        return _tell(ldap, notify, COMPLETED_KIND, [order.orderer], **data)
    if order.state == REJECTED:
        reason = order.events[-1].reason if order.events else ""
        return _tell(ldap, notify, REJECTED_KIND, [order.orderer], reason=reason, **data)
    if order.state == WITHDRAWN and before is not None and before.state == READY:
        desk = members_of(ldap, tree, tree.servicedesk)
        return _tell(ldap, notify, WITHDRAWN_KIND, desk, **data)
    return []


def tell_owners_of_approval(
    ldap: Ldap, tree: Tree, order: Order, change, notify: Notify
) -> list[str]:
    """Tell the owners that the desk approved for them (four eyes: they see who and how)."""
    data = change.data or {}
    owners = [
        dn for d in data.get("for_domains", []) for dn in members_of(ldap, tree, tree.owners(d))
    ]
    owners = each_event(ldap, owners)  # the others get the daily digest
    return _tell(
        ldap, notify, APPROVED_ON_BEHALF, owners, **about(ldap, order),
        domains=list(data.get("for_domains", [])),
        owner=data.get("on_behalf_of", ""), permission=change.reason,
    )  # fmt: skip
