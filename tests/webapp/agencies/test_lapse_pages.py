"""The desk renews a lapsed agreement on the agency's page; the check's e-mails in words."""

import datetime as dt
import email
from email.header import decode_header, make_header

import pytest

from directory.agencies import lapse, store
from directory.agencies.agreements import ALTINN, Agreement
from directory.domains import create_domain
from directory.groups import members_of
from tests.support import post_form, web_sign_in
from webapp.agencies import mails

pytestmark = pytest.mark.usefixtures("clean_grants")
NUMBER = "923609016"
DOMAIN = "Avtalesider"
TODAY = dt.date.today()


@pytest.fixture
def lapsed(manager, webapp, tree, make_person):
    """An agency whose agreement ended yesterday, with a writer, checked (so suspended)."""
    store.add_agency(manager, tree, NUMBER, "Sideetaten")
    start = TODAY - dt.timedelta(days=300)
    store.add_agreement(
        manager, tree, NUMBER, Agreement("A-1", ALTINN, start, TODAY - dt.timedelta(days=1))
    )
    create_domain(manager, tree, "prod", DOMAIN, agency="Sideetaten", org_number=NUMBER)
    writer = make_person(groups=(tree.readers("prod"), tree.writers("prod", DOMAIN)))
    lapse.check(webapp, tree, TODAY, org_numbers=(NUMBER,))
    yield writer
    group = tree.writers("prod", DOMAIN)
    for dn, _ in manager.search(group, "(objectClass=*)", ["1.1"], scope="one"):
        manager.delete(dn)
    manager.delete(group)
    manager.delete(tree.domain("prod", DOMAIN))
    store.delete_agency(manager, tree, NUMBER)


@pytest.fixture
def desk_client(app, make_person, binder, tree):
    desk = make_person(groups=(tree.servicedesk,))
    client = app.test_client()
    assert web_sign_in(client, binder, desk).status_code == 303
    return client


def writes(manager, tree, person):
    group = tree.writers("prod", DOMAIN)
    return person.dn.lower() in {m.lower() for m in members_of(manager, tree, group)}


def test_the_desk_sees_the_suspension_and_a_new_last_day_restores_the_writers(
    desk_client, lapsed, manager, tree
):
    url = f"/agencies/{NUMBER}"
    page = desk_client.get(url).get_data(as_text=True)
    assert 'id="grants-suspended"' in page and lapsed.username in page
    assert not writes(manager, tree, lapsed)
    new_end = (TODAY + dt.timedelta(days=365)).isoformat()
    response = post_form(
        desk_client, f"{url}/agreements/end", {"agreement": "A-1", "new_end": new_end}, page
    )
    assert response.status_code == 303
    assert writes(manager, tree, lapsed)
    page = desk_client.get(url).get_data(as_text=True)
    assert "gjenopprettet (1)" in page and 'id="grants-suspended"' not in page
    [agreement] = store.get_agency(manager, tree, NUMBER).agreements
    assert agreement.end == TODAY + dt.timedelta(days=365)


def test_a_new_agreement_recorded_by_the_desk_restores_the_writers(
    desk_client, lapsed, manager, tree
):
    response = post_form(
        desk_client,
        f"/agencies/{NUMBER}/agreements",
        {"kind": "altinn", "reference": "A-2", "start": TODAY.isoformat(), "end": "",
         "contact": "Kari <kari@test.example>"},
    )  # fmt: skip
    assert response.status_code == 303
    assert writes(manager, tree, lapsed)


def test_a_wrong_last_day_is_shown_again_with_400_and_nothing_changes(
    desk_client, lapsed, manager, tree
):
    url = f"/agencies/{NUMBER}"
    for data in ({"agreement": "A-1", "new_end": "1999-01-01"}, {"agreement": "A-1", "new_end": "x"},
                 {"agreement": "nope", "new_end": ""}):  # fmt: skip
        response = post_form(desk_client, f"{url}/agreements/end", data)
        assert response.status_code == 400
    assert not writes(manager, tree, lapsed)
    [agreement] = store.get_agency(manager, tree, NUMBER).agreements
    assert agreement.end == TODAY - dt.timedelta(days=1)


def test_only_the_desk_changes_a_last_day(app, lapsed, binder, manager, tree, make_person):
    """An agency's own person reads the page but may not post the form."""
    person = make_person()
    store.add_member(manager, tree, NUMBER, person.dn)
    client = app.test_client()
    assert web_sign_in(client, binder, person).status_code == 303
    page = client.get(f"/agencies/{NUMBER}").get_data(as_text=True)
    assert 'id="grants-suspended"' in page and "agreements/end" not in page
    response = post_form(
        client, f"/agencies/{NUMBER}/agreements/end", {"agreement": "A-1", "new_end": ""}, page
    )
    assert response.status_code == 403
    assert not writes(manager, tree, lapsed)


def test_the_checks_e_mails_say_what_happened_in_bokmal(app, smtp_inbox):
    data = {"org_number": NUMBER, "agency": "Sideetaten", "domains": [DOMAIN]}
    with app.test_request_context("/"):
        mails.send(lapse.AGREEMENT_ENDING, "a@test.example", last_day="2031-01-31", days=14,
                   **data)  # fmt: skip
        mails.send(lapse.GRANTS_SUSPENDED, "b@test.example", count=1, **data)
        mails.send(lapse.GRANTS_RESTORED, "c@test.example", count=1, **data)
    by_to = {}
    for _f, _to, raw in smtp_inbox.messages:
        message = email.message_from_string(raw)
        subject = str(make_header(decode_header(message["Subject"])))
        by_to[message["To"]] = (subject, message.get_payload(decode=True).decode())
    assert by_to["a@test.example"][0] == "SERES: avtalen til Sideetaten løper ut"
    assert "2031-01-31" in by_to["a@test.example"][1] and DOMAIN in by_to["a@test.example"][1]
    assert "suspendert, ikke fjernet" in by_to["b@test.example"][1]
    assert by_to["c@test.example"][0] == "SERES: skrivetilgangen til Sideetaten er gjenopprettet"
    assert f"/agencies/{NUMBER}" in by_to["c@test.example"][1]
