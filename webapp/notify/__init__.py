"""Notifications: one small interface, three backends, no Flask.

``send_sms(number, text)`` and ``send_email(to, subject, body)`` go to the
backend chosen for each kind: ``outbox`` (one file per message, for
development), ``smtp`` (e-mail) or ``http`` (SMS through an HTTP gateway).
A failed send raises :class:`SendFailed`; callers tell the person and log.
Each kind keeps how long its sends take and whether the latest failed
(:mod:`webapp.notify.lookalike`), so that a request which sends nothing can
answer as a send would: ``imitate(kind)``.
The web app and the ``seres`` CLI configure it from the same mapping.
"""

import errno
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from webapp.ops.metrics import counted


class SendFailed(Exception):
    """The message could not be handed over; nothing was sent."""


class OutboxUnwritable(SendFailed):
    """The development outbox folder cannot be written (``full``: no space left)."""

    def __init__(self, folder, error: OSError):
        super().__init__(f"outbox not writable: {error}")
        self.folder = str(folder)
        self.full = error.errno in (errno.ENOSPC, errno.EDQUOT)


class SmsBackend(Protocol):
    def send_sms(self, number: str, text: str) -> None: ...


class EmailBackend(Protocol):
    def send_email(self, to: str, subject: str, body: str) -> None: ...


def _seed(backend) -> float:
    """A backend's guess of a send's seconds, until one is timed (0 if it has none)."""
    return float(getattr(backend, "TYPICAL_SECONDS", 0.0))


@dataclass(frozen=True)
class Notifier:
    """Sends SMS and e-mail through the configured backends.

    The app makes one per process, so its channels' times and failures are
    the process's.
    """

    sms: SmsBackend
    email: EmailBackend
    channels: dict = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.channels:
            from webapp.notify.lookalike import Channel

            self.channels["sms"] = Channel("sms", seed=_seed(self.sms))
            self.channels["email"] = Channel("email", seed=_seed(self.email))

    def send_sms(self, number: str, text: str) -> None:
        if not number:
            raise SendFailed("no mobile number")
        with counted("sms"):
            self.channels["sms"].send(self.sms.send_sms, number, text)

    def send_email(self, to: str, subject: str, body: str) -> None:
        if not to:
            raise SendFailed("no e-mail address")
        with counted("email"):
            self.channels["email"].send(self.email.send_email, to, subject, body)

    def imitate(self, kind: str) -> None:
        """Answer as a send of ``kind`` ("sms" or "email") would, where nothing is sent.

        Waits as long as a send takes; raises NotSent, a SendFailed, while sends fail.
        """
        self.channels[kind].imitate()


SMS_KINDS = ("outbox", "http")
EMAIL_KINDS = ("outbox", "smtp")


def check_kinds(config: Mapping) -> None:
    """Refuse an unknown backend, naming the variable that chooses it (ValueError)."""
    sms, email = config.get("sms", "outbox"), config.get("email", "outbox")
    if sms not in SMS_KINDS:
        raise ValueError(f"SERES_NOTIFY_SMS must be outbox or http, not {sms!r}")
    if email not in EMAIL_KINDS:
        raise ValueError(f"SERES_NOTIFY_EMAIL must be outbox or smtp, not {email!r}")


def from_config(config: Mapping) -> Notifier:
    """Build a notifier from a mapping (see :func:`settings_from_env` for the keys)."""
    from webapp.notify.outbox import Outbox
    from webapp.notify.sms_http import HttpSms
    from webapp.notify.smtp import Smtp

    check_kinds(config)
    outbox = Outbox(Path(config.get("outbox") or "var/outbox"))
    sms = outbox if config.get("sms", "outbox") == "outbox" else HttpSms.from_config(config)
    email = outbox if config.get("email", "outbox") == "outbox" else Smtp.from_config(config)
    return Notifier(sms=sms, email=email)


def settings_from_env(environ: Mapping[str, str], var: str = "var") -> dict:
    """Read SERES_NOTIFY (outbox), SERES_NOTIFY_SMS (outbox|http),
    SERES_NOTIFY_EMAIL (outbox|smtp), SERES_SMTP_* and SERES_SMS_*.

    A value that cannot be used raises ValueError naming the variable, never
    a password's or header's value.
    """
    default = environ.get("SERES_NOTIFY") or "outbox"
    if default != "outbox":
        raise ValueError(
            f"SERES_NOTIFY can only be outbox, not {default!r}:"
            " choose SERES_NOTIFY_SMS and SERES_NOTIFY_EMAIL instead"
        )
    out: dict = {
        "sms": environ.get("SERES_NOTIFY_SMS") or default,
        "email": environ.get("SERES_NOTIFY_EMAIL") or default,
        "outbox": environ.get("SERES_OUTBOX") or str(Path(var) / "outbox"),
    }
    check_kinds(out)
    for name in ("HOST", "PORT", "SECURITY", "USER", "PASSWORD", "FROM", "TIMEOUT", "CA_FILE"):
        if f"SERES_SMTP_{name}" in environ:
            out[f"smtp_{name.lower()}"] = environ[f"SERES_SMTP_{name}"]
    if environ.get("SERES_SMTP_PASSWORD_FILE"):
        out["smtp_password"] = _read("SERES_SMTP_PASSWORD_FILE", environ).strip()
    for name in ("URL", "AUTH_HEADER", "TIMEOUT", "RETRIES", "BACKOFF"):
        if f"SERES_SMS_{name}" in environ:
            out[f"sms_{name.lower()}"] = environ[f"SERES_SMS_{name}"]
    if environ.get("SERES_SMS_AUTH_HEADER_FILE"):
        out["sms_auth_header"] = _read("SERES_SMS_AUTH_HEADER_FILE", environ).strip()
    # The gateway's body is a JSON file with {number} and {text} placeholders
    # in its string values (a file, not JSON inside an environment variable).
    if environ.get("SERES_SMS_BODY_TEMPLATE_FILE"):
        name = "SERES_SMS_BODY_TEMPLATE_FILE"
        try:
            template = json.loads(_read(name, environ))
        except json.JSONDecodeError as exc:
            raise ValueError(
                f"{name}: {environ[name]} is not JSON ({exc.msg}, line {exc.lineno})"
            ) from None
        if not isinstance(template, dict):
            raise ValueError(f"{name}: {environ[name]} must hold a JSON object")
        out["sms_body_template"] = template
    _check_values(out)
    return out


def _read(name: str, environ: Mapping[str, str]) -> str:
    path = environ[name]
    try:
        return Path(path).read_text()
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not text"
        raise ValueError(f"{name}: cannot read {path}: {reason}") from None


def _number(name: str, text: str, kind=float, least: float = 0, above: bool = True):
    """``text`` as a ``kind`` above (or at least) ``least``, or ValueError naming ``name``."""
    try:
        number = kind(text)
    except ValueError:
        number = None
    if number is None or number != number or number == float("inf"):
        ok = False
    else:
        ok = number > least if above else number >= least
    if not ok:
        what = "a whole number" if kind is int else "a number"
        bound = f"above {least:g}" if above else f"of {least:g} or more"
        raise ValueError(f"{name} must be {what} {bound}, not {text!r}")
    return number


def _check_values(out: Mapping) -> None:
    """Check the numbers and choices of the backends' settings (strings from the environment)."""
    if "smtp_port" in out:
        port = _number("SERES_SMTP_PORT", out["smtp_port"], int)
        if port > 65535:
            raise ValueError(f"SERES_SMTP_PORT must be a port (1-65535), not {out['smtp_port']!r}")
    if "smtp_security" in out and out["smtp_security"] not in ("starttls", "tls", "none"):
        raise ValueError(
            f"SERES_SMTP_SECURITY must be starttls, tls or none, not {out['smtp_security']!r}"
        )
    if "smtp_timeout" in out:
        _number("SERES_SMTP_TIMEOUT", out["smtp_timeout"])
    if "sms_timeout" in out:
        _number("SERES_SMS_TIMEOUT", out["sms_timeout"])
    if "sms_retries" in out:
        _number("SERES_SMS_RETRIES", out["sms_retries"], int)
    if "sms_backoff" in out:
        _number("SERES_SMS_BACKOFF", out["sms_backoff"], above=False)
    if out["sms"] == "http":
        # The URL may hold the gateway's key: say what is wrong, not what it is.
        if not out.get("sms_url"):
            raise ValueError("SERES_SMS_URL is not set: the SMS gateway's address")
        if not str(out["sms_url"]).startswith(("http://", "https://")):
            raise ValueError("SERES_SMS_URL must be an http:// or https:// URL")
