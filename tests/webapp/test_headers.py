"""Browser hardening headers on every answer; HSTS only over https."""

import re
from pathlib import Path

import pytest

from webapp import create_app

WEBAPP = Path(__file__).resolve().parents[2] / "webapp"


@pytest.mark.parametrize(
    "url", ["/", "/login", "/static/style.css", "/no-such-page", "/api/v1/openapi.json"]
)
def test_every_answer_carries_the_hardening_headers(client, url):
    """Pages, static files, error pages and the API: CSP, framing, sniffing, referrer."""
    with client.get(url) as response:
        headers = response.headers
    csp = headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert "script-src" not in csp and "'unsafe-inline'" not in csp
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in headers


def test_over_https_the_answer_asks_for_https_from_now_on(client):
    """A request over https gets Strict-Transport-Security."""
    response = client.get("/login", base_url="https://localhost")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_behind_a_trusted_proxy_its_https_brings_hsts_and_a_forged_header_does_not(app_config):
    """X-Forwarded-Proto counts only from trusted proxies (SERES_TRUSTED_PROXIES)."""
    https = {"X-Forwarded-Proto": "https"}
    alone = create_app(app_config)
    proxied = create_app({**app_config, "SERES_TRUSTED_PROXIES": 1})
    try:
        forged = alone.test_client().get("/login", headers=https)
        assert "Strict-Transport-Security" not in forged.headers
        behind = proxied.test_client().get("/login", headers=https)
        assert "Strict-Transport-Security" in behind.headers
    finally:
        for app in (alone, proxied):
            app.extensions["seres_service_pool"].close_all()


def test_no_template_holds_inline_script_or_style():
    """The CSP allows neither: no <script>, <style>, style= or on...= handler in any template."""
    inline = re.compile(r"<script|<style|\sstyle=|\son[a-z]+=", re.IGNORECASE)
    found = [
        f"{path.relative_to(WEBAPP)}: {match.group(0)}"
        for path in WEBAPP.rglob("*.html")
        for match in inline.finditer(path.read_text())
    ]
    assert found == []
