"""Completed training as the condition for write access in production (issue 17 item 3).

An access order for write access in production needs its person to have
completed a course, or the desk's waiver with a reason (an order event
``training_waived``, written by ``directory.orders.training``). Read with the
web app's own connection: the owner and the desk see the same on the order.
"""

from dataclasses import dataclass

from directory.connection import Ldap
from directory.courses import store
from directory.courses.rules import Course
from directory.entries import Order, OrderEvent
from directory.people import people_with_mail
from directory.tree import PRODUCTION, Tree

WAIVED = "training_waived"
# Kept literal: orders import courses, not the other way round (tests/test_layout.py).
ACCESS, WRITE, ACCOUNT = "access", "write", "account"


@dataclass(frozen=True)
class Training:
    """What an order's person has of training: needed at all, done, or waived."""

    needed: bool
    person_dn: str | None = None
    completed: tuple[Course, ...] = ()
    waiver: OrderEvent | None = None

    @property
    def satisfied(self) -> bool:
        return not self.needed or bool(self.completed) or self.waiver is not None


def needs_training(order: Order) -> bool:
    """True for an access order asking to write a domain in production."""
    details = order.details
    return (
        order.type == ACCESS
        and details.get("access") == WRITE
        and PRODUCTION in (details.get("environments") or ())
        and bool(details.get("write_domains"))
    )


def waiver_of(order: Order) -> OrderEvent | None:
    return next((e for e in reversed(order.events) if e.event == WAIVED), None)


def person_of(ldap: Ldap, tree: Tree, order: Order) -> str | None:
    """The account an access order is for, if it exists: as chosen, else by its e-mail."""
    chosen = next((e for e in order.events if e.event == ACCOUNT), None)
    if chosen is not None:
        return tree.person(chosen.data["username"])
    mail = order.details.get("mail")
    matches = people_with_mail(ldap, tree, mail) if mail else []
    if len(matches) == 1:
        return matches[0]
    wanted = order.details.get("username")
    return tree.person(wanted) if wanted and ldap.exists(tree.person(wanted)) else None


def training_for(ldap: Ldap, tree: Tree, order: Order, person_dn: str | None = None) -> Training:
    """The order's training: its person's completed courses and the desk's waiver."""
    if not needs_training(order):
        return Training(needed=False)
    person = person_dn or person_of(ldap, tree, order)
    done = tuple(store.training(ldap, tree, person)) if person else ()
    return Training(True, person, done, waiver_of(order))
