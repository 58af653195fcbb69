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


def _facts(data: dict, what: str) -> str:
    """The lines that say which order, which domains and whom an e-mail is about."""
    lines = [_("Order: %(reference)s (%(what)s)", reference=data.get("reference", ""), what=what)]
    if data.get("concerns"):
        lines.append(_("Domain: %(domains)s", domains=", ".join(data["concerns"])))
    if data.get("person"):
        lines.append(_("For: %(person)s", person=data["person"]))
    if data.get("orderer"):
        lines.append(_("Ordered by: %(orderer)s", orderer=data["orderer"]))
    return "\n".join(lines)


def sign_off() -> str:
    """The end of every order e-mail: who wrote, and where to ask."""
    return _(
        "Kind regards,\nSERES brukerservice\n%(contact)s",
        contact=current_app.config["SERES_CONTACT_EMAIL"],
    )


def _message(kind: str, data: dict) -> tuple[str, str]:
    subject, text = _words(kind, data)
    what = type_name(data.get("type", "")).lower()
    body = f"{_('Hello,')}\n\n{text}\n\n{_facts(data, what)}\n\n{sign_off()}\n"
    return subject, body


def _words(kind: str, data: dict) -> tuple[str, str]:
    """The subject and the first paragraph (with its link) of each kind of e-mail."""
    url = external_url("orders.show", order_id=data["order_id"])
    reference = data.get("reference", "")
    domains = ", ".join(data.get("domains") or data.get("concerns") or [])
    if kind == kinds.APPROVAL_NEEDED:
        return _("SERES: order %(reference)s awaits your approval", reference=reference), _(
            "An order asks for write access to %(domains)s, which you own. "
            "Approve or reject it here:\n\n%(url)s",
            domains=domains,
            url=url,
        )
    if kind == kinds.READY_FOR_SERVICEDESK:
        return _(
            "SERES: order %(reference)s is ready for the service desk", reference=reference
        ), _("The order is ready to be carried out:\n\n%(url)s", url=url)
    if kind == kinds.WITHDRAWN_KIND:
        return _("SERES: order %(reference)s is withdrawn", reference=reference), _(
            "The order was ready for the service desk, and the person who placed it has "
            "withdrawn it. Nothing is to be done with it:\n\n%(url)s",
            url=url,
        )
    if kind == kinds.COMPLETED_KIND:
        return _("SERES: your order %(reference)s is carried out", reference=reference), _(
            "Your order is carried out (%(state)s):\n\n%(url)s",
            state=state_name(data.get("state", "")).lower(),
            url=url,
        )
    if kind == kinds.REJECTED_KIND:
        return _("SERES: your order %(reference)s is rejected", reference=reference), _(
            "Your order is rejected. The reason given:\n\n%(reason)s\n\n%(url)s",
            reason=data.get("reason", ""),
            url=url,
        )
    if kind == kinds.APPROVED_ON_BEHALF:
        return _(
            "SERES: the service desk approved order %(reference)s for you", reference=reference
        ), _(
            "The service desk approved the order for %(domains)s, which you own, on behalf of "
            "%(owner)s. How the owner gave permission:\n\n%(permission)s\n\n%(url)s",
            domains=domains,
            owner=first_rdn_value(data.get("owner", "")),
            permission=data.get("permission", ""),
            url=url,
        )
    if kind == kinds.ACCESS_ADDED:
        return _("SERES: you have new access"), _(
            "Your SERES account %(user)s has got the access that was ordered for you. "
            "Sign in as usual:\n\n%(url)s",
            user=data.get("username", ""),
            url=external_url("auth.login"),
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
