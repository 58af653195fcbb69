"""Enquiries in ou=orders: ask, answer, withdraw; written by the web app's account.

The history and its compare-and-swap are the orders' own (``orders.record``).
"""

import datetime as dt
import json
import uuid

from directory import attrs
from directory.connection import Ldap
from directory.enquiries import rules
from directory.entries import Order, OrderEvent
from directory.orders import fields as validation
from directory.orders import store as orders
from directory.orders import workflow
from directory.tree import Tree


def ask(ldap: Ldap, tree: Tree, asker_dn: str, details: dict, now=None) -> Order:
    """Store a checked enquiry (``rules.clean_enquiry``) as open, for the desk."""
    now = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    enquiry_id = uuid.uuid4().hex
    event = OrderEvent(1, now, asker_dn, rules.SUBMITTED)
    values = {
        "seresOrderId": [enquiry_id],
        "seresOrderType": [rules.ENQUIRY],
        "seresOrderState": [rules.OPEN],
        "seresOrderOrderer": [asker_dn],
        "seresOrderDetails": [json.dumps(details, ensure_ascii=False, sort_keys=True)],
        "seresOrderRevision": ["1"],
        "seresOrderCreated": [now.strftime("%Y%m%d%H%M%SZ")],
        "seresOrderEvent": [event.to_value()],
    }
    if details.get("domain"):
        values["seresOrderDomain"] = [details["domain"]]
    if details.get("topic"):
        values[attrs.ORDER["topic"]] = [details["topic"]]
    ldap.add(tree.order(enquiry_id), attrs.ORDER_CLASSES, values)
    return orders.get_order(ldap, tree, enquiry_id)


def ask_public(ldap: Ldap, tree: Tree, details: dict, now=None) -> Order:
    """Store an enquiry made without sign-in (``rules.clean_public_enquiry``).

    Its asker is the web app itself (``ldap``'s identity: nobody signs in as
    it, so nobody sees it as their own); the name and e-mail address given
    are in its details, and the answer goes to that address.
    """
    return ask(ldap, tree, ldap.bound_dn, details, now)


def get_enquiry(ldap: Ldap, tree: Tree, enquiry_id: str) -> Order | None:
    found = orders.get_order(ldap, tree, enquiry_id)
    return found if found is not None and found.type == rules.ENQUIRY else None


def act(
    ldap: Ldap, tree: Tree, enquiry: Order, user: workflow.Actor, action: str, text: str = ""
) -> Order:
    """Answer (the desk, with a text) or withdraw (the asker); Invalid, NotAllowed or Conflict."""
    if action == rules.ANSWER:
        text = validation.text("answer", text, rules.MAX_QUESTION, multiline=True)
    change = rules.decide(enquiry.state, user.is_(enquiry.orderer), user.servicedesk, action, text)
    return orders.record(ldap, tree, enquiry, user.dn, change)
