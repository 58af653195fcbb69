"""Sessions: new at sign-in, idle and absolute expiry, sign-out, the cookie."""

import time

import pytest

from tests.support import post_form, web_sign_in
from tests.webapp.auth.test_links import link_for, use_link
from webapp import create_app
from webapp.auth import limits
from webapp.auth import session as user_session

ALLOWED_KEYS = {
    "user",
    "dn",
    "name",
    "signed_in_at",
    "seen_at",
    "sid",
    "pwgen",
    "csrf_token",
    "lang",
    "_permanent",
}
SIGNED_IN = "Logget inn som"


def cookie(client) -> str:
    return client.get_cookie("seres_session").value


def home_with(app, value: str) -> str:
    """The front page as someone else sees it with a copy of a session cookie."""
    other = app.test_client()
    other.set_cookie("seres_session", value)
    return other.get("/").get_data(as_text=True)


def sign_out(client):
    return post_form(client, "/logout", {}, page=client.get("/").get_data(as_text=True))


def test_signing_in_starts_a_new_session(client, person, binder):
    """Whatever the session held before sign-in is gone afterwards."""
    client.get("/login")
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
        old_csrf = session["csrf_token"]
    assert web_sign_in(client, binder, person).status_code == 303
    with client.session_transaction() as session:
        assert "planted" not in session and session["user"] == person.username
        assert session.get("csrf_token") != old_csrf


def test_the_session_cookie_holds_no_secret_and_has_safe_flags(app, client, person, binder):
    """Only names and timestamps; HttpOnly, SameSite=Lax, and Secure when configured."""
    app.config["SESSION_COOKIE_SECURE"] = True
    response = web_sign_in(client, binder, person)
    header = next(h for h in response.headers.getlist("Set-Cookie") if "seres_session=" in h)
    assert "HttpOnly" in header and "SameSite=Lax" in header and "Secure" in header
    value = header.split("seres_session=", 1)[1].split(";", 1)[0]
    data = app.session_interface.get_signing_serializer(app).loads(value)
    assert set(data) <= ALLOWED_KEYS
    assert person.password not in header and person.otp_secret not in repr(data)


def test_signing_out_ends_the_session(client, person, binder):
    """POST /logout with the token: the person must sign in again; GET is not allowed."""
    web_sign_in(client, binder, person)
    assert client.get("/logout").status_code == 405
    response = post_form(client, "/logout", {}, page=client.get("/").get_data(as_text=True))
    assert response.status_code == 303 and response.headers["Location"] == "/login"
    assert client.get("/password").status_code == 302


def test_a_session_idle_for_more_than_30_minutes_ends(client, person, binder, clock):
    """29 minutes between requests keep it; 31 end it, with a message."""
    web_sign_in(client, binder, person)
    clock.advance(29 * 60)
    assert "Logget inn som" in client.get("/").get_data(as_text=True)
    clock.advance(31 * 60)
    page = client.get("/").get_data(as_text=True)
    assert "Logget inn som" not in page and "Økten din er utløpt" in page


def test_a_session_ends_after_12_hours_however_active(client, person, binder, clock):
    """A request every 20 minutes keeps it alive only up to the 12-hour limit."""
    web_sign_in(client, binder, person)
    for _ in range(35):  # 11 h 40 min
        clock.advance(20 * 60)
        assert "Logget inn som" in client.get("/").get_data(as_text=True)
    clock.advance(21 * 60)
    assert "Logget inn som" not in client.get("/").get_data(as_text=True)


def test_the_cookie_is_written_again_only_when_the_session_changes(client, person, binder, clock):
    """No re-signed cookie on every page; the idle clock's minute step writes it again."""

    def sets_session_cookie(response) -> bool:
        return any("seres_session=" in h for h in response.headers.getlist("Set-Cookie"))

    web_sign_in(client, binder, person)
    client.get("/")  # the first page adds the session's form token
    assert not sets_session_cookie(client.get("/"))
    clock.advance(61)
    assert sets_session_cookie(client.get("/"))


def test_a_cookie_copied_before_sign_out_is_refused_after_it(app, client, person, binder):
    """A copy of the cookie works until its owner signs out, then never again."""
    web_sign_in(client, binder, person)
    copied = cookie(client)
    assert SIGNED_IN in home_with(app, copied)
    assert sign_out(client).status_code == 303
    page = home_with(app, copied)
    assert SIGNED_IN not in page and "Økten din er avsluttet" in page
    other = app.test_client()
    other.set_cookie("seres_session", copied)
    response = other.get("/password")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    assert SIGNED_IN not in home_with(app, copied)


def test_after_signing_out_the_person_can_sign_in_again(client, person, binder):
    """A new sign-in is a new session with a new id, which works; the old one stays ended."""
    web_sign_in(client, binder, person)
    with client.session_transaction() as session:
        old_sid = session["sid"]
    sign_out(client)
    assert web_sign_in(client, binder, person, ask=False).status_code == 303
    assert SIGNED_IN in client.get("/").get_data(as_text=True)
    with client.session_transaction() as session:
        assert session["sid"] != old_sid and len(session["sid"]) >= 20


def test_signing_out_ends_only_that_session(app, client, person, binder):
    """The same person signed in elsewhere stays signed in there."""
    web_sign_in(client, binder, person)
    elsewhere = app.test_client()
    web_sign_in(elsewhere, binder, person, ask=False)
    sign_out(client)
    assert SIGNED_IN in elsewhere.get("/").get_data(as_text=True)
    assert SIGNED_IN not in client.get("/").get_data(as_text=True)


def test_a_sign_out_is_remembered_only_as_long_as_the_session_could_last(
    app, client, person, binder
):
    """The record of an ended session expires 12 hours after its sign-in: memory stays bounded."""
    web_sign_in(client, binder, person)
    with client.session_transaction() as session:
        sid = session["sid"]
    sign_out(client)
    with app.app_context():
        storage = limits.storage()
        assert storage.get(user_session.ENDED + sid) == 1
        left = storage.get_expiry(user_session.ENDED + sid) - time.time()
    assert 12 * 3600 - 60 < left <= 12 * 3600 + 2


def test_a_session_from_before_session_ids_ends(client, person, binder):
    """A session without an id could not be signed out for good, so it ends once."""
    web_sign_in(client, binder, person)
    with client.session_transaction() as session:
        del session["sid"]
    page = client.get("/").get_data(as_text=True)
    assert SIGNED_IN not in page and "Økten din er avsluttet" in page


def test_sign_outs_are_shared_through_the_rate_limits_storage(
    app, app_config, client, person, binder
):
    """Processes sharing a storage (redis://...) see each other's sign-outs."""
    second = create_app(app_config)
    second.extensions["seres_limits"] = app.extensions["seres_limits"]  # as if both used redis
    try:
        web_sign_in(client, binder, person)
        copied = cookie(client)
        assert SIGNED_IN in home_with(second, copied)
        sign_out(client)
        assert SIGNED_IN not in home_with(second, copied)
    finally:
        second.extensions["seres_service_pool"].close_all()


NEW_PASSWORD = "Lang-Tur-Over-Vidda-2031"
ENDED_MESSAGE = "Økten din er avsluttet"


def change_password(client):
    return post_form(client, "/password", {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})


def test_a_password_change_ends_the_persons_other_sessions(app, client, person, binder):
    """Changed in one browser: the session in another ends at its next request, this one stays."""
    web_sign_in(client, binder, person)
    elsewhere = app.test_client()
    web_sign_in(elsewhere, binder, person, ask=False)
    assert SIGNED_IN in elsewhere.get("/").get_data(as_text=True)
    assert change_password(client).status_code == 303
    page = elsewhere.get("/").get_data(as_text=True)
    assert SIGNED_IN not in page and ENDED_MESSAGE in page
    assert SIGNED_IN not in elsewhere.get("/").get_data(as_text=True)
    for _ in range(2):
        assert SIGNED_IN in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("kind", ["recover", "activate"])
def test_a_password_set_by_a_link_ends_the_persons_earlier_sessions(
    app, client, person, binder, kind
):
    """After an account takeover, the owner's new password ends the taker's session too."""
    web_sign_in(client, binder, person)
    owner = app.test_client()
    assert use_link(owner, binder, person, link_for(app, kind, person.username)).status_code == 303
    page = client.get("/").get_data(as_text=True)
    assert SIGNED_IN not in page and ENDED_MESSAGE in page
    for _ in range(2):
        assert SIGNED_IN in owner.get("/").get_data(as_text=True)


def test_a_password_change_leaves_other_peoples_sessions_alone(
    app, client, person, make_person, binder
):
    """Only the person whose password changed is signed out elsewhere."""
    someone_else = make_person()
    other = app.test_client()
    web_sign_in(other, binder, someone_else)
    web_sign_in(client, binder, person)
    assert change_password(client).status_code == 303
    assert SIGNED_IN in other.get("/").get_data(as_text=True)
    assert SIGNED_IN in client.get("/").get_data(as_text=True)


def test_a_password_generation_is_a_random_step_kept_as_long_as_a_session(
    app, client, person, binder
):
    """Each change adds a random positive step; the record expires after a session's maximum age.

    When it expires, a session that recorded a change ends (an extra sign-out, never a missed one).
    """
    web_sign_in(client, binder, person)
    key = user_session.GENERATION + person.username
    assert change_password(client).status_code == 303
    with app.app_context():
        storage = limits.storage()
        first = storage.get(key)
        left = storage.get_expiry(key) - time.time()
    assert first > 0 and 12 * 3600 - 60 < left <= 12 * 3600 + 2
    with client.session_transaction() as session:
        assert session["pwgen"] == first
    with app.app_context():
        limits.storage().clear(key)  # as if it had expired
    page = client.get("/").get_data(as_text=True)
    assert SIGNED_IN not in page and ENDED_MESSAGE in page
