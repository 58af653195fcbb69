"""Rate limits on codes and sign-in attempts."""

import time

from tests.support import ask_code, comparable, post_form


def test_codes_are_limited_to_one_a_minute_per_person_known_or_not(client, person, outbox):
    """A second request within the minute: 429, the same for an unknown name; one SMS sent."""
    unknown = "nobody-" + person.username[5:]
    first = {n: ask_code(client, n) for n in (person.username, unknown)}
    second = {n: ask_code(client, n) for n in (person.username, unknown)}
    assert [r.status_code for r in first.values()] == [200, 200]
    assert [r.status_code for r in second.values()] == [429, 429]
    bodies = {n: comparable(r, n) for n, r in second.items()}
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
