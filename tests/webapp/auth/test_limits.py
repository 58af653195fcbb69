"""Rate limits on codes and sign-in attempts."""

import math
import time
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from tests.support import ask_code, comparable, post_form, web_sign_in

PER_PERSON = "maksimalt {amount} koder for ett brukernavn per {period}"
PER_ADDRESS = "maksimalt {amount} koder for innlogginger fra én nettverksadresse per {period}"


def oslo_minute(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).astimezone(ZoneInfo("Europe/Oslo")).strftime("%H:%M")


def test_codes_per_person_are_limited_alike_for_known_and_unknown_names(
    app, client, person, outbox
):
    """Over the person's limit: 429 naming it, the same for an unknown name; nothing more sent."""
    app.config["SERES_LIMIT_CODES_PER_PERSON"] = "2/10 minutes"
    unknown = "nobody-" + person.username[5:]
    first = {n: [ask_code(client, n) for _ in range(2)] for n in (person.username, unknown)}
    third = {n: ask_code(client, n) for n in (person.username, unknown)}
    assert [r.status_code for rs in first.values() for r in rs] == [200] * 4
    assert [r.status_code for r in third.values()] == [429, 429]
    bodies = {n: comparable(r, n) for n, r in third.items()}
    assert bodies[person.username] == bodies[unknown]
    assert PER_PERSON.format(amount=2, period="10 minutter") in bodies[unknown][1]
    assert len(outbox()) == 2


def test_codes_are_limited_per_client_address(app, client):
    """With five names a minute from one address, the sixth is refused, naming the address's limit."""
    app.config["SERES_LIMIT_CODES_PER_ADDRESS"] = "5/minute"
    answers = [ask_code(client, f"someone-{i}") for i in range(6)]
    assert [r.status_code for r in answers] == [200] * 5 + [429]
    assert PER_ADDRESS.format(amount=5, period="1 minutt") in answers[-1].get_data(as_text=True)


def test_a_request_refused_for_its_name_does_not_count_against_the_address(app, client):
    """One name asking again and again uses up its own limit, not its colleagues' address."""
    app.config["SERES_LIMIT_CODES_PER_PERSON"] = "1/hour"
    app.config["SERES_LIMIT_CODES_PER_ADDRESS"] = "3/minute"
    eager = [ask_code(client, "eager-one").status_code for _ in range(5)]
    others = [ask_code(client, f"colleague-{i}").status_code for i in range(3)]
    assert eager == [200, 429, 429, 429, 429]
    assert others == [200, 200, 429]


def test_the_default_address_limits_let_a_whole_agency_ask_for_codes(client):
    """Fifty people behind one NAT address each get their code within the same minute."""
    statuses = {ask_code(client, f"agency-person-{i}").status_code for i in range(50)}
    assert statuses == {200}


def test_a_refusal_names_the_hourly_limit_and_when_a_new_code_can_be_had(app, client):
    """Past an hourly limit the page says so, with the time the hour ends, not 'a minute'."""
    app.config["SERES_LIMIT_CODES_PER_PERSON"] = "10/minute;3/hour"
    started = time.time()
    for _ in range(3):
        assert ask_code(client, "hourly-one").status_code == 200
    refused = ask_code(client, "hourly-one")
    html = refused.get_data(as_text=True)
    assert refused.status_code == 429
    assert PER_PERSON.format(amount=3, period="1 time") in html
    allowed = {oslo_minute(math.ceil((started + 3600 + extra) / 60) * 60) for extra in (-60, 0, 60)}
    assert any(f"fra kl. {t} (om 1 time)" in html for t in allowed), html
    assert "et minutt" not in html and "på vei" not in html


def test_a_sign_in_starts_the_persons_code_count_again(app, client, binder, person):
    """With one code an hour, a person who signed in and out can have a new code at once."""
    app.config["SERES_LIMIT_CODES_PER_PERSON"] = "1/hour"
    assert web_sign_in(client, binder, person).status_code == 303
    post_form(client, "/logout", {}, page=client.get("/").get_data(as_text=True))
    assert ask_code(client, person.username).status_code == 200
    assert ask_code(client, person.username).status_code == 429


def test_sign_in_attempts_are_limited_per_client_address(app, client):
    """With a limit of three a minute, the fourth attempt is refused before any bind."""
    app.config["SERES_LIMIT_ATTEMPTS_PER_ADDRESS"] = "3/minute"
    form = {"username": "someone", "password": "wrong-password", "code": "123456"}
    statuses = [post_form(client, "/login", form).status_code for _ in range(4)]
    assert statuses == [400, 400, 400, 429]


def test_memory_counts_start_no_thread_per_hit(app):
    """Counting in memory starts no timer thread; expired counts still end and are dropped."""
    import threading

    from webapp.auth import limits

    storage = limits.Memory("memory://")
    before = threading.active_count()
    # Half a second of life: 50 counts and a read fit in it even on a loaded machine.
    for i in range(50):
        storage.incr(f"key-{i}", expiry=0.5)
    assert threading.active_count() <= before
    assert storage.get("key-0") == 1
    time.sleep(0.55)
    assert storage.get("key-1") == 0
    storage.swept -= limits.SWEEP_SECONDS
    storage.incr("another", expiry=60)
    assert set(storage.storage) == {"another"}


def test_limits_are_exact_with_threads(app):
    """Twenty threads asking at once: exactly the limit's number of uses is allowed."""
    from concurrent.futures import ThreadPoolExecutor

    from webapp.auth import limits

    app.config["SERES_LIMIT_LINKS_PER_ADDRESS"] = "7/minute"

    def ask(_):
        with app.test_request_context(environ_base={"REMOTE_ADDR": "192.0.2.7"}):
            return limits.allow("LINKS_PER_ADDRESS", limits.address())

    with ThreadPoolExecutor(20) as pool:
        assert sum(pool.map(ask, range(40))) == 7


def test_ipv6_addresses_count_by_their_64(app):
    """Two addresses of one /64 share a key; another /64 and IPv4 addresses do not."""
    from webapp.auth import limits

    def key(remote: str) -> str:
        with app.test_request_context(environ_base={"REMOTE_ADDR": remote}):
            return limits.address()

    assert key("2001:db8:1:2::1") == key("2001:db8:1:2:ffff:ffff:ffff:ffff") == "2001:db8:1:2::/64"
    assert key("2001:db8:1:3::1") == "2001:db8:1:3::/64"
    assert key("192.0.2.7") == "192.0.2.7" != key("192.0.2.8")
    assert key("::ffff:192.0.2.7") == "192.0.2.7"


def test_a_client_with_a_64_is_limited_whatever_address_it_takes(app):
    """Six names a minute from six addresses of one /64: the sixth is refused."""
    from webapp.auth import limits

    app.config["SERES_LIMIT_CODES_PER_ADDRESS"] = "5/minute"

    def ask(i: int) -> bool:
        with app.test_request_context(environ_base={"REMOTE_ADDR": f"2001:db8:7:7::{i:x}"}):
            return limits.allow("CODES_PER_ADDRESS", limits.address())

    assert [ask(i) for i in range(1, 7)] == [True] * 5 + [False]


def test_recovery_links_per_name_are_capped_alike_for_real_and_unknown_names(app, client, person):
    """A link takes five codes; links per name are counted (here 2 a day) for any name."""
    app.config["SERES_LIMIT_LINKS_PER_PERSON"] = "2/day"
    app.config["SERES_LIMIT_LINKS_PER_ADDRESS"] = "100/minute"
    unknown = "no-such-" + person.username
    for name in (person.username, unknown):
        statuses = [post_form(client, "/forgot", {"username": name}).status_code for _ in range(3)]
        assert statuses == [200, 200, 429]
    real = comparable(post_form(client, "/forgot", {"username": person.username}), person.username)
    other = comparable(post_form(client, "/forgot", {"username": unknown}), unknown)
    assert real == other
    assert post_form(client, "/forgot", {"username": "someone-else"}).status_code == 200
