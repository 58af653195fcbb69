"""Every person's own account page: sign-ins with addresses, sessions, own mobile and e-mail."""

import datetime as dt
import email
import email.policy
import re

import pytest
from aiosmtpd.controller import Controller

from directory.grants import store
from directory.server.slapd import free_port
from tests.servers import Gateway, Inbox, sms_config
from tests.support import csrf_token, post_form, web_sign_in
from tests.webapp.conftest import smtp_config
from webapp import notify

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"


@pytest.fixture
def senders(app, loose_limits):
    """SMS through a local gateway (the real HTTP client), e-mail through a local SMTP server."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    with Gateway() as gateway:
        app.extensions["seres_notifier"] = notify.from_config(
            {
                **sms_config(gateway.url, sms_retries=1),
                **smtp_config(controller.port),
                "outbox": f"{app.config['SERES_VAR']}/outbox",
            }
        )
        yield gateway, inbox
    controller.stop()


def texts_to(gateway, number: str) -> list[str]:
    return [body["message"] for _, body in gateway.requests if body["to"] == number]


def mails_to(inbox, address: str) -> list[str]:
    out = []
    for _, recipients, content in inbox.messages:
        if address in recipients:
            message = email.message_from_string(content, policy=email.policy.default)
            out.append(message.get_body().get_content())
    return out


def ask_change(client, attribute: str, value: str):
    """Post a new mobile or e-mail from one's own page (its CSRF token): a code is sent to it."""
    page = client.get("/account/activity").get_data(as_text=True)
    data = {f"{attribute}-csrf_token": csrf_token(page), f"{attribute}-value": value}
    return client.post(f"/account/contact/{attribute}", data=data)


def code_in(text: str) -> str:
    return re.search(r"\b(\d{6})\b", text).group(1)


def test_sign_ins_and_failures_are_listed_with_their_address(client, binder, make_person):
    """A failed attempt and a sign-in, each with when and from where (the client's address)."""
    person = make_person()
    page = client.get("/login").get_data(as_text=True)
    post_form(client, "/login", {"username": person.username}, page)
    post_form(
        client,
        "/login",
        {"username": person.username, "password": "wrong-password-1", "code": "000000"},
        page,
    )
    web_sign_in(client, binder, person, ask=False)
    page = client.get("/account/activity").get_data(as_text=True)
    part = page.split("Nylige innlogginger i denne webappen")[1]
    assert "mislyktes" in part and "logget inn" in part
    assert "127.0.0.1" in part


def two_browsers(app, client, binder, person):
    """Sign the person in here and in a Firefox; the other browser's client and this one's page."""
    other = app.test_client()
    other.environ_base["HTTP_USER_AGENT"] = FIREFOX
    web_sign_in(client, binder, person)
    web_sign_in(other, binder, person, ask=False)
    return other, client.get("/account/activity").get_data(as_text=True)


def test_sessions_are_listed_with_address_and_browser(app, client, binder, make_person):
    """Two browsers: both listed, one as Firefox on Linux, this one marked."""
    _, page = two_browsers(app, client, binder, make_person())
    sessions = page.split("Økter")[1]
    assert "Firefox (Linux)" in sessions
    assert "denne nettleseren" in sessions
    assert sessions.count('name="sid"') == 2


def test_a_person_ends_one_other_session(app, client, binder, make_person):
    """Ending the other browser's session signs it out; this one goes on."""
    other, page = two_browsers(app, client, binder, make_person())
    row = page.split("Firefox (Linux)")[1]
    sid = re.search(r'name="sid" type="hidden" value="([^"]+)"', row).group(1)
    assert client.post("/account/sessions/end", data={"sid": sid}).status_code == 400  # no CSRF
    response = post_form(client, "/account/sessions/end", {"sid": sid}, page)
    assert response.status_code == 303
    assert other.get("/account/activity").status_code in (302, 303)
    page = client.get("/account/activity").get_data(as_text=True)
    assert page.count('name="sid"') == 1


def test_a_session_of_someone_else_is_not_ended(app, client, binder, make_person):
    """Another person's session id ends nothing: 404, and their session goes on."""
    person, stranger = make_person(), make_person()
    theirs = app.test_client()
    web_sign_in(theirs, binder, stranger)
    their_page = theirs.get("/account/activity").get_data(as_text=True)
    their_sid = re.search(r'name="sid" type="hidden" value="([^"]+)"', their_page).group(1)
    web_sign_in(client, binder, person)
    page = client.get("/account/activity").get_data(as_text=True)
    response = post_form(client, "/account/sessions/end", {"sid": their_sid}, page)
    assert response.status_code == 404
    assert theirs.get("/account/activity").status_code == 200


def test_a_new_mobile_changes_only_with_the_code_sent_to_it(
    client, senders, binder, make_person, manager
):
    """The code goes by SMS to the new number; a wrong code changes nothing; the old is told."""
    gateway, _ = senders
    person = make_person()
    web_sign_in(client, binder, person)
    response = ask_change(client, "mobile", "+47 912 34 567")
    assert response.status_code == 303
    code = code_in(texts_to(gateway, "+4791234567")[-1])
    assert manager.read(person.dn, ["mobile"])["mobile"] == ["+4799999999"]
    confirm = client.get("/account/contact/confirm").get_data(as_text=True)
    wrong = "000000" if code != "000000" else "111111"
    response = post_form(client, "/account/contact/confirm", {"code": wrong}, confirm)
    assert response.status_code == 400
    assert "Koden stemmer ikke" in response.get_data(as_text=True)
    assert manager.read(person.dn, ["mobile"])["mobile"] == ["+4799999999"]
    response = post_form(client, "/account/contact/confirm", {"code": code}, confirm)
    assert response.status_code == 303
    assert manager.read(person.dn, ["mobile"])["mobile"] == ["+4791234567"]
    told = texts_to(gateway, "+4799999999")[-1]
    assert "+4791234567" in told and "brukerservice" in told


def test_a_new_email_changes_only_with_the_code_sent_to_it(
    client, senders, binder, make_person, manager
):
    """The code goes by e-mail to the new address; the old address is told."""
    _, inbox = senders
    person = make_person()
    old = manager.read(person.dn, ["mail"])["mail"][0]
    web_sign_in(client, binder, person)
    response = ask_change(client, "mail", "ny.adresse@bufdir.example")
    assert response.status_code == 303
    code = code_in(mails_to(inbox, "ny.adresse@bufdir.example")[-1])
    assert manager.read(person.dn, ["mail"])["mail"] == [old]
    confirm = client.get("/account/contact/confirm").get_data(as_text=True)
    response = post_form(client, "/account/contact/confirm", {"code": code}, confirm)
    assert response.status_code == 303
    assert manager.read(person.dn, ["mail"])["mail"] == ["ny.adresse@bufdir.example"]
    assert "ny.adresse@bufdir.example" in mails_to(inbox, old)[-1]


def test_a_bad_number_is_a_400_and_sends_nothing(client, senders, binder, make_person):
    """The field's message in bokmål; no SMS to it."""
    gateway, _ = senders
    person = make_person()
    web_sign_in(client, binder, person)
    before = len(gateway.requests)
    response = ask_change(client, "mobile", "12")
    assert response.status_code == 400
    assert "Dette er ikke et gyldig telefonnummer." in response.get_data(as_text=True)
    assert len(gateway.requests) == before


def test_a_change_without_the_csrf_token_sends_nothing(client, senders, binder, make_person):
    """No token: 400, no code sent."""
    gateway, _ = senders
    web_sign_in(client, binder, make_person())
    before = len(gateway.requests)
    response = client.post("/account/contact/mobile", data={"mobile-value": "+4791234567"})
    assert response.status_code == 400
    assert len(gateway.requests) == before


def test_five_wrong_codes_end_the_change(client, senders, binder, make_person, manager):
    """After five wrong codes even the right one changes nothing."""
    gateway, _ = senders
    person = make_person()
    web_sign_in(client, binder, person)
    ask_change(client, "mobile", "+4791234568")
    code = code_in(texts_to(gateway, "+4791234568")[-1])
    wrong = "000000" if code != "000000" else "111111"
    confirm = client.get("/account/contact/confirm").get_data(as_text=True)
    for _ in range(5):
        post_form(client, "/account/contact/confirm", {"code": wrong}, confirm)
    response = post_form(client, "/account/contact/confirm", {"code": code}, confirm)
    assert response.status_code == 303
    assert manager.read(person.dn, ["mobile"])["mobile"] == ["+4799999999"]


def test_codes_to_a_new_mobile_are_limited_like_other_codes(
    client, app, senders, binder, make_person
):
    """The per-person limit of codes: the next request is 429 and says until when."""
    gateway, _ = senders
    web_sign_in(client, binder, make_person())
    app.config["SERES_LIMIT_CODES_PER_PERSON"] = "1/hour"
    page = client.get("/account/activity").get_data(as_text=True)
    data = {"mobile-csrf_token": csrf_token(page), "mobile-value": "+4791234569"}
    assert client.post("/account/contact/mobile", data=data).status_code == 303
    before = len(gateway.requests)
    response = client.post("/account/contact/mobile", data=data)
    assert response.status_code == 429
    assert len(gateway.requests) == before


def test_access_with_an_end_date_shows_the_date(
    client, binder, make_person, webapp, tree, clean_grants
):
    """A grant that ends shows its last day; one without an end says so."""
    person = make_person(groups=(tree.readers("prod"), tree.writers("prod", "BUFdir")))
    end = dt.datetime(2031, 3, 1, 23, 0, tzinfo=dt.UTC)  # 1 March 2031 ends at midnight in Oslo
    store.record(
        webapp,
        tree.writers("prod", "BUFdir"),
        person.dn,
        store.GRANTED,
        webapp.bound_dn,
        replace={"end": [end]},
    )
    web_sign_in(client, binder, person)
    page = client.get("/account/activity").get_data(as_text=True)
    row = page.lower().split("writers-bufdir")[1].split("</tr>")[0]
    assert "1. mars 2031" in row
    assert "ingen sluttdato" in page.split("readers")[1].split("</tr>")[0]
