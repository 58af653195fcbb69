"""Development mode stays on this machine: the outbox for loopback only, loud warnings."""

import socket

import pytest

from webapp import create_app


@pytest.fixture
def dev_config(app_config) -> dict:
    """The test app's settings in development mode (as `make run`)."""
    return {**app_config, "SERES_DEV": True}


@pytest.fixture
def dev(dev_config):
    app = create_app(dev_config)
    yield app
    app.extensions["seres_service_pool"].close_all()


def test_the_outbox_answers_a_browser_on_this_machine(dev):
    """From 127.0.0.1 and ::1 the codes are listed."""
    dev.extensions["seres_notifier"].send_sms("+4799999999", "SERES: koden din er 123456")
    for address in ("127.0.0.1", "::1"):
        page = dev.test_client().get("/dev/outbox", environ_base={"REMOTE_ADDR": address})
        assert page.status_code == 200 and "123456" in page.get_data(as_text=True)


def test_the_outbox_refuses_other_machines_and_unbelieved_proxies(dev):
    """Another address: 403 without the codes; a loopback proxy passing one on: 403 too."""
    dev.extensions["seres_notifier"].send_sms("+4799999999", "SERES: koden din er 123456")
    client = dev.test_client()
    far = client.get("/dev/outbox", environ_base={"REMOTE_ADDR": "192.0.2.7"})
    proxied = client.get("/dev/outbox", headers={"X-Forwarded-For": "192.0.2.7"})
    for page in (far, proxied):
        assert page.status_code == 403 and "123456" not in page.get_data(as_text=True)


def test_development_mode_listening_beyond_loopback_is_warned_about_at_start(dev_config, capsys):
    """A socket of the process on 0.0.0.0: a warning on stderr naming it; 127.0.0.1 is quiet."""
    for host, loud in (("127.0.0.1", False), ("0.0.0.0", True)):  # noqa: S104 -- the case tested
        with socket.socket() as listener:
            listener.bind((host, 0))
            listener.listen()
            app = create_app(dev_config)
            app.extensions["seres_service_pool"].close_all()
            port = listener.getsockname()[1]
        err = capsys.readouterr().err
        assert (f"{host} port {port}" in err and "WARNING" in err) is loud, err


def test_development_mode_reached_from_another_machine_is_warned_about_once(dev, capsys):
    """The first request from another address is warned about; loopback and repeats are not."""
    client = dev.test_client()
    client.get("/login")
    assert capsys.readouterr().err == ""
    for _ in range(2):
        client.get("/login", environ_base={"REMOTE_ADDR": "192.0.2.8"})
    err = capsys.readouterr().err
    assert err.count("reached from 192.0.2.8") == 1 and "WARNING" in err
