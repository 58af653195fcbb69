"""Provisioning from the web: by itself once ready, the refresh hook, e-mail by real SMTP."""

import datetime as dt
import json
import re

import pytest
from aiosmtpd.controller import Controller

from directory.domains import get_domain
from directory.orders import service
from directory.orders import store as orders
from directory.orders import workflow as wf
from directory.orders.service import future_date
from directory.server.slapd import free_port
from tests.support import web_sign_in
from tests.webapp.orders.conftest import new_app
from tests.webapp.orders.helpers import (
    access_data,
    buttons,
    domain_data,
    mails,
    order_id_of,
    press,
    state_of,
    submit,
    unique,
)


@pytest.fixture
def auto_provision(module_app):
    module_app.config["SERES_AUTO_PROVISION"] = True
    yield
    module_app.config["SERES_AUTO_PROVISION"] = False


def events(manager, tree, order_id) -> list[dict]:
    values = manager.read(tree.order(order_id), ["seresOrderEvent"])
    found = [json.loads(str(v)) for v in values["seresOrderEvent"]]
    return sorted(found, key=lambda e: e["n"])


def test_with_the_setting_an_approved_order_is_carried_out_by_itself(
    roles, signed_in, manager, tree, orders_cleaned, cleanup, auto_provision, trained
):
    """SERES_AUTO_PROVISION: the owner's approval completes it; the history names the app."""
    username = unique("auto.")
    cleanup.people.append(username)
    trained(username)  # write access in production needs a course
    data = access_data(username, service_owner="Legemiddelverket", write_domains=["BUFdir"])
    order_id = order_id_of(submit(signed_in(roles.lmv_owner), "/orders/new/access", data))
    assert state_of(manager, tree, order_id) == "awaiting_owner"
    assert press(signed_in(roles.owner), order_id, "approve").status_code == 303
    assert state_of(manager, tree, order_id) == "completed"
    assert manager.exists(tree.person(username))
    assert events(manager, tree, order_id)[-1]["actor"].startswith("cn=webapp,")


def test_with_the_setting_a_domain_order_still_waits_for_the_desk(
    roles, signed_in, manager, tree, orders_cleaned, cleanup, auto_provision
):
    """Anyone may order a domain: a reader naming themself its owner does not become one;
    the desk's review is the gate."""
    name = unique("Selv")
    cleanup.domains.append(name)
    order_id = order_id_of(
        submit(
            signed_in(roles.reader),
            "/orders/new/domain",
            domain_data(name, roles.reader.username),
        )
    )
    assert state_of(manager, tree, order_id) == "ready"
    assert [e["event"] for e in events(manager, tree, order_id)] == ["submitted"]
    assert get_domain(manager, tree, "prod", name) is None
    assert not manager.exists(tree.owners(name))
    assert "provision" in buttons(signed_in(roles.desk), order_id)


def test_with_the_setting_write_access_another_owner_approved_is_carried_out(
    roles, people, signed_in, manager, tree, orders_cleaned, cleanup, auto_provision, trained
):
    """Four eyes: the orderer's own domain waits for a co-owner; once they approve, the
    order is carried out at once."""
    username = unique("egen.")
    cleanup.people.append(username)
    trained(username)  # write access in production needs a course
    co_owner = people.make(tree.owners("BUFdir"), tree.readers("prod"))
    order_id = order_id_of(
        submit(signed_in(roles.owner), "/orders/new/access", access_data(username))
    )
    assert state_of(manager, tree, order_id) == "awaiting_owner"
    assert "approve" not in buttons(signed_in(roles.owner), order_id)
    assert press(signed_in(co_owner), order_id, "approve").status_code == 303
    assert state_of(manager, tree, order_id) == "completed"
    assert [e["event"] for e in events(manager, tree, order_id)] == [
        "submitted",
        "approved",
        "provisioning_started",
        "account",
        "provisioned",
    ]


@pytest.fixture
def withdrawn_meanwhile(monkeypatch, webapp, tree):
    """The orderer withdraws the order just before the app carries it out by itself."""
    real = service.carry_out

    def run(ctx, order, actor):
        orders.act(webapp, tree, order, wf.Actor(order.orderer), wf.WITHDRAW)
        return real(ctx, order, actor)

    monkeypatch.setattr(service, "carry_out", run)


def test_an_order_changed_before_the_app_carries_it_out_stays_as_it_is(
    roles, signed_in, manager, tree, orders_cleaned, auto_provision, withdrawn_meanwhile
):
    """Submitted, then withdrawn before by_itself runs: the orderer gets their page, not a 500;
    nothing is made."""
    username = unique("trukket.")
    response = submit(
        signed_in(roles.owner),
        "/orders/new/access",
        access_data(username, access="read", write_domains=[]),
    )
    order_id = order_id_of(response)
    assert state_of(manager, tree, order_id) == "withdrawn"
    assert not manager.exists(tree.person(username))


def test_an_approval_stands_when_the_order_changes_before_it_is_carried_out(
    roles, signed_in, manager, tree, orders_cleaned, auto_provision, withdrawn_meanwhile
):
    """The owner's approval succeeded; by_itself then finds the order withdrawn: 303, not 403."""
    username = unique("godkjent.")
    data = access_data(username, service_owner="Legemiddelverket", write_domains=["BUFdir"])
    order_id = order_id_of(submit(signed_in(roles.lmv_owner), "/orders/new/access", data))
    response = press(signed_in(roles.owner), order_id, "approve")
    assert response.status_code == 303
    assert [e["event"] for e in events(manager, tree, order_id)] == [
        "submitted",
        "approved",
        "withdrawn",
    ]
    assert not manager.exists(tree.person(username))


def test_without_the_setting_a_ready_order_waits_for_the_desk(
    roles, signed_in, manager, tree, orders_cleaned
):
    """The default: ready, nothing made."""
    name = unique("Wait")
    order_id = order_id_of(
        submit(
            signed_in(roles.reader), "/orders/new/domain", domain_data(name, roles.owner.username)
        )
    )
    assert state_of(manager, tree, order_id) == "ready"
    assert get_domain(manager, tree, "prod", name) is None


def test_a_completed_refresh_order_refreshes_that_one_domain(
    roles, signed_in, manager, tree, orders_cleaned
):
    """Provisioning a refresh order copies BUFdir's production subtree into course, nothing else."""
    prod_entry = f"cn=refresh-order-model,{tree.domain('prod', 'BUFdir')}"
    other_prod = f"cn=refresh-order-model,{tree.domain('prod', 'Legemiddelverket')}"
    course_entry = prod_entry.replace("ou=prod", "ou=course")
    other_course = other_prod.replace("ou=prod", "ou=course")
    for dn in (prod_entry, other_prod):
        manager.add(dn, ["applicationProcess"], {"cn": "refresh-order-model"})
    try:
        order_id = order_id_of(
            submit(
                signed_in(roles.owner),
                "/orders/new/refresh",
                {"domain": "BUFdir", "reason": "Kurs"},
            )
        )
        response = press(signed_in(roles.desk), order_id, "provision")
        assert response.status_code == 303
        assert state_of(manager, tree, order_id) == "completed"
        assert manager.exists(course_entry)
        assert not manager.exists(other_course)
        runs = manager.search(
            f"ou=runs,ou=sync,{tree.suffix}", "(objectClass=*)", ["*"], scope="one"
        )
        assert any(order_id in str(values) for _, values in runs)
    finally:
        for dn in (course_entry, prod_entry, other_prod):
            if manager.exists(dn):
                manager.delete(dn)


def test_a_refresh_for_a_later_day_waits_for_that_day(
    roles, signed_in, manager, tree, orders_cleaned, auto_provision
):
    """Not carried out by itself before its date; pressed early, the hook refuses."""
    when = (dt.date.today() + dt.timedelta(days=7)).isoformat()
    order_id = order_id_of(
        submit(
            signed_in(roles.owner),
            "/orders/new/refresh",
            {"domain": "BUFdir", "when": when, "reason": "Kurs neste uke"},
        )
    )
    assert [e["event"] for e in events(manager, tree, order_id)] == ["submitted"]
    press(signed_in(roles.desk), order_id, "provision")
    last = events(manager, tree, order_id)[-1]
    assert last["event"] == "provisioning_failed" and when in last["reason"]
    assert state_of(manager, tree, order_id) == "ready"


def test_a_refresh_date_is_later_only_after_today():
    """Today and no date mean now; tomorrow is later."""
    today = dt.date(2026, 3, 2)
    assert not future_date(None, today)
    assert not future_date("2026-03-02", today)
    assert future_date("2026-03-03", today)


def test_today_for_a_refresh_date_is_oslo_s_day():
    """At 23:30 UTC in March it is already the next day in Oslo (UTC+1), and in
    summer (UTC+2) from 22:00; an order for that Oslo day is due then, not later."""
    assert service.oslo_today(dt.datetime(2026, 3, 2, 23, 30, tzinfo=dt.UTC)) == dt.date(2026, 3, 3)
    assert service.oslo_today(dt.datetime(2026, 7, 1, 22, 0, tzinfo=dt.UTC)) == dt.date(2026, 7, 2)
    assert service.oslo_today(dt.datetime(2026, 7, 1, 21, 59, tzinfo=dt.UTC)) == dt.date(2026, 7, 1)


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, envelope.content.decode()))
        return "250 OK"


def test_order_e_mails_reach_a_real_smtp_server(
    settings_for, accounts, tmp_path, binder, make_person, tree, manager, orders_cleaned
):
    """With the smtp backend, the desk's 'ready' e-mail arrives, in bokmål, with the link."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        desk = make_person(groups=(tree.servicedesk,))
        orderer = make_person()
        app = new_app(
            settings_for(accounts["webapp"]),
            tmp_path,
            SERES_NOTIFY={
                "email": "smtp",
                "smtp_host": "127.0.0.1",
                "smtp_port": controller.port,
                "smtp_security": "none",
            },
        )
        client = app.test_client()
        assert web_sign_in(client, binder, orderer).status_code == 303
        name = unique("Smtp")
        order_id = order_id_of(
            submit(client, "/orders/new/domain", domain_data(name, orderer.username))
        )
        app.extensions["seres_service_pool"].close_all()
    finally:
        controller.stop()
    to_desk = [body for rcpt, body in inbox.messages if f"{desk.username}@test.example" in rcpt]
    assert len(to_desk) == 1
    # The order by its reference, the domain, who ordered it, and a sign-off with the contact.
    assert re.search(
        r"Subject: SERES: bestilling B-\d{4}-\d{4} er klar for brukerservice", to_desk[0]
    )
    assert f"/orders/{order_id}" in to_desk[0]
    assert f"Domene: {name}" in to_desk[0]
    assert f"Bestilt av: Test {orderer.username}" in to_desk[0]
    assert "Med vennlig hilsen\r\nSERES brukerservice\r\nbrukerservice@seres.example" in to_desk[0]


def test_an_order_being_carried_out_cannot_be_withdrawn_and_says_so(
    roles, signed_in, webapp, manager, tree, orders_cleaned
):
    """Claimed by a run: the page says so, with no buttons; a withdraw pressed on the page
    read before the claim is answered with a message (303), and nothing changes."""
    orderer = signed_in(roles.owner)
    order_id = order_id_of(
        submit(
            orderer,
            "/orders/new/access",
            access_data(unique("krav."), access="read", write_domains=[]),
        )
    )
    html = orderer.get(f"/orders/{order_id}").get_data(as_text=True)
    token = re.search(
        rf'action="/orders/{order_id}/withdraw"[^>]*>\s*<input name="csrf_token" type="hidden" '
        r'value="([^"]+)"',
        html,
    ).group(1)
    order = orders.get_order(webapp, tree, order_id)
    orders.record(webapp, tree, order, webapp.bound_dn, wf.decide(order, wf.SYSTEM, wf.PROVISION))
    response = orderer.post(f"/orders/{order_id}/withdraw", data={"csrf_token": token})
    assert response.status_code == 303
    page = orderer.get(f"/orders/{order_id}").get_data(as_text=True)
    assert "Bestillingen blir gjennomført akkurat nå" in page
    assert "Under gjennomføring" in page and 'id="order-provisioning"' in page
    assert buttons(orderer, order_id) == set()
    assert buttons(signed_in(roles.desk), order_id) == set()
    assert state_of(manager, tree, order_id) == "provisioning"


def kinds_to(told, *people):
    """(kind, username) of each e-mail to these people, from the outbox's subjects."""
    return [m for m in told if any(m["to"] == f"{p.username}@test.example" for p in people)]


def test_with_the_setting_the_desk_is_not_asked_to_carry_out_what_is_done_already(
    roles, signed_in, module_app, manager, tree, orders_cleaned, cleanup, auto_provision, trained
):
    """Submitted ready and carried out at once: no 'ready' e-mail to the desk; the person
    and the orderer are told. The same after an approval that makes it ready."""
    username = unique("stille.")
    cleanup.people.append(username)
    before = len(mails(module_app))
    order_id = order_id_of(
        submit(
            signed_in(roles.owner),
            "/orders/new/access",
            access_data(username, access="read", write_domains=[]),
        )
    )
    assert state_of(manager, tree, order_id) == "completed"
    told = mails(module_app)[before:]
    assert kinds_to(told, roles.desk) == []
    assert [m["to"] for m in told] == [
        f"{username}@new.example",
        f"{roles.owner.username}@test.example",
    ]

    approved = unique("stille.")
    cleanup.people.append(approved)
    trained(approved)  # write access in production needs a course
    data = access_data(approved, service_owner="Legemiddelverket", write_domains=["BUFdir"])
    order_id = order_id_of(submit(signed_in(roles.lmv_owner), "/orders/new/access", data))
    before = len(mails(module_app))
    assert press(signed_in(roles.owner), order_id, "approve").status_code == 303
    assert state_of(manager, tree, order_id) == "completed"
    told = mails(module_app)[before:]
    assert kinds_to(told, roles.desk) == []
    assert [m["to"] for m in told] == [
        f"{approved}@new.example",
        f"{roles.lmv_owner.username}@test.example",
    ]


def test_with_the_setting_an_order_that_stops_is_sent_to_the_desk_once(
    roles, signed_in, module_app, manager, tree, orders_cleaned, auto_provision
):
    """Carrying it out by itself stops (a username of someone else): the desk is told
    it is ready, once, and nobody else."""
    before = len(mails(module_app))
    order_id = order_id_of(
        submit(
            signed_in(roles.owner),
            "/orders/new/access",
            access_data(roles.writer.username, access="read", write_domains=[]),
        )
    )
    assert state_of(manager, tree, order_id) == "ready"
    told = mails(module_app)[before:]
    assert [m["to"] for m in told if "brukerservice" in m["subject"]] == [m["to"] for m in told]
    assert [m["to"] for m in kinds_to(told, roles.desk)] == [f"{roles.desk.username}@test.example"]
