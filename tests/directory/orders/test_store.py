"""Orders in the directory: stored, changed with history, listed, shown to whom."""

import datetime as dt
import re

import pytest

from directory.connection import REPLACE
from directory.errors import Conflict
from directory.orders import store as orders
from directory.orders import workflow as wf
from directory.orders.fields import Invalid
from tests.directory.orders.helpers import access_data

pytestmark = pytest.mark.usefixtures("clean_orders")
NOW = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)


def test_an_order_is_stored_with_its_details_and_first_event(webapp, tree, accounts, user_of):
    """Type, state, orderer, domains, pending owners, details and history come back."""
    owner = user_of(accounts["eier.bufdir"].dn)
    order = orders.submit(webapp, tree, owner, wf.ACCESS, access_data(), now=NOW)
    again = orders.get_order(webapp, tree, order.id)
    assert again == order
    assert (order.type, order.state, order.orderer) == (
        wf.ACCESS,
        wf.AWAITING_OWNER,
        accounts["eier.bufdir"].dn,
    )
    assert order.domains == ("BUFdir", "Legemiddelverket")
    assert order.pending == ("BUFdir", "Legemiddelverket")
    assert order.details["mobile"] == "+4741234567"
    assert order.created == NOW
    [event] = order.events
    assert (event.n, event.at, event.actor, event.event) == (1, NOW, owner.dn, wf.SUBMITTED)
    assert event.data == {"pending": ["BUFdir", "Legemiddelverket"]}


def test_each_step_adds_who_when_and_why_to_the_history(webapp, tree, accounts, user_of, lmv_owner):
    """Approval then withdrawal: three events in order, each naming its person."""
    owner = user_of(accounts["eier.bufdir"].dn)
    data = access_data(write_domains=["Legemiddelverket"])
    order = orders.submit(webapp, tree, owner, wf.ACCESS, data, now=NOW)
    later = NOW + dt.timedelta(hours=1)
    order = orders.act(webapp, tree, order, user_of(lmv_owner.dn), wf.APPROVE, "ok", now=later)
    assert (order.state, order.pending) == (wf.READY, ())
    order = orders.act(webapp, tree, order, owner, wf.WITHDRAW, "ikke nødvendig likevel")
    assert order.state == wf.WITHDRAWN
    assert [(e.n, e.actor, e.event, e.reason) for e in order.events] == [
        (1, owner.dn, wf.SUBMITTED, ""),
        (2, lmv_owner.dn, wf.APPROVED, "ok"),
        (3, owner.dn, wf.WITHDRAWN, "ikke nødvendig likevel"),
    ]
    assert order.events[1].at == later
    assert order.events[1].data == {"domains": ["Legemiddelverket"]}


def test_a_rejection_needs_a_reason_and_keeps_it_for_the_orderer(webapp, tree, accounts, user_of):
    """The desk rejects with a reason; without one nothing is written."""
    owner = user_of(accounts["eier.bufdir"].dn)
    desk = user_of(accounts["brukerservice"].dn)
    order = orders.submit(webapp, tree, owner, wf.ACCESS, access_data(), now=NOW)
    with pytest.raises(Invalid):
        orders.act(webapp, tree, order, desk, wf.REJECT, "")
    assert orders.get_order(webapp, tree, order.id) == order
    order = orders.act(webapp, tree, order, desk, wf.REJECT, "Mangler avtale")
    assert order.state == wf.REJECTED
    assert order.events[-1].reason == "Mangler avtale"


def test_a_step_returns_the_order_as_it_reads_back(webapp, tree, accounts, user_of, lmv_owner):
    """act builds the changed order from the one it was given: equal to reading it again."""
    owner = user_of(accounts["eier.bufdir"].dn)
    order = orders.submit(
        webapp, tree, owner, wf.ACCESS, access_data(write_domains=["Legemiddelverket"]), now=NOW
    )
    approved = orders.act(webapp, tree, order, user_of(lmv_owner.dn), wf.APPROVE, "ok", now=NOW)
    assert approved == orders.get_order(webapp, tree, order.id)
    assert approved.revision == order.revision + 1


def test_a_step_on_an_order_read_before_another_write_gets_conflict(
    webapp, tree, accounts, user_of
):
    """act takes the order its caller loaded and does not read it again: if someone wrote
    since, the write is refused (Conflict) and the other's step stands."""
    owner = user_of(accounts["eier.bufdir"].dn)
    desk = user_of(accounts["brukerservice"].dn)
    order = orders.submit(webapp, tree, owner, wf.ACCESS, access_data(write_domains=["BUFdir"]))
    withdrawn = orders.act(webapp, tree, order, owner, wf.WITHDRAW)
    with pytest.raises(Conflict):
        orders.act(webapp, tree, order, desk, wf.REJECT, "for sent")
    assert orders.get_order(webapp, tree, order.id) == withdrawn


def test_a_step_refused_by_the_workflow_writes_nothing(webapp, tree, accounts, user_of):
    """A stranger cannot order access, nor approve, nor withdraw another's order."""
    stranger = user_of(accounts["leser.prod"].dn)
    with pytest.raises(wf.NotAllowed):
        orders.submit(webapp, tree, stranger, wf.ACCESS, access_data())
    owner = user_of(accounts["eier.bufdir"].dn)
    order = orders.submit(webapp, tree, owner, wf.ACCESS, access_data())
    for action in (wf.APPROVE, wf.WITHDRAW, wf.REJECT):
        with pytest.raises(wf.NotAllowed):
            orders.act(webapp, tree, order, stranger, action, "x")
    assert orders.get_order(webapp, tree, order.id) == order
    assert orders.my_orders(webapp, tree, stranger) == []


def test_two_people_acting_on_one_order_at_once_cannot_both_win(webapp, tree, accounts, user_of):
    """The second write, based on what it read before the first, gets Conflict."""
    owner = user_of(accounts["eier.bufdir"].dn)
    desk = user_of(accounts["brukerservice"].dn)
    order = orders.submit(
        webapp, tree, owner, wf.ACCESS, access_data(write_domains=[]) | {"access": "read"}
    )
    orders.record(webapp, tree, order, owner.dn, wf.decide(order, owner, wf.WITHDRAW))
    with pytest.raises(Conflict):
        orders.record(webapp, tree, order, desk.dn, wf.decide(order, desk, wf.REJECT, "nei"))
    assert orders.get_order(webapp, tree, order.id).state == wf.WITHDRAWN


def test_the_lists_show_my_orders_and_those_awaiting_my_approval(
    webapp, tree, accounts, user_of, lmv_owner
):
    """My orders by orderer; awaiting approval by the pending domains I own."""
    owner = user_of(accounts["eier.bufdir"].dn)
    desk = user_of(accounts["brukerservice"].dn)
    mine = orders.submit(webapp, tree, owner, wf.ACCESS, access_data(), now=NOW)
    other = orders.submit(
        webapp, tree, desk, wf.ACCESS, access_data(write_domains=["BUFdir"]), now=NOW
    )
    assert [o.id for o in orders.my_orders(webapp, tree, owner)] == [mine.id]
    assert [o.id for o in orders.my_orders(webapp, tree, desk)] == [other.id]
    # The desk's order for write to BUFdir waits for BUFdir's owner.
    assert [o.id for o in orders.awaiting_approval(webapp, tree, owner)] == [other.id]
    assert [o.id for o in orders.awaiting_approval(webapp, tree, user_of(lmv_owner.dn))] == [
        mine.id
    ]
    stranger = user_of(accounts["skriver.bufdir"].dn)
    assert orders.awaiting_approval(webapp, tree, stranger) == []
    assert orders.visible_order(webapp, tree, mine.id, stranger) is None
    assert orders.visible_order(webapp, tree, mine.id, user_of(lmv_owner.dn)) == mine


def test_the_service_desk_queue_filters_and_pages(webapp, tree, accounts, user_of):
    """Filters by type, state and domain; pages oldest first with a total."""
    owner = user_of(accounts["eier.bufdir"].dn)
    made = []
    for n in range(5):
        made.append(
            orders.submit(
                webapp,
                tree,
                owner,
                wf.ACCESS,
                access_data(access="read", write_domains=[], mail=f"p{n}@bufdir.example"),
                now=NOW + dt.timedelta(minutes=n),
            )
        )
    refresh = orders.submit(
        webapp, tree, owner, wf.REFRESH, {"domain": "BUFdir", "reason": "kurs"}, now=NOW
    )
    page = orders.queue(webapp, tree, kind=wf.ACCESS, state=wf.READY, page=2, per_page=2)
    assert (page.total, page.pages, page.page) == (5, 3, 2)
    assert [o.id for o in page.orders] == [made[2].id, made[3].id]
    assert [o.id for o in orders.queue(webapp, tree, kind=wf.REFRESH).orders] == [refresh.id]
    assert orders.queue(webapp, tree, domain="bufdir").total == 6
    assert orders.queue(webapp, tree, domain="Legemiddelverket").total == 0
    assert orders.queue(webapp, tree, state=wf.COMPLETED).total == 0
    assert orders.queue(webapp, tree, domain="*)(objectClass=*").total == 0


def test_an_unknown_or_malformed_order_id_finds_nothing(webapp, tree):
    """Ids are 32 lower-case hex digits; anything else is no order, not an error."""
    for order_id in ("0" * 32, "*", "x,ou=people", "", "a" * 33, "Ø", "²", "٣" * 32, "g" * 32):
        assert orders.get_order(webapp, tree, order_id) is None


def test_an_order_is_found_by_the_id_it_was_given(webapp, tree, accounts, user_of):
    """The id the code makes (uuid4 hex) is the format get_order accepts."""
    owner = user_of(accounts["eier.bufdir"].dn)
    order = orders.submit(webapp, tree, owner, wf.REFRESH, {"domain": "BUFdir", "reason": "kurs"})
    assert re.fullmatch(r"[0-9a-f]{32}", order.id)
    assert orders.get_order(webapp, tree, order.id) == order


def test_open_domain_orders_hold_their_name(webapp, tree, accounts, user_of):
    """A second order for the same new domain, in any case, is refused until the first ends."""
    orderer = user_of(accounts["leser.prod"].dn)
    data = {
        "name": "Nytt-domene",
        "description": "Test",
        "agency": "Testetaten",
        "org_number": "986128433",
        "owners": "leser.prod",
    }
    first = orders.submit(webapp, tree, orderer, wf.DOMAIN, data)
    with pytest.raises(Invalid) as caught:
        orders.submit(webapp, tree, orderer, wf.DOMAIN, data | {"name": "NYTT-domene"})
    assert caught.value.codes() == {"name": ["domain_name.taken"]}
    # Being carried out (claimed), it is still taken.
    desk = user_of(accounts["brukerservice"].dn)
    claim = wf.decide(first, desk, wf.PROVISION)
    claimed = orders.record(webapp, tree, first, desk.dn, claim)
    assert claimed.state == wf.PROVISIONING
    with pytest.raises(Invalid):
        orders.submit(webapp, tree, orderer, wf.DOMAIN, data | {"name": "NYTT-domene"})
    stopped = wf.provisioning_stopped(claimed, "test")
    ready = orders.record(webapp, tree, claimed, desk.dn, stopped)
    orders.act(webapp, tree, ready, orderer, wf.WITHDRAW)
    orders.submit(webapp, tree, orderer, wf.DOMAIN, data | {"name": "NYTT-domene"})


def test_the_directory_lets_only_the_web_app_write_orders(bound, webapp, tree, accounts, user_of):
    """The desk reads orders; a person's own write is refused by slapd: the desk's, and
    the orderer's on their own order (they may not even read it)."""
    from directory.errors import InsufficientAccess

    owner = user_of(accounts["eier.bufdir"].dn)
    order = orders.submit(webapp, tree, owner, wf.ACCESS, access_data())
    desk, orderer = bound("brukerservice"), bound("eier.bufdir")
    assert orders.get_order(desk, tree, order.id) == order
    assert orders.get_order(orderer, tree, order.id) is None
    with pytest.raises(InsufficientAccess):
        orders.record(desk, tree, order, owner.dn, event="x")
    with pytest.raises(InsufficientAccess):
        orders.record(orderer, tree, order, owner.dn, event="x")
    with pytest.raises(InsufficientAccess):
        orderer.modify(order.dn, {"seresOrderState": [(REPLACE, [wf.COMPLETED])]})
    assert orders.get_order(webapp, tree, order.id) == order
