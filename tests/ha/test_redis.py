"""Several web workers sharing rate limits and session records through a real Redis."""

from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.support import post_form, web_sign_in
from webapp import create_app
from webapp.auth import limits

SIGNED_IN = "Logget inn som"


@pytest.fixture
def workers(app_config, redis_server):
    """Two apps as two gunicorn workers: each its own connection to the same Redis."""
    import redis

    redis.Redis.from_url(redis_server.url).flushdb()
    apps = [create_app({**app_config, "RATELIMIT_STORAGE_URI": redis_server.url}) for _ in range(2)]
    yield apps
    for app in apps:
        app.extensions["seres_service_pool"].close_all()


def test_the_app_starts_with_a_redis_storage_and_counts_there(workers, redis_server):
    """SERES_RATELIMIT_STORAGE=redis://...: the counts are in Redis, not in the process."""
    import redis

    app = workers[0]
    with app.test_request_context():
        assert limits.allow("CODES_PER_PERSON", "someone")
    keys = redis.Redis.from_url(redis_server.url).keys("*someone*")
    assert keys, "nothing counted in Redis"


def test_five_codes_an_hour_means_five_whichever_worker_answers(workers):
    """Forty requests at once, spread over two workers: exactly five are allowed."""
    for app in workers:
        app.config["SERES_LIMIT_CODES_PER_PERSON"] = "5/hour"

    def ask(i: int) -> bool:
        with workers[i % 2].test_request_context():
            return limits.allow("CODES_PER_PERSON", "many-asks")

    with ThreadPoolExecutor(20) as pool:
        assert sum(pool.map(ask, range(40))) == 5


def test_a_refusal_by_the_minute_does_not_use_up_the_hour(workers):
    """1/minute;5/hour: the second ask in a minute is refused and leaves the hour's count at one."""
    app = workers[0]
    app.config["SERES_LIMIT_CODES_PER_PERSON"] = "1/minute;5/hour"
    with app.test_request_context():
        assert limits.allow("CODES_PER_PERSON", "twice")
        assert not limits.allow("CODES_PER_PERSON", "twice")
        minute, hour = limits._items(app.config["SERES_LIMIT_CODES_PER_PERSON"])
        strategy = limits._limits().strategy
        assert strategy.get_window_stats(minute, "CODES_PER_PERSON", "twice").remaining == 0
        assert strategy.get_window_stats(hour, "CODES_PER_PERSON", "twice").remaining == 4


def test_a_request_refused_by_one_limit_is_not_counted_by_another(workers):
    """A person's limit refuses: the address's count is as before, on a shared storage too."""
    app = workers[1]
    app.config["SERES_LIMIT_CODES_PER_PERSON"] = "1/hour"
    app.config["SERES_LIMIT_CODES_PER_ADDRESS"] = "3/hour"
    with app.test_request_context():
        uses = [("CODES_PER_ADDRESS", "192.0.2.9"), ("CODES_PER_PERSON", "once")]
        assert limits.check(*uses) is None
        refusal = limits.check(*uses)
        assert refusal is not None and refusal.name == "CODES_PER_PERSON"
        item = limits._items("3/hour")[0]
        stats = limits._limits().strategy.get_window_stats(item, "CODES_PER_ADDRESS", "192.0.2.9")
        assert stats.remaining == 2


def test_a_sign_out_on_one_worker_ends_the_session_on_the_other(workers, make_person, binder):
    """The record of a sign-out is in Redis: a copy of the cookie ends on every worker."""
    one, two = workers
    person = make_person()
    browser = one.test_client()
    web_sign_in(browser, binder, person)
    copied = browser.get_cookie("seres_session").value
    assert SIGNED_IN in home_with(two, copied)
    post_form(browser, "/logout", {}, page=browser.get("/").get_data(as_text=True))
    assert SIGNED_IN not in home_with(two, copied)


def home_with(app, cookie: str) -> str:
    """The front page as a browser with a copy of a session cookie sees it."""
    other = app.test_client()
    other.set_cookie("seres_session", cookie)
    return other.get("/").get_data(as_text=True)


def test_sessions_and_sign_ins_are_seen_and_ended_on_every_worker(workers, make_person, binder):
    """Session records are in Redis: a browser on one worker is listed on the other, and
    ending it there signs it out."""
    import re

    one, two = workers
    person = make_person()
    first, second = one.test_client(), two.test_client()
    web_sign_in(first, binder, person)
    web_sign_in(second, binder, person, ask=False)
    page = second.get("/account/activity").get_data(as_text=True)
    assert page.count('name="sid"') == 2
    assert page.split("Nylige innlogginger i denne webappen")[1].count("logget inn") >= 2
    assert "denne nettleseren" in page
    sids = re.findall(r'name="sid" type="hidden" value="([^"]+)"', page)
    with second.session_transaction() as cookie:
        other = next(sid for sid in sids if sid != cookie["sid"])
    assert post_form(second, "/account/sessions/end", {"sid": other}, page).status_code == 303
    assert first.get("/account/activity").status_code in (302, 303)
