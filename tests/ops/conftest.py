"""Fixtures of the operations tests: the web app reaching the real slapd through a relay."""

import pytest

from tests.ops.faults import Relay
from webapp import create_app
from webapp.config import from_environment


@pytest.fixture
def relay(slapd):
    relay = Relay(slapd.port)
    yield relay
    relay.close()


@pytest.fixture
def relayed_app(app_config, relay, accounts):
    """The web app reaching the real slapd through the relay, with the default timeouts."""
    environ = {
        "SERES_LDAP_URLS": relay.url,
        "SERES_LDAP_BIND_DN": accounts["webapp"].dn,
        "SERES_LDAP_PASSWORD": accounts["webapp"].password,
    }
    settings = from_environment({**environ, "SERES_DEV": "1", "SERES_SECRET_KEY": "k"})[
        "SERES_LDAP"
    ]
    app = create_app({**app_config, "SERES_LDAP": settings})
    yield app
    app.extensions["seres_service_pool"].close_all()
