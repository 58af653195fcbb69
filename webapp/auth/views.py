"""Sign-in, sign-out, own password, authenticator app, activation/recovery links, unlock."""

import base64
import functools
import hashlib
import hmac
import logging
import secrets

import qrcode
import qrcode.image.svg
from flask import (
    Blueprint,
    current_app,
    flash,
    g,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import force_locale
from flask_babel import gettext as _
from markupsafe import Markup

from directory import otp
from directory.errors import AccountLocked, InvalidCredentials, InvalidValue
from directory.people import find_person, password_state, set_password, unlock
from webapp import ldap
from webapp.auth import forms, limits, links, signin
from webapp.auth import session as user_session
from webapp.auth.session import current_user, login_required, person_ldap, servicedesk_required
from webapp.notify import OutboxUnwritable, SendFailed
from webapp.ops.metrics import SIGNINS
from webapp.safe import external_url, safe_next

log = logging.getLogger(__name__)
bp = Blueprint("auth", __name__, template_folder="templates")


def notifier():
    return current_app.extensions["seres_notifier"]


def init_app(app) -> None:
    """Around each request: session expiry and sign-outs, no caching while signed in; page names."""

    @app.before_request
    def expire():
        user_session.check_expiry()
        if g.pop("session_expired", False):
            flash(_("Your session has expired. Sign in again."), "info")
        elif g.pop("session_ended", False):
            flash(_("Your session has ended. Sign in again."), "info")

    @app.after_request
    def not_stored(response):
        # A signed-in page (the app's key, a person's mobile on the desk's
        # page) must not come back from the browser's cache or its back and
        # forward cache after sign-out. Static files hold nothing personal.
        if "user" in session and request.endpoint != "static":
            response.headers["Cache-Control"] = "no-store"
        return response

    @app.context_processor
    def account():
        return {
            "signed_in": session.get("name") if "user" in session else None,
            "logout_form": lambda: forms.LogoutForm(formdata=None),  # reads no body
            "current_user": current_user,
        }


# --- Sign-in ---------------------------------------------------------------


def _code_page(username: str, status: int = 200, message: str | None = None, form=None):
    form = form or forms.CodeForm(formdata=None, username=username)
    form.username.data = username
    resend = forms.ResendForm(formdata=None, username=username)
    return (
        render_template(
            "auth/code.html",
            form=form,
            resend=resend,
            message=message,
            next=request.args.get("next"),
        ),
        status,
    )


def request_code(username: str, alike: bool = True) -> tuple[int, str | None]:
    """Send a code within the limits; return (status, message) the same for any name.

    Where nothing is sent, the answer takes as long as a send and fails
    while sends fail (``alike``; a link's page, whose name is known, skips that).
    """
    if not (
        limits.allow("CODES_PER_ADDRESS", limits.address())
        and limits.allow("CODES_PER_PERSON", username)
    ):
        return 429, _(
            "A code was sent a moment ago. Use that code, or wait a minute and ask for a new one."
        )
    text = _("SERES: your code is {code}. It is valid for five minutes.")
    try:
        sent = signin.send_code(ldap.service(), ldap.tree(), notifier(), username, text)
        if not sent and alike:
            notifier().imitate("sms")
    except SendFailed as exc:
        log.error("sending a sign-in code failed: %s", exc)
        return 503, _not_sent(exc) or _(
            "We could not send the code just now. Try again in a moment."
        )
    return 200, None


def _not_sent(exc: SendFailed) -> str | None:
    """Development's outbox: say that var/ is full or not writable (nobody can sign in)."""
    if not isinstance(exc, OutboxUnwritable):
        return None
    if exc.full:
        return _(
            "The disk holding the outbox folder %(folder)s is full, so no code can be"
            " written. Make room there and try again.",
            folder=exc.folder,
        )
    return _(
        "The outbox folder %(folder)s cannot be written, so no code can be sent."
        " Check the folder and try again.",
        folder=exc.folder,
    )


@bp.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "POST" and "password" not in request.form:
        form = forms.UsernameForm()
        if not form.validate_on_submit():
            return render_template("auth/login.html", form=form, next=request.args.get("next")), 400
        username = signin.normalize(form.username.data)
        status, message = request_code(username)
        return _code_page(username, status, message)
    if request.method == "POST":
        return _finish_login()
    return render_template(
        "auth/login.html", form=forms.UsernameForm(), next=request.args.get("next")
    )


def _finish_login():
    form = forms.CodeForm()
    username = signin.normalize(form.username.data or "")
    if not form.validate_on_submit():
        return _code_page(username, 400, form=form)
    if not limits.allow("ATTEMPTS_PER_ADDRESS", limits.address()):
        return _code_page(
            username,
            429,
            _("Too many sign-in attempts from your address. Wait a while and try again."),
        )
    try:
        person = signin.sign_in(
            ldap.directory(),
            ldap.service(),
            ldap.tree(),
            username,
            form.password.data,
            form.code.data.strip(),
            checks=ldap.password_checks(),
        )
    except InvalidCredentials as exc:
        SIGNINS.labels("locked" if isinstance(exc, AccountLocked) else "refused").inc()
        many = limits.record_failure(username)
        # The same words for any name after repeated failures, so the lock-out
        # message tells nobody whether an account exists.
        if many or isinstance(exc, AccountLocked):
            log.info("sign-in refused, locked or repeated failures: %r", username)
            message = _(
                "Too many failed attempts. The account is locked for 15 minutes; "
                "the service desk can unlock it sooner."
            )
        else:
            log.info("sign-in refused: %r", username)
            message = _(
                "Sign-in failed. Check the password and the code, and try again. "
                "A code can be used only once."
            )
        form.password.data = form.code.data = ""
        return _code_page(username, 400, message, form=form)
    SIGNINS.labels("ok").inc()
    limits.clear_failures(username)
    user_session.start(person.username, person.dn, person.name)
    log.info("signed in: %s", person.username)
    return redirect(safe_next(request.args.get("next"), url_for("home.index")), 303)


@bp.post("/logout")
def logout():
    form = forms.LogoutForm()
    if not form.validate_on_submit():
        return render_template(
            "error.html",
            title=_("The form has expired"),
            message=_("Go back, reload the page and try again."),
        ), 400
    user_session.sign_out()
    flash(_("You are signed out."), "info")
    return redirect(url_for("auth.login"), 303)


# --- Own password ----------------------------------------------------------


@bp.route("/password", methods=["GET", "POST"])
@login_required
def password():
    if not user_session.is_fresh():
        flash(_("To change your password, sign in again first."), "info")
        return redirect(url_for("auth.login", next=url_for("auth.password")))
    user = session["user"]
    form = forms.NewPasswordForm()
    form.username = user
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template("auth/password.html", form=form), status
    try:
        set_password(person_ldap(), session["dn"], form.password.data)
    except InvalidValue:
        form.password.errors.append(
            _("The directory refused this password. Choose a longer one you have not used before.")
        )
        return render_template("auth/password.html", form=form), 400
    user_session.password_changed(user)
    log.info("password changed by its owner: %s", user)
    flash(_("Your password is changed."), "info")
    return redirect(url_for("home.index"), 303)


# --- Authenticator app -----------------------------------------------------


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


# --- Activation and recovery links -----------------------------------------


def send_link(kind: str, username: str) -> bool:
    """E-mail an activation or recovery link to the person; False if they have no address.

    In bokmål whatever the language of the page that asks: the recipient's
    language is not known (a desk person reading in English activates
    someone else), and e-mails are always in the register's first language.
    """
    person = find_person(ldap.service(), ldap.tree(), username, personal=True)
    if person is None or not person.mail:
        return False
    uuid = links.entry_uuid(ldap.service(), person.dn)
    if uuid is None:
        return False
    url = external_url("auth.link", kind=kind, token=links.make(kind, username, uuid))
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        subject, body = _link_mail(kind, person.name, username, url)
    notifier().send_email(person.mail, subject, body)
    return True


def _link_mail(kind: str, name: str, username: str, url: str) -> tuple[str, str]:
    """The subject and body of a link's e-mail, in the current language."""
    if kind == "activate":
        subject = _("Activate your SERES account")
        body = _(
            "Hello %(name)s,\n\nChoose your password for the SERES access register here "
            "(the link works once, for 72 hours):\n\n%(url)s\n\nYour username is %(user)s.\n",
            name=name,
            url=url,
            user=username,
        )
    else:
        subject = _("Choose a new SERES password")
        body = _(
            "Hello %(name)s,\n\nSomeone, probably you, asked to choose a new password for "
            "%(user)s. The link works once, for one hour:\n\n%(url)s\n\n"
            "If it was not you, ignore this message.\n",
            name=name,
            url=url,
            user=username,
        )
    return subject, body


@bp.route("/forgot", methods=["GET", "POST"])
def forgot():
    form = forms.ForgotForm()
    if not form.validate_on_submit():
        return render_template(
            "auth/forgot.html", form=form
        ), 400 if request.method == "POST" else 200
    username = signin.normalize(form.username.data)
    if not (
        limits.allow("LINKS_PER_ADDRESS", limits.address())
        and limits.allow("LINKS_PER_PERSON", username)
    ):
        return render_template(
            "auth/forgot.html",
            form=form,
            message=_("A link was sent a moment ago. Wait a minute before asking again."),
        ), 429
    try:
        if not (signin.plausible(username) and send_link("recover", username)):
            notifier().imitate("email")
    except SendFailed as exc:
        log.error("sending a recovery link failed: %s", exc)
        return render_template(
            "auth/forgot.html",
            form=form,
            message=_("We could not send the e-mail just now. Try again in a moment."),
        ), 503
    return render_template("auth/forgot.html", form=None, sent=True)


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
        status, message = request_code(username, alike=False)
        return page(200 if status == 429 else status, message)
    if not form.validate_on_submit():
        return page(400)
    if not limits.allow("ATTEMPTS_PER_ADDRESS", limits.address()):
        return page(
            429, _("Too many sign-in attempts from your address. Wait a while and try again.")
        )
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
    log.info("password set by %s link: %s", kind, username)
    # The code proves the mobile: it is checked by the one bind that signs in.
    try:
        person = signin.sign_in(
            ldap.directory(),
            ldap.service(),
            ldap.tree(),
            username,
            form.password.data,
            form.code.data.strip(),
            checks=ldap.password_checks(),
        )
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


# --- Service desk: lock-out and activation ---------------------------------


@bp.route("/servicedesk/people", methods=["GET", "POST"])
@servicedesk_required
def servicedesk_person():
    lookup = forms.PersonForm(request.args, meta={"csrf": False})
    person = state = None
    if request.method == "POST":
        username = signin.normalize(request.form.get("username", ""))
        if "unlock" in request.form and forms.UnlockForm().validate_on_submit():
            # As the service desk person: the directory decides whether they may.
            if unlock(person_ldap(), ldap.tree().person(username)):
                log.info("unlocked by %s: %s", session["user"], username)
                flash(_("The account is unlocked."), "info")
            else:
                flash(_("The account was not locked."), "info")
        elif "activate" in request.form and forms.ActivationForm().validate_on_submit():
            try:
                sent = send_link("activate", username)
            except SendFailed as exc:
                log.error("sending an activation link failed: %s", exc)
                sent = False
            flash(
                _("An activation link is sent.")
                if sent
                else _("No activation link could be sent."),
                "info",
            )
        else:
            return render_template(
                "error.html",
                title=_("The form has expired"),
                message=_("Go back, reload the page and try again."),
            ), 400
        return redirect(url_for("auth.servicedesk_person", username=username), 303)
    if request.args.get("username") and lookup.validate():
        username = signin.normalize(lookup.username.data)
        acting = person_ldap()
        person = find_person(acting, ldap.tree(), username, personal=True)
        state = password_state(acting, person.dn) if person else None
    status = 404 if request.args.get("username") and person is None else 200
    return render_template(
        "auth/servicedesk.html",
        lookup=lookup,
        person=person,
        state=state,
        unlock_form=forms.UnlockForm(formdata=None, username=person.username if person else ""),
        activation_form=forms.ActivationForm(
            formdata=None, username=person.username if person else ""
        ),
    ), status
