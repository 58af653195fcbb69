"""The desk's waiver of the training condition, with its reason (issue 17 item 3).

The rule is in ``directory.courses.training``; provisioning checks it
(``provisioning.require_training``)."""

from directory.connection import Ldap
from directory.courses.training import WAIVED, needs_training
from directory.entries import Order
from directory.errors import InvalidValue
from directory.orders import workflow
from directory.orders.store import record
from directory.orders.workflow import Actor, NotAllowed
from directory.tree import Tree

MAX_REASON = 1024


def waive_training(webapp: Ldap, tree: Tree, order: Order, actor: Actor, reason: str) -> Order:
    """The desk waives the training condition of an open order, with a reason (recorded).

    Raise NotAllowed (not the desk, the order closed, or no training needed)
    or InvalidValue (no reason); Conflict if the order changed meanwhile.
    """
    if not actor.servicedesk or order.state not in workflow.OPEN_STATES:
        raise NotAllowed("only the service desk waives training, on an open order")
    if not needs_training(order):
        raise NotAllowed("this order needs no training")
    reason = (reason or "").strip()
    if not reason or len(reason) > MAX_REASON:
        raise InvalidValue("a waiver needs a reason")
    return record(webapp, tree, order, actor.dn, event=WAIVED, reason=reason)
