"""Every person's own account page: activity, sessions, and their own mobile and e-mail.

A new mobile or e-mail is taken only with the code sent to it (the number
or address is then known to reach the person); the old one is told. The
code is derived on the server from the app's secret key and a nonce that
the session cookie holds with the pending value, so the cookie never holds
the code and nothing is stored to send it; wrong codes are counted per
nonce in the rate limits' storage. Sending is limited like sign-in codes
(the same per-person and per-address limits).
"""

import hashlib
import hmac
import logging
import secrets

from flask import abort, current_app, flash, redirect, render_template, session, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from directory.desk.contact import ContactChange, checked, current_contact, set_contact
from directory.desk.person import profile as person_profile
from directory.orders import fields
from webapp import ldap
from webapp.auth import limits, messages, sending
from webapp.auth import session as user_session
from webapp.auth.session import login_required, person_ldap
from webapp.notify import SendFailed
from webapp.orders.messages import show_errors
from webapp.servicedesk import forms
from webapp.servicedesk.contact import WHAT, tell_at
from webapp.servicedesk.views import bp

log = logging.getLogger(__name__)
PENDING = "contact_pending"
CODE_SECONDS = 15 * 60
MAX_TRIES = 5
TRIES = "seres/contact-code-tries/"


def contact_code(key: str, username: str, attribute: str, value: str, nonce: str) -> str:
    """The six-digit code for one pending change (the same inputs give the same code)."""
    message = f"contact:{username}:{attribute}:{value}:{nonce}".encode()
    digest = hmac.new(key.encode(), message, hashlib.sha256).digest()
    return f"{int.from_bytes(digest[:8], 'big') % 1_000_000:06d}"


def own_forms(posted: str | None = None) -> dict:
    """The two forms for a new mobile and e-mail, each with its own prefix."""
    return {
        attribute: forms.OwnContactForm(prefix=attribute)
        if attribute == posted
        else forms.OwnContactForm(formdata=None, prefix=attribute)
        for attribute in ("mobile", "mail")
    }


def _activity_page(status: int = 200, own_contact: dict | None = None, message: str = ""):
    username = session["user"]
    seen = person_profile(person_ldap(), ldap.service(), ldap.tree(), username)
    if seen is None:
        abort(404)
    sessions = user_session.sessions_of(username)
    return render_template(
        "servicedesk/person.html",
        seen=seen,
        own=True,
        everywhere=forms.EverywhereForm(),
        sessions=sessions,
        end_forms={s["sid"]: forms.EndSessionForm(formdata=None, sid=s["sid"]) for s in sessions},
        sign_ins=user_session.sign_ins_of(username),
        own_contact=own_contact or own_forms(),
        message=message,
    ), status


@bp.get("/account/activity")
@login_required
def activity():
    """Every person's own page: sign-ins, sessions, second factor, contact, access held."""
    return _activity_page()


@bp.post("/account/sign-out-everywhere")
@login_required
def sign_out_everywhere():
    """End every session of this person (other browsers at their next request), then this one."""
    if not forms.EverywhereForm().validate_on_submit():
        abort(400)
    user_session.password_changed(session["user"])  # ends the person's other sessions
    user_session.sign_out()
    flash(_("You are signed out everywhere."), "info")
    return redirect(url_for("auth.login"), 303)


@bp.post("/account/sessions/end")
@login_required
def end_session():
    """End one of one's own sessions; another person's id ends nothing (404)."""
    form = forms.EndSessionForm()
    if not form.validate_on_submit():
        abort(400)
    if form.sid.data == session.get("sid"):
        user_session.sign_out()
        flash(_("You are signed out."), "info")
        return redirect(url_for("auth.login"), 303)
    if not user_session.end_session(session["user"], form.sid.data):
        abort(404)
    log.info("session ended by its person: %s", session["user"])
    flash(_("The session is ended."), "info")
    return redirect(url_for("servicedesk.activity"), 303)


@bp.post("/account/contact/<any(mobile, mail):attribute>")
@login_required
def own_contact(attribute: str):
    """Send a code to the new mobile or e-mail; the change waits for it."""
    if not user_session.is_fresh():
        flash(_("To change your mobile number or e-mail address, sign in again first."), "info")
        return redirect(url_for("auth.login", next=url_for("servicedesk.activity")), 303)
    username = session["user"]
    all_forms = own_forms(posted=attribute)
    form = all_forms[attribute]
    if not form.validate_on_submit():
        return _activity_page(400, all_forms)
    try:
        new = checked(attribute, form.value.data or "")
    except fields.Invalid as invalid:
        show_errors(form, invalid)
        return _activity_page(400, all_forms)
    if new == current_contact(ldap.service(), ldap.tree(), username, attribute):
        form.value.errors.append(_("That is the value already."))
        return _activity_page(400, all_forms)
    refusal = limits.check(("CODES_PER_PERSON", username), ("CODES_PER_ADDRESS", limits.address()))
    if refusal is not None:
        return _activity_page(429, all_forms, messages.refused(refusal))
    nonce = secrets.token_urlsafe(16)
    code = contact_code(current_app.config["SECRET_KEY"], username, attribute, new, nonce)
    try:
        _send_code(attribute, new, code)
    except SendFailed as exc:
        log.error("sending a contact change code failed: %s", exc)
        return _activity_page(503, all_forms, messages.send_failed(_channel(attribute), exc))
    session[PENDING] = {
        "attribute": attribute,
        "value": new,
        "nonce": nonce,
        "at": user_session.now(),
    }
    return redirect(url_for("servicedesk.own_contact_confirm"), 303)


def _channel(attribute: str) -> str:
    return "sms" if attribute == "mobile" else "email"


def _send_code(attribute: str, address: str, code: str) -> None:
    """The code to the new address, in the page's language (the person reads it now)."""
    if attribute == "mobile":
        sending.notifier().send_sms(
            address,
            _("SERES: your code to confirm this mobile number is %(code)s.", code=code),
        )
    else:
        sending.notifier().send_email(
            address,
            _("Confirm your e-mail address for SERES"),
            _(
                "Your code to confirm this e-mail address for SERES is %(code)s.\n"
                "It is valid for 15 minutes. If you did not ask for it, ignore this message.\n",
                code=code,
            ),
        )


def _pending() -> dict | None:
    """The change waiting for its code, if it is not too old."""
    pending = session.get(PENDING)
    if not isinstance(pending, dict) or user_session.now() - pending.get("at", 0) > CODE_SECONDS:
        session.pop(PENDING, None)
        return None
    return pending


@bp.route("/account/contact/confirm", methods=["GET", "POST"])
@login_required
def own_contact_confirm():
    """Type the code sent to the new address; only the right one changes it."""
    pending = _pending()
    if pending is None:
        flash(_("No change is waiting for a code, or its code is too old. Start again."), "info")
        return redirect(url_for("servicedesk.activity"), 303)
    form = forms.ContactCodeForm()
    status = 200
    if form.validate_on_submit():
        username = session["user"]
        expected = contact_code(
            current_app.config["SECRET_KEY"],
            username,
            pending["attribute"],
            pending["value"],
            pending["nonce"],
        )
        tries = limits.add(TRIES + pending["nonce"], CODE_SECONDS)
        if tries <= MAX_TRIES and hmac.compare_digest(form.code.data.strip(), expected):
            session.pop(PENDING, None)
            done = set_contact(
                ldap.service(), ldap.tree(), username, pending["attribute"], pending["value"]
            )
            log.info(
                "%s changed by its person %s: %r -> %r",
                done.attribute,
                username,
                done.old,
                done.new,
            )
            tell_old(done)
            flash(_("Changed. Your old address or number is told."), "info")
            return redirect(url_for("servicedesk.activity"), 303)
        if tries >= MAX_TRIES:
            session.pop(PENDING, None)
            flash(_("Too many wrong codes. Ask for a new code."), "info")
            return redirect(url_for("servicedesk.activity"), 303)
        form.code.errors.append(_("That code does not match. Check it and try again."))
        status = 400
    elif form.is_submitted():
        status = 400
    return render_template(
        "servicedesk/contact_code.html",
        form=form,
        attribute=pending["attribute"],
        value=pending["value"],
    ), status


def tell_old(change: ContactChange) -> bool:
    """Tell the old number or address that it was replaced, in bokmål; True if sent."""
    if not change.old or not change.changed:
        return False
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        text = _(
            "The %(what)s of the SERES account %(user)s was changed from %(old)s to %(new)s "
            "by the account's holder, with a code sent to the new one. If you did not do "
            "this, call SERES brukerservice at once.",
            what=WHAT[change.attribute](),
            user=change.username,
            old=change.old,
            new=change.new,
        )
    return tell_at(change, (change.old,), text) == 1
