"""Orders in the directory: stored, changed with history, listed, shown to whom."""

import datetime as dt
import re

import pytest

from directory import orders
from directory import workflow as wf
from directory.access import access_of
from directory.connection import REPLACE
from directory.errors import Conflict
from directory.validation import Invalid

pytestmark = pytest.mark.usefixtures("clean_orders")
NOW = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)


@pytest.fixture
def user_of(webapp, tree):
    def make(dn):
        return wf.User.of(dn, access_of(webapp, tree, dn))

    return make


@pytest.fixture
def lmv_owner(make_person, tree):
    """A throw-away owner of Legemiddelverket (the role is emptied again with them)."""
    return make_person(groups=(tree.owners("Legemiddelverket"),))


def access_data(**changes):
    data = {
        "service_owner": "BUFdir",
        "access": "write",
        "write_domains": ["BUFdir", "Legemiddelverket"],
        "environments": "both",
        "given_name": "Nina",
        "surname": "Nybruker",
        "mail": "nina.nybruker@bufdir.example",
        "mobile": "412 34 567",
    }
    return data | changes


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
    order = orders.act(webapp, tree, order.id, user_of(lmv_owner.dn), wf.APPROVE, "ok", now=later)
    assert (order.state, order.pending) == (wf.READY, ())
    order = orders.act(webapp, tree, order.id, owner, wf.WITHDRAW, "ikke nødvendig likevel")
    assert order.state == wf.WITHDRAWN
    assert [(e.n, e.actor, e.event, e.reason) for e in order.events] == [
        (1, owner.dn, wf.SUBMITTED, ""),
        (2, lmv_owner.dn, wf.APPROVED, "ok"),
        (3, owner.dn, wf.WITHDRAWN, "ikke nødvendig likevel"),
    ]
    assert order.events[1].at == later
    assert order.events[1].data == {"domains": ["Legemiddelverket"]}


def test_a_rejection_keeps_its_reason_for_the_orderer(webapp, tree, accounts, user_of, notified):
    """The desk rejects with a reason; the orderer is told it, by e-mail too."""
    owner = user_of(accounts["eier.bufdir"].dn)
    desk = user_of(accounts["brukerservice"].dn)
    order = orders.submit(webapp, tree, owner, wf.ACCESS, access_data(), now=NOW)
    with pytest.raises(Invalid):
        orders.act(webapp, tree, order.id, desk, wf.REJECT, "")
    order = orders.act(webapp, tree, order.id, desk, wf.REJECT, "Mangler avtale", notified)
    assert order.state == wf.REJECTED
    assert order.events[-1].reason == "Mangler avtale"
    assert notified == [
        (
            "rejected",
            "ola.eiersen@bufdir.example",
            {
                "order_id": order.id,
                "type": wf.ACCESS,
                "state": wf.REJECTED,
                "reason": "Mangler avtale",
            },
        )
    ]


def test_whoever_must_act_next_is_told(webapp, tree, accounts, user_of, lmv_owner, notified):
    """Submitted: the pending domain's owners; approved: the service desk."""
    owner = user_of(accounts["eier.bufdir"].dn)
    data = access_data(write_domains=["Legemiddelverket"])
    order = orders.submit(webapp, tree, owner, wf.ACCESS, data, notified)
    assert notified.kinds() == [("approval_needed", f"{lmv_owner.username}@test.example")]
    assert notified[0][2]["domains"] == ["Legemiddelverket"]
    orders.act(webapp, tree, order.id, user_of(lmv_owner.dn), wf.APPROVE, notify=notified)
    assert notified.kinds()[1:] == [("ready_for_servicedesk", "brukerservice@seres.example")]


def test_owners_are_asked_once_and_the_desk_hears_of_a_ready_order_withdrawn(
    webapp, tree, accounts, user_of, lmv_owner, notified
):
    """A partial approval asks nobody again; withdrawing a ready order tells the desk,
    an order awaiting approval nobody."""
    owner = user_of(accounts["eier.bufdir"].dn)
    desk = user_of(accounts["brukerservice"].dn)
    order = orders.submit(webapp, tree, desk, wf.ACCESS, access_data(), notified)
    assert {kind for kind, _ in notified.kinds()} == {"approval_needed"}
    del notified[:]
    orders.act(webapp, tree, order.id, owner, wf.APPROVE, notify=notified)
    assert notified == []
    orders.act(webapp, tree, order.id, desk, wf.WITHDRAW, notify=notified)
    assert notified == []
    ready = orders.submit(
        webapp, tree, owner, wf.ACCESS, access_data(access="read", write_domains=[])
    )
    orders.act(webapp, tree, ready.id, owner, wf.WITHDRAW, notify=notified)
    assert notified == [
        (
            "withdrawn",
            "brukerservice@seres.example",
            {"order_id": ready.id, "type": wf.ACCESS, "state": wf.WITHDRAWN},
        )
    ]


def test_a_step_refused_by_the_workflow_writes_nothing(webapp, tree, accounts, user_of):
    """A stranger cannot order access, nor approve, nor withdraw another's order."""
    stranger = user_of(accounts["leser.prod"].dn)
    with pytest.raises(wf.NotAllowed):
        orders.submit(webapp, tree, stranger, wf.ACCESS, access_data())
    owner = user_of(accounts["eier.bufdir"].dn)
    order = orders.submit(webapp, tree, owner, wf.ACCESS, access_data())
    for action in (wf.APPROVE, wf.WITHDRAW, wf.REJECT):
        with pytest.raises(wf.NotAllowed):
            orders.act(webapp, tree, order.id, stranger, action, "x")
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
    orders.record(webapp, tree, claimed, desk.dn, stopped)
    orders.act(webapp, tree, first.id, orderer, wf.WITHDRAW)
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


def test_an_owner_ordering_for_their_own_domain_is_not_asked_to_approve_it(
    webapp, tree, accounts, user_of, notified
):
    """Four eyes: the order waits for another owner; the orderer is neither told nor listed."""
    owner = user_of(accounts["eier.bufdir"].dn)
    data = access_data(write_domains=["BUFdir"])
    order = orders.submit(webapp, tree, owner, wf.ACCESS, data, notified)
    assert (order.state, order.pending) == (wf.AWAITING_OWNER, ("BUFdir",))
    assert ("approval_needed", "ola.eiersen@bufdir.example") not in notified.kinds()
    assert order.id not in [o.id for o in orders.awaiting_approval(webapp, tree, owner)]
    with pytest.raises(wf.NotAllowed):
        orders.act(webapp, tree, order.id, owner, wf.APPROVE)


def test_the_desk_approves_for_an_owner_naming_them_and_how_and_the_owners_are_told(
    webapp, tree, accounts, user_of, lmv_owner, notified
):
    """Without the owner or the reference: Invalid, nothing written; with them: in the
    history, and every owner of the domain hears of it."""
    owner = user_of(accounts["eier.bufdir"].dn)
    desk = user_of(accounts["brukerservice"].dn)
    data = access_data(write_domains=["Legemiddelverket"])
    order = orders.submit(webapp, tree, owner, wf.ACCESS, data)
    with pytest.raises(Invalid) as caught:
        orders.act(webapp, tree, order.id, desk, wf.APPROVE, "", on_behalf=lmv_owner.username)
    assert caught.value.codes() == {"reference": ["required"]}
    with pytest.raises(Invalid) as caught:
        orders.act(webapp, tree, order.id, desk, wf.APPROVE, "Telefon", on_behalf="eier.bufdir")
    assert caught.value.codes() == {"owner": ["not_owner_of"]}
    assert orders.get_order(webapp, tree, order.id) == order
    done = orders.act(
        webapp, tree, order.id, desk, wf.APPROVE, "Telefon 2. mars", notified,
        on_behalf=lmv_owner.username,
    )  # fmt: skip
    assert done.state == wf.READY
    event = done.events[-1]
    assert (event.actor, event.reason) == (desk.dn, "Telefon 2. mars")
    assert event.data["on_behalf_of"] == lmv_owner.dn
    told = [(k, a) for k, a in notified.kinds() if k == "approved_on_behalf"]
    assert told == [("approved_on_behalf", f"{lmv_owner.username}@test.example")]
