"""The service desk page: see a person's lock-out, unlock, send an activation link."""

import pytest

from directory.errors import InvalidCredentials
from directory.people import password_state
from tests.support import post_form, shown_time, web_sign_in


@pytest.fixture
def desk(make_person, tree):
    return make_person(groups=(tree.servicedesk,))


def lock(binder, person):
    for _ in range(5):
        with pytest.raises(InvalidCredentials):
            binder.servers().bind(person.dn, "wrong-password123456")


def test_the_service_desk_unlocks_a_locked_account(client, binder, desk, person, manager):
    """The page shows the lock; the unlock button ends it, and the person binds again."""
    lock(binder, person)
    web_sign_in(client, binder, desk)
    url = f"/servicedesk/people?username={person.username}"
    page = client.get(url).get_data(as_text=True)
    locked = password_state(manager, person.dn)["locked"]
    assert f"ja, siden {shown_time(locked)}" in page  # Oslo time, not UTC
    client.get("/language/en")
    english = client.get(url).get_data(as_text=True)
    client.get("/language/nb")
    assert f"yes, since {shown_time(locked, 'en')}" in english
    unlock_form = "<form" + next(f for f in page.split("<form") if 'name="unlock"' in f)
    response = post_form(
        client, "/servicedesk/people", {"username": person.username, "unlock": "1"}, unlock_form
    )
    assert response.status_code == 303
    assert password_state(manager, person.dn)["locked"] is None
    binder.person(person).close()


def test_only_the_service_desk_opens_the_page(client, binder, person):
    """Anyone else signed in gets 403."""
    web_sign_in(client, binder, person)
    assert client.get("/servicedesk/people").status_code == 403


def test_the_service_desk_sends_an_activation_link(client, binder, desk, person, outbox):
    """The e-mail goes to the person's address with an /activate/ link."""
    web_sign_in(client, binder, desk)
    page = client.get(f"/servicedesk/people?username={person.username}").get_data(as_text=True)
    form = "<form" + next(f for f in page.split("<form") if 'name="activate"' in f)
    post_form(client, "/servicedesk/people", {"username": person.username, "activate": "1"}, form)
    mails = [m for m in outbox() if m["kind"] == "email"]
    assert mails[-1]["to"] == f"{person.username}@test.example"
    assert "/activate/" in mails[-1]["body"]


def test_the_activation_mail_is_in_bokmal_when_the_desk_reads_english(
    client, binder, desk, person, outbox
):
    """The desk's page language is theirs, not the new user's: the e-mail is in bokmål."""
    web_sign_in(client, binder, desk)
    client.get("/language/en")
    page = client.get(f"/servicedesk/people?username={person.username}").get_data(as_text=True)
    assert "Send an activation link" in page
    form = "<form" + next(f for f in page.split("<form") if 'name="activate"' in f)
    response = post_form(
        client, "/servicedesk/people", {"username": person.username, "activate": "1"}, form
    )
    assert "An activation link is sent." in client.get(response.headers["Location"]).get_data(
        as_text=True
    )
    mail = [m for m in outbox() if m["kind"] == "email"][-1]
    assert mail["subject"] == "Aktiver SERES-kontoen din"
    assert "Brukernavnet ditt er" in mail["body"]
