"""The lifecycle's e-mails, through the app's notifier, in bokmål (the register's first
language), like the ordering workflow's (webapp.orders.mails)."""

import logging

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from directory.grants.remove import ACCESS_REMOVED
from webapp.notify import SendFailed
from webapp.safe import external_url

log = logging.getLogger(__name__)


def _message(kind: str, data: dict) -> tuple[str, str]:
    if kind == ACCESS_REMOVED:
        env = {"prod": _("production"), "course": _("the course environment")}[data["env"]]
        if data.get("by_self"):
            body = _("You gave up this access yourself.")
        else:
            body = _("The reason given:\n\n%(reason)s", reason=data.get("reason", ""))
        if data.get("domain"):
            what = _("write access to %(domain)s in %(env)s", domain=data["domain"], env=env)
        else:
            what = _("read access to %(env)s (and any write access there)", env=env)
        return _("SERES: your access is removed"), _(
            "Your %(what)s in SERES is removed.\n\n%(body)s\n\n%(url)s\n",
            what=what,
            body=body,
            url=external_url("home.index"),
        )
    raise ValueError(f"no e-mail for {kind!r}")


def send(kind: str, to: str, **data) -> None:
    """The lifecycle's ``notify`` callable; a failed send is logged, never fatal."""
    try:
        with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
            subject, body = _message(kind, data)
        current_app.extensions["seres_notifier"].send_email(to, subject, body)
    except SendFailed as exc:
        log.error("lifecycle e-mail %s failed: %s", kind, exc)
