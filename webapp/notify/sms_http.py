"""SMS through an HTTP gateway: a JSON POST, a timeout, retries with back-off."""

import http.client
import json
import logging
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field

from webapp.notify import SendFailed

log = logging.getLogger(__name__)

DEFAULT_BODY = {"to": "{number}", "message": "{text}"}


def fill(template, number: str, text: str):
    """Put the number and text into every string of a JSON-like template.

    Values are substituted after parsing, so a text can never change the
    body's structure.
    """
    if isinstance(template, str):
        return template.replace("{number}", number).replace("{text}", text)
    if isinstance(template, list):
        return [fill(v, number, text) for v in template]
    if isinstance(template, dict):
        return {k: fill(v, number, text) for k, v in template.items()}
    return template


@dataclass(frozen=True)
class HttpSms:
    url: str
    auth_header: str = field(default="", repr=False)  # e.g. "Authorization: Bearer ..."
    body_template: dict = field(default_factory=lambda: dict(DEFAULT_BODY))
    timeout: float = 5.0
    retries: int = 3
    backoff: float = 0.5
    # A guess of a send's seconds until one is timed (webapp.notify.lookalike).
    TYPICAL_SECONDS = 0.3

    @classmethod
    def from_config(cls, config: Mapping) -> "HttpSms":
        if not config.get("sms_url"):
            raise ValueError("the SMS gateway needs sms_url (SERES_SMS_URL)")
        if not str(config["sms_url"]).startswith(("http://", "https://")):
            raise ValueError("sms_url must be an http(s) URL")
        return cls(
            url=config["sms_url"],
            auth_header=config.get("sms_auth_header", ""),
            body_template=config.get("sms_body_template") or dict(DEFAULT_BODY),
            timeout=float(config.get("sms_timeout", 5)),
            retries=int(config.get("sms_retries", 3)),
            backoff=float(config.get("sms_backoff", 0.5)),
        )

    def _request(self, number: str, text: str) -> urllib.request.Request:
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if self.auth_header:
            name, _, value = self.auth_header.partition(":")
            headers[name.strip()] = value.strip()
        body = json.dumps(fill(self.body_template, number, text)).encode()
        return urllib.request.Request(self.url, data=body, headers=headers, method="POST")  # noqa: S310 -- http(s) checked in from_config

    def send_sms(self, number: str, text: str) -> None:
        """POST the message; retry on network errors, 429 and 5xx, never on other 4xx."""
        last_error = ""
        for attempt in range(1, self.retries + 1):
            try:
                # The URL is the operator's configuration, checked to be http(s) above.
                with urllib.request.urlopen(self._request(number, text), timeout=self.timeout):  # noqa: S310
                    return
            except urllib.error.HTTPError as exc:
                last_error = f"HTTP {exc.code}"
                if exc.code != 429 and exc.code < 500:
                    break
            except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
                # HTTPException: a garbled answer (BadStatusLine, LineTooLong).
                last_error = str(getattr(exc, "reason", exc))
            if attempt < self.retries:
                log.warning("SMS gateway attempt %d failed (%s); retrying", attempt, last_error)
                time.sleep(self.backoff * 2 ** (attempt - 1))
        raise SendFailed(f"SMS gateway {self.url}: {last_error}")
