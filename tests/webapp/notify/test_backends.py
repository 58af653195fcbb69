"""Notifications through real servers: aiosmtpd for SMTP, http.server for the SMS gateway."""

import logging
import ssl
import subprocess

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from directory.server.slapd import free_port
from tests.servers import Gateway, Inbox, sms_config
from tests.support import ask_code
from webapp import notify
from webapp.notify import SendFailed


@pytest.fixture
def smtp_server():
    inbox = Inbox()

    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = auth_data.login == b"seres" and auth_data.password == b"s3cret"
        return AuthResult(success=ok)

    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=free_port(),
        authenticator=authenticate,
        auth_require_tls=False,
    )
    controller.start()
    yield controller, inbox
    controller.stop()


def test_email_goes_through_a_real_smtp_server_with_login(smtp_server):
    """Plain SMTP with AUTH LOGIN: the message arrives with subject and body."""
    controller, inbox = smtp_server
    notifier = notify.from_config(
        {
            "email": "smtp",
            "smtp_host": "127.0.0.1",
            "smtp_port": controller.port,
            "smtp_security": "none",
            "smtp_user": "seres",
            "smtp_password": "s3cret",
            "smtp_from": "SERES <noreply@seres.example>",
        }
    )
    notifier.send_email("ola@bufdir.example", "Aktiver kontoen", "Hei Ola,\nlenken: https://x/")
    (sender, recipients, content) = inbox.messages[0]
    assert sender == "noreply@seres.example" and recipients == ["ola@bufdir.example"]
    assert "Subject: Aktiver kontoen" in content and "lenken: https://x/" in content


def test_a_wrong_smtp_login_or_a_dead_server_raises_send_failed(smtp_server):
    """Nothing is lost silently: the caller gets SendFailed."""
    controller, _inbox = smtp_server
    base = {"email": "smtp", "smtp_host": "127.0.0.1", "smtp_security": "none", "smtp_timeout": 2}
    wrong = notify.from_config({**base, "smtp_port": controller.port, "smtp_user": "seres"})
    with pytest.raises(SendFailed):
        wrong.send_email("a@b.example", "s", "b")
    with pytest.raises(SendFailed):
        notify.from_config({**base, "smtp_port": free_port()}).send_email("a@b.example", "s", "b")


def test_starttls_is_required_when_configured(smtp_server):
    """security=starttls against a server without STARTTLS fails rather than sending in clear."""
    controller, inbox = smtp_server
    notifier = notify.from_config(
        {"email": "smtp", "smtp_host": "127.0.0.1", "smtp_port": controller.port}
    )
    with pytest.raises(SendFailed):
        notifier.send_email("a@b.example", "s", "b")
    assert inbox.messages == []


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """A self-signed certificate for 127.0.0.1 (openssl), and a context serving it."""
    folder = tmp_path_factory.mktemp("tls")
    key, cert = folder / "key.pem", folder / "cert.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return cert, context


@pytest.mark.parametrize("security", ["starttls", "tls"])
def test_email_goes_through_starttls_and_tls_with_login(certificate, security):
    """Encrypted SMTP: the client checks the server's certificate, logs in and sends."""
    cert, context = certificate
    inbox = Inbox()
    # aiosmtpd does not see implicit TLS as TLS, so it must be told AUTH is fine there.
    tls = (
        {"tls_context": context, "require_starttls": True}
        if security == "starttls"
        else {"ssl_context": context, "auth_require_tls": False}
    )
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=free_port(),
        authenticator=lambda *args: AuthResult(success=args[4].password == b"s3cret"),
        **tls,
    )
    controller.start()
    try:
        base = {
            "email": "smtp",
            "smtp_host": "127.0.0.1",
            "smtp_port": controller.port,
            "smtp_security": security,
            "smtp_user": "seres",
            "smtp_password": "s3cret",
            "smtp_timeout": 5,
        }
        notify.from_config({**base, "smtp_ca_file": str(cert)}).send_email(
            "ola@bufdir.example", "Kryptert", "Hei"
        )
        assert inbox.messages and "Subject: Kryptert" in inbox.messages[0][2]
        # Without trusting the certificate, nothing is sent.
        with pytest.raises(SendFailed):
            notify.from_config(base).send_email("ola@bufdir.example", "Kryptert", "Hei")
        assert len(inbox.messages) == 1
    finally:
        controller.stop()


def test_the_sms_gateway_gets_the_json_body_and_the_auth_header():
    """The template's placeholders are filled; the header is sent as configured."""
    with Gateway([200]) as gateway:
        notifier = notify.from_config(
            sms_config(
                gateway.url,
                sms_auth_header="Authorization: Bearer t0ken",
                sms_body_template={"recipients": ["{number}"], "body": "{text}", "from": "SERES"},
            )
        )
        notifier.send_sms("+4799999999", 'kode "123456"')
    headers, body = gateway.requests[0]
    assert headers["Authorization"] == "Bearer t0ken"
    assert body == {"recipients": ["+4799999999"], "body": 'kode "123456"', "from": "SERES"}


def test_the_sms_gateway_is_retried_after_server_errors():
    """503 then 502 then 200: three requests, sent."""
    with Gateway([503, 502, 200]) as gateway:
        notify.from_config(sms_config(gateway.url)).send_sms("+4799999999", "x")
    assert len(gateway.requests) == 3


def test_a_client_error_from_the_gateway_is_not_retried_and_fails():
    """400 is final: one request, SendFailed."""
    with Gateway([400, 200]) as gateway, pytest.raises(SendFailed):
        notify.from_config(sms_config(gateway.url)).send_sms("+4799999999", "x")
    assert len(gateway.requests) == 1


def test_a_garbled_gateway_answer_is_retried_and_fails_as_send_failed():
    """A gateway that answers with something not HTTP: each try counted, then SendFailed."""
    import socket
    import threading

    listener = socket.create_server(("127.0.0.1", 0))
    tries = []

    def answer_garbage():
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            with connection:
                connection.recv(65536)
                tries.append(1)
                connection.sendall(b"NOT HTTP AT ALL\r\n\r\n")

    threading.Thread(target=answer_garbage, daemon=True).start()
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/sms"
    notifier = notify.from_config(sms_config(url))
    try:
        with pytest.raises(SendFailed):
            notifier.send_sms("+4799999999", "x")
    finally:
        listener.close()
    assert len(tries) == 3 and notifier.channels["sms"].failing()


def test_network_backends_start_from_a_guess_of_a_send_and_the_outbox_from_nothing(tmp_path):
    """Before any send is timed, SMS over HTTP and SMTP are expected to take some time."""
    outbox = notify.from_config({"outbox": str(tmp_path)})
    assert outbox.channels["sms"].typical() == 0.0 == outbox.channels["email"].typical()
    network = notify.from_config(
        {**sms_config("http://127.0.0.1:9/sms"), "email": "smtp", "smtp_host": "127.0.0.1"}
    )
    assert network.channels["sms"].typical() > 0 and network.channels["email"].typical() > 0


def test_the_outbox_writes_one_file_per_message(tmp_path):
    """SMS and e-mail each become a JSON file, listed newest first."""
    notifier = notify.from_config({"outbox": str(tmp_path)})
    notifier.send_sms("+4799999999", "one")
    notifier.send_email("a@b.example", "subject", "two")
    messages = notifier.sms.messages()
    assert len(list(tmp_path.glob("*.json"))) == 2
    assert [m["kind"] for m in messages] == ["email", "sms"]


def test_a_failed_sms_tells_the_person_to_try_again_and_is_logged(app, client, make_person, caplog):
    """The gateway is down: 503, a message in the person's language, an error in the log."""
    app.extensions["seres_notifier"] = notify.from_config(
        sms_config(f"http://127.0.0.1:{free_port()}/sms", sms_retries=2)
    )
    person = make_person()
    with caplog.at_level(logging.ERROR):
        response = ask_code(client, person.username)
    assert response.status_code == 503
    assert "Vi fikk ikke sendt koden" in response.get_data(as_text=True)
    assert any("sending a sign-in code failed" in r.getMessage() for r in caplog.records)


def test_the_outbox_page_exists_only_in_development_mode(app, settings_for, accounts, tmp_path):
    """404 normally; with SERES_DEV it lists the messages."""
    from webapp import create_app

    assert app.test_client().get("/dev/outbox").status_code == 404
    dev = create_app(
        {
            "SECRET_KEY": "k",
            "SERES_LDAP": settings_for(accounts["webapp"]),
            "SERES_DEV": True,
            "SERES_VAR": str(tmp_path),
        }
    )
    dev.extensions["seres_notifier"].send_sms("+4799999999", "SERES: koden din er 123456")
    page = dev.test_client().get("/dev/outbox")
    assert page.status_code == 200 and "koden din er 123456" in page.get_data(as_text=True)
