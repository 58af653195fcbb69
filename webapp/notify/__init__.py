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

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol


class SendFailed(Exception):
    """The message could not be handed over; nothing was sent."""


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
        self.channels["sms"].send(self.sms.send_sms, number, text)

    def send_email(self, to: str, subject: str, body: str) -> None:
        if not to:
            raise SendFailed("no e-mail address")
        self.channels["email"].send(self.email.send_email, to, subject, body)

    def imitate(self, kind: str) -> None:
        """Answer as a send of ``kind`` ("sms" or "email") would, where nothing is sent.

        Waits as long as a send takes; raises NotSent, a SendFailed, while sends fail.
        """
        self.channels[kind].imitate()


def from_config(config: Mapping) -> Notifier:
    """Build a notifier from a mapping (see :func:`settings_from_env` for the keys)."""
    from webapp.notify.outbox import Outbox
    from webapp.notify.sms_http import HttpSms
    from webapp.notify.smtp import Smtp

    outbox = Outbox(Path(config.get("outbox") or "var/outbox"))
    kinds = {"sms": config.get("sms", "outbox"), "email": config.get("email", "outbox")}
    if kinds["sms"] not in ("outbox", "http") or kinds["email"] not in ("outbox", "smtp"):
        raise ValueError(f"unknown notification backend in {kinds}")
    sms = outbox if kinds["sms"] == "outbox" else HttpSms.from_config(config)
    email = outbox if kinds["email"] == "outbox" else Smtp.from_config(config)
    return Notifier(sms=sms, email=email)


def settings_from_env(environ: Mapping[str, str], var: str = "var") -> dict:
    """Read SERES_NOTIFY (outbox), SERES_NOTIFY_SMS (outbox|http),
    SERES_NOTIFY_EMAIL (outbox|smtp), SERES_SMTP_* and SERES_SMS_*."""
    default = environ.get("SERES_NOTIFY", "outbox")
    out: dict = {
        "sms": environ.get("SERES_NOTIFY_SMS", default),
        "email": environ.get("SERES_NOTIFY_EMAIL", default),
        "outbox": environ.get("SERES_OUTBOX", str(Path(var) / "outbox")),
    }
    for name in ("HOST", "PORT", "SECURITY", "USER", "PASSWORD", "FROM", "TIMEOUT", "CA_FILE"):
        if f"SERES_SMTP_{name}" in environ:
            out[f"smtp_{name.lower()}"] = environ[f"SERES_SMTP_{name}"]
    if environ.get("SERES_SMTP_PASSWORD_FILE"):
        out["smtp_password"] = Path(environ["SERES_SMTP_PASSWORD_FILE"]).read_text().strip()
    for name in ("URL", "AUTH_HEADER", "TIMEOUT", "RETRIES", "BACKOFF"):
        if f"SERES_SMS_{name}" in environ:
            out[f"sms_{name.lower()}"] = environ[f"SERES_SMS_{name}"]
    if environ.get("SERES_SMS_AUTH_HEADER_FILE"):
        out["sms_auth_header"] = Path(environ["SERES_SMS_AUTH_HEADER_FILE"]).read_text().strip()
    # The gateway's body is a JSON file with {number} and {text} placeholders
    # in its string values (a file, not JSON inside an environment variable).
    if environ.get("SERES_SMS_BODY_TEMPLATE_FILE"):
        out["sms_body_template"] = json.loads(
            Path(environ["SERES_SMS_BODY_TEMPLATE_FILE"]).read_text()
        )
    return out
