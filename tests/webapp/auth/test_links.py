"""Activation and recovery links: set a password, prove the mobile, once, in time."""

import re
import time

import pytest

from directory import otp
from directory.connection import DELETE
from directory.grants import accounts
from tests.support import post_form, remove_people
from webapp import ldap
from webapp.auth import limits, links, sending

NEW_PASSWORD = "Fjelltur-i-Regnvaer-2031"


@pytest.fixture
def new_person(make_person, manager):
    """A provisioned person who has no password yet."""
    person = make_person()
    manager.modify(person.dn, {"userPassword": [(DELETE, [])]})
    return person


def link_for(app, kind: str, username: str) -> str:
    with app.test_request_context():
        uuid = links.entry_uuid(ldap.service(), ldap.tree().person(username))
        return f"/{kind}/{links.make(kind, username, uuid)}"


def use_link(client, binder, person, url: str, password: str = NEW_PASSWORD):
    page = client.get(url)
    assert page.status_code == 200, page.status_code
    code = binder.next_code(person.username, person.otp_secret)
    return post_form(
        client,
        url,
        {"password": password, "confirm": password, "code": code},
        page=page.get_data(as_text=True),
    )


def test_an_activation_link_sets_the_password_checks_the_mobile_and_signs_in(
    app, client, binder, new_person, outbox
):
    """The page sends a code by SMS; password + code sign the person in."""
    url = link_for(app, "activate", new_person.username)
    response = use_link(client, binder, new_person, url)
    assert outbox()[0]["kind"] == "sms"
    assert response.status_code == 303 and response.headers["Location"] == "/"
    assert f"Test {new_person.username}" in client.get("/").get_data(as_text=True)
    activated = new_person.__class__(**{**new_person.__dict__, "password": NEW_PASSWORD})
    binder.person(activated).close()


def test_an_activation_link_works_only_once(app, client, binder, new_person):
    """Once the password is set, the same link is refused."""
    url = link_for(app, "activate", new_person.username)
    assert use_link(client, binder, new_person, url).status_code == 303
    again = client.get(url)
    assert again.status_code == 400 and "allerede brukt" in again.get_data(as_text=True)


def test_an_activation_link_expires_after_72_hours(app, client, new_person, clock):
    """71 hours: still good; 73 hours: expired."""
    url = link_for(app, "activate", new_person.username)
    clock.advance(71 * 3600)
    assert client.get(url).status_code == 200
    clock.advance(2 * 3600)
    expired = client.get(url)
    assert expired.status_code == 400 and "utløpt" in expired.get_data(as_text=True)


def test_a_recovery_link_expires_after_one_hour(app, client, person, clock):
    """A recovery link is good for 59 minutes, not 61."""
    url = link_for(app, "recover", person.username)
    clock.advance(59 * 60)
    assert client.get(url).status_code == 200
    clock.advance(2 * 60)
    assert client.get(url).status_code == 400


def test_a_link_of_one_kind_or_a_forged_one_is_refused(app, client, person):
    """An activation token does not work as a recovery link; a changed token fails."""
    token = link_for(app, "activate", person.username).rsplit("/", 1)[1]
    assert client.get(f"/recover/{token}").status_code == 400
    assert client.get(f"/activate/{token[:-2]}xx").status_code == 400


def test_a_weak_password_on_the_link_page_is_refused_and_nothing_is_written(
    app, client, binder, new_person, manager
):
    """The username inside the password: 400, a clear message, still no password."""
    url = link_for(app, "activate", new_person.username)
    response = use_link(client, binder, new_person, url, password=f"x{new_person.username}x-2031")
    assert response.status_code == 400
    assert "kan ikke inneholde brukernavnet" in response.get_data(as_text=True)
    assert manager.read(new_person.dn, ["pwdChangedTime"]) == {}


def test_forgot_password_answers_the_same_and_emails_a_working_link(client, binder, person, outbox):
    """Known and unknown names read the same; the known one gets a link that works."""
    known = post_form(client, "/forgot", {"username": person.username})
    unknown = post_form(client, "/forgot", {"username": "no-such-" + person.username})
    assert known.status_code == unknown.status_code == 200
    assert known.get_data() == unknown.get_data()
    mails = [m for m in outbox() if m["kind"] == "email"]
    assert len(mails) == 1 and mails[0]["to"] == f"{person.username}@test.example"
    url = re.search(r"http://localhost(/recover/\S+)", mails[0]["body"]).group(1)
    assert use_link(client, binder, person, url).status_code == 303


def test_a_recovery_link_with_a_wrong_code_changes_nothing(app, client, binder, person, manager):
    """The link alone (someone with the mailbox) cannot change the password: 400, link still good."""
    url = link_for(app, "recover", person.username)
    before = manager.read(person.dn, ["pwdChangedTime"])
    page = client.get(url)
    right = binder.next_code(person.username, person.otp_secret)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    response = post_form(
        client,
        url,
        {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD, "code": wrong},
        page=page.get_data(as_text=True),
    )
    assert response.status_code == 400
    assert "Koden er feil eller for gammel" in response.get_data(as_text=True)
    assert manager.read(person.dn, ["pwdChangedTime"]) == before
    assert use_link(client, binder, person, url).status_code == 303


def test_the_link_page_names_the_code_by_sms_for_a_person_with_sms(app, client, person, outbox):
    """An SMS person: 'the code we sent by SMS', a neutral label, and one SMS sent."""
    html = client.get(link_for(app, "recover", person.username)).get_data(as_text=True)
    assert "Skriv inn koden vi sendte på SMS" in html
    assert '<label for="code">Engangskode</label>' in html
    assert [m["kind"] for m in outbox()] == ["sms"]


def test_the_link_page_names_the_app_for_a_person_with_an_app(
    app, client, person, webapp, tree, outbox
):
    """An app person: 'the code your authenticator app shows', nothing about SMS, none sent."""
    otp.set_token(webapp, tree, person.username, otp.new_secret(), "app")
    html = client.get(link_for(app, "recover", person.username)).get_data(as_text=True)
    assert "Skriv inn koden autentiseringsappen din viser" in html
    assert "SMS" not in html and "mobil" not in html
    assert '<label for="code">Engangskode</label>' in html
    assert outbox() == []


def test_the_link_page_says_no_code_can_come_without_a_mobile(app, client, person, manager, outbox):
    """No mobile number: the page says no code can be sent, and who can help."""
    manager.modify(person.dn, {"mobile": [(DELETE, [])]})
    html = client.get(link_for(app, "recover", person.username)).get_data(as_text=True)
    assert "ingen kode kan sendes" in html and "SERES brukerservice" in html
    assert outbox() == []


def wrong_codes(person, count: int) -> list[str]:
    """Codes that no step near now gives (the page accepts a dozen steps)."""
    now = int(time.time() // 60)
    near = {otp.code_at(person.otp_secret, step) for step in range(now - 10, now + 11)}
    return [c for c in (f"{i:06d}" for i in range(100)) if c not in near][:count]


def try_codes(client, url: str, codes: list[str], page: str | None = None) -> list:
    """Post the link's form with each code (from ``page``, the form fetched earlier)."""
    page = page or client.get(url).get_data(as_text=True)
    data = {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    return [post_form(client, url, {**data, "code": code}, page) for code in codes]


def test_after_five_wrong_codes_the_link_is_dead(app, client, binder, person, manager, clock):
    """Five wrong codes: the fifth already ends the link; then the right code is refused too."""
    url = link_for(app, "recover", person.username)
    before = manager.read(person.dn, ["pwdChangedTime"])
    page = client.get(url).get_data(as_text=True)
    answers = try_codes(client, url, wrong_codes(person, 5), page)
    assert [a.status_code for a in answers] == [400] * 5
    assert all("Koden er feil" in a.get_data(as_text=True) for a in answers[:4])
    assert "For mange feil koder" in answers[4].get_data(as_text=True)
    right = binder.next_code(person.username, person.otp_secret)
    response = try_codes(client, url, [right], page)[0]
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "For mange feil koder" in html
    assert "Be om en ny lenke" in html
    assert client.get(url).status_code == 400
    assert manager.read(person.dn, ["pwdChangedTime"]) == before
    clock.advance(1)
    assert (
        use_link(client, binder, person, link_for(app, "recover", person.username)).status_code
        == 303
    )


def test_a_link_counts_its_codes_under_a_hash_whatever_way_it_is_written(app, client, person):
    """A token's last character has spelling variants that verify; they share one count."""
    url = link_for(app, "recover", person.username)
    prefix = url[:-1]
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    spellings = [prefix + c for c in alphabet if client.get(prefix + c).status_code == 200]
    assert len(spellings) > 1
    for spelling, code in zip(spellings * 5, wrong_codes(person, 5), strict=False):
        try_codes(client, spelling, [code])
    assert all(client.get(s).status_code == 400 for s in spellings)
    with app.test_request_context():
        keys = [k for k in limits.storage().storage if k.startswith(links.TRIES)]
    assert keys and all(url.rsplit("/", 1)[1] not in k for k in keys)


def test_link_pages_count_against_the_address_limit(app, client, person):
    """With three attempts a minute from an address, the fourth code is refused with 429."""
    app.config["SERES_LIMIT_ATTEMPTS_PER_ADDRESS"] = "3/minute"
    url = link_for(app, "recover", person.username)
    answers = try_codes(client, url, wrong_codes(person, 4))
    assert [a.status_code for a in answers] == [400, 400, 400, 429]


def test_codes_sent_at_once_get_no_more_tries_between_them(app, person):
    """Twenty requests at once on each of many links: exactly five go on to check their code.

    Threads switch as often as they can, so a count lost or read twice shows.
    """
    import sys
    from concurrent.futures import ThreadPoolExecutor
    from datetime import UTC, datetime, timedelta

    start = datetime.now(UTC)

    def request(link):
        with app.app_context():
            limits.count(link.key)  # as verify() does first
            return links.try_code(link)

    switching = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        with ThreadPoolExecutor(20) as pool:
            for n in range(1000):
                link = links.Link("recover", person.username, start + timedelta(seconds=n))
                lefts = list(pool.map(request, [link] * 20))
                assert sum(left >= 0 for left in lefts) == links.MAX_CODES, n
    finally:
        sys.setswitchinterval(switching)


def test_a_link_does_not_work_for_a_new_person_with_the_same_username(
    app, client, make_person, manager, tree
):
    """The account is deleted and its name given to someone new: the old link is refused."""
    old = make_person()
    url = link_for(app, "activate", old.username)
    remove_people(manager, tree, [old.username])
    new = make_person(username=old.username)
    manager.modify(new.dn, {"userPassword": [(DELETE, [])]})
    assert manager.read(new.dn, ["pwdChangedTime"]) == {}
    response = client.get(url)
    assert response.status_code == 400 and "allerede brukt" in response.get_data(as_text=True)
    assert client.get(link_for(app, "activate", new.username)).status_code == 200


def test_a_link_made_before_links_named_the_entry_is_refused(app, client, new_person):
    """A token that holds only the username (the old form) no longer works."""
    with app.test_request_context():
        token = links._serializer("activate").dumps(new_person.username)
    assert client.get(f"/activate/{token}").status_code == 400


def test_the_forgot_page_does_not_promise_an_sms(client, person):
    """The same answer for every name, so it names both kinds of code."""
    html = post_form(client, "/forgot", {"username": person.username}).get_data(as_text=True)
    assert "på SMS eller fra autentiseringsappen" in html


def test_an_emailed_activation_link_sets_the_accounts_end_and_using_it_clears_it(
    app, client, binder, new_person, manager
):
    """A never-used account expires with its link (pwdEndTime); activating it keeps it."""
    with app.test_request_context():
        assert sending.send_link("activate", new_person.username)
    values = manager.read(new_person.dn, [accounts.END]) or {}
    assert values.get(accounts.END)
    url = link_for(app, "activate", new_person.username)
    assert use_link(client, binder, new_person, url).status_code == 303
    assert not (manager.read(new_person.dn, [accounts.END]) or {}).get(accounts.END)
