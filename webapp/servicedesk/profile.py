"""A person's page for the desk, and every person's own account activity.

Both show details, access held with when and why, and the sign-in state,
read as the signed-in person (the directory decides what they see). The
desk's actions (unlock, an activation link) stay on /servicedesk/people.
"""

from flask import abort, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _

from directory.desk.person import profile as person_profile
from webapp import ldap
from webapp.auth import session as user_session
from webapp.auth import signin
from webapp.auth.session import login_required, person_ldap, servicedesk_required
from webapp.servicedesk import forms
from webapp.servicedesk.contact import contact_forms
from webapp.servicedesk.views import bp


@bp.get("/servicedesk/person/<username>")
@servicedesk_required
def person(username: str):
    username = signin.normalize(username)
    if not signin.plausible(username):
        abort(404)
    seen = person_profile(person_ldap(), ldap.service(), ldap.tree(), username)
    if seen is None:
        abort(404)
    return render_template("servicedesk/person.html", seen=seen, own=False, contact=contact_forms())


@bp.get("/account/activity")
@login_required
def activity():
    """Every person's own page: last sign-in, failures, second factor, access held."""
    seen = person_profile(person_ldap(), ldap.service(), ldap.tree(), session["user"])
    if seen is None:
        abort(404)
    return render_template(
        "servicedesk/person.html", seen=seen, own=True, everywhere=forms.EverywhereForm()
    )


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
