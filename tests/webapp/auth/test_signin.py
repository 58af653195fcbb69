"""Web sign-in at /login: username, then password and code, one bind."""

import re
import time

from directory import otp
from tests.support import ask_code, comparable, median_seconds, post_form, web_sign_in

GENERIC_FAILURE = "Innloggingen mislyktes"
LOCKED = "Kontoen er låst i 15 minutter"


def test_signing_in_with_password_and_the_sms_code_shows_name_and_access(
    client, person, outbox, tree
):
    """The code goes by SMS (outbox); password + that code signs in; home shows access."""
    page = ask_code(client, person.username)
    assert page.status_code == 200
    sms = outbox()
    assert len(sms) == 1 and sms[0]["kind"] == "sms" and sms[0]["to"] == "+4799999999"
    code = re.search(r"\b(\d{6})\b", sms[0]["text"]).group(1)
    response = post_form(
        client,
        "/login",
        {"username": person.username, "password": person.password, "code": code},
        page=page.get_data(as_text=True),
    )
    assert response.status_code == 303 and response.headers["Location"] == "/"
    home = client.get("/").get_data(as_text=True)
    assert f"Test {person.username}" in home
    access = home.split('id="my-access"', 1)[1].split("</section>", 1)[0]
    assert "BUFdir" in access and "Legemiddelverket" not in access
    assert re.search(r"Produksjon</th>\s*<td>ja</td>", access)
    assert re.search(r"Kursmiljø</th>\s*<td>nei</td>", access)


def test_the_sign_in_fields_carry_labels_and_autocomplete(client, person):
    """username, current-password and one-time-code, each with a label."""
    first = client.get("/login").get_data(as_text=True)
    assert 'autocomplete="username"' in first and '<label for="username">' in first
    second = ask_code(client, person.username).get_data(as_text=True)
    assert 'autocomplete="current-password"' in second and '<label for="password">' in second
    assert 'autocomplete="one-time-code"' in second and '<label for="code">' in second


def test_a_wrong_password_is_refused_without_naming_the_factor(client, person, binder):
    """Status 400, the generic message, and no session."""
    wrong = person.__class__(**{**person.__dict__, "password": "not-the-password"})
    response = web_sign_in(client, binder, wrong)
    assert response.status_code == 400
    assert GENERIC_FAILURE in response.get_data(as_text=True)
    assert client.get("/password").status_code == 302  # not signed in


def test_a_wrong_code_gets_the_same_answer_as_a_wrong_password(client, person, binder):
    """The message never says which factor was wrong."""
    right = binder.next_code(person.username, person.otp_secret)
    wrong_code = f"{(int(right) + 1) % 1000000:06d}"
    by_code = web_sign_in(client, binder, person, code=wrong_code).get_data(as_text=True)
    wrong = person.__class__(**{**person.__dict__, "password": "not-the-password"})
    by_password = web_sign_in(client, binder, wrong, ask=False).get_data(as_text=True)
    strip = re.compile(r'value="[^"]*"')
    assert GENERIC_FAILURE in by_code
    assert strip.sub("", by_code) == strip.sub("", by_password)


def test_a_replayed_code_is_refused(client, person, binder):
    """A code that signed in once does not sign in again."""
    code = binder.next_code(person.username, person.otp_secret)
    assert web_sign_in(client, binder, person, code=code).status_code == 303
    post_form(client, "/logout", {}, page=client.get("/").get_data(as_text=True))
    again = post_form(
        client, "/login", {"username": person.username, "password": person.password, "code": code}
    )
    assert again.status_code == 400 and GENERIC_FAILURE in again.get_data(as_text=True)


def test_a_code_after_its_window_is_refused(client, person, binder):
    """A code of a step more than the window (5 minutes) ago is refused."""
    old = otp.code_at(person.otp_secret, int(time.time() // 60) - 7)
    response = web_sign_in(client, binder, person, code=old)
    assert response.status_code == 400 and GENERIC_FAILURE in response.get_data(as_text=True)


def test_unknown_and_existing_usernames_get_identical_answers(client, person, make_person):
    """Asking for a code, and failing to sign in: same status and body either way."""
    unknown = "nobody-" + person.username[5:]
    answers = {}
    for name in (person.username, unknown):
        code_page = ask_code(client, name)
        failed = post_form(
            client,
            "/login",
            {"username": name, "password": "wrong-password", "code": "123456"},
            page=code_page.get_data(as_text=True),
        )
        answers[name] = [comparable(r, name) for r in (code_page, failed)]
    assert answers[person.username] == answers[unknown]
    assert answers[unknown][0][0] == 200 and answers[unknown][1][0] == 400


def test_a_refused_sign_in_takes_as_long_for_an_unknown_name_as_for_a_real_one(app, client, person):
    """The password step: slapd hashes only a real person's password, the app holds
    an unknown name's refusal as long. A lower bound, so it cannot flake on a busy machine."""
    app.config["SERES_LIMIT_ATTEMPTS_PER_ADDRESS"] = "1000/minute"
    page = client.get("/login").get_data(as_text=True)

    def refuse(name: str) -> None:
        form = {"username": name, "password": "wrong-password-1234", "code": "123456"}
        assert post_form(client, "/login", form, page=page).status_code == 400

    # Four tries each: ppolicy locks a real person out at the fifth failure.
    real, unknown = median_seconds(
        lambda: refuse(person.username), lambda: refuse("no-such-" + person.username)
    )
    # Unheld, an unknown name's refusal takes about a twentieth of a real one's.
    assert unknown >= 0.5 * real, (unknown, real)


def test_after_five_failures_the_lock_out_message_is_the_same_for_any_name(
    app, client, person, binder
):
    """ppolicy locks the person (even the right code fails); an unknown name reads the same."""
    app.config["SERES_LIMIT_ATTEMPTS_PER_ADDRESS"] = "100/minute"
    for _ in range(5):
        post_form(
            client,
            "/login",
            {"username": person.username, "password": "wrong-password", "code": "123456"},
        )
    right = web_sign_in(client, binder, person)
    assert right.status_code == 400 and LOCKED in right.get_data(as_text=True)
    for _ in range(6):
        unknown = post_form(
            client,
            "/login",
            {"username": "no-such-person", "password": "wrong-password", "code": "123456"},
        )
    assert unknown.status_code == 400 and LOCKED in unknown.get_data(as_text=True)


def test_the_lock_out_ends_after_its_duration(client, make_person, manager, tree, binder):
    """With a 2-second lock-out policy, the person signs in again once it has passed."""
    policy = f"cn=short-lock-{time.time_ns()},{tree.tokens}"
    manager.add(
        policy,
        ["device", "pwdPolicy"],
        {
            "pwdAttribute": "userPassword",
            "pwdMaxFailure": "5",
            "pwdLockout": "TRUE",
            "pwdLockoutDuration": "2",
        },
    )
    try:
        person = make_person()
        from directory.connection import REPLACE

        manager.modify(person.dn, {"pwdPolicySubentry": [(REPLACE, [policy])]})
        for _ in range(5):
            post_form(
                client,
                "/login",
                {"username": person.username, "password": "wrong-password", "code": "123456"},
            )
        assert LOCKED in web_sign_in(client, binder, person).get_data(as_text=True)
        time.sleep(2.5)
        assert web_sign_in(client, binder, person, ask=False).status_code == 303
    finally:
        manager.delete(policy)


def test_after_sign_in_only_a_path_on_this_site_is_followed(client, person, binder):
    """next=/password is followed; next=https://evil.example/ falls back to the front page."""
    response = web_sign_in(client, binder, person, url="/login?next=https://evil.example/")
    assert response.headers["Location"] == "/"


def test_after_sign_in_the_page_asked_for_is_shown(client, person, binder):
    """A login_required page sends to /login?next=..., and sign-in returns there."""
    first = client.get("/app")
    assert first.status_code == 302 and first.headers["Location"] == "/login?next=/app"
    response = web_sign_in(client, binder, person, url="/login?next=/app")
    assert response.headers["Location"] == "/app"


def test_every_form_refuses_a_post_without_its_csrf_token(client, person, binder):
    """Sign-in, sign-out and every signed-in form answer 400 without the token."""
    for url in ("/login", "/forgot", "/activate/x", "/recover/x"):
        assert client.post(url, data={"username": person.username}).status_code == 400, url
    assert web_sign_in(client, binder, person).status_code == 303
    for url in ("/logout", "/password", "/app", "/app/sms", "/domains/prod/BUFdir"):
        assert client.post(url, data={"code": "123456"}).status_code == 400, url


def test_the_error_summary_links_only_to_fields_on_the_page(client):
    """Without the hidden username: its error is listed, but not as a link to a missing #username."""
    page = client.get("/login").get_data(as_text=True)
    response = post_form(
        client, "/login", {"password": "some-password", "code": "123456"}, page=page
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    summary = html.split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    assert "Brukernavnet mangler" in summary
    links = re.findall(r'href="#([^"]+)"', summary)
    assert all(f'id="{target}"' in html for target in links)
