"""Fixtures of the web tests: the app's notifications through local servers."""

import pytest
from aiosmtpd.controller import Controller

from directory.server.slapd import free_port
from tests.servers import Gateway, Inbox, sms_config
from webapp import notify


@pytest.fixture
def loose_limits(app):
    """Limits that let one test ask for codes and links many times, for the same names."""
    for name in ("CODES_PER_PERSON", "CODES_PER_ADDRESS", "LINKS_PER_ADDRESS", "LINKS_PER_PERSON"):
        app.config[f"SERES_LIMIT_{name}"] = "100/minute"


@pytest.fixture
def sms_gateway(app, loose_limits):
    """The app sends SMS through a local gateway (one try per send); set its status and delay."""
    with Gateway() as gateway:
        app.extensions["seres_notifier"] = notify.from_config(
            sms_config(gateway.url, sms_retries=1, outbox=f"{app.config['SERES_VAR']}/outbox")
        )
        yield gateway


@pytest.fixture
def smtp_inbox(app, loose_limits):
    """The app sends e-mail to a local aiosmtpd server; set the inbox's refuse and delay."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    app.extensions["seres_notifier"] = notify.from_config(
        {"outbox": f"{app.config['SERES_VAR']}/outbox", **smtp_config(controller.port)}
    )
    yield inbox
    controller.stop()


def smtp_config(port: int) -> dict:
    """Notifier settings for e-mail to the local SMTP server on ``port``."""
    return {
        "email": "smtp",
        "smtp_host": "127.0.0.1",
        "smtp_port": port,
        "smtp_security": "none",
        "smtp_timeout": 5,
    }
