"""Taking access back on the web: owners and the desk remove writers, a person gives up
their own, the desk removes read access. Each change is made as the signed-in person
(slapd decides); the views only gather the form and show what happened."""

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _

from directory.grants import accounts, review, store
from directory.grants.leavers import disable_person
from directory.grants.owners import ownership
from directory.grants.remove import LifecycleError, remove_access
from directory.people import USERNAME, find_person
from directory.tree import ENVIRONMENTS
from webapp import ldap
from webapp.access import forms, mails
from webapp.auth.session import current_user, login_required, servicedesk_required
from webapp.domains.views import load

bp = Blueprint("access", __name__, template_folder="templates")


def _person_dn(username: str) -> str:
    """The person's DN, or 404 for what cannot be a username."""
    if not USERNAME.fullmatch(username):
        abort(404)
    return ldap.tree().person(username)


def _remove(group: str, person_dn: str, reason: str) -> bool:
    """Remove as the signed-in person; False if the person was not in the group."""
    try:
        remove_access(
            ldap.service(), ldap.tree(), group, person_dn, current_user().dn, reason, mails.send
        )
    except LifecycleError as exc:
        if exc.code == "not_member":
            return False
        raise
    return True


@bp.route("/domains/<env>/<name>/writers/<username>/remove", methods=["GET", "POST"])
@login_required
def remove_writer(env: str, name: str, username: str):
    """One writer's write access to one domain in one environment, with a reason."""
    domain = load(env, name)
    person_dn = _person_dn(username)
    form = forms.RemoveForm()
    own = username == current_user().username
    if form.validate_on_submit():
        group = ldap.tree().writers(env, domain.name)
        if not _remove(group, person_dn, form.reason.data):
            abort(404)
        if own:
            flash(_("You no longer write %(domain)s here.", domain=domain.name), "info")
        else:
            flash(
                _(
                    "%(user)s no longer writes %(domain)s here; they are told.",
                    user=username,
                    domain=domain.name,
                ),
                "info",
            )
        return redirect(url_for("domains.show", env=env, name=domain.name), 303)
    status = 400 if form.errors else 200
    return render_template(
        "access/remove_writer.html", domain=domain, username=username, own=own, form=form
    ), status


@bp.route("/access/readers/remove", methods=["GET", "POST"])
@servicedesk_required
def remove_reader():
    """The desk takes a person's read access to an environment (and their write access there)."""
    form = forms.RemoveReadForm()
    if form.validate_on_submit():
        username = form.username.data.strip()
        if not USERNAME.fullmatch(username) or not _remove(
            ldap.tree().readers(form.env.data), ldap.tree().person(username), form.reason.data
        ):
            form.username.errors.append(_("This person does not read that environment."))
        else:
            flash(
                _("%(user)s no longer reads that environment; they are told.", user=username),
                "info",
            )
            return redirect(url_for("access.remove_reader"), 303)
    status = 400 if form.errors else 200
    return render_template("access/remove_reader.html", form=form), status


@bp.route("/access/people/disable", methods=["GET", "POST"])
@servicedesk_required
def disable():
    """The desk disables a leaver: locked for good, every access and role removed."""
    form = forms.DisableForm()
    if form.validate_on_submit():
        username = form.username.data.strip()
        service, tree = ldap.service(), ldap.tree()
        if not USERNAME.fullmatch(username) or find_person(service, tree, username) is None:
            form.username.errors.append(_("There is no person with this username."))
        else:
            disable_person(
                service, tree, tree.person(username), current_user().dn, form.reason.data
            )
            flash(_("%(user)s is disabled: no sign-in, no access.", user=username), "info")
            return redirect(url_for("access.disable"), 303)
    status = 400 if form.errors else 200
    return render_template("access/disable.html", form=form), status


@bp.get("/access/owners")
@servicedesk_required
def owners():
    """The desk's list of domains with fewer than two owners (orphaned ones first)."""
    flagged = [o for o in ownership(ldap.service(), ldap.tree()) if o.flagged]
    flagged.sort(key=lambda o: (not o.orphaned, o.domain.lower()))
    return render_template("access/owners.html", flagged=flagged)


def _may_review(domain: str) -> bool:
    user = current_user()
    return user.access.servicedesk or domain.lower() in {d.lower() for d in user.access.owns}


def _decisions(form) -> dict[tuple[str, str], str] | None:
    """The page's choices as {(env, username): keep|remove}; None if a field is malformed."""
    out = {}
    for key, value in form.items(multi=True):
        if not key.startswith("decision-"):
            continue
        env, _sep, username = key[len("decision-") :].partition("-")
        if env not in ENVIRONMENTS or not USERNAME.fullmatch(username) or (env, username) in out:
            return None
        out[(env, username)] = value
    return out


@bp.route("/domains/<name>/review", methods=["GET", "POST"])
@login_required
def review_domain(name: str):
    """A domain's review for its owners (and the desk): keep or remove each writer, one form.

    Shown only to the domain's owners and the desk; each write is made as the
    signed-in person, so slapd decides. Six LDAP operations (review.page).
    """
    domain = load("prod", name)
    if not _may_review(domain.name):
        abort(403)
    form = forms.ReviewForm()
    problem = ""
    if form.validate_on_submit():
        decisions = _decisions(request.form)
        try:
            if not decisions:
                raise LifecycleError("bad_decision")
            kept, removed = review.decide(
                ldap.service(), ldap.tree(), domain.name, decisions, current_user().dn,
                notify=mails.send,
            )  # fmt: skip
        except LifecycleError:
            problem = _("Choose keep or remove for writers of this domain only.")
        else:
            flash(
                _(
                    "Saved: %(kept)d kept, %(removed)d removed.",
                    kept=kept,
                    removed=removed,
                ),
                "info",
            )
            return redirect(url_for("access.review_domain", name=domain.name), 303)
    current, rows = review.page(ldap.service(), ldap.tree(), domain.name)
    status = 400 if form.errors or problem else 200
    return render_template(
        "access/review.html", domain=domain, review=current, rows=rows, form=form,
        problem=problem, now=store.now_utc(),
    ), status  # fmt: skip


@bp.get("/access/accounts")
@servicedesk_required
def closing_accounts():
    """The desk's list of accounts the timed job closes: those with an end, dormant ones."""
    with_end, dormant = accounts.review_accounts(
        ldap.service(), ldap.tree(), int(current_app.config["SERES_DORMANT_DAYS"])
    )
    return render_template(
        "access/accounts.html",
        with_end=sorted(with_end, key=lambda a: (a.end, a.username.lower())),
        dormant=dormant,
        days=int(current_app.config["SERES_DORMANT_DAYS"]),
    )


@bp.get("/access/reviews")
@servicedesk_required
def late_reviews():
    """The desk's list of domains whose review is past its deadline and not closed."""
    return render_template(
        "access/late_reviews.html", late=review.late(ldap.service(), ldap.tree())
    )
