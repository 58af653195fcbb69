"""Settings: safe defaults here, the rest from SERES_* environment variables."""

import time
from collections.abc import Mapping
from datetime import timedelta
from urllib.parse import urlsplit

from directory.settings import Settings
from directory.sync.connect import settings_from_env
from directory.sync.schedule import DEFAULT_FIRST
from webapp import notify


class Defaults:
    # Norwegian law (likestillings- og diskrimineringsloven) and WCAG: bokmål first.
    BABEL_DEFAULT_LOCALE = "nb"
    BABEL_DEFAULT_TIMEZONE = "Europe/Oslo"
    LANGUAGES = ("nb", "en")
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_NAME = "seres_session"
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    # The cookie is written when the session changes (seen_at moves once a
    # minute), not re-signed on every request; its 12 hours count from then.
    SESSION_REFRESH_EACH_REQUEST = False
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session
    MAX_CONTENT_LENGTH = 4 * 1024 * 1024
    # Development mode shows the outbox page; never set it in production.
    SERES_DEV = False
    SERES_VAR = "var"
    # Sessions: idle and absolute expiry; a password change needs a recent sign-in.
    SERES_SESSION_IDLE = timedelta(minutes=30)
    SERES_SESSION_MAX = timedelta(hours=12)
    SERES_SESSION_FRESH = timedelta(minutes=15)
    # The clock of sessions and links (tests move it; OTP steps use real time).
    SERES_CLOCK = staticmethod(time.time)
    # Rate limits (the limits library; in memory unless SERES_RATELIMIT_STORAGE says
    # e.g. redis://...). Per person: a code is valid five minutes, so one a
    # minute is plenty. Per address: several people may share an office's address.
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = False
    SERES_LIMIT_CODES_PER_PERSON = "1/minute;5/hour"
    SERES_LIMIT_CODES_PER_ADDRESS = "5/minute;30/hour"
    SERES_LIMIT_ATTEMPTS_PER_ADDRESS = "10/minute;60/hour"
    SERES_LIMIT_LINKS_PER_ADDRESS = "5/minute;30/hour"
    # Recovery links per person (existing or not): a link takes five codes, so
    # this bounds the guesses of someone who has only the mailbox (30 a day).
    SERES_LIMIT_LINKS_PER_PERSON = "1/minute;3/hour;6/day"
    # Reverse proxies in front of the app (nginx: 1). 0: X-Forwarded-* headers are
    # ignored, so nobody can claim another address or scheme; N: trust the last N
    # hops of X-Forwarded-For and X-Forwarded-Proto (never X-Forwarded-Host).
    SERES_TRUSTED_PROXIES = 0
    # The address people use, e.g. https://tilgang.seres.no: links in e-mails are
    # built from it, never from the request's Host (a forged Host would mail a
    # recovery link to another site). Required unless SERES_DEV.
    SERES_PUBLIC_URL = ""
    # Links by e-mail: activation of a new person, recovery of a forgotten password.
    SERES_ACTIVATION_MAX_AGE = timedelta(hours=72)
    SERES_RECOVERY_MAX_AGE = timedelta(hours=1)
    # Ordering: carry out an order by itself once it is ready (SERES_AUTO_PROVISION=1).
    SERES_AUTO_PROVISION = False
    # Notifications (webapp.notify): backends and their settings; see from_environment.
    SERES_NOTIFY: dict = {}
    # The first course refresh (Europe/Oslo); then every 14 days.
    SERES_SYNC_FIRST = DEFAULT_FIRST


def from_environment(environ: Mapping[str, str]) -> dict:
    """Read the app's settings from the environment."""
    config: dict = {
        "SECRET_KEY": environ.get("SERES_SECRET_KEY", ""),
        "SERES_LDAP": Settings.from_env(environ=environ),
        "SERES_DEV": environ.get("SERES_DEV", "") == "1",
        # Cookies only over HTTPS unless told we run on plain HTTP (make run).
        "SESSION_COOKIE_SECURE": environ.get("SERES_INSECURE_COOKIES", "") != "1",
        "SERES_AUTO_PROVISION": environ.get("SERES_AUTO_PROVISION", "") == "1",
        # The sync account's settings, for an ordered refresh of one domain.
        "SERES_SYNC_PROD": settings_from_env("PROD", environ),
        "SERES_SYNC_COURSE": settings_from_env("COURSE", environ),
    }
    if environ.get("SERES_SYNC_FIRST"):
        config["SERES_SYNC_FIRST"] = environ["SERES_SYNC_FIRST"]
    if environ.get("SERES_VAR"):
        config["SERES_VAR"] = environ["SERES_VAR"]
    config["SERES_NOTIFY"] = notify.settings_from_env(environ, config.get("SERES_VAR", "var"))
    if environ.get("SERES_PUBLIC_URL"):
        config["SERES_PUBLIC_URL"] = environ["SERES_PUBLIC_URL"]
    if environ.get("SERES_TRUSTED_PROXIES"):
        config["SERES_TRUSTED_PROXIES"] = trusted_proxies(environ["SERES_TRUSTED_PROXIES"])
    if environ.get("SERES_RATELIMIT_STORAGE"):
        config["RATELIMIT_STORAGE_URI"] = environ["SERES_RATELIMIT_STORAGE"]
    for name in (
        "CODES_PER_PERSON",
        "CODES_PER_ADDRESS",
        "ATTEMPTS_PER_ADDRESS",
        "LINKS_PER_ADDRESS",
        "LINKS_PER_PERSON",
    ):
        if environ.get(f"SERES_LIMIT_{name}"):
            config[f"SERES_LIMIT_{name}"] = environ[f"SERES_LIMIT_{name}"]
    return config


def trusted_proxies(text: str) -> int:
    """SERES_TRUSTED_PROXIES: how many proxies stand in front of the app (0 or more)."""
    try:
        count = int(text)
    except ValueError:
        count = -1
    if count < 0:
        raise ValueError(f"SERES_TRUSTED_PROXIES must be 0 or a positive number, not {text!r}")
    return count


def public_url(text: str) -> str:
    """SERES_PUBLIC_URL: scheme and host (and port) only, without a trailing slash."""
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.path not in ("", "/"):
        raise ValueError(
            f"SERES_PUBLIC_URL must be like https://tilgang.seres.no (no path), not {text!r}"
        )
    if parts.query or parts.fragment:
        raise ValueError(f"SERES_PUBLIC_URL must have no query or fragment, not {text!r}")
    return f"{parts.scheme}://{parts.netloc}"
