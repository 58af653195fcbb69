"""Sign-in at /login (username, then password and code, one bind) and sign-out."""

import logging

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from webapp.auth import attempts, forms, messages, sending, signin
from webapp.auth import session as user_session
from webapp.auth.sending import Sent
from webapp.auth.views.blueprint import bp
from webapp.safe import safe_next

log = logging.getLogger(__name__)


def _code_page(
    username: str,
    status: int = 200,
    message: str | None = None,
    form=None,
    sent: Sent | None = None,
):
    """The password-and-code page; ``sent`` is what became of a code asked for just now.

    The page says a code is on its way only when one was sent (or, for a name
    that gets no SMS, answered alike); otherwise it says why not and when.
    """
    form = form or forms.CodeForm(formdata=None, username=username)
    form.username.data = username
    resend = forms.ResendForm(formdata=None, username=username)
    notes = [message] if message else []
    if sent is not None and sent.refusal is not None:
        notes.append(messages.refused(sent.refusal))
    elif sent is not None and not sent.sent:
        notes.append(messages.send_failed("sms", sent.failure))
    return (
        render_template(
            "auth/code.html",
            form=form,
            resend=resend,
            messages=notes,
            sent=sent is not None and sent.sent,
            again=status == 400,
            next=request.args.get("next"),
        ),
        status,
    )


@bp.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "POST" and "password" not in request.form:
        form = forms.UsernameForm()
        if not form.validate_on_submit():
            return render_template("auth/login.html", form=form, next=request.args.get("next")), 400
        username = signin.normalize(form.username.data)
        sent = sending.send_code(username)
        return _code_page(username, sent.status, sent=sent)
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
    tried = attempts.attempt(username, form.password.data, form.code.data)
    if tried.refusal is not None:
        return _code_page(username, 429, messages.refused(tried.refusal))
    person = tried.person
    if person is None:
        form.password.data = form.code.data = ""
        # The same words for any name after repeated failures, so the lock-out
        # message tells nobody whether an account exists.
        if tried.locked:
            log.info("sign-in refused, locked or repeated failures: %r", username)
            message = _(
                "Too many failed attempts. The account is locked for 15 minutes; "
                "the service desk can unlock it sooner."
            )
            return _code_page(username, 400, message, form=form)
        log.info("sign-in refused: %r", username)
        # A wrong password with the right code uses the code up (the otp
        # overlay records its step before the password is checked): send the
        # next one at once, within the limits, so a mistyped password costs
        # seconds, not minutes. Sent for any name alike.
        sent = sending.send_code(username)
        message = _(
            "Sign-in failed. Check the password and the code, and try again. "
            "A code can be used only once."
        )
        return _code_page(username, 400, message, form=form, sent=sent)
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
