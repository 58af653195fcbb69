"""Links in e-mails come from SERES_PUBLIC_URL, never from the request's Host."""

import json
import re
from pathlib import Path

import pytest

from tests.support import post_form
from webapp import create_app
from webapp.config import SettingsError, public_url


def recovery_link(app, client, username: str, headers: dict[str, str]) -> str:
    """Ask for a recovery link with the given headers; the link in the e-mail."""
    client.environ_base.update(headers)
    assert post_form(client, "/forgot", {"username": username}).status_code == 200
    outbox = Path(app.config["SERES_VAR"]) / "outbox"
    mails = [json.loads(p.read_text()) for p in sorted(outbox.glob("*.json"))]
    body = next(m["body"] for m in mails if m["kind"] == "email")
    return re.search(r"\S+/recover/\S+", body).group(0)


@pytest.mark.parametrize("proxies", [0, 1])
def test_a_forged_host_does_not_change_the_link_in_a_recovery_mail(app_config, person, proxies):
    """Host, X-Forwarded-Host and -Proto from the client: the link is still the public one."""
    app = create_app(
        {
            **app_config,
            "SERES_PUBLIC_URL": "https://tilgang.example",
            "SERES_TRUSTED_PROXIES": proxies,
        }
    )
    headers = {
        "HTTP_HOST": "evil.example",
        "HTTP_X_FORWARDED_HOST": "evil.example",
        "HTTP_X_FORWARDED_PROTO": "http",
    }
    link = recovery_link(app, app.test_client(), person.username, headers)
    assert link.startswith("https://tilgang.example/recover/")
    app.extensions["seres_service_pool"].close_all()


def test_the_app_refuses_to_start_without_a_public_url_outside_development(app_config):
    """No SERES_PUBLIC_URL: a clear error at start, unless SERES_DEV (make run)."""
    with pytest.raises(SettingsError, match="SERES_PUBLIC_URL"):
        create_app({**app_config, "SERES_PUBLIC_URL": ""})
    create_app({**app_config, "SERES_PUBLIC_URL": "", "SERES_DEV": True})


def test_a_public_url_is_scheme_and_host_only():
    """A trailing slash is dropped; a path, query or other scheme is refused."""
    assert public_url("https://tilgang.example/") == "https://tilgang.example"
    assert public_url("http://127.0.0.1:8000") == "http://127.0.0.1:8000"
    for wrong in (
        "tilgang.example",
        "ftp://tilgang.example",
        "https://x.example/app",
        "https://x.example/?a=1",
        "",
    ):
        with pytest.raises(ValueError, match="SERES_PUBLIC_URL"):
            public_url(wrong)
