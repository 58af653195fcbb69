"""The agreement check's e-mails (directory.agencies.lapse), in bokmål like the others."""

import logging

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from directory.agencies.lapse import AGREEMENT_ENDING, GRANTS_RESTORED, GRANTS_SUSPENDED
from webapp.access import mails as access_mails
from webapp.notify import SendFailed
from webapp.safe import external_url

log = logging.getLogger(__name__)


def _message(kind: str, data: dict) -> tuple[str, str]:
    url = external_url("agencies.show", org_number=data["org_number"])
    domains = ", ".join(data.get("domains") or ()) or "-"
    if kind == AGREEMENT_ENDING:
        return _("SERES: the agreement of %(agency)s runs out", agency=data["agency"]), _(
            "The agreements of %(agency)s with SERES run out after %(day)s (in %(days)s days "
            "or less). Without an agreement in force the write access to its domains "
            "(%(domains)s) is suspended. SERES brukerservice records a renewal:\n\n%(url)s\n",
            agency=data["agency"],
            day=data["last_day"],
            days=data["days"],
            domains=domains,
            url=url,
        )
    if kind == GRANTS_SUSPENDED:
        return _("SERES: write access of %(agency)s suspended", agency=data["agency"]), _(
            "%(agency)s has no agreement with SERES in force. The write access to its domains "
            "(%(domains)s) is suspended, not removed: it comes back when SERES brukerservice "
            "records a renewal.\n\n%(url)s\n",
            agency=data["agency"],
            domains=domains,
            url=url,
        )
    if kind == GRANTS_RESTORED:
        return _("SERES: write access of %(agency)s restored", agency=data["agency"]), _(
            "The agreement of %(agency)s with SERES is renewed. The write access to its "
            "domains (%(domains)s) that was suspended is restored.\n\n%(url)s\n",
            agency=data["agency"],
            domains=domains,
            url=url,
        )
    raise ValueError(f"no e-mail for {kind!r}")


def send(kind: str, to: str, **data) -> None:
    """The agreement check's ``notify`` callable; a failed send is logged, never fatal."""
    try:
        with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
            subject, body = _message(kind, data)
        current_app.extensions["seres_notifier"].send_email(to, subject, body)
    except SendFailed as exc:
        log.error("agreement e-mail %s failed: %s", kind, exc)


def cli_notify():
    """The mailer of ``seres agencies check`` (entry point ``seres.notify: agencies``)."""
    return access_mails.cli_notify(send)
