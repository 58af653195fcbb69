"""A person's page for the desk, and every person's own account activity.

Both show details, access held with when and why, and the sign-in state,
read as the signed-in person (the directory decides what they see). The
desk's actions (unlock, an activation link) stay on /servicedesk/people.
"""

from flask import abort, render_template, session

from directory.desk.person import profile as person_profile
from webapp import ldap
from webapp.auth import signin
from webapp.auth.session import login_required, person_ldap, servicedesk_required
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
    return render_template("servicedesk/person.html", seen=seen, own=True)
