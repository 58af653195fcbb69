"""Rate limits on codes and sign-in attempts."""

from tests.support import ask_code, post_form


def test_codes_are_limited_to_one_a_minute_per_person_known_or_not(client, person, outbox):
    """A second request within the minute: 429, the same for an unknown name; one SMS sent."""
    unknown = "nobody-" + person.username[5:]
    first = {n: ask_code(client, n) for n in (person.username, unknown)}
    second = {n: ask_code(client, n) for n in (person.username, unknown)}
    assert [r.status_code for r in first.values()] == [200, 200]
    assert [r.status_code for r in second.values()] == [429, 429]
    bodies = {n: r.get_data(as_text=True).replace(n, "NAME") for n, r in second.items()}
    assert bodies[person.username] == bodies[unknown]
    assert len(outbox()) == 1


def test_codes_are_limited_per_client_address(client):
    """Five names a minute from one address; the sixth is refused."""
    statuses = [ask_code(client, f"someone-{i}").status_code for i in range(6)]
    assert statuses == [200] * 5 + [429]


def test_sign_in_attempts_are_limited_per_client_address(app, client):
    """With a limit of three a minute, the fourth attempt is refused before any bind."""
    app.config["SERES_LIMIT_ATTEMPTS_PER_ADDRESS"] = "3/minute"
    form = {"username": "someone", "password": "wrong-password", "code": "123456"}
    statuses = [post_form(client, "/login", form).status_code for _ in range(4)]
    assert statuses == [400, 400, 400, 429]
