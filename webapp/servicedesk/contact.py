"""The desk changes a person's mobile or e-mail; the person is told at the old and new address.

The change is directory.desk.contact's (as the desk person; the accesslog
names them, old and new); the reason goes into the notices and the log.
"""

import logging

from flask import abort, current_app, flash, redirect, session, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from directory.desk.contact import ContactChange, change_contact
from directory.desk.notes import record_contact_change
from directory.errors import NoSuchEntry
from directory.orders import fields
from webapp import ldap
from webapp.auth import sending, signin
from webapp.auth.session import current_user, person_ldap, servicedesk_required
from webapp.notify import SendFailed
from webapp.orders.messages import show_errors
from webapp.servicedesk import forms
from webapp.servicedesk.views import bp

log = logging.getLogger(__name__)
WHAT = {"mobile": lambda: _("mobile number"), "mail": lambda: _("e-mail address")}


def contact_forms(posted: str | None = None) -> dict:
    """The page's two forms, each with its own prefix (ids stay unique); the
    ``posted`` one reads the request's form."""
    return {
        attribute: forms.ContactForm(prefix=attribute)
        if attribute == posted
        else forms.ContactForm(formdata=None, prefix=attribute)
        for attribute in ("mobile", "mail")
    }


def tell(change: ContactChange) -> int:
    """Tell the person at the old and the new address, in bokmål; how many were sent."""
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        what = WHAT[change.attribute]()
        text = _(
            "SERES brukerservice changed the %(what)s of the SERES account %(user)s from "
            "%(old)s to %(new)s. Reason: %(reason)s. If you did not ask for this, call "
            "SERES brukerservice at once.",
            what=what,
            user=change.username,
            old=change.old or "–",
            new=change.new,
            reason=change.reason,
        )
    return tell_at(change, (change.old, change.new), text)


def tell_at(change: ContactChange, addresses, text: str) -> int:
    """Send ``text`` (in bokmål) to each address of the changed kind; how many were sent.

    A failed notice is logged, never raised: the change is made.
    """
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        what = WHAT[change.attribute]()
        subject = _("Your SERES %(what)s was changed", what=what)
    sent = 0
    for address in dict.fromkeys(a for a in addresses if a):
        try:
            if change.attribute == "mail":
                sending.notifier().send_email(address, subject, text + "\n")
            else:
                sending.notifier().send_sms(address, "SERES: " + text)
            sent += 1
        except SendFailed as exc:
            log.error("telling %s of a %s change failed: %s", change.username, what, exc)
    return sent


@bp.post("/servicedesk/person/<username>/<any(mobile, mail):attribute>")
@servicedesk_required
def change(username: str, attribute: str):
    username = signin.normalize(username)
    if not signin.plausible(username):
        abort(404)
    all_forms = contact_forms(posted=attribute)
    form = all_forms[attribute]
    if form.validate_on_submit():
        try:
            done = change_contact(
                person_ldap(), ldap.tree(), username, attribute, form.value.data, form.reason.data
            )
        except NoSuchEntry:
            abort(404)
        except fields.Invalid as invalid:
            show_errors(form, invalid)
        else:
            if done.changed:
                log.info(
                    "%s changed by %s for %s: %r -> %r; reason: %s",
                    attribute,
                    session["user"],
                    username,
                    done.old,
                    done.new,
                    done.reason,
                )
                tell(done)
                record_contact_change(ldap.service(), ldap.tree(), current_user().dn, done)
                flash(_("Changed; the person is told at the old and the new address."), "info")
            else:
                flash(_("Nothing changed: that is the value already."), "info")
            return redirect(url_for("servicedesk.person", username=username), 303)
    from webapp.servicedesk.profile import desk_page  # profile imports this module

    return desk_page(username, 400, contact=all_forms)
