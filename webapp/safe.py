"""Small guards shared by the views."""

from urllib.parse import urlsplit

from flask import current_app, request, url_for


def safe_next(target: str | None, fallback: str) -> str:
    """Return ``target`` only if it is a path on this site (no open redirect)."""
    if not target:
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return fallback
    if "\\" in target:
        return fallback
    return target


def external_url(endpoint: str, **values) -> str:
    """A full link for an e-mail, from SERES_PUBLIC_URL, never from the request's Host.

    Only development mode (no SERES_PUBLIC_URL) takes the request's own address.
    """
    base = current_app.config["SERES_PUBLIC_URL"] or request.host_url.rstrip("/")
    return base + url_for(endpoint, **values)
