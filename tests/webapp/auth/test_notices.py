"""A person is told, in bokmål, when their password changes or an app is enrolled."""

import email
import logging
from email import policy

import pyotp

from directory.connection import DELETE
from tests.support import post_form, web_sign_in
from tests.webapp.auth.test_app import enrol
from tests.webapp.auth.test_links import link_for, use_link

NEW = "Lang-Tur-Over-Vidda-2031"
PASSWORD_SUBJECT = "SERES-passordet ditt er endret"
APP_SUBJECT = "Ny autentiseringsapp for SERES"
NOT_YOU = "Hvis det ikke var deg, ring SERES brukerservice med en gang."


def mails(inbox) -> list[tuple[list[str], str, str]]:
    """Recipients, subject and body of each e-mail the inbox got."""
    out = []
    for _sender, recipients, content in inbox.messages:
        message = email.message_from_string(content, policy=policy.default)
        out.append((recipients, str(message["Subject"]), message.get_content()))
    return out


def test_changing_ones_password_is_told_by_email(client, binder, person, smtp_inbox):
    """The person's address gets a notice naming the account, and what to do if it was not them."""
    web_sign_in(client, binder, person)
    assert post_form(client, "/password", {"password": NEW, "confirm": NEW}).status_code == 303
    ((to, subject, body),) = mails(smtp_inbox)
    assert to == [f"{person.username}@test.example"] and subject == PASSWORD_SUBJECT
    assert person.username in body and NOT_YOU in body and NEW not in body


def test_enrolling_an_app_is_told_by_email(client, binder, person, smtp_inbox):
    """Once the app's code confirms it, the person's address is told."""
    web_sign_in(client, binder, person)
    secret, html = enrol(client)
    code = pyotp.TOTP(secret, interval=30).now()
    assert post_form(client, "/app?keep=1", {"code": code}, page=html).status_code == 303
    ((to, subject, body),) = mails(smtp_inbox)
    assert to == [f"{person.username}@test.example"] and subject == APP_SUBJECT
    assert "autentiseringsapp" in body and secret not in body


def test_a_person_without_an_email_address_is_told_by_sms(
    client, binder, person, manager, sms_gateway
):
    """No address: the notice goes by SMS to the mobile, in bokmål."""
    manager.modify(person.dn, {"mail": [(DELETE, [])]})
    web_sign_in(client, binder, person)
    before = len(sms_gateway.requests)
    assert post_form(client, "/password", {"password": NEW, "confirm": NEW}).status_code == 303
    (notice,) = [body for _headers, body in sms_gateway.requests[before:]]
    text = " ".join(str(v) for v in notice.values())
    assert "+4799999999" in text and "ble endret" in text and NOT_YOU in text


def test_a_recovery_tells_the_person_and_an_activation_does_not(
    app, client, binder, make_person, manager, outbox
):
    """A recovery link changes a password (told); an activation sets the first (not told)."""
    recovering = make_person()
    url = link_for(app, "recover", recovering.username)
    assert use_link(client, binder, recovering, url).status_code == 303
    notices = [m for m in outbox() if m["kind"] == "email"]
    assert [m["subject"] for m in notices] == [PASSWORD_SUBJECT]
    new = make_person()
    manager.modify(new.dn, {"userPassword": [(DELETE, [])]})
    url = link_for(app, "activate", new.username)
    assert use_link(app.test_client(), binder, new, url).status_code == 303
    assert [m["subject"] for m in outbox() if m["kind"] == "email"] == [PASSWORD_SUBJECT]


def test_a_notice_that_cannot_be_sent_leaves_the_change_made(
    client, binder, person, smtp_inbox, caplog
):
    """The mail server refuses: the password is still changed, and the failure logged."""
    smtp_inbox.refuse = True
    web_sign_in(client, binder, person)
    with caplog.at_level(logging.ERROR):
        response = post_form(client, "/password", {"password": NEW, "confirm": NEW})
    assert response.status_code == 303
    binder.person(person.__class__(**{**person.__dict__, "password": NEW})).close()
    assert any("password change failed" in r.getMessage() for r in caplog.records)
