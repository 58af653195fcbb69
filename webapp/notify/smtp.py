"""E-mail over SMTP (smtplib): plain, STARTTLS or TLS, with an optional login."""

import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import make_msgid

from webapp.notify import SendFailed


@dataclass(frozen=True)
class Smtp:
    host: str
    port: int = 587
    security: str = "starttls"  # "starttls", "tls" or "none"
    user: str = ""
    password: str = field(default="", repr=False)
    sender: str = "SERES <noreply@seres.example>"
    timeout: float = 10.0
    # A CA bundle to trust instead of the system's (a private mail relay).
    ca_file: str = ""
    # A guess of a send's seconds until one is timed (webapp.notify.lookalike).
    TYPICAL_SECONDS = 0.3

    @classmethod
    def from_config(cls, config: Mapping) -> "Smtp":
        security = config.get("smtp_security", "starttls")
        if security not in ("starttls", "tls", "none"):
            raise ValueError(f"smtp_security must be starttls, tls or none, not {security!r}")
        default_port = {"starttls": 587, "tls": 465, "none": 25}[security]
        return cls(
            host=config.get("smtp_host", "localhost"),
            port=int(config.get("smtp_port", default_port)),
            security=security,
            user=config.get("smtp_user", ""),
            password=config.get("smtp_password", ""),
            sender=config.get("smtp_from", cls.sender),
            timeout=float(config.get("smtp_timeout", 10)),
            ca_file=config.get("smtp_ca_file", ""),
        )

    def send_email(self, to: str, subject: str, body: str) -> None:
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = to
        message["Subject"] = subject
        message["Message-ID"] = make_msgid(domain=self.sender.rsplit("@", 1)[-1].strip("> "))
        message.set_content(body)
        context = ssl.create_default_context(cafile=self.ca_file or None)
        try:
            if self.security == "tls":
                smtp = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=context)
            else:
                smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
            with smtp:
                if self.security == "starttls":
                    smtp.starttls(context=context)
                if self.user:
                    smtp.login(self.user, self.password)
                smtp.send_message(message)
        except (OSError, smtplib.SMTPException) as exc:
            raise SendFailed(f"SMTP {self.host}:{self.port}: {exc}") from exc
