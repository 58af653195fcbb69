"""The lifecycle's e-mails, through the app's notifier, in bokmål (the register's first
language), like the ordering workflow's (webapp.orders.mails)."""

import logging

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from directory.courses.access import COURSE_REFRESH
from directory.digest.service import DAILY_DIGEST
from directory.grants.accounts import ACCOUNT_DORMANT
from directory.grants.expire import ACCESS_ENDING, ACCESS_EXPIRED
from directory.grants.remove import ACCESS_REMOVED
from directory.grants.review import REVIEW_REMINDER, REVIEW_STARTED
from webapp.courses.mails import course_message
from webapp.notify import SendFailed
from webapp.orders.mails import sign_off
from webapp.orders.messages import event_name, type_name
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


def _digest_message(data: dict) -> tuple[str, str]:
    """An owner's daily digest: what awaits them, what happened, open reviews."""
    parts = []
    if data["approvals"]:
        parts.append(
            _("Orders awaiting your approval (%(count)s):", count=len(data["approvals"]))
            + "".join(
                f"\n- {type_name(kind)}: {external_url('orders.show', order_id=order_id)}"
                for order_id, kind in data["approvals"]
            )
        )
    if data["steps"]:
        parts.append(
            _("News of your domains' orders since the last digest:")
            + "".join(
                f"\n- {type_name(kind)}, {event_name(event).lower()}: "
                f"{external_url('orders.show', order_id=order_id)}"
                for order_id, kind, event in data["steps"]
            )
        )
    for domain, day in data["reviews"]:
        parts.append(
            _(
                "The review of %(domain)s is open: confirm or remove each writer by %(day)s:",
                domain=domain,
                day=day,
            )
            + "\n"
            + external_url("access.review_domain", name=domain)
        )
    footer = _(
        "You get this once a day instead of one e-mail per event. To change it:\n%(url)s",
        url=external_url("servicedesk.notifications"),
    )
    return _("SERES: your daily summary"), "\n\n".join([*parts, footer]) + "\n"


def _message(kind: str, data: dict) -> tuple[str, str]:
    if kind in (REVIEW_STARTED, REVIEW_REMINDER):
        return _review_message(kind, data)
    if kind == DAILY_DIGEST:
        return _digest_message(data)
    if kind == ACCOUNT_DORMANT:
        return _("SERES: your account will be closed"), _(
            "Nobody has signed in to the SERES account %(user)s for a long time. Unless you "
            "sign in by %(day)s, the account is closed and its access removed. To keep it, "
            "sign in here:\n\n%(url)s\n",
            user=data["username"],
            day=data["last_day"],
            url=external_url("auth.login"),
        )
    if kind == COURSE_REFRESH:
        return course_message(data)
    env = {"prod": _("production"), "course": _("the course environment")}[data["env"]]
    if kind == ACCESS_ENDING:
        return _("SERES: write access ends soon"), _(
            "The write access of %(user)s to %(domain)s in %(env)s ends after %(day)s "
            "(in %(days)s days or less). To extend it, a domain owner orders it again from this "
            "link (the order is filled in) and another owner approves it:\n\n%(url)s\n\n"
            "The domain's writers and their end dates:\n\n%(domain_url)s\n",
            user=data.get("username", ""),
            domain=data["domain"],
            env=env,
            day=data["last_day"],
            days=data["days"],
            url=external_url(
                "orders.new",
                kind="access",
                extend_env=data["env"],
                extend_domain=data["domain"],
                extend_user=data.get("username", ""),
            ),
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
            body = f"{body}\n{sign_off()}\n"
        current_app.extensions["seres_notifier"].send_email(to, subject, body)
    except SendFailed as exc:
        log.error("lifecycle e-mail %s failed: %s", kind, exc)


def cli_notify(sender=None):
    """The mailer of ``seres access`` (entry point ``seres.notify: mail``): the web app's
    own, configured from its SERES_* settings (SettingsError, a ValueError, if unusable).
    ``sender``: another feature's ``send`` (default: this module's)."""
    from webapp import create_app

    app = create_app()

    def notify(kind: str, to: str, **data) -> None:
        with app.test_request_context("/"):
            (sender or send)(kind, to, **data)

    return notify
