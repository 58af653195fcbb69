"""Authenticator app: enrol with QR and key, confirm, sign in without SMS, switch back."""

import re
import time

import pyotp

from directory import otp
from directory.connection import DELETE
from tests.support import ask_code, post_form, web_sign_in


def enrol(client) -> tuple[str, str]:
    page = client.get("/app")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "<svg" in html
    secret = re.search(r"<code>([A-Z2-7]{32})</code>", html).group(1)
    return secret, html


def test_enrolling_an_app_replaces_sms_codes(app, client, binder, person, webapp, tree, outbox):
    """After enrolment no SMS is sent, and the app's 30-second code signs in."""
    web_sign_in(client, binder, person)
    secret, html = enrol(client)
    code = pyotp.TOTP(secret, interval=30).now()
    response = post_form(client, "/app?keep=1", {"code": code}, page=html)
    assert response.status_code == 303
    token = otp.read_token(webapp, tree, person.username)
    assert otp.uses_app(tree, token) and token.secret_b32 == secret
    post_form(client, "/logout", {}, page=client.get("/").get_data(as_text=True))
    sent_before = len(outbox())
    page = ask_code(client, person.username)
    assert len(outbox()) == sent_before
    # The enrolment code's step is stored as the last one used (the code cannot
    # be used again): a later step signs in.
    next_step = int(time.time() // 30) + 1
    response = post_form(
        client,
        "/login",
        {
            "username": person.username,
            "password": person.password,
            "code": otp.code_at(secret, next_step),
        },
        page=page.get_data(as_text=True),
    )
    assert response.status_code == 303


def test_a_wrong_app_code_does_not_enrol(client, binder, person, webapp, tree):
    """400 with a message; the token still uses SMS."""
    web_sign_in(client, binder, person)
    secret, html = enrol(client)
    wrong = f"{(int(pyotp.TOTP(secret, interval=30).now()) + 1) % 1000000:06d}"
    response = post_form(client, "/app?keep=1", {"code": wrong}, page=html)
    assert response.status_code == 400 and "Koden stemmer ikke" in response.get_data(as_text=True)
    assert not otp.uses_app(tree, otp.read_token(webapp, tree, person.username))


def test_the_enrolment_secret_is_not_in_the_session_cookie(app, client, binder, person):
    """Only a nonce is kept; the key is derived on the server."""
    web_sign_in(client, binder, person)
    secret, _html = enrol(client)
    with client.session_transaction() as session:
        assert secret not in repr(dict(session))


def test_a_person_switches_back_to_sms(client, binder, person, webapp, tree, outbox):
    """From the app page back to SMS: a new secret with cn=sms, and codes by SMS again."""
    web_sign_in(client, binder, person)
    secret, html = enrol(client)
    post_form(client, "/app?keep=1", {"code": pyotp.TOTP(secret, interval=30).now()}, page=html)
    page = client.get("/app").get_data(as_text=True)
    forms = page.split("<form")
    sms_form = "<form" + next(f for f in forms if "/app/sms" in f)
    assert post_form(client, "/app/sms", {}, page=sms_form).status_code == 303
    token = otp.read_token(webapp, tree, person.username)
    assert not otp.uses_app(tree, token) and token.secret_b32 != secret


def test_the_code_that_confirms_the_app_cannot_sign_in(client, binder, person):
    """The enrolment code counts as used: typed again at sign-in it is refused."""
    web_sign_in(client, binder, person)
    secret, html = enrol(client)
    code = pyotp.TOTP(secret, interval=30).now()
    assert post_form(client, "/app?keep=1", {"code": code}, page=html).status_code == 303
    post_form(client, "/logout", {}, page=client.get("/").get_data(as_text=True))
    page = ask_code(client, person.username)
    response = post_form(
        client,
        "/login",
        {"username": person.username, "password": person.password, "code": code},
        page=page.get_data(as_text=True),
    )
    assert response.status_code == 400


def sms_form_of(page: str) -> str:
    return "<form" + next(f for f in page.split("<form") if "/app/sms" in f)


def enrol_app(client) -> str:
    """Enrol an app with its current code; return the secret."""
    secret, html = enrol(client)
    code = pyotp.TOTP(secret, interval=30).now()
    assert post_form(client, "/app?keep=1", {"code": code}, page=html).status_code == 303
    return secret


def test_enrolment_and_switching_back_need_a_recent_sign_in(
    client, binder, person, webapp, tree, clock
):
    """16 minutes after sign-in: /app, its confirmation and /app/sms ask to sign in again."""
    web_sign_in(client, binder, person)
    enrol_app(client)
    secret, html = enrol(client)
    sms_form = sms_form_of(html)
    clock.advance(10 * 60)
    client.get("/")
    clock.advance(6 * 60)
    again = "/login?next=/app"
    assert client.get("/app").headers["Location"] == again
    code = pyotp.TOTP(secret, interval=30).now()
    assert post_form(client, "/app?keep=1", {"code": code}, page=html).headers["Location"] == again
    assert post_form(client, "/app/sms", {}, page=sms_form).headers["Location"] == again
    token = otp.read_token(webapp, tree, person.username)
    assert otp.uses_app(tree, token) and token.secret_b32 != secret


def test_switching_back_to_sms_without_a_mobile_number_is_refused(
    client, binder, person, manager, webapp, tree
):
    """No mobile: 400, a message that says why, and the app stays."""
    web_sign_in(client, binder, person)
    secret = enrol_app(client)
    manager.modify(person.dn, {"mobile": [(DELETE, [])]})
    page = client.get("/app").get_data(as_text=True)
    response = post_form(client, "/app/sms", {}, page=sms_form_of(page))
    assert response.status_code == 400
    assert "Kontoen din har ikke noe mobilnummer" in response.get_data(as_text=True)
    token = otp.read_token(webapp, tree, person.username)
    assert otp.uses_app(tree, token) and token.secret_b32 == secret
