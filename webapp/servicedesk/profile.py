"""A person's page for the desk, and the desk's actions there, each with a reason.

The page shows details, access held with when and why, and the sign-in
state, read as the desk person (the directory decides what they see); the
same template is every person's own page (account.py). Actions: unlock
(only when locked), disable and enable (directory.grants.leavers: disabling
takes every grant away; enabling gives none back), and back to codes by
SMS. The reason goes into the log; disabling records it in every removed
grant's history too. A switch to an authenticator app is the person's own
(/app): the desk never sees the app's secret.
"""

import logging

from flask import abort, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _

from directory import otp
from directory.desk.person import profile as person_profile
from directory.errors import NoSuchEntry
from directory.grants.leavers import disable_person
from directory.grants.remove import LifecycleError
from directory.people import find_person, unlock
from webapp import ldap
from webapp.auth import sending, signin
from webapp.auth import session as user_session
from webapp.auth.session import person_ldap, servicedesk_required
from webapp.servicedesk import forms
from webapp.servicedesk.contact import contact_forms
from webapp.servicedesk.views import bp

log = logging.getLogger(__name__)


@bp.get("/servicedesk/person/<username>")
@servicedesk_required
def person(username: str):
    username = signin.normalize(username)
    if not signin.plausible(username):
        abort(404)
    return desk_page(username)


def action_forms(posted: str | None = None) -> dict:
    """The desk's actions on the page, each a form with a reason and its own prefix."""
    return {
        action: forms.DeskActionForm(prefix=action)
        if action == posted
        else forms.DeskActionForm(formdata=None, prefix=action)
        for action in ACTIONS
    }


def desk_page(
    username: str, status: int = 200, actions: dict | None = None, contact: dict | None = None
):
    """The desk's page of a person, with the forms given (a posted one shows its errors)."""
    seen = person_profile(person_ldap(), ldap.service(), ldap.tree(), username)
    if seen is None:
        abort(404)
    return render_template(
        "servicedesk/person.html",
        seen=seen,
        own=False,
        contact=contact or contact_forms(),
        actions=actions or action_forms(),
        sessions=user_session.sessions_of(username),
        sign_ins=user_session.sign_ins_of(username),
    ), status


@bp.post("/servicedesk/person/<username>/<any(unlock, disable, enable, sms):action>")
@servicedesk_required
def act(username: str, action: str):
    """Carry out one of the desk's actions with its reason, as the desk person where slapd lets."""
    username = signin.normalize(username)
    if not signin.plausible(username):
        abort(404)
    all_forms = action_forms(posted=action)
    form = all_forms[action]
    if not form.validate_on_submit():
        return desk_page(username, 400, all_forms)
    reason = form.reason.data.strip()
    dn = ldap.tree().person(username)
    try:
        done = ACTIONS[action](username, dn, reason)
    except NoSuchEntry:
        abort(404)
    except LifecycleError:  # a reason of blanks only
        form.reason.errors.append(_("Give a reason."))
        return desk_page(username, 400, all_forms)
    if done is None:
        form.reason.errors.append(
            _("The person has no mobile number: add one first, then switch to SMS.")
        )
        return desk_page(username, 400, all_forms)
    log.info("%s by %s for %s; reason: %s", action, session["user"], username, reason)
    flash(done, "info")
    return redirect(url_for("servicedesk.person", username=username), 303)


def _unlock(username: str, dn: str, reason: str) -> str:
    if unlock(person_ldap(), dn):
        return _("The account is unlocked.")
    return _("The account was not locked.")


def _disable(username: str, dn: str, reason: str) -> str:
    if not ldap.service().exists(dn):
        raise NoSuchEntry(dn)
    gone = disable_person(ldap.service(), ldap.tree(), dn, session["dn"], reason)
    user_session.password_changed(username)  # ends the person's sessions
    return _(
        "The account is disabled: %(groups)d groups and %(roles)d roles removed.",
        groups=len(gone.groups),
        roles=len(gone.roles),
    )


def _enable(username: str, dn: str, reason: str) -> str:
    if not unlock(person_ldap(), dn):
        return _("The account was not disabled.")
    return _("The account is enabled again. Access comes back only through new orders.")


def _sms(username: str, dn: str, reason: str) -> str | None:
    """Back to codes by SMS (say, a lost phone with the app); None without a mobile number."""
    person = find_person(ldap.service(), ldap.tree(), username, personal=True)
    if person is None:
        raise NoSuchEntry(dn)
    if not person.mobile:
        return None
    otp.set_token(ldap.service(), ldap.tree(), username, otp.new_secret(), "sms")
    sending.tell(username, sending.SMS)
    return _("From now on, the person's codes are sent by SMS.")


ACTIONS = {"unlock": _unlock, "disable": _disable, "enable": _enable, "sms": _sms}
