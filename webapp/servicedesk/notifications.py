"""One's choice of order and review mails: one per event, or a daily digest (owners)."""

from flask import flash, redirect, render_template, session, url_for
from flask_babel import gettext as _

from directory.preferences import set_digest, wants_digest
from webapp import ldap
from webapp.auth.session import current_user, login_required
from webapp.servicedesk import forms
from webapp.servicedesk.views import bp


@bp.route("/account/notifications", methods=["GET", "POST"])
@login_required
def notifications():
    """Choose; written by the web app's account for the signed-in person only."""
    form = forms.NotificationsForm()
    if form.validate_on_submit():
        set_digest(ldap.service(), ldap.tree(), session["user"], form.how.data == "daily")
        flash(_("Saved."), "info")
        return redirect(url_for("servicedesk.notifications"), 303)
    if not form.is_submitted():
        daily = wants_digest(ldap.service(), current_user().dn)
        form.how.data = "daily" if daily else "each"
    status = 400 if form.errors else 200
    return render_template("servicedesk/notifications.html", form=form), status
