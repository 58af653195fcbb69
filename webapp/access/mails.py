"""The lifecycle's e-mails, through the app's notifier, in bokmål (the register's first
language), like the ordering workflow's (webapp.orders.mails)."""

import logging

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from directory.courses.access import COURSE_REFRESH
from directory.grants.expire import ACCESS_ENDING, ACCESS_EXPIRED
from directory.grants.remove import ACCESS_REMOVED
from directory.grants.review import REVIEW_REMINDER, REVIEW_STARTED
from webapp.courses.mails import course_message
from webapp.notify import SendFailed
from webapp.safe import external_url

log = logging.getLogger(__name__)


def _review_message(kind: str, data: dict) -> tuple[str, str]:
    url = external_url("access.review_domain", name=data["domain"])
    if kind == REVIEW_STARTED:
        subject = _("SERES: review the write access to %(domain)s", domain=data["domain"])
    else:
        subject = _("SERES: reminder, review of %(domain)s", domain=data["domain"])
    return subject, _(
        "As an owner of %(domain)s, confirm or remove each person's write access by "
        "%(day)s. What is not confirmed by then may be removed:\n\n%(url)s\n",
        domain=data["domain"],
        day=data["last_day"],
        url=url,
    )


def _message(kind: str, data: dict) -> tuple[str, str]:
    if kind in (REVIEW_STARTED, REVIEW_REMINDER):
        return _review_message(kind, data)
    if kind == COURSE_REFRESH:
        return course_message(data)
    env = {"prod": _("production"), "course": _("the course environment")}[data["env"]]
    if kind == ACCESS_ENDING:
        return _("SERES: write access ends soon"), _(
            "The write access of %(user)s to %(domain)s in %(env)s ends after %(day)s "
            "(in %(days)s days or less). To keep it, a domain owner orders it again and "
            "approves the new order:\n\n%(url)s\n\nThe domain's writers and their end dates:"
            "\n\n%(domain_url)s\n",
            user=data.get("username", ""),
            domain=data["domain"],
            env=env,
            day=data["last_day"],
            days=data["days"],
            url=external_url("orders.new", kind="access"),
            domain_url=external_url("domains.show", env=data["env"], name=data["domain"]),
        )
    if kind == ACCESS_EXPIRED:
        return _("SERES: your write access has ended"), _(
            "Your write access to %(domain)s in %(env)s ended after %(day)s. A domain owner "
            "can order it again:\n\n%(url)s\n",
            domain=data["domain"],
            env=env,
            day=data["last_day"],
            url=external_url("orders.new", kind="access"),
        )
    if kind == ACCESS_REMOVED:
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


def cli_notify():
    """The mailer of ``seres access`` (entry point ``seres.notify: mail``): the web app's
    own, configured from its SERES_* settings (SettingsError, a ValueError, if unusable)."""
    from webapp import create_app

    app = create_app()

    def notify(kind: str, to: str, **data) -> None:
        with app.test_request_context("/"):
            send(kind, to, **data)

    return notify
