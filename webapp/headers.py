"""Browser hardening headers on every answer: CSP, framing, sniffing, referrer, HSTS.

The pages load one stylesheet and nothing else from anywhere: no script at
all, no inline style (the QR code is inline SVG markup, which CSP does not
govern). HSTS only over https, as the request sees it: with
SERES_TRUSTED_PROXIES set, the proxy's X-Forwarded-Proto decides (ProxyFix
in webapp/__init__.py); without it nobody can claim https by a header.
"""

from flask import Flask, request

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'none'",
        "style-src 'self'",
        "img-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
    )
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    # Link tokens live in paths (/recover/<token>): never send a path to another site.
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}
# Two years, the preload list's minimum; subdomains are the operator's to decide.
STRICT_TRANSPORT_SECURITY = "max-age=63072000"


def init_app(app: Flask) -> None:
    app.after_request(harden)


def harden(response):
    """Add the headers to a response (a view's own values win)."""
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY)
    return response
