"""The service desk's page of a person's sign-in: lock-out, unlock, an activation link.

Read and written as the desk person (the directory decides what they may);
the link is sent by sign-in's own ``sending.send_link``.
"""

import logging

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from directory.people import find_person, password_state, unlock
from webapp import ldap
from webapp.auth import sending, signin
from webapp.auth.session import person_ldap, servicedesk_required
from webapp.notify import SendFailed
from webapp.servicedesk import forms

log = logging.getLogger(__name__)
bp = Blueprint("servicedesk", __name__, template_folder="templates")


@bp.route("/servicedesk/people", methods=["GET", "POST"])
@servicedesk_required
def people():
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
                sent = sending.send_link("activate", username)
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
        return redirect(url_for("servicedesk.people", username=username), 303)
    if request.args.get("username") and lookup.validate():
        username = signin.normalize(lookup.username.data)
        acting = person_ldap()
        person = find_person(acting, ldap.tree(), username, personal=True)
        state = password_state(acting, person.dn) if person else None
    status = 404 if request.args.get("username") and person is None else 200
    return render_template(
        "servicedesk/people.html",
        lookup=lookup,
        person=person,
        state=state,
        unlock_form=forms.UnlockForm(formdata=None, username=person.username if person else ""),
        activation_form=forms.ActivationForm(
            formdata=None, username=person.username if person else ""
        ),
    ), status


# The desk's other pages: their routes are on this blueprint.
from webapp.servicedesk import account, audit, contact, nav, notifications, profile, search  # noqa: E402, F401, I001
