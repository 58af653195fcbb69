"""Send a code or a link, within the limits, answering alike for any name (no views).

Each use case is one call: ``send_code`` (sign-in, a link's page, the API),
``send_recovery_link`` (forgotten password), ``send_link`` (an activation
link from the desk or an order), ``tell`` (a notice that a password or the
second factor changed). They read the request's connection and notifier,
never a form, and return what happened for the caller to show.
"""

import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from directory import otp
from directory.grants import accounts
from directory.people import find_person
from webapp import ldap
from webapp.auth import limits, links, signin
from webapp.auth.limits import Refusal
from webapp.notify import Notifier, SendFailed
from webapp.safe import external_url

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Sent:
    """What a request to send became: sent (or answered as if), refused by a limit, or failed."""

    status: int  # 200 sent or answered alike, 429 refused by a limit, 503 the send failed
    refusal: Refusal | None = None
    failure: SendFailed | None = None  # why the send failed (a full outbox is said so)

    @property
    def sent(self) -> bool:
        return self.status == 200


def notifier() -> Notifier:
    return current_app.extensions["seres_notifier"]


def send_code(username: str, alike: bool = True) -> Sent:
    """Send the person's next code by SMS within the per-person and per-address limits.

    The same answer for any name: where nothing is sent (an unknown name, an
    app, no mobile), the answer takes as long as a send and fails while sends
    fail (``alike``; a link's page, whose name is known, skips that). A
    request refused by one limit counts against none.
    """
    refusal = limits.check(("CODES_PER_PERSON", username), ("CODES_PER_ADDRESS", limits.address()))
    if refusal is not None:
        return Sent(429, refusal)
    # In the page's language: the person who asks is the one who reads it.
    text = _("SERES: your code is {code}. It is valid for five minutes.")
    try:
        sent = signin.send_code(ldap.service(), ldap.tree(), notifier(), username, text)
        if not sent and alike:
            notifier().imitate("sms")
    except SendFailed as exc:
        log.error("sending a sign-in code failed: %s", exc)
        return Sent(503, failure=exc)
    return Sent(200)


def signed_in(username: str) -> None:
    """After a sign-in: the person's code count starts again (pumping needs no password)."""
    limits.clear("CODES_PER_PERSON", username)


def send_recovery_link(username: str) -> Sent:
    """E-mail a recovery link within the limits; the same answer for any name."""
    refusal = limits.check(("LINKS_PER_PERSON", username), ("LINKS_PER_ADDRESS", limits.address()))
    if refusal is not None:
        return Sent(429, refusal)
    try:
        if not (signin.plausible(username) and send_link("recover", username)):
            notifier().imitate("email")
    except SendFailed as exc:
        log.error("sending a recovery link failed: %s", exc)
        return Sent(503)
    return Sent(200)


def send_link(kind: str, username: str) -> bool:
    """E-mail an activation or recovery link to the person; False if they have no address.

    In bokmål whatever the language of the page that asks: the recipient's
    language is not known (a desk person reading in English activates
    someone else), and e-mails are always in the register's first language.
    SendFailed propagates.
    """
    person = find_person(ldap.service(), ldap.tree(), username, personal=True)
    if person is None or not person.mail:
        return False
    uuid = links.entry_uuid(ldap.service(), person.dn)
    if uuid is None:
        return False
    url = external_url("auth.link", kind=kind, token=links.make(kind, username, uuid))
    if kind == "activate":
        _expires_with_link(person.dn, username)
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        subject, body = _link_mail(kind, person.name, username, url)
    notifier().send_email(person.mail, subject, body)
    return True


def _expires_with_link(dn: str, username: str) -> None:
    """An account never signed in to ends with its activation link (docs/access.md)."""
    token = otp.read_token(ldap.service(), ldap.tree(), username)
    clock = current_app.config["SERES_CLOCK"]
    until = datetime.fromtimestamp(clock(), UTC) + current_app.config["SERES_ACTIVATION_MAX_AGE"]
    accounts.awaits_activation(
        ldap.service(), dn, until, token is not None and token.last_step is not None
    )


def _link_mail(kind: str, name: str, username: str, url: str) -> tuple[str, str]:
    """The subject and body of a link's e-mail, in the current language."""
    if kind == "activate":
        subject = _("Activate your SERES account")
        body = _(
            "Hello %(name)s,\n\nChoose your password for the SERES access register here "
            "(the link works once, for 72 hours):\n\n%(url)s\n\nYour username is %(user)s.\n",
            name=name,
            url=url,
            user=username,
        )
    else:
        subject = _("Choose a new SERES password")
        body = _(
            "Hello %(name)s,\n\nSomeone, probably you, asked to choose a new password for "
            "%(user)s. The link works once, for one hour:\n\n%(url)s\n\n"
            "If it was not you, ignore this message.\n",
            name=name,
            url=url,
            user=username,
        )
    return subject, body


# What changed, for ``tell``.
PASSWORD = "password"  # noqa: S105 -- the name of a change, not a password
APP = "app"
SMS = "sms"


def tell(username: str, change: str) -> bool:
    """Tell the person that their password or their second factor changed; True if sent.

    By e-mail if they have an address, else by SMS; in bokmål (see
    ``send_link``). A failed notice is logged, never raised: the change is
    made, and the person must not be told it failed because a notice did.
    """
    person = find_person(ldap.service(), ldap.tree(), username, personal=True)
    if person is None or not (person.mail or person.mobile):
        log.warning("no address to tell %s of a %s change", username, change)
        return False
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        subject, body = _notice(change, username)
        desk = _("If it was not you, call SERES brukerservice at once.")
    try:
        if person.mail:
            notifier().send_email(person.mail, subject, f"{body}\n\n{desk}\n")
        else:
            notifier().send_sms(person.mobile, f"SERES: {body} {desk}")
    except SendFailed as exc:
        log.error("telling %s of a %s change failed: %s", username, change, exc)
        return False
    return True


def _notice(change: str, username: str) -> tuple[str, str]:
    if change == PASSWORD:
        return _("Your SERES password was changed"), _(
            "The password of the SERES account %(user)s was changed just now.", user=username
        )
    if change == APP:
        return _("A new authenticator app for SERES"), _(
            "An authenticator app was enrolled just now for the SERES account %(user)s; "
            "its codes now sign in instead of codes by SMS.",
            user=username,
        )
    if change == SMS:
        return _("SERES codes by SMS again"), _(
            "SERES brukerservice switched the SERES account %(user)s back to codes by SMS "
            "just now; the authenticator app no longer signs in.",
            user=username,
        )
    raise ValueError(f"no notice for {change!r}")
