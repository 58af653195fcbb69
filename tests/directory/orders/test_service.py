"""The ordering use cases (directory.orders.service): one call each, who is told, and the
auto-provision rule; no Flask."""

import pytest

from directory.orders import service
from directory.orders import store as orders
from directory.orders import workflow as wf
from directory.orders.fields import Invalid
from tests.directory.orders.helpers import access_data

pytestmark = pytest.mark.usefixtures("clean_orders")


@pytest.fixture
def ctx(webapp, tree, notified):
    return service.Context(webapp, tree, notified)


def test_the_orderer_is_told_of_a_rejection_with_its_reason(ctx, accounts, user_of, notified):
    owner = user_of(accounts["eier.bufdir"].dn)
    desk = user_of(accounts["brukerservice"].dn)
    order = service.submit(ctx, owner, wf.ACCESS, access_data()).order
    del notified[:]
    outcome = service.act(ctx, order, desk, wf.REJECT, "Mangler avtale")
    assert (outcome.order.state, outcome.by_itself) == (wf.REJECTED, service.SKIPPED)
    assert notified == [
        (
            "rejected",
            "ola.eiersen@bufdir.example",
            {
                "order_id": order.id,
                "type": wf.ACCESS,
                "state": wf.REJECTED,
                "reason": "Mangler avtale",
                # Every e-mail names the order, its domains and the people concerned.
                "reference": order.reference,
                "concerns": ["BUFdir", "Legemiddelverket"],
                "person": "Nina Nybruker",
                "orderer": "Ola Eiersen",
            },
        )
    ]


def test_whoever_must_act_next_is_told(ctx, accounts, user_of, lmv_owner, notified):
    """Submitted: the pending domain's owners; approved: the service desk."""
    owner = user_of(accounts["eier.bufdir"].dn)
    data = access_data(write_domains=["Legemiddelverket"])
    order = service.submit(ctx, owner, wf.ACCESS, data).order
    assert notified.kinds() == [("approval_needed", f"{lmv_owner.username}@test.example")]
    assert notified[0][2]["domains"] == ["Legemiddelverket"]
    service.act(ctx, order, user_of(lmv_owner.dn), wf.APPROVE)
    assert notified.kinds()[1:] == [("ready_for_servicedesk", "brukerservice@seres.example")]


def test_owners_are_asked_once_and_the_desk_hears_of_a_ready_order_withdrawn(
    ctx, accounts, user_of, lmv_owner, notified
):
    """A partial approval asks nobody again; withdrawing a ready order tells the desk,
    an order awaiting approval nobody."""
    owner = user_of(accounts["eier.bufdir"].dn)
    desk = user_of(accounts["brukerservice"].dn)
    order = service.submit(ctx, desk, wf.ACCESS, access_data()).order
    assert {kind for kind, _ in notified.kinds()} == {"approval_needed"}
    del notified[:]
    order = service.act(ctx, order, owner, wf.APPROVE).order
    assert notified == []
    service.act(ctx, order, desk, wf.WITHDRAW)
    assert notified == []
    ready = orders.submit(
        ctx.ldap, ctx.tree, owner, wf.ACCESS, access_data(access="read", write_domains=[])
    )
    service.act(ctx, ready, owner, wf.WITHDRAW)
    assert notified == [
        (
            "withdrawn",
            "brukerservice@seres.example",
            {
                "order_id": ready.id,
                "type": wf.ACCESS,
                "state": wf.WITHDRAWN,
                "reference": ready.reference,
                "concerns": ["BUFdir"],
                "person": "Nina Nybruker",
                "orderer": "Ola Eiersen",
            },
        )
    ]


def test_with_the_rule_a_ready_refresh_is_carried_out_at_submit(ctx, accounts, user_of, notified):
    """auto_provision: the owner's refresh order for today is carried out in the same call
    (the refresh hook runs), and the desk is not asked; without the rule it waits, and the
    desk is told."""
    owner = user_of(accounts["eier.bufdir"].dn)
    calls = []
    auto = service.Context(
        ctx.ldap, ctx.tree, ctx.notify, refresh=lambda **kw: calls.append(kw), auto_provision=True
    )
    done = service.submit(auto, owner, wf.REFRESH, {"domain": "BUFdir", "reason": "kurs"})
    assert (done.order.state, done.by_itself) == (wf.COMPLETED, service.DONE)
    assert [c["domain"] for c in calls] == ["BUFdir"]
    assert ("ready_for_servicedesk", "brukerservice@seres.example") not in notified.kinds()
    waiting = service.submit(ctx, owner, wf.REFRESH, {"domain": "BUFdir", "reason": "kurs"})
    assert (waiting.order.state, waiting.by_itself) == (wf.READY, service.SKIPPED)
    assert ("ready_for_servicedesk", "brukerservice@seres.example") in notified.kinds()


def test_a_refresh_that_stops_leaves_the_order_ready_and_tells_the_desk(
    ctx, accounts, user_of, notified
):
    def broken(**kw):
        raise service.ProvisioningError("refresh_failures", "failed", domain="BUFdir", count=1)

    owner = user_of(accounts["eier.bufdir"].dn)
    auto = service.Context(ctx.ldap, ctx.tree, ctx.notify, refresh=broken, auto_provision=True)
    stopped = service.submit(auto, owner, wf.REFRESH, {"domain": "BUFdir", "reason": "kurs"})
    assert (stopped.order.state, stopped.by_itself) == (wf.READY, service.STOPPED)
    assert stopped.order.events[-1].event == wf.PROVISIONING_FAILED
    assert ("ready_for_servicedesk", "brukerservice@seres.example") in notified.kinds()


def test_the_desk_carries_out_the_loaded_order(ctx, accounts, user_of, notified):
    owner = user_of(accounts["eier.bufdir"].dn)
    desk = user_of(accounts["brukerservice"].dn)
    calls = []
    hooked = service.Context(ctx.ldap, ctx.tree, ctx.notify, refresh=lambda **kw: calls.append(kw))
    order = service.submit(hooked, owner, wf.REFRESH, {"domain": "BUFdir", "reason": "kurs"}).order
    done = service.carry_out(hooked, order, desk)
    assert (done.order.state, done.by_itself) == (wf.COMPLETED, service.DONE)
    assert done.order == orders.get_order(ctx.ldap, ctx.tree, order.id)
    assert ("completed", "ola.eiersen@bufdir.example") in notified.kinds()


def test_the_carry_out_button_goes_through_act_too(ctx, accounts, user_of):
    """act is the one call for every button on an order: PROVISION carries it out."""
    owner = user_of(accounts["eier.bufdir"].dn)
    desk = user_of(accounts["brukerservice"].dn)
    hooked = service.Context(ctx.ldap, ctx.tree, ctx.notify, refresh=lambda **kw: None)
    order = service.submit(hooked, owner, wf.REFRESH, {"domain": "BUFdir", "reason": "kurs"}).order
    done = service.act(hooked, order, desk, wf.PROVISION)
    assert (done.order.state, done.by_itself) == (wf.COMPLETED, service.DONE)


def test_an_owner_ordering_for_their_own_domain_is_not_asked_to_approve_it(
    ctx, webapp, tree, accounts, user_of, notified
):
    """Four eyes: the order waits for another owner; the orderer is neither told nor listed."""
    owner = user_of(accounts["eier.bufdir"].dn)
    data = access_data(write_domains=["BUFdir"])
    order = service.submit(ctx, owner, wf.ACCESS, data).order
    assert (order.state, order.pending) == (wf.AWAITING_OWNER, ("BUFdir",))
    assert ("approval_needed", "ola.eiersen@bufdir.example") not in notified.kinds()
    assert order.id not in [o.id for o in orders.awaiting_approval(webapp, tree, owner)]
    with pytest.raises(wf.NotAllowed):
        service.act(ctx, order, owner, wf.APPROVE)


def test_the_desk_approves_for_an_owner_naming_them_and_how_and_the_owners_are_told(
    ctx, webapp, tree, accounts, user_of, lmv_owner, notified
):
    """Without the owner or the reference: Invalid, nothing written; with them: in the
    history, and every owner of the domain hears of it."""
    owner = user_of(accounts["eier.bufdir"].dn)
    desk = user_of(accounts["brukerservice"].dn)
    data = access_data(write_domains=["Legemiddelverket"])
    order = service.submit(ctx, owner, wf.ACCESS, data).order
    with pytest.raises(Invalid) as caught:
        service.act(ctx, order, desk, wf.APPROVE, "", on_behalf=lmv_owner.username)
    assert caught.value.codes() == {"reference": ["required"]}
    with pytest.raises(Invalid) as caught:
        service.act(ctx, order, desk, wf.APPROVE, "Telefon", on_behalf="eier.bufdir")
    assert caught.value.codes() == {"owner": ["not_owner_of"]}
    assert orders.get_order(webapp, tree, order.id) == order
    del notified[:]
    done = service.act(
        ctx, order, desk, wf.APPROVE, "Telefon 2. mars", on_behalf=lmv_owner.username
    ).order
    assert done.state == wf.READY
    event = done.events[-1]
    assert (event.actor, event.reason) == (desk.dn, "Telefon 2. mars")
    assert event.data["on_behalf_of"] == lmv_owner.dn
    told = [(k, a) for k, a in notified.kinds() if k == "approved_on_behalf"]
    assert told == [("approved_on_behalf", f"{lmv_owner.username}@test.example")]
