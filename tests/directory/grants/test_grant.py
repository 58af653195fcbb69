"""Who a grant names as its granter (directory.grants.grant.approver)."""

import datetime as dt
from types import SimpleNamespace

from directory.entries import OrderEvent
from directory.grants.grant import approver

AT = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)
DESK, OWNER, OTHER = "uid=desk", "uid=eier", "uid=annen"


def order_with(*events):
    return SimpleNamespace(events=tuple(OrderEvent(n, AT, *e) for n, e in enumerate(events, 1)))


def test_the_owner_whose_approval_covered_the_domain_granted_it():
    order = order_with(
        (OTHER, "approved", "", {"domains": ["Legemiddelverket"]}),
        (OWNER, "approved", "", {"domains": ["BUFdir"]}),
    )
    assert approver(order, "bufdir", DESK) == OWNER


def test_the_owner_the_desk_approved_for_granted_it():
    """Four eyes: the desk's approval names the owner who gave permission."""
    order = order_with((DESK, "approved", "e-post", {"domains": ["BUFdir"], "on_behalf_of": OWNER}))
    assert approver(order, "BUFdir", "uid=system") == OWNER


def test_without_an_approval_whoever_carried_it_out_granted_it():
    assert approver(order_with((OTHER, "submitted", "", {})), "BUFdir", DESK) == DESK
