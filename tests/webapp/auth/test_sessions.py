"""Sessions: new at sign-in, idle and absolute expiry, sign-out, the cookie."""

from tests.support import post_form, web_sign_in

ALLOWED_KEYS = {"user", "dn", "name", "signed_in_at", "seen_at", "csrf_token", "lang", "_permanent"}


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
