"""Forgotten password, and activation and recovery links: a new password, a code, signed in."""

import logging

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from directory import otp
from directory.errors import InvalidCredentials, InvalidValue
from directory.grants import accounts
from directory.people import find_person, set_password
from webapp import ldap
from webapp.auth import attempts, forms, limits, links, messages, sending, signin
from webapp.auth import session as user_session
from webapp.auth.views.blueprint import bp

log = logging.getLogger(__name__)


@bp.route("/forgot", methods=["GET", "POST"])
def forgot():
    form = forms.ForgotForm()
    if not form.validate_on_submit():
        return render_template(
            "auth/forgot.html", form=form
        ), 400 if request.method == "POST" else 200
    sent = sending.send_recovery_link(signin.normalize(form.username.data))
    if sent.refusal is not None:
        message = messages.refused(sent.refusal)
    elif not sent.sent:
        message = messages.send_failed("email")
    else:
        return render_template("auth/forgot.html", form=None, sent=True)
    return render_template("auth/forgot.html", form=form, message=message), sent.status


def _link_invalid(kind: str, reason: str):
    """The page of a link that does not work: ``reason`` is "expired", "spent" or "used"."""
    return render_template("auth/link_invalid.html", reason=reason, kind=kind), 400


def _codes_by(username: str) -> str:
    """How a link's owner gets codes: "app", "sms", or "none" (no token or no mobile)."""
    token = otp.read_token(ldap.service(), ldap.tree(), username)
    if token is None:
        return "none"
    if otp.uses_app(ldap.tree(), token):
        return "app"
    person = find_person(ldap.service(), ldap.tree(), username, personal=True)
    return "sms" if person is not None and person.mobile else "none"


@bp.route("/<any(activate, recover):kind>/<token>", methods=["GET", "POST"])
def link(kind: str, token: str):
    try:
        found = links.verify(kind, token, ldap.service(), ldap.tree())
    except links.LinkExpired:
        return _link_invalid(kind, "expired")
    except links.LinkSpent:
        return _link_invalid(kind, "spent")
    except links.LinkInvalid:
        return _link_invalid(kind, "used")
    username = found.username
    form = forms.LinkPasswordForm()
    form.username = username
    codes = _codes_by(username)

    def page(status: int, message: str | None = None):
        return render_template(
            "auth/link.html",
            form=form,
            kind=kind,
            username=username,
            codes=codes,
            message=message,
        ), status

    if request.method == "GET":
        if codes != "sms":
            return page(200)
        sent = sending.send_code(username, alike=False)
        if sent.refusal is not None:
            return page(200, messages.refused(sent.refusal))
        return page(sent.status, None if sent.sent else messages.send_failed("sms"))
    if not form.validate_on_submit():
        return page(400)
    refusal = limits.check(("ATTEMPTS_PER_ADDRESS", limits.address()))
    if refusal is not None:
        return page(429, messages.refused(refusal))
    # The link alone (someone with the mailbox) must not change the password:
    # the code (by SMS or from the app) is checked first, the bind below
    # decides. Nothing counts codes checked here but the link's own tries.
    left = links.try_code(found)
    if left < 0:
        return _link_invalid(kind, "spent")
    if not otp.code_looks_current(ldap.service(), ldap.tree(), username, form.code.data):
        log.info("wrong code on a %s link: %s, %d tries left", kind, username, left)
        if left == 0:
            log.warning("a %s link of %s took its last wrong code", kind, username)
            return _link_invalid(kind, "spent")
        form.code.errors.append(_("The code is wrong or too old. Ask for a new one."))
        return page(400)
    try:
        set_password(ldap.service(), ldap.tree().person(username), form.password.data)
    except InvalidValue:
        form.password.errors.append(
            _("The directory refused this password. Choose a longer one you have not used before.")
        )
        return page(400)
    user_session.password_changed(username)
    # In use now: an end the account had (its activation link's, or a dormant
    # account's) would refuse the bind below.
    accounts.activated(ldap.service(), ldap.tree().person(username))
    log.info("password set by %s link: %s", kind, username)
    if kind == "recover":  # an activation sets the first password: nothing changed
        sending.tell(username, sending.PASSWORD)
    # The code proves the mobile: it is checked by the one bind that signs in.
    try:
        person = attempts.bind(username, form.password.data, form.code.data)
    except InvalidCredentials:
        flash(
            _(
                "Your password is saved, but the code was not accepted. Sign in with your new password and a new code."
            ),
            "info",
        )
        return redirect(url_for("auth.login"), 303)
    user_session.start(person.username, person.dn, person.name)
    flash(_("Your password is saved and you are signed in."), "info")
    return redirect(url_for("home.index"), 303)
