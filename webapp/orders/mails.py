"""The e-mails of the ordering workflow, sent through webapp.notify.

``directory.orders.recipients`` decides who is told; the use cases
(``directory.orders.service``) call ``send`` as their ``notify(kind, to, **data)``
port, so ``directory/`` never calls into the web. Here each kind becomes a message in bokmål
(the recipient's language is not known; bokmål is the register's first
language) with a link to the order. A new person's activation e-mail is
sign-in's own (``webapp.auth.sending.send_link``). A failed send is logged and
counted, never fatal: the order is stored, and the page says so.
"""

import logging

from flask import current_app, g
from flask_babel import force_locale
from flask_babel import gettext as _

from directory.escape import first_rdn_value
from directory.orders import recipients as kinds
from webapp.notify import SendFailed
from webapp.orders.messages import state_name, type_name
from webapp.safe import external_url

log = logging.getLogger(__name__)


def _message(kind: str, data: dict) -> tuple[str, str]:
    url = external_url("orders.show", order_id=data["order_id"])
    what = type_name(data.get("type", "")).lower()
    if kind == kinds.APPROVAL_NEEDED:
        return _("SERES: an order awaits your approval"), _(
            "An order of %(what)s asks for write access to %(domains)s, which you own.\n\n"
            "Approve or reject it here:\n\n%(url)s\n",
            what=what,
            domains=", ".join(data.get("domains", [])),
            url=url,
        )
    if kind == kinds.READY_FOR_SERVICEDESK:
        return _("SERES: an order is ready for the service desk"), _(
            "An order of %(what)s is ready to be carried out:\n\n%(url)s\n", what=what, url=url
        )
    if kind == kinds.WITHDRAWN_KIND:
        return _("SERES: an order is withdrawn"), _(
            "An order of %(what)s that was ready for the service desk is withdrawn by the "
            "person who ordered it. Nothing is to be done with it:\n\n%(url)s\n",
            what=what,
            url=url,
        )
    if kind == kinds.COMPLETED_KIND:
        return _("SERES: your order is carried out"), _(
            "Your order of %(what)s is carried out (%(state)s):\n\n%(url)s\n",
            what=what,
            state=state_name(data.get("state", "")).lower(),
            url=url,
        )
    if kind == kinds.REJECTED_KIND:
        return _("SERES: your order is rejected"), _(
            "Your order of %(what)s is rejected. The reason given:\n\n%(reason)s\n\n%(url)s\n",
            what=what,
            reason=data.get("reason", ""),
            url=url,
        )
    if kind == kinds.APPROVED_ON_BEHALF:
        return _("SERES: the service desk approved an order for you"), _(
            "The service desk approved an order of %(what)s for %(domains)s, which you own, "
            "on behalf of %(owner)s. How the owner gave permission:\n\n%(reference)s\n\n"
            "%(url)s\n",
            what=what,
            domains=", ".join(data.get("domains", [])),
            owner=first_rdn_value(data.get("owner", "")),
            reference=data.get("reference", ""),
            url=url,
        )
    if kind == kinds.ACCESS_ADDED:
        login = external_url("auth.login")
        return _("SERES: you have new access"), _(
            "Your SERES account %(user)s has got the access that was ordered for you. "
            "Sign in as usual:\n\n%(url)s\n",
            user=data.get("username", ""),
            url=login,
        )
    raise ValueError(f"no e-mail for {kind!r}")


def send(kind: str, to: str, **data) -> None:
    """The ``notify`` callable of the ordering workflow."""
    notifier = current_app.extensions["seres_notifier"]
    try:
        with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
            if kind == kinds.ACTIVATION:
                from webapp.auth.sending import send_link

                if not send_link("activate", data["username"]):
                    raise SendFailed(f"{data['username']} has no e-mail address")
                return
            subject, body = _message(kind, data)
        notifier.send_email(to, subject, body)
    except SendFailed as exc:
        # The order names the recipient; the log keeps addresses out.
        log.error("order e-mail %s for order %s failed: %s", kind, data.get("order_id"), exc)
        g.order_mail_failures = g.get("order_mail_failures", 0) + 1


def failures() -> int:
    """How many order e-mails failed in this request."""
    return g.get("order_mail_failures", 0)
