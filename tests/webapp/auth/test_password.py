"""A signed-in person changes their own password; the rules are clear."""

from dataclasses import replace

import pytest

from directory.errors import InvalidCredentials
from tests.support import ask_code, csrf_token, post_form, web_sign_in
from webapp.auth import passwords

GENERIC_FAILURE = "Innloggingen mislyktes"
UNUSABLE = "Passordet inneholder tegn som ikke kan brukes"


def test_a_person_changes_their_own_password_and_it_works_for_the_next_bind(client, binder, person):
    """The change goes to the directory as the person; the new password binds."""
    web_sign_in(client, binder, person)
    new = "Lang-Tur-Over-Vidda-2031"
    response = post_form(client, "/password", {"password": new, "confirm": new})
    assert response.status_code == 303
    changed = person.__class__(**{**person.__dict__, "password": new})
    binder.person(changed).close()


def test_weak_passwords_are_refused_with_a_clear_message(app, client, binder, person, manager):
    """Too short, the username, a common password, two that differ: 400 and nothing written."""
    web_sign_in(client, binder, person)
    common = next(p for p in sorted(passwords.common_passwords()) if len(p) >= 12)
    cases = {
        "kort": "Bruk minst 12 tegn",
        f"{person.username}-2031": "kan ikke inneholde brukernavnet",
        common: "de vanligste passordene",
    }
    before = manager.read(person.dn, ["pwdChangedTime"])
    for password, message in cases.items():
        response = post_form(client, "/password", {"password": password, "confirm": password})
        assert response.status_code == 400 and message in response.get_data(as_text=True)
    differ = post_form(
        client, "/password", {"password": "Lang-Tur-Over-Vidda-2031", "confirm": "something"}
    )
    assert differ.status_code == 400 and "ulike" in differ.get_data(as_text=True)
    assert manager.read(person.dn, ["pwdChangedTime"]) == before


def test_a_password_change_needs_a_recent_sign_in(client, binder, person, clock):
    """16 minutes after sign-in the page asks to sign in again."""
    web_sign_in(client, binder, person)
    clock.advance(10 * 60)
    client.get("/")
    clock.advance(6 * 60)
    response = client.get("/password")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_the_common_password_list_is_shipped_and_checked_without_case(app):
    """The list has thousands of entries; 'Password1234' counts as 'password1234'."""
    assert len(passwords.common_passwords()) > 10000
    with app.test_request_context():
        assert passwords.problems("Password1234", "someone") != []
        assert passwords.problems("Vidda-Fjell-Fjord-2031", "someone") == []


def test_a_password_with_a_no_break_space_works_for_the_next_sign_in(
    app, client, binder, person, loose_limits
):
    """Stored as a bind sends it (SASLprep: a space), so the same text signs in again."""
    web_sign_in(client, binder, person)
    new = "Lang\u00a0Tur\u00a0Over\u00a0Vidda\u00a02031"
    assert post_form(client, "/password", {"password": new, "confirm": new}).status_code == 303
    again = web_sign_in(app.test_client(), binder, replace(person, password=new))
    assert again.status_code == 303


@pytest.mark.parametrize(
    "new",
    ["Lang-Tur\x07-Over-Vidda-2031", "Lang-Tur-Over-Vidda-2031\ufffd", "Lang-\u05d0\u05d1-2031"],
)
def test_a_password_with_characters_no_bind_can_send_is_refused_clearly(
    client, binder, person, manager, new
):
    """Control characters, U+FFFD, mixed directions: 400 with a message, nothing written."""
    web_sign_in(client, binder, person)
    before = manager.read(person.dn, ["pwdChangedTime"])
    response = post_form(client, "/password", {"password": new, "confirm": new})
    assert response.status_code == 400 and UNUSABLE in response.get_data(as_text=True)
    assert manager.read(person.dn, ["pwdChangedTime"]) == before


def test_the_rules_apply_to_the_password_as_it_is_stored(app):
    """Full-width letters are the common password they look like; soft hyphens do not count."""
    with app.test_request_context():
        full_width = "".join(chr(ord(c) + 0xFEE0) for c in "password1234")
        assert passwords.problems(full_width, "someone") != []
        soft = "Vid\u00adda\u00ad-Fj\u00adel"  # 13 typed, "Vidda-Fjel" stored
        assert len(soft) >= passwords.MIN_LENGTH and passwords.problems(soft, "someone") != []
        assert passwords.problems("Vidda-Fjell\u00a0Fjord-2031", "someone") == []


@pytest.mark.parametrize("password", ["abc\x07def", "abc\ufffd"])
def test_a_sign_in_with_characters_no_bind_can_send_is_an_ordinary_refusal(
    client, binder, person, password
):
    """Not a server error: the generic refusal, 400, as for any wrong password."""
    response = web_sign_in(client, binder, replace(person, password=password))
    assert response.status_code == 400
    assert GENERIC_FAILURE in response.get_data(as_text=True)


def test_a_sign_in_with_bytes_that_are_not_utf8_is_an_ordinary_refusal(client, binder, person):
    """werkzeug decodes such bytes of a multipart form to U+FFFD, which no bind can send."""
    page = ask_code(client, person.username)
    fields = {
        "csrf_token": csrf_token(page.get_data(as_text=True)).encode(),
        "username": person.username.encode(),
        "password": b"Lang-Tur-\xff-Vidda",
        "code": binder.next_code(person.username, person.otp_secret).encode(),
    }
    body = b"".join(
        b'--XX\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n' % (k.encode(), v)
        for k, v in fields.items()
    )
    response = client.post(
        "/login", data=body + b"--XX--\r\n", content_type="multipart/form-data; boundary=XX"
    )
    assert response.status_code == 400
    assert GENERIC_FAILURE in response.get_data(as_text=True)


def test_such_a_refusal_is_held_as_long_as_any_other(app, binder, person):
    """The bind is refused before anything is sent; sign_in still pads it (no quick answer)."""
    from webapp import ldap
    from webapp.auth import signin

    class Checks:
        padded: list[float] = []

        def refused(self, seconds):
            self.padded.append(seconds)

    code = binder.next_code(person.username, person.otp_secret)
    with app.app_context(), pytest.raises(InvalidCredentials):
        signin.sign_in(
            ldap.servers(),
            ldap.service(),
            ldap.tree(),
            person.username,
            "abc\x07def",
            code,
            checks=Checks(),
        )
    assert len(Checks.padded) == 1
