"""The JSON API: /api/v1/codes and /api/v1/auth/check, documented in OpenAPI."""

import logging
import time

import pytest

from directory.server.slapd import free_port
from directory.settings import Settings
from tests.support import median_seconds
from tests.webapp.api.documented import DOCUMENT, DocumentedClient, resolve, schema_errors


@pytest.fixture
def person(make_person, tree):
    return make_person(groups=(tree.readers("prod"), tree.writers("prod", "BUFdir")))


def test_asking_for_a_code_answers_the_same_for_unknown_names(client, person, app):
    """202 and the same body for both; only the real person gets an SMS."""
    known = client.post("/api/v1/codes", json={"username": person.username})
    unknown = client.post("/api/v1/codes", json={"username": "no-such-" + person.username})
    assert known.status_code == unknown.status_code == 202
    assert known.get_json() == unknown.get_json() == {"status": "accepted"}
    assert "Set-Cookie" not in known.headers


def test_past_a_limit_the_answer_names_it_and_when_to_ask_again(client, person, app):
    """429 naming SERES_LIMIT_CODES_PER_PERSON's amount, with Retry-After in seconds."""
    app.config["SERES_LIMIT_CODES_PER_PERSON"] = "1/hour"
    assert client.post("/api/v1/codes", json={"username": person.username}).status_code == 202
    again = client.post("/api/v1/codes", json={"username": person.username})
    assert again.status_code == 429 and again.get_json()["error"] == "rate_limited"
    assert "CODES_PER_PERSON: at most 1 per 3600 seconds" in again.get_json()["message"]
    assert 3500 < int(again.headers["Retry-After"]) <= 3600


def test_a_code_for_an_unknown_name_takes_as_long_as_a_real_send(client, person, sms_gateway):
    """With a gateway that takes 0.3 s, an unknown name's answer waits after one real send."""
    sms_gateway.delay = 0.3
    assert client.post("/api/v1/codes", json={"username": person.username}).status_code == 202
    started = time.perf_counter()
    unknown = client.post("/api/v1/codes", json={"username": "no-such-" + person.username})
    assert unknown.status_code == 202 and time.perf_counter() - started >= 0.2
    assert len(sms_gateway.requests) == 1


def test_while_sms_fails_unknown_and_real_names_get_the_same_failure(client, person, sms_gateway):
    """Gateway answering 500: the same 503 body for both; once a real send works, 202 again."""
    unknown = "no-such-" + person.username

    def ask(name):
        return client.post("/api/v1/codes", json={"username": name})

    sms_gateway.status = 500
    real, other = ask(person.username), ask(unknown)
    assert real.status_code == other.status_code == 503
    assert real.get_data() == other.get_data()
    assert real.get_json()["error"] == "send_failed"
    sms_gateway.status = 200
    assert ask(unknown).status_code == 503  # no real send has worked yet
    assert ask(person.username).status_code == 202
    real, other = ask(person.username), ask(unknown)
    assert real.status_code == other.status_code == 202
    assert real.get_data() == other.get_data()


def test_a_right_check_answers_with_groups_and_roles(client, binder, person, tree):
    """Password + code: 200 with the person's groups and per-environment access."""
    code = binder.next_code(person.username, person.otp_secret)
    response = client.post(
        "/api/v1/auth/check",
        json={"username": person.username, "password": person.password, "code": code},
    )
    assert response.status_code == 200
    body = response.get_json()
    assert body["username"] == person.username
    assert tree.writers("prod", "BUFdir").lower() in [g.lower() for g in body["groups"]]
    assert body["access"]["prod"] == {"read": True, "write": ["BUFdir"]}
    assert body["access"]["course"] == {"read": False, "write": []}


def test_a_wrong_check_answers_401_the_same_for_unknown_names(client, person):
    """Wrong password, or no such person: the same 401 body."""
    bodies = []
    for name in (person.username, "no-such-person"):
        response = client.post(
            "/api/v1/auth/check",
            json={"username": name, "password": "wrong-password", "code": "123456"},
        )
        assert response.status_code == 401
        bodies.append(response.get_json())
    assert (
        bodies[0]
        == bodies[1]
        == {
            "error": "invalid_credentials",
            "message": "Username, password or code is wrong.",
        }
    )


@pytest.mark.parametrize("password", ["abc\x07def", "abc\ufffd", "abc\udc80"])
def test_a_password_no_bind_can_send_is_an_ordinary_401(client, person, password):
    """Characters SASLprep refuses: the same 401 as a wrong password, not a server error."""
    response = client.post(
        "/api/v1/auth/check",
        json={"username": person.username, "password": password, "code": "123456"},
    )
    assert response.status_code == 401
    assert response.get_json()["error"] == "invalid_credentials"


def test_a_refused_check_takes_as_long_for_an_unknown_name_as_for_a_real_one(app, client, person):
    """slapd answers an unknown DN at once but hashes a real person's password (~15 ms);
    refusals are held until a real check would end, so time does not tell who exists.
    A lower bound only: the unknown name's refusals are not much quicker."""
    app.config["SERES_LIMIT_ATTEMPTS_PER_ADDRESS"] = "1000/minute"

    def refuse(name: str) -> None:
        response = client.post(
            "/api/v1/auth/check",
            json={"username": name, "password": "wrong-password", "code": "123456"},
        )
        assert response.status_code == 401

    # Four tries each: ppolicy locks a real person out at the fifth failure.
    real, unknown = median_seconds(
        lambda: refuse(person.username), lambda: refuse("no-such-" + person.username)
    )
    # Unheld, an unknown name's refusal takes about a twentieth of a real one's.
    assert unknown >= 0.5 * real, (unknown, real)


@pytest.mark.parametrize(
    "body", [None, {"username": 3}, {"username": "x", "password": "y"}, ["username"]]
)
def test_malformed_json_is_answered_400(client, body):
    """Missing or non-string fields: 400 with a JSON error, nothing checked."""
    for url in ("/api/v1/codes", "/api/v1/auth/check"):
        response = client.post(url, json=body) if body is not None else client.post(url, data="{")
        if (
            url.endswith("codes")
            and isinstance(body, dict)
            and isinstance(body.get("username"), str)
        ):
            continue  # a username alone is a valid code request
        assert response.status_code == 400, (url, body)
        assert response.get_json()["error"] == "bad_request"


HUGE = "a" * (3 * 1024 * 1024)


def _limit_keys(app) -> list[str]:
    """Every key the rate limits hold (in memory in tests)."""
    storage = app.extensions["seres_limits"].strategy.storage
    return [*storage.storage, *storage.expirations]


def test_a_huge_username_is_refused_before_any_limit_or_log_line(app, client, caplog):
    """3 MB names: 400, and neither a limit's key (kept for its window) nor a log line."""
    caplog.set_level(logging.DEBUG)
    for url, body in (
        ("/api/v1/codes", {"username": HUGE}),
        ("/api/v1/auth/check", {"username": HUGE, "password": "pw", "code": "123456"}),
    ):
        response = client.post(url, json=body)
        assert response.status_code == 400 and response.get_json()["error"] == "bad_request"
    assert _limit_keys(app) == []
    assert all(len(r.getMessage()) < 1000 for r in caplog.records)


@pytest.mark.parametrize(
    "name", ["a" * 65, "Bad Name", "-dash-first", "a/b", "", "   ", "ødegård", "\u212aari"]
)
def test_a_name_that_cannot_be_a_username_is_400_for_both_endpoints(app, client, name):
    """Too long or not a username's characters: 400 for anyone alike, nothing counted."""
    for url, body in (
        ("/api/v1/codes", {"username": name}),
        ("/api/v1/auth/check", {"username": name, "password": "pw", "code": "123456"}),
    ):
        response = client.post(url, json=body)
        assert response.status_code == 400, (url, name)
        assert response.get_json()["error"] == "bad_request"
    assert _limit_keys(app) == []


def test_any_plausible_name_gets_a_code_answer_alike(client, loose_limits):
    """64 characters, capitals and spaces around (normalized): 202 as for any name."""
    for name in ("a" * 64, "  No-Such.Person@x  "):
        response = client.post("/api/v1/codes", json={"username": name})
        assert response.status_code == 202 and response.get_json() == {"status": "accepted"}


@pytest.mark.parametrize("code", ["12345", "1234567", "abcdef", "12 3456", "\u0661" * 6, ""])
def test_a_code_that_is_not_six_digits_is_400_before_any_limit(app, client, code):
    """Not the documented pattern: 400 (it was a 401 after counting an attempt)."""
    response = client.post(
        "/api/v1/auth/check", json={"username": "someone", "password": "pw", "code": code}
    )
    assert response.status_code == 400 and response.get_json()["error"] == "bad_request"
    assert _limit_keys(app) == []


def test_a_password_over_256_characters_is_400_and_one_of_256_is_checked(app, client):
    """The web sign-in's limit; at the limit the check runs (and is refused: 401)."""
    app.config["SERES_LIMIT_ATTEMPTS_PER_ADDRESS"] = "1000/minute"

    def check(password: str, code: str = "123456"):
        body = {"username": "no-such-person", "password": password, "code": code}
        return client.post("/api/v1/auth/check", json=body)

    assert check("p" * 257).status_code == 400
    assert _limit_keys(app) == []
    assert check("p" * 256).status_code == 401
    assert check("p" * 20, code=" 123456\n").status_code == 401  # spaces around are ignored


@pytest.fixture
def down_client(app_config, accounts, tree):
    """A client of an app whose directory does not answer (nothing listens on its port)."""
    from webapp import create_app

    dead = Settings(
        (f"ldap://127.0.0.1:{free_port()}",),
        accounts["webapp"].dn,
        accounts["webapp"].password,
        tree.suffix,
        connect_timeout=1,
    )
    app = create_app({**app_config, "SERES_LDAP": dead})
    app.test_client_class = DocumentedClient
    return app.test_client()


def _problem_of(response) -> dict:
    assert response.is_json, (response.status_code, response.content_type)
    body = response.get_json()
    assert set(body) == {"error", "message"} and all(isinstance(v, str) for v in body.values())
    return body


def test_a_wrong_method_is_a_json_405_naming_the_allowed_one(client):
    """GET on a POST endpoint: the API's problem JSON, not the HTML error page."""
    response = client.get("/api/v1/auth/check")
    assert response.status_code == 405 and _problem_of(response)["error"] == "method_not_allowed"
    assert "POST" in response.headers["Allow"]


def test_a_body_over_the_size_limit_is_a_json_413(client):
    """5 MB (the limit is 4 MB): 413 as JSON."""
    response = client.post(
        "/api/v1/auth/check", data=b"x" * (5 * 1024 * 1024), content_type="application/json"
    )
    assert response.status_code == 413 and _problem_of(response)["error"] == "too_large"


def test_an_unknown_api_path_is_a_json_404(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404 and _problem_of(response)["error"] == "not_found"


@pytest.mark.parametrize(
    "url, body",
    [
        ("/api/v1/codes", {"username": "someone"}),
        ("/api/v1/auth/check", {"username": "someone", "password": "pw", "code": "123456"}),
    ],
)
def test_a_directory_that_does_not_answer_is_a_json_503(down_client, url, body):
    """Unavailable: 503 as JSON for both endpoints."""
    response = down_client.post(url, json=body)
    assert response.status_code == 503 and _problem_of(response)["error"] == "unavailable"


def test_an_unexpected_error_is_a_json_500_without_details(client, monkeypatch):
    """A bug: 500 as JSON, and nothing of the exception in the answer."""

    def broken(username):
        raise RuntimeError("secret detail")

    monkeypatch.setattr("webapp.auth.sending.send_code", broken)
    response = client.post("/api/v1/codes", json={"username": "someone"})
    assert response.status_code == 500 and _problem_of(response)["error"] == "server_error"
    assert b"secret detail" not in response.get_data()


def test_errors_outside_the_api_stay_pages(client):
    """The web app's own 404 and 405 are still HTML pages."""
    assert client.get("/no-such-page").content_type.startswith("text/html")
    assert client.put("/login").content_type.startswith("text/html")


def test_the_openapi_document_describes_both_endpoints(client):
    """Served as JSON at /api/v1/openapi.json: the file the answers are checked against."""
    document = client.get("/api/v1/openapi.json").get_json()
    assert document == DOCUMENT
    assert document["openapi"].startswith("3.")
    assert {"/api/v1/codes", "/api/v1/auth/check"} <= set(document["paths"])
    for path in ("/api/v1/codes", "/api/v1/auth/check"):
        responses = document["paths"][path]["post"]["responses"]
        assert {"400", "405", "413", "429", "500", "503"} <= set(responses), path


def _every_schema(node):
    """Every schema object in the document (under a "schema" or in components/schemas)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "schema":
                yield value
            if key == "schemas":
                yield from value.values()
            if key in ("properties",):
                yield from value.values()
            if key in ("items", "additionalProperties") and isinstance(value, dict):
                yield value
            yield from _every_schema(value)
    elif isinstance(node, list):
        for value in node:
            yield from _every_schema(value)


def test_the_checker_knows_every_keyword_and_reference_of_the_document():
    """So that no part of a schema goes unchecked: each one resolves, each keyword is known."""
    for schema in _every_schema(DOCUMENT):
        schema_errors(None, schema)  # asserts the keywords; resolves $refs


def test_the_checker_finds_what_does_not_fit():
    """A checker that never complains would prove nothing."""
    person = {"$ref": "#/components/schemas/Person"}
    right = {
        "username": "a",
        "dn": "uid=a",
        "name": "A",
        "groups": [],
        "roles": [],
        "access": {"prod": {"read": True, "write": ["BUFdir"]}},
    }
    assert schema_errors(right, person) == []
    assert schema_errors({**right, "groups": "x"}, person) == ["$.groups: not array"]
    assert schema_errors({k: v for k, v in right.items() if k != "dn"}, person) == ["$: no dn"]
    wrong_access = {**right, "access": {"prod": {"read": "yes"}}}
    assert schema_errors(wrong_access, person) == [
        "$.access.prod: no write",
        "$.access.prod.read: not boolean",
    ]
    problem = {"$ref": "#/components/schemas/Problem"}
    assert schema_errors({"error": "x"}, problem) == ["$: no message"]
    check = resolve({"$ref": "#/components/schemas/CheckRequest"})
    wrong = {"username": "a" * 65, "password": "p" * 257, "code": "12345"}
    assert len(schema_errors(wrong, check)) == 3
    assert schema_errors({"username": " A@b ", "password": "p", "code": " 123456 "}, check) == []
