"""The ordering workflow: every transition and every permission, as tables."""

import datetime as dt

import pytest

from directory.access import Access, EnvironmentAccess
from directory.entries import Order, OrderEvent
from directory.orders import workflow as wf
from directory.orders.workflow import SYSTEM, Actor

ORDERER = "uid=orderer,ou=people,dc=seres,dc=example"
DESK = Actor("uid=desk,ou=people,dc=seres,dc=example", servicedesk=True)
BUF_OWNER = Actor("uid=buf,ou=people,dc=seres,dc=example", frozenset({"bufdir"}))
LMV_OWNER = Actor("uid=lmv,ou=people,dc=seres,dc=example", frozenset({"legemiddelverket"}))
BOTH_OWNER = Actor(
    "uid=both,ou=people,dc=seres,dc=example", frozenset({"bufdir", "legemiddelverket"})
)
STRANGER = Actor("uid=stranger,ou=people,dc=seres,dc=example")
# The orderer owns BUFdir (the person's service owner) and asks for write to
# BUFdir and Legemiddelverket: only Legemiddelverket's owners must approve.
THE_ORDERER = Actor(ORDERER, frozenset({"bufdir"}))
USERS = {
    "orderer": THE_ORDERER,
    "desk": DESK,
    "buf_owner": BUF_OWNER,
    "lmv_owner": LMV_OWNER,
    "stranger": STRANGER,
    "system": SYSTEM,
}

ACCESS_DETAILS = {
    "service_owner": "BUFdir",
    "access": "write",
    "write_domains": ["BUFdir", "Legemiddelverket"],
}


AT = dt.datetime(2026, 3, 2, tzinfo=dt.UTC)


def history(*steps):
    """Events from (event, data) pairs, numbered in order."""
    return tuple(OrderEvent(n, AT, ORDERER, e, "", d) for n, (e, d) in enumerate(steps, 1))


# What the default order went through: submitted awaiting Legemiddelverket's
# owners, who approved (unless it still awaits them).
SUBMITTED_FOR_LMV = (wf.SUBMITTED, {"pending": ["Legemiddelverket"]})
APPROVED_BY_LMV = (wf.APPROVED, {"domains": ["Legemiddelverket"]})


def order(state, pending=(), kind=wf.ACCESS, details=None, events=None, orderer=ORDERER):
    details = details or ACCESS_DETAILS
    if events is None:
        approved = state != wf.AWAITING_OWNER and kind == wf.ACCESS
        events = history(SUBMITTED_FOR_LMV, *([APPROVED_BY_LMV] if approved else []))
    return Order(
        dn="seresOrderId=x,ou=orders,dc=seres,dc=example",
        id="x",
        type=kind,
        state=state,
        orderer=orderer,
        details=details,
        revision=1,
        created=dt.datetime(2026, 3, 2, tzinfo=dt.UTC),
        domains=wf.concerned_domains(kind, details),
        pending=tuple(pending),
        events=events,
    )


# (state, pending, who) -> the actions they may take.
ALLOWED = [
    (wf.AWAITING_OWNER, ["Legemiddelverket"], "orderer", {wf.WITHDRAW}),
    (wf.AWAITING_OWNER, ["Legemiddelverket"], "desk", {wf.APPROVE, wf.REJECT}),
    (wf.AWAITING_OWNER, ["Legemiddelverket"], "lmv_owner", {wf.APPROVE, wf.REJECT}),
    (wf.AWAITING_OWNER, ["Legemiddelverket"], "buf_owner", set()),
    (wf.AWAITING_OWNER, ["Legemiddelverket"], "stranger", set()),
    (wf.AWAITING_OWNER, ["Legemiddelverket"], "system", set()),
    (wf.READY, [], "orderer", {wf.WITHDRAW}),
    (wf.READY, [], "desk", {wf.REJECT, wf.PROVISION}),
    (wf.READY, [], "lmv_owner", set()),
    (wf.READY, [], "stranger", set()),
    (wf.READY, [], "system", {wf.PROVISION}),
    (wf.COMPLETED, [], "orderer", set()),
    (wf.COMPLETED, [], "desk", {wf.PROVISION}),
    (wf.COMPLETED, [], "lmv_owner", set()),
    (wf.COMPLETED, [], "system", set()),
    (wf.REJECTED, [], "orderer", set()),
    (wf.REJECTED, [], "desk", set()),
    (wf.REJECTED, [], "system", set()),
    (wf.WITHDRAWN, [], "orderer", set()),
    (wf.WITHDRAWN, [], "desk", set()),
    (wf.WITHDRAWN, [], "lmv_owner", set()),
    # Being carried out (claimed a minute ago): nobody, not even to withdraw.
    (wf.PROVISIONING, [], "orderer", set()),
    (wf.PROVISIONING, [], "desk", set()),
    (wf.PROVISIONING, [], "lmv_owner", set()),
    (wf.PROVISIONING, [], "system", set()),
]
# The tables' "now": a minute after the orders' events.
NOW = AT + dt.timedelta(minutes=1)


@pytest.mark.parametrize(("state", "pending", "who", "actions"), ALLOWED)
def test_each_person_may_take_exactly_these_actions(state, pending, who, actions):
    """Approve/reject by the pending domain's owners or the desk; provision by the desk
    (or the app itself once ready); withdraw by the orderer while open."""
    assert wf.allowed(order(state, pending), USERS[who], NOW) == actions


@pytest.mark.parametrize(("state", "pending", "who", "actions"), ALLOWED)
def test_an_action_not_allowed_is_refused(state, pending, who, actions):
    """decide() raises NotAllowed for every action outside the allowed set."""
    for action in set(wf.ACTIONS) - actions:
        with pytest.raises(wf.NotAllowed):
            wf.decide(order(state, pending), USERS[who], action, "reason", now=NOW)


# (state, pending, who, action) -> (new state, new pending, event)
TRANSITIONS = [
    (
        wf.AWAITING_OWNER,
        ["Legemiddelverket"],
        "lmv_owner",
        wf.APPROVE,
        (wf.READY, (), wf.APPROVED),
    ),
    (wf.AWAITING_OWNER, ["Legemiddelverket"], "desk", wf.APPROVE, (wf.READY, (), wf.APPROVED)),
    (
        wf.AWAITING_OWNER,
        ["BUFdir", "Legemiddelverket"],
        "lmv_owner",
        wf.APPROVE,
        (wf.AWAITING_OWNER, ("BUFdir",), wf.APPROVED),
    ),
    (
        wf.AWAITING_OWNER,
        ["Legemiddelverket"],
        "lmv_owner",
        wf.REJECT,
        (wf.REJECTED, (), wf.REJECTED),
    ),
    (wf.AWAITING_OWNER, ["Legemiddelverket"], "desk", wf.REJECT, (wf.REJECTED, (), wf.REJECTED)),
    (
        wf.AWAITING_OWNER,
        ["Legemiddelverket"],
        "orderer",
        wf.WITHDRAW,
        (wf.WITHDRAWN, (), wf.WITHDRAWN),
    ),
    (wf.READY, [], "orderer", wf.WITHDRAW, (wf.WITHDRAWN, (), wf.WITHDRAWN)),
    (wf.READY, [], "desk", wf.REJECT, (wf.REJECTED, (), wf.REJECTED)),
    # Provisioning first claims the order (provisioned() completes it).
    (wf.READY, [], "desk", wf.PROVISION, (wf.PROVISIONING, (), wf.PROVISIONING_STARTED)),
    (wf.READY, [], "system", wf.PROVISION, (wf.PROVISIONING, (), wf.PROVISIONING_STARTED)),
    (wf.COMPLETED, [], "desk", wf.PROVISION, (wf.COMPLETED, (), wf.REPROVISIONED)),
]


@pytest.mark.parametrize(("state", "pending", "who", "action", "expected"), TRANSITIONS)
def test_each_action_leads_to_its_state(state, pending, who, action, expected):
    """The state machine's transitions, with the event each records."""
    behalf = "uid=eier,ou=people,dc=seres,dc=example" if who == "desk" else ""
    change = wf.decide(order(state, pending), USERS[who], action, "fordi", on_behalf=behalf)
    assert (change.state, change.pending, change.event) == expected
    assert change.reason == "fordi"


def test_a_claimed_order_ends_completed_or_ready_again():
    """provisioned(): completed, with what was made; provisioning_stopped(): ready, the reason."""
    claimed = order(wf.PROVISIONING)
    done = wf.provisioned(claimed, {"changes": ["x"]})
    assert (done.state, done.pending, done.event, done.data) == (
        wf.COMPLETED,
        (),
        wf.PROVISIONED,
        {"changes": ["x"]},
    )
    stopped = wf.provisioning_stopped(claimed, "slapd said no")
    assert (stopped.state, stopped.event, stopped.reason) == (
        wf.READY,
        wf.PROVISIONING_FAILED,
        "slapd said no",
    )
    for state in (wf.READY, wf.COMPLETED, wf.WITHDRAWN):
        with pytest.raises(wf.NotAllowed):
            wf.provisioned(order(state))
        with pytest.raises(wf.NotAllowed):
            wf.provisioning_stopped(order(state), "x")


def test_only_the_desk_takes_over_a_claim_whose_run_died():
    """After CLAIM_EXPIRES since the last event the desk may provision again (a new claim)
    or reject, the orderer withdraw; the app by itself never; before then nobody."""
    claimed = order(wf.PROVISIONING)
    later = AT + wf.CLAIM_EXPIRES
    before = later - dt.timedelta(seconds=1)
    assert not wf.claim_expired(claimed, before)
    assert wf.allowed(claimed, DESK, before) == wf.allowed(claimed, THE_ORDERER, before) == set()
    assert wf.claim_expired(claimed, later)
    assert wf.allowed(claimed, DESK, later) == {wf.PROVISION, wf.REJECT}
    assert wf.allowed(claimed, SYSTEM, later) == set()
    assert wf.allowed(claimed, THE_ORDERER, later) == {wf.WITHDRAW}
    assert wf.decide(claimed, THE_ORDERER, wf.WITHDRAW, now=later).state == wf.WITHDRAWN
    change = wf.decide(claimed, DESK, wf.PROVISION, now=later)
    assert (change.state, change.event) == (wf.PROVISIONING, wf.PROVISIONING_STARTED)
    assert not wf.claim_expired(order(wf.READY), later)


def test_an_owner_of_two_pending_domains_approves_both_at_once():
    """One approval covers every pending domain the person owns, and says which."""
    change = wf.decide(
        order(wf.AWAITING_OWNER, ["BUFdir", "Legemiddelverket"]), BOTH_OWNER, wf.APPROVE
    )
    assert change.state == wf.READY
    assert change.data == {"domains": ["BUFdir", "Legemiddelverket"]}


READ_DETAILS = {"service_owner": "BUFdir", "access": "read", "write_domains": []}
OWN_WRITE = ACCESS_DETAILS | {"write_domains": ["BUFdir"]}
DOMAIN_ORDER = {"name": "Ny", "owner_dns": [ORDERER]}


@pytest.mark.parametrize(
    ("kind", "details", "events", "by_itself"),
    [
        # Write access approved by the owners who had to approve it.
        (wf.ACCESS, ACCESS_DETAILS, [SUBMITTED_FOR_LMV, APPROVED_BY_LMV], True),
        # ... by the desk for them (it approves for all).
        (
            wf.ACCESS,
            ACCESS_DETAILS,
            [SUBMITTED_FOR_LMV, (wf.APPROVED, {"domains": ["LEGEMIDDELVERKET"]})],
            True,
        ),
        # Ready although nobody approved: not by itself.
        (wf.ACCESS, ACCESS_DETAILS, [SUBMITTED_FOR_LMV], False),
        (
            wf.ACCESS,
            ACCESS_DETAILS,
            [SUBMITTED_FOR_LMV, (wf.APPROVED, {"domains": ["BUFdir"]})],
            False,
        ),
        # Write to the orderer's own domain needed nobody's approval.
        (wf.ACCESS, OWN_WRITE, [(wf.SUBMITTED, {"pending": []})], True),
        # An order stored without the record: every write domain needs approval.
        (wf.ACCESS, OWN_WRITE, [(wf.SUBMITTED, {})], False),
        (wf.ACCESS, OWN_WRITE, [(wf.SUBMITTED, {}), (wf.APPROVED, {"domains": ["BUFdir"]})], True),
        # Read access and refreshes need no approval.
        (wf.ACCESS, READ_DETAILS, [(wf.SUBMITTED, {})], True),
        (wf.REFRESH, {"domain": "BUFdir"}, [(wf.SUBMITTED, {"pending": []})], True),
        # Never a new domain: anyone may order one; the desk's review is the gate.
        (wf.DOMAIN, DOMAIN_ORDER, [(wf.SUBMITTED, {"pending": []})], False),
    ],
)
def test_the_app_provisions_by_itself_only_what_the_owners_approved_and_no_domain(
    kind, details, events, by_itself
):
    """SYSTEM may provision a ready order only if approved where needed, never a domain;
    the desk may provision each of them."""
    ready = order(wf.READY, kind=kind, details=details, events=history(*events))
    assert wf.provisions_by_itself(ready) is by_itself
    assert (wf.PROVISION in wf.allowed(ready, SYSTEM)) is by_itself
    assert wf.PROVISION in wf.allowed(ready, DESK)
    if not by_itself:
        with pytest.raises(wf.NotAllowed):
            wf.decide(ready, SYSTEM, wf.PROVISION)


def test_a_new_order_keeps_the_domains_that_need_approval():
    """The submitted event's data names them: what owners_approved checks later."""
    assert wf.submitted(THE_ORDERER, wf.ACCESS, ACCESS_DETAILS).data == {
        "pending": ["BUFdir", "Legemiddelverket"]
    }
    assert wf.submitted(STRANGER, wf.DOMAIN, {"name": "Ny"}).data == {"pending": []}


def test_a_rejection_needs_a_reason():
    """The orderer must see why."""
    with pytest.raises(wf.NotAllowed):
        wf.decide(order(wf.READY), DESK, wf.REJECT, "")


# (who, kind, details) -> may order
ACCESS_BUF = {"service_owner": "BUFdir", "access": "read", "write_domains": []}
REFRESH_BUF = {"domain": "BUFdir"}
MAY_ORDER = [
    ("stranger", wf.DOMAIN, {"name": "Ny"}, True),
    ("desk", wf.DOMAIN, {"name": "Ny"}, True),
    ("system", wf.DOMAIN, {"name": "Ny"}, False),
    ("desk", wf.ACCESS, ACCESS_BUF, True),
    ("buf_owner", wf.ACCESS, ACCESS_BUF, True),
    ("lmv_owner", wf.ACCESS, ACCESS_BUF, False),
    ("stranger", wf.ACCESS, ACCESS_BUF, False),
    ("desk", wf.REFRESH, REFRESH_BUF, True),
    ("buf_owner", wf.REFRESH, REFRESH_BUF, True),
    ("lmv_owner", wf.REFRESH, REFRESH_BUF, False),
    ("stranger", wf.REFRESH, REFRESH_BUF, False),
]


@pytest.mark.parametrize(("who", "kind", "details", "expected"), MAY_ORDER)
def test_who_may_place_which_order(who, kind, details, expected):
    """Domains: anyone signed in; access and refresh: the domain's owners or the desk."""
    assert wf.may_order(USERS[who], kind, details) is expected
    if not expected:
        with pytest.raises(wf.NotAllowed):
            wf.submitted(USERS[who], kind, details)


@pytest.mark.parametrize(
    ("who", "details", "expected"),
    [
        ("buf_owner", ACCESS_DETAILS, (wf.AWAITING_OWNER, ("BUFdir", "Legemiddelverket"))),
        ("desk", ACCESS_DETAILS, (wf.AWAITING_OWNER, ("BUFdir", "Legemiddelverket"))),
        # Four eyes: the orderer's own domain waits for another owner too.
        (
            "buf_owner",
            ACCESS_DETAILS | {"write_domains": ["BUFdir"]},
            (wf.AWAITING_OWNER, ("BUFdir",)),
        ),
        ("buf_owner", ACCESS_BUF, (wf.READY, ())),
    ],
)
def test_an_access_order_awaits_the_owners_of_every_write_domain(who, details, expected):
    """Write access waits for the owners of every domain, the orderer's own too; read needs none."""
    change = wf.submitted(USERS[who], wf.ACCESS, details)
    assert (change.state, change.pending) == expected
    assert change.event == wf.SUBMITTED


def test_domain_and_refresh_orders_go_straight_to_the_desk():
    """Nobody owns a new domain yet; a refresh is the owner's own request."""
    assert wf.submitted(STRANGER, wf.DOMAIN, {"name": "Ny"}).state == wf.READY
    assert wf.submitted(BUF_OWNER, wf.REFRESH, REFRESH_BUF).state == wf.READY


NAMED_OWNER = Actor("uid=named,ou=people,dc=seres,dc=example")
DOMAIN_DETAILS = {"name": "Ny", "owner_dns": [NAMED_OWNER.dn]}


@pytest.mark.parametrize(
    ("who", "kind", "visible"),
    [
        ("orderer", wf.ACCESS, True),
        ("desk", wf.ACCESS, True),
        ("buf_owner", wf.ACCESS, True),
        ("lmv_owner", wf.ACCESS, True),
        ("stranger", wf.ACCESS, False),
        ("system", wf.ACCESS, False),
        ("named", wf.DOMAIN, True),
        ("buf_owner", wf.DOMAIN, False),
        ("stranger", wf.DOMAIN, False),
        ("desk", wf.DOMAIN, True),
    ],
)
def test_nobody_sees_an_order_they_have_no_part_in(who, kind, visible):
    """Orderer, desk, owners of a concerned domain, a new domain's named owners."""
    users = USERS | {"named": NAMED_OWNER}
    details = DOMAIN_DETAILS if kind == wf.DOMAIN else ACCESS_DETAILS
    assert wf.can_see(order(wf.READY, kind=kind, details=details), users[who]) is visible


def test_a_user_is_made_from_their_access_in_the_directory():
    """Owner roles become owned domains (case-folded); the desk role is recognised."""
    access = Access((EnvironmentAccess("prod", True, ()),), ("owners-BUFdir", "servicedesk"))
    user = Actor.of("uid=x,ou=people,dc=seres,dc=example", access)
    assert user.owns_domain("BUFDIR") and user.servicedesk
    assert not user.owns_domain("Legemiddelverket")


def test_the_orderer_cannot_approve_their_own_order():
    """Four eyes: an owner of the pending domain who ordered it may not approve it."""
    own = order(wf.AWAITING_OWNER, ["BUFdir"], orderer=BUF_OWNER.dn)
    assert wf.APPROVE not in wf.allowed(own, BUF_OWNER, NOW)
    with pytest.raises(wf.NotAllowed):
        wf.decide(own, BUF_OWNER, wf.APPROVE, now=NOW)
    desk_own = order(wf.AWAITING_OWNER, ["BUFdir"], orderer=DESK.dn)
    assert wf.APPROVE not in wf.allowed(desk_own, DESK, NOW)


def test_the_desk_approves_for_an_owner_only_with_a_reference():
    """Which owner gave permission and how: kept in the approval's data and reason."""
    pending = order(wf.AWAITING_OWNER, ["Legemiddelverket"])
    for reason, behalf in (("", "uid=eier"), ("e-post 2. mars", ""), ("", "")):
        with pytest.raises(wf.NotAllowed):
            wf.decide(pending, DESK, wf.APPROVE, reason, now=NOW, on_behalf=behalf)
    change = wf.decide(pending, DESK, wf.APPROVE, "e-post 2. mars", now=NOW, on_behalf="uid=eier")
    assert change.data == {
        "domains": ["Legemiddelverket"],
        "on_behalf_of": "uid=eier",
        "for_domains": ["Legemiddelverket"],
    }
    assert change.reason == "e-post 2. mars"
