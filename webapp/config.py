"""Settings: safe defaults here, the rest from SERES_* environment variables."""

import time
from collections.abc import Mapping
from datetime import timedelta
from urllib.parse import urlsplit

from limits import parse_many

from directory.errors import InvalidValue
from directory.grants import accounts, review
from directory.grants.ends import days
from directory.settings import Settings
from directory.sync.connect import settings_from_env
from directory.sync.schedule import DEFAULT_FIRST, parse_local
from webapp import notify

# The write grant's default and longest length, in days (checked at start).
GRANT_DAYS = ("SERES_GRANT_DEFAULT_DAYS", "SERES_GRANT_MAX_DAYS")


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
    # e.g. redis://...), each a SERES_LIMIT_<name> setting. Per person (any name,
    # existing or not): they stop SMS pumping. A refused sign-in sends the next
    # code at once (a mistyped password uses the code up), so an honest person
    # who mistypes twice needs three codes in a minute or two; a sign-in starts
    # the person's count again. Per address: a whole agency may sign in from
    # behind one NAT address, so these are wide; a refused request counts
    # against no limit.
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = False
    SERES_LIMIT_CODES_PER_PERSON = "5/10 minutes;15/hour;40/day"
    SERES_LIMIT_CODES_PER_ADDRESS = "60/minute;600/hour"
    SERES_LIMIT_ATTEMPTS_PER_ADDRESS = "60/minute;600/hour"
    SERES_LIMIT_LINKS_PER_ADDRESS = "20/minute;200/hour"
    # Recovery links per person (existing or not): a link takes five codes, so
    # this bounds the guesses of someone who has only the mailbox (50 a day);
    # loose enough that a stranger using up a name's links is a nuisance for a
    # day at most (the service desk can still send an activation link).
    SERES_LIMIT_LINKS_PER_PERSON = "1/minute;10/day"
    # Enquiries without sign-in (/enquiries/ask): per network address, and in all
    # (the desk's queue must not drown).
    SERES_LIMIT_ENQUIRIES_PER_ADDRESS = "5/hour;20/day"
    SERES_LIMIT_ENQUIRIES = "60/hour;300/day"
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
    # The service desk's address, in every page's footer (SERES_CONTACT_EMAIL).
    SERES_CONTACT_EMAIL = "brukerservice@seres.example"
    # Write access ends (issue 12): the access order's end date is this many days
    # ahead unless the orderer chooses another, at most SERES_GRANT_MAX_DAYS.
    SERES_GRANT_DEFAULT_DAYS = 365
    SERES_GRANT_MAX_DAYS = 365
    # Recertification (issue 12): a review of each domain every this many months;
    # at its deadline what was not confirmed is removed or only flagged.
    SERES_REVIEW_MONTHS = review.DEFAULT_MONTHS
    SERES_REVIEW_UNANSWERED = review.REMOVE
    # Accounts with no sign-in for this many days are announced, then disabled
    # (seres access accounts, docs/access.md).
    SERES_DORMANT_DAYS = accounts.DEFAULT_DORMANT_DAYS
    # /metrics: loopback only without a token; with one, only for "Authorization: Bearer <token>".
    SERES_METRICS_TOKEN = ""


class SettingsError(ValueError):
    """A setting that is missing or cannot be used: one line for the operator.

    The message names the variable and never holds a secret's value; wsgi.py
    prints it and stops with exit status 4 (gunicorn's APP_LOAD_ERROR).
    """


LIMITS = (
    "CODES_PER_PERSON",
    "CODES_PER_ADDRESS",
    "ATTEMPTS_PER_ADDRESS",
    "LINKS_PER_ADDRESS",
    "LINKS_PER_PERSON",
    "ENQUIRIES_PER_ADDRESS",
    "ENQUIRIES",
)


def from_environment(environ: Mapping[str, str]) -> dict:
    """Read the app's settings from the environment and check every one.

    Raises SettingsError naming the first variable that is missing or wrong.
    """
    try:
        return _from_environment(environ)
    except SettingsError:
        raise
    except (ValueError, InvalidValue) as exc:
        # directory.settings and webapp.notify name the variable in their messages.
        raise SettingsError(str(exc)) from None


def _from_environment(environ: Mapping[str, str]) -> dict:
    dev = switch(environ, "SERES_DEV")
    config: dict = {
        "SECRET_KEY": environ.get("SERES_SECRET_KEY", ""),
        # A page must not wait 30 s for a stalled directory: 5 s per operation.
        "SERES_LDAP": Settings.from_env(environ=environ, timeout="5"),
        "SERES_DEV": dev,
        # Cookies only over HTTPS unless told we run on plain HTTP (make run).
        "SESSION_COOKIE_SECURE": not switch(environ, "SERES_INSECURE_COOKIES"),
        "SERES_AUTO_PROVISION": switch(environ, "SERES_AUTO_PROVISION"),
        # The sync account's settings, for an ordered refresh of one domain.
        "SERES_SYNC_PROD": settings_from_env("PROD", environ),
        "SERES_SYNC_COURSE": settings_from_env("COURSE", environ),
    }
    if not dev and not config["SERES_LDAP"].password:
        raise SettingsError(
            "SERES_LDAP_PASSWORD (or SERES_LDAP_PASSWORD_FILE) is not set or empty:"
            " the web app's service account cannot sign in"
        )
    if environ.get("SERES_SYNC_FIRST"):
        config["SERES_SYNC_FIRST"] = environ["SERES_SYNC_FIRST"]
    if environ.get("SERES_VAR"):
        config["SERES_VAR"] = environ["SERES_VAR"]
    if environ.get("SERES_CONTACT_EMAIL"):
        config["SERES_CONTACT_EMAIL"] = environ["SERES_CONTACT_EMAIL"]
    if not dev:
        chosen_backends(environ)
    config["SERES_NOTIFY"] = notify.settings_from_env(environ, config.get("SERES_VAR", "var"))
    if environ.get("SERES_PUBLIC_URL"):
        config["SERES_PUBLIC_URL"] = environ["SERES_PUBLIC_URL"]
    if environ.get("SERES_TRUSTED_PROXIES"):
        config["SERES_TRUSTED_PROXIES"] = trusted_proxies(environ["SERES_TRUSTED_PROXIES"])
    if environ.get("SERES_METRICS_TOKEN"):
        config["SERES_METRICS_TOKEN"] = environ["SERES_METRICS_TOKEN"]
    if environ.get("SERES_RATELIMIT_STORAGE"):
        config["RATELIMIT_STORAGE_URI"] = environ["SERES_RATELIMIT_STORAGE"]
    for name in LIMITS:
        if environ.get(f"SERES_LIMIT_{name}"):
            config[f"SERES_LIMIT_{name}"] = environ[f"SERES_LIMIT_{name}"]
    for name in GRANT_DAYS:
        if environ.get(name):
            try:
                config[name] = days(name, environ[name])
            except InvalidValue as exc:
                raise SettingsError(str(exc)) from None
    for name in ("SERES_REVIEW_MONTHS", "SERES_REVIEW_UNANSWERED", "SERES_DORMANT_DAYS"):
        if environ.get(name):
            config[name] = environ[name]
    check({**vars_of(Defaults), **config})
    return config


def vars_of(cls) -> dict:
    return {name: value for name, value in vars(cls).items() if name.isupper()}


def switch(environ: Mapping[str, str], name: str) -> bool:
    """An on/off setting: 1 is on, 0 or unset (or empty) is off, anything else refused.

    Strict on purpose: "true" or "yes" used to mean off without a word.
    """
    value = environ.get(name, "")
    if value not in ("", "0", "1"):
        raise SettingsError(f"{name} must be 1 (on) or 0 (off), not {value!r}")
    return value == "1"


def chosen_backends(environ: Mapping[str, str]) -> None:
    """Outside development the operator says where codes and links go.

    Without it they went to the outbox folder, where nobody receives them.
    """
    if environ.get("SERES_NOTIFY") == "outbox":
        return
    missing = [name for name in ("SERES_NOTIFY_SMS", "SERES_NOTIFY_EMAIL") if not environ.get(name)]
    if missing:
        raise SettingsError(
            f"{' and '.join(missing)} not set: say how codes and links are sent"
            " (SERES_NOTIFY_SMS=http, SERES_NOTIFY_EMAIL=smtp), or set SERES_NOTIFY=outbox"
            " to write them to a local folder (development only)"
        )


def check(config: Mapping) -> None:
    """Check what the app needs at start, from the environment or a test's config.

    Raises SettingsError naming the environment variable behind the value.
    """
    if not config.get("SECRET_KEY"):
        raise SettingsError("SERES_SECRET_KEY is not set: the key that signs sessions")
    if config.get("SERES_PUBLIC_URL"):
        public_url(config["SERES_PUBLIC_URL"])
    elif not config.get("SERES_DEV"):
        raise SettingsError(
            "SERES_PUBLIC_URL is not set: the address people use (https://...), for links in e-mails"
        )
    try:
        parse_local(config["SERES_SYNC_FIRST"])
    except InvalidValue as exc:
        raise SettingsError(f"SERES_SYNC_FIRST: {exc}") from None
    try:
        default, most = (days(name, config[name]) for name in GRANT_DAYS)
    except InvalidValue as exc:
        raise SettingsError(str(exc)) from None
    if default > most:
        raise SettingsError(
            f"SERES_GRANT_DEFAULT_DAYS ({default}) must not exceed SERES_GRANT_MAX_DAYS ({most})"
        )
    try:
        review.months(config["SERES_REVIEW_MONTHS"])
        review.unanswered(config["SERES_REVIEW_UNANSWERED"])
        accounts.dormant_days(config["SERES_DORMANT_DAYS"])
    except InvalidValue as exc:
        raise SettingsError(str(exc)) from None
    for name in LIMITS:
        text = config[f"SERES_LIMIT_{name}"]
        try:
            parse_many(text)
        except ValueError:
            raise SettingsError(
                f"SERES_LIMIT_{name}: not a rate limit in the limits library's notation"
                f" (e.g. 1/minute;5/hour): {text!r}"
            ) from None
    metrics_token(config.get("SERES_METRICS_TOKEN", ""))
    kinds = config.get("SERES_NOTIFY") or {}
    try:
        notify.check_kinds(kinds)
    except ValueError as exc:
        raise SettingsError(str(exc)) from None


METRICS_TOKEN_LENGTH = 32


def metrics_token(token: str) -> None:
    """SERES_METRICS_TOKEN: empty (loopback only), or at least 32 visible ASCII characters."""
    if token and (len(token) < METRICS_TOKEN_LENGTH or not all("!" <= c <= "~" for c in token)):
        raise SettingsError(
            f"SERES_METRICS_TOKEN must be at least {METRICS_TOKEN_LENGTH} characters without"
            " spaces (e.g. from `openssl rand -hex 32`), or unset for loopback-only /metrics"
        )


def trusted_proxies(text: str) -> int:
    """SERES_TRUSTED_PROXIES: how many proxies stand in front of the app (0 or more)."""
    try:
        count = int(text)
    except ValueError:
        count = -1
    if count < 0:
        raise SettingsError(f"SERES_TRUSTED_PROXIES must be 0 or a positive number, not {text!r}")
    return count


def public_url(text: str) -> str:
    """SERES_PUBLIC_URL: scheme and host (and port) only, without a trailing slash."""
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.path not in ("", "/"):
        raise SettingsError(
            f"SERES_PUBLIC_URL must be like https://tilgang.seres.no (no path), not {text!r}"
        )
    if parts.query or parts.fragment:
        raise SettingsError(f"SERES_PUBLIC_URL must have no query or fragment, not {text!r}")
    return f"{parts.scheme}://{parts.netloc}"
