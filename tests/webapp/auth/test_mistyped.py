"""A mistyped password costs seconds: the used-up code is replaced at once, within limits."""

import re
import time

from tests.support import ask_code, comparable, post_form

GENERIC_FAILURE = "Innloggingen mislyktes"
NEW_CODE = "er en ny kode på vei"
ON_ITS_WAY = "på vei"


def sms_codes(outbox) -> list[str]:
    return [re.search(r"\b(\d{6})\b", m["text"]).group(1) for m in outbox() if m["kind"] == "sms"]


def sign_in(client, person, password: str, code: str, page: str):
    return post_form(
        client,
        "/login",
        {"username": person.username, "password": password, "code": code},
        page=page,
    )


def test_a_wrong_password_uses_the_code_up(client, person, outbox):
    """The otp overlay records the step before the password is checked: the code is spent."""
    page = ask_code(client, person.username).get_data(as_text=True)
    (code,) = sms_codes(outbox)
    assert sign_in(client, person, "not-the-password", code, page).status_code == 400
    again = sign_in(client, person, person.password, code, page)
    assert again.status_code == 400 and GENERIC_FAILURE in again.get_data(as_text=True)


def test_an_honest_person_who_mistypes_twice_signs_in_within_two_minutes(client, person, outbox):
    """Each refused sign-in sends the next code at once; the third try signs in."""
    started = time.monotonic()
    page = ask_code(client, person.username).get_data(as_text=True)
    for mistake in ("not-the-password", person.password + "x"):
        code = sms_codes(outbox)[-1]
        refused = sign_in(client, person, mistake, code, page)
        page = refused.get_data(as_text=True)
        assert refused.status_code == 400 and GENERIC_FAILURE in page and NEW_CODE in page
    codes = sms_codes(outbox)
    assert len(codes) == 3 and len(set(codes)) == 3
    done = sign_in(client, person, person.password, codes[-1], page)
    assert done.status_code == 303 and done.headers["Location"] == "/"
    assert time.monotonic() - started < 120


def test_a_refused_sign_in_answers_alike_for_any_name(client, person):
    """The new code (or its stand-in for an unknown name): the same page either way."""
    unknown = "nobody-" + person.username[5:]
    answers = {}
    for name in (person.username, unknown):
        page = ask_code(client, name).get_data(as_text=True)
        form = {"username": name, "password": "wrong-password", "code": "123456"}
        answers[name] = comparable(post_form(client, "/login", form, page=page), name)
    assert answers[person.username] == answers[unknown]
    assert answers[unknown][0] == 400 and NEW_CODE in answers[unknown][1]


def test_when_the_limit_stops_a_new_code_the_page_says_none_is_on_its_way(
    app, client, person, outbox
):
    """One code per hour: after a refused sign-in the page names the limit, claims no SMS."""
    app.config["SERES_LIMIT_CODES_PER_PERSON"] = "1/hour"
    page = ask_code(client, person.username).get_data(as_text=True)
    (code,) = sms_codes(outbox)
    refused = sign_in(client, person, "not-the-password", code, page)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 400 and GENERIC_FAILURE in html
    assert "Ingen ny kode ble sendt" in html and "per 1 time" in html
    assert ON_ITS_WAY not in html
    assert len(sms_codes(outbox)) == 1


def test_the_send_again_button_works_right_after_the_first_code(client, person, outbox):
    """'Send a new code' seconds after the first: a code is sent, not a minute's wait."""
    ask_code(client, person.username)
    again = ask_code(client, person.username)
    assert again.status_code == 200 and ON_ITS_WAY in again.get_data(as_text=True)
    assert len(sms_codes(outbox)) == 2
