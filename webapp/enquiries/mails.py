"""The enquiry's e-mails: the desk hears of a new one, the asker gets the answer.

In bokmål, as the orders' e-mails (the recipient's language is not known).
A failed send is logged and counted, never fatal.
"""

import logging

from flask import current_app, g
from flask_babel import force_locale
from flask_babel import gettext as _

from directory.groups import members_of
from directory.people import mail_of
from webapp import ldap
from webapp.notify import SendFailed
from webapp.safe import external_url

log = logging.getLogger(__name__)


def _send(dns, subject_body, given=()) -> None:
    """Mail the people of ``dns`` and the addresses ``given`` (an enquiry without sign-in's)."""
    notifier = current_app.extensions["seres_notifier"]
    service = ldap.service()
    found = [a for dn in dns if (a := mail_of(service, dn))] + list(given)
    addresses = sorted({a.lower(): a for a in found}.values())
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        subject, body = subject_body()
    for address in addresses:
        try:
            notifier.send_email(address, subject, body)
        except SendFailed as exc:
            log.error("enquiry e-mail failed: %s", exc)
            g.enquiry_mail_failures = g.get("enquiry_mail_failures", 0) + 1


def asked(enquiry) -> None:
    """Tell the desk of a new enquiry."""
    url = external_url("enquiries.show", enquiry_id=enquiry.id)
    desk = members_of(ldap.service(), ldap.tree(), ldap.tree().servicedesk)
    _send(
        desk,
        lambda: (
            _("SERES: a new enquiry"),
            _("A new enquiry awaits the service desk's answer:\n\n%(url)s\n", url=url),
        ),
    )


def answered(enquiry) -> None:
    """Mail the answer to the person who asked."""
    answer = enquiry.events[-1].reason
    if enquiry.details.get("public"):
        # Asked without sign-in: the answer is all (the enquiry's page needs a sign-in).
        _send(
            [],
            lambda: (
                _("SERES: the answer to your enquiry"),
                _("SERES brukerservice has answered your enquiry:\n\n%(answer)s\n", answer=answer),
            ),
            given=[enquiry.details["email"]],
        )
        return
    url = external_url("enquiries.show", enquiry_id=enquiry.id)
    _send(
        [enquiry.orderer],
        lambda: (
            _("SERES: the answer to your enquiry"),
            _(
                "SERES brukerservice has answered your enquiry:\n\n%(answer)s\n\n%(url)s\n",
                answer=answer,
                url=url,
            ),
        ),
    )


def failures() -> int:
    return g.get("enquiry_mail_failures", 0)
