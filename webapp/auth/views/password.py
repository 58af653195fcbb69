"""A signed-in person changes their own password."""

import logging

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from directory.errors import InvalidValue
from directory.people import set_password
from webapp.auth import forms, sending
from webapp.auth import session as user_session
from webapp.auth.session import login_required, person_ldap
from webapp.auth.views.blueprint import bp

log = logging.getLogger(__name__)


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
    sending.tell(user, sending.PASSWORD)
    flash(_("Your password is changed."), "info")
    return redirect(url_for("home.index"), 303)
