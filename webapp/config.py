"""Settings: safe defaults here, the rest from SERES_* environment variables."""

from collections.abc import Mapping
from datetime import timedelta

from directory.settings import Settings
from directory.sync.schedule import DEFAULT_FIRST


class Defaults:
    # Norwegian law (likestillings- og diskrimineringsloven) and WCAG: bokmål first.
    BABEL_DEFAULT_LOCALE = "nb"
    LANGUAGES = ("nb", "en")
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_NAME = "seres_session"
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session
    MAX_CONTENT_LENGTH = 4 * 1024 * 1024
    # Development mode shows the outbox page; never set it in production.
    SERES_DEV = False
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
    }
    if environ.get("SERES_SYNC_FIRST"):
        config["SERES_SYNC_FIRST"] = environ["SERES_SYNC_FIRST"]
    if environ.get("SERES_VAR"):
        config["SERES_VAR"] = environ["SERES_VAR"]
    return config
