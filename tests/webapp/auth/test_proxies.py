"""Behind a reverse proxy: the client's address and scheme, from trusted hops only."""

import pytest

from tests.support import ask_code
from webapp import create_app
from webapp.config import SettingsError, from_environment


@pytest.fixture
def proxied(app_config):
    """The app as configured behind one proxy (SERES_TRUSTED_PROXIES=1)."""
    app = create_app({**app_config, "SERES_TRUSTED_PROXIES": 1})
    yield app
    app.extensions["seres_service_pool"].close_all()


def ask_from(client, username: str, forwarded_for: str) -> int:
    """Ask for a code with the given X-Forwarded-For header; the status."""
    client.environ_base["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return ask_code(client, username).status_code


def test_without_trusted_proxies_a_forged_address_gets_no_new_allowance(app, client):
    """Not behind a proxy (the default): X-Forwarded-For is ignored, the limit holds."""
    app.config["SERES_LIMIT_CODES_PER_ADDRESS"] = "5/minute"
    assert [ask_code(client, f"someone-{i}").status_code for i in range(5)] == [200] * 5
    forged = [ask_from(client, f"other-{i}", f"203.0.113.{i}") for i in range(3)]
    assert forged == [429] * 3


def test_behind_one_proxy_each_client_address_is_counted_apart(proxied):
    """Two addresses from the proxy's X-Forwarded-For have their own counts."""
    proxied.config["SERES_LIMIT_CODES_PER_ADDRESS"] = "2/minute"
    client = proxied.test_client()
    first = [ask_from(client, f"first-{i}", "198.51.100.1") for i in range(3)]
    second = [ask_from(client, f"second-{i}", "198.51.100.2") for i in range(2)]
    assert first == [200, 200, 429] and second == [200, 200]


def test_behind_one_proxy_only_the_address_the_proxy_added_counts(proxied):
    """A client's own X-Forwarded-For is passed on before the real one: it is not believed."""
    proxied.config["SERES_LIMIT_CODES_PER_ADDRESS"] = "2/minute"
    client = proxied.test_client()
    statuses = [ask_from(client, f"someone-{i}", f"203.0.113.{i}, 198.51.100.1") for i in range(3)]
    assert statuses == [200, 200, 429]


def ask_over(app, proto: str | None, referer: str, username: str):
    """Ask for a code from a new client, through the proxy with this scheme (None: none said)."""
    client = app.test_client()
    client.environ_base["HTTP_REFERER"] = referer
    if proto:
        client.environ_base["HTTP_X_FORWARDED_PROTO"] = proto
    return ask_code(client, username)


def test_behind_a_proxy_over_https_a_form_from_another_host_is_refused(proxied):
    """Over https the form must come from a page of the same host (Flask-WTF's check).

    The refusal is the failed form check's page; the same form over plain
    http (no Referer check) or from the same host over https is taken.
    """
    evil = "https://evil.example/login"
    refused = ask_over(proxied, "https", evil, "someone-1")
    assert refused.status_code == 400
    assert "<h1>Skjemaet er utløpt</h1>" in refused.get_data(as_text=True)
    assert ask_over(proxied, None, evil, "someone-2").status_code == 200
    assert ask_over(proxied, "https", "https://localhost/login", "someone-3").status_code == 200


def test_the_setting_is_read_from_the_environment_and_checked():
    """SERES_TRUSTED_PROXIES is a count: 0 by default, a number, never negative or words."""
    dev = {"SERES_SECRET_KEY": "k", "SERES_DEV": "1"}
    assert "SERES_TRUSTED_PROXIES" not in from_environment(dev)
    assert from_environment({**dev, "SERES_TRUSTED_PROXIES": "2"})["SERES_TRUSTED_PROXIES"] == 2
    for wrong in ("-1", "yes"):
        with pytest.raises(SettingsError, match="SERES_TRUSTED_PROXIES"):
            from_environment({**dev, "SERES_TRUSTED_PROXIES": wrong})
