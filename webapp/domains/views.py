"""A domain's page, read and written as the signed-in person (the directory decides)."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from directory.connection import REPLACE
from directory.domains import get_domain
from directory.grants.lists import writers_of
from directory.modelstore import store as modelstore
from directory.tree import ENVIRONMENTS
from webapp import ldap
from webapp.auth.session import current_user, login_required, person_ldap
from webapp.domains.forms import DescriptionForm

bp = Blueprint("domains", __name__, template_folder="templates")


def load(env: str, name: str):
    """The domain as the person may see it, or 404."""
    if env not in ENVIRONMENTS:
        abort(404)
    domain = get_domain(person_ldap(), ldap.tree(), env, name)
    if domain is None:
        abort(404)
    return domain


@bp.route("/domains/<env>/<name>", methods=["GET", "POST"])
@login_required
def show(env: str, name: str):
    domain = load(env, name)
    form = DescriptionForm(data={"description": domain.description})
    if form.validate_on_submit():
        # No permission check here: slapd refuses a person who may not write
        # (InsufficientAccess becomes the 403 page).
        value = form.description.data.strip()
        person_ldap().modify(domain.dn, {"description": [(REPLACE, [value] if value else [])]})
        flash(_("The description is saved."), "info")
        return redirect(url_for("domains.show", env=env, name=name), 303)
    writers = writers_of(person_ldap(), ldap.tree(), env, domain.name)
    # The directory shows each person the versions they may see (working ones to writers).
    models = modelstore.list_models(person_ldap(), ldap.tree(), env, domain.name)
    may_write = domain.name in current_user().access.env(env).writes
    # Only the service desk (and the app's own account) may write the entry; the
    # form is offered to them alone. A POST from anyone else still goes to slapd,
    # which refuses it (403): the directory decides, this only spares a futile form.
    may_describe = current_user().access.servicedesk
    # Offered to the domain's owners and the desk (slapd decides when it is pressed).
    may_remove = may_describe or domain.name.lower() in {
        d.lower() for d in current_user().access.owns
    }
    status = 400 if form.errors else 200
    return render_template(
        "domains/show.html",
        domain=domain,
        form=form,
        writers=writers,
        models=models,
        may_write=may_write,
        may_describe=may_describe,
        may_remove=may_remove,
    ), status
