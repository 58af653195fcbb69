"""Authenticator app: enrol with QR code and key, confirm, or go back to codes by SMS."""

import base64
import functools
import hashlib
import hmac
import logging
import secrets

import qrcode
import qrcode.image.svg
from flask import (
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from markupsafe import Markup

from directory import otp
from directory.people import find_person
from webapp import ldap
from webapp.auth import forms, sending
from webapp.auth import session as user_session
from webapp.auth.session import login_required
from webapp.auth.views.blueprint import bp

log = logging.getLogger(__name__)


def _app_secret(username: str, nonce: str) -> str:
    """The secret being enrolled, derived on the server: the cookie holds only the nonce."""
    key = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, f"app-enrol:{username}:{nonce}".encode(), hashlib.sha256).digest()
    return base64.b32encode(digest[:20]).decode()


def never_stored(view):
    """Send ``Cache-Control: no-store`` with every answer of the view, signed in or not."""

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        response = make_response(view(*args, **kwargs))
        response.headers["Cache-Control"] = "no-store"
        return response

    return wrapped


@bp.route("/app", methods=["GET", "POST"])
@never_stored
@login_required
def app_enrol():
    if not user_session.is_fresh():
        return _sign_in_again_for_codes()
    user = session["user"]
    if "app_nonce" not in session or request.method == "GET" and not request.args.get("keep"):
        session["app_nonce"] = secrets.token_urlsafe(16)
    secret = _app_secret(user, session["app_nonce"])
    form = forms.AppConfirmForm()
    if form.validate_on_submit():
        step = otp.app_code_step(secret, form.code.data)
        if step is not None:
            # The confirming code counts as used: it cannot sign in afterwards.
            otp.set_token(ldap.service(), ldap.tree(), user, secret, "app", last_step=step)
            session.pop("app_nonce", None)
            log.info("authenticator app enrolled: %s", user)
            sending.tell(user, sending.APP)
            flash(_("From now on, sign in with the code from your app. No SMS is sent."), "info")
            return redirect(url_for("home.index"), 303)
        form.code.errors.append(
            _("That code does not match. Check the clock of your phone and try the next code.")
        )
    return _app_page(form, 400 if request.method == "POST" else 200)


def _sign_in_again_for_codes():
    """Changing the second factor needs a recent sign-in, as a new password does."""
    flash(_("To change how you get your codes, sign in again first."), "info")
    return redirect(url_for("auth.login", next=url_for("auth.app_enrol")))


def _app_page(form, status: int, message: str | None = None):
    """The enrolment page with the key of the session's nonce (made if there is none)."""
    user = session["user"]
    nonce = session.setdefault("app_nonce", secrets.token_urlsafe(16))
    secret = _app_secret(user, nonce)
    token = otp.read_token(ldap.service(), ldap.tree(), user)
    using_app = token is not None and otp.uses_app(ldap.tree(), token)
    uri = otp.provisioning_uri(secret, user)
    svg = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage).to_string(
        encoding="unicode"
    )
    return render_template(
        "auth/app.html",
        form=form,
        sms_form=forms.UseSmsForm(),
        qr=Markup(svg),  # noqa: S704 -- SVG made here by qrcode from our own URI
        secret=secret,
        using_app=using_app,
        message=message,
    ), status


@bp.post("/app/sms")
@never_stored
@login_required
def app_remove():
    if not user_session.is_fresh():
        return _sign_in_again_for_codes()
    if not forms.UseSmsForm().validate_on_submit():
        return redirect(url_for("auth.app_enrol"), 303)
    user = session["user"]
    # Read as the service account: whether a code could reach the person at all.
    person = find_person(ldap.service(), ldap.tree(), user, personal=True)
    if person is None or not person.mobile:
        log.info("back to SMS refused, no mobile number: %s", user)
        return _app_page(
            forms.AppConfirmForm(formdata=None),
            400,
            _(
                "Your account has no mobile number, so codes cannot be sent by SMS. Keep using "
                "the app, or ask SERES brukerservice to add your mobile number first."
            ),
        )
    otp.set_token(ldap.service(), ldap.tree(), user, otp.new_secret(), "sms")
    log.info("back to SMS codes: %s", user)
    flash(_("From now on, codes are sent to your mobile by SMS."), "info")
    return redirect(url_for("home.index"), 303)
