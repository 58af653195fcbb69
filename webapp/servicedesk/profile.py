"""A person's page for the desk: details, access held with when and why, sign-in state.

The actions (unlock, an activation link) stay on /servicedesk/people.
"""

from flask import abort, render_template

from directory.desk.person import profile as person_profile
from webapp import ldap
from webapp.auth import signin
from webapp.auth.session import person_ldap, servicedesk_required
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
    return render_template("servicedesk/person.html", seen=seen)
