"""A signed-in person changes their own password; the rules are clear."""

from tests.support import post_form, web_sign_in
from webapp.auth import passwords


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
