"""The reason the desk gave for changing a person's mobile or e-mail, kept for the trail.

The change itself is in the accesslog (who, old -> new); the reason is not, so
it is kept as a record of its own in ``ou=orders`` (type ``contact``, like the
enquiries: the web app's own workflow data, written by its own account, read
by the desk), never listed as an order. It names the person and the attribute,
not the values: those stay in the accesslog, under its rules.
"""

import datetime as dt
import json
import uuid

from directory import attrs
from directory.connection import Ldap
from directory.desk.contact import ContactChange
from directory.entries import OrderEvent
from directory.tree import Tree

CONTACT = "contact"
CHANGED = "contact_changed"
DONE = "completed"


def record_contact_change(
    service: Ldap, tree: Tree, actor_dn: str, change: ContactChange, now=None
) -> str:
    """Keep the reason of a contact change as its own trail line; return the record's id."""
    now = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    note_id = uuid.uuid4().hex
    person = tree.person(change.username)
    data = {"username": change.username, "attribute": change.attribute}
    event = OrderEvent(1, now, actor_dn, CHANGED, change.reason, data)
    details = {"person": person, "attribute": change.attribute}
    values = {
        "seresOrderId": [note_id],
        "seresOrderType": [CONTACT],
        "seresOrderState": [DONE],
        "seresOrderOrderer": [actor_dn],
        "seresOrderDetails": [json.dumps(details, sort_keys=True)],
        "seresOrderRevision": ["1"],
        "seresOrderCreated": [now.strftime("%Y%m%d%H%M%SZ")],
        "seresOrderEvent": [event.to_value()],
    }
    service.add(tree.order(note_id), attrs.ORDER_CLASSES, values)
    return note_id
