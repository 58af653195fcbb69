"""Agencies and agreements: the desk records them; people see their own agency's.

Every read and write is the signed-in person's (proxied authorization), so
slapd's rules for ou=agencies decide who sees which agency; an agency a
person may not read is answered 404, as if there were none. The front door
(``/start``) is public.
"""

import datetime as dt
import re

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from directory.agencies import lapse, store
from directory.agencies.suspension import agency_domains, suspended_writers
from directory.domains import domains_by_environment
from directory.errors import AlreadyExists, DirectoryError
from directory.escape import first_rdn_value
from directory.orders import agency_fields as agency_input
from directory.orders import fields as validation
from directory.orders.fields import FieldError, Invalid
from directory.people import find_person
from webapp import ldap
from webapp.agencies import forms, mails
from webapp.auth.session import current_user, login_required, person_ldap, servicedesk_required
from webapp.orders.messages import field_message, show_errors

bp = Blueprint("agencies", __name__, template_folder="templates")
ORG_NUMBER = re.compile(r"[0-9]{9}")  # ASCII digits only: str.isdigit() lets "٣" through


def _data(form) -> dict:
    return {n: f.data for n, f in form._fields.items() if n not in ("csrf_token", "submit")}


def _is_desk() -> bool:
    user = current_user()
    return bool(user and user.access.servicedesk)


@bp.route("/start")
def start():
    """The front door for a new agency: the seed's steps in order, with links."""
    return render_template("agencies/start.html")


@bp.route("/agencies", methods=["GET", "POST"])
@login_required
def index():
    form = forms.AgencyForm()
    status = 200
    if request.method == "POST":
        if not _is_desk():
            abort(403)
        status = 400
        if form.validate_on_submit():
            try:
                number, name = agency_input.clean_agency(_data(form))
                store.add_agency(person_ldap(), ldap.tree(), number, name)
            except Invalid as exc:
                show_errors(form, exc)
            except AlreadyExists:
                form.org_number.errors = [field_message(FieldError("org_number", "agency.taken"))]
            else:
                flash(_("The agency is recorded."), "info")
                return redirect(url_for("agencies.show", org_number=number), 303)
    agencies = store.list_agencies(person_ldap(), ldap.tree())
    return render_template(
        "agencies/index.html",
        agencies=agencies,
        form=form,
        desk=_is_desk(),
        today=dt.date.today(),
    ), status


def _load(org_number: str):
    """The agency as the signed-in person may read it, or 404."""
    if not ORG_NUMBER.fullmatch(org_number):
        abort(404)
    agency = store.get_agency(person_ldap(), ldap.tree(), org_number)
    if agency is None:
        abort(404)
    return agency


def _page(agency, agreement_form=None, member_form=None, end_form=None, status=200):
    end_form = end_form or forms.AgreementEndForm(formdata=None)
    end_form.agreement.choices = [(a.reference, a.reference) for a in agency.agreements]
    suspended = []
    if _is_desk():
        domains = agency_domains(ldap.service(), ldap.tree(), agency.org_number)
        found = suspended_writers(ldap.service(), ldap.tree(), domains)
        suspended = [(first_rdn_value(m.member), m.domain, m.env) for m in found]
    return render_template(
        "agencies/show.html",
        agency=agency,
        desk=_is_desk(),
        members=store.usernames(agency.members),
        domains=_domains_of(agency.org_number),
        agreement_form=agreement_form or forms.AgreementForm(formdata=None),
        member_form=member_form or forms.MemberForm(formdata=None),
        remove_form=forms.RemoveMemberForm(formdata=None),
        end_form=end_form,
        suspended=suspended,
        today=dt.date.today(),
    ), status


def _domains_of(org_number: str) -> list[str]:
    """The agency's domains (by organisation number) that the person may read."""
    found = domains_by_environment(person_ldap(), ldap.tree())
    names = {d.name for env in found.values() for d in env if d.org_number == org_number}
    return sorted(names, key=str.casefold)


@bp.route("/agencies/<org_number>")
@login_required
def show(org_number: str):
    return _page(_load(org_number))


@bp.route("/agencies/<org_number>/agreements", methods=["POST"])
@servicedesk_required
def add_agreement(org_number: str):
    agency = _load(org_number)
    form = forms.AgreementForm()
    if form.validate_on_submit():
        try:
            agreement = agency_input.clean_agreement(_data(form))
            store.add_agreement(person_ldap(), ldap.tree(), agency.org_number, agreement)
        except Invalid as exc:
            show_errors(form, exc)
        except AlreadyExists:
            form.reference.errors = [field_message(FieldError("reference", "agreement.taken"))]
        else:
            _renewed(agency.org_number, _("The agreement is recorded."))
            return redirect(url_for("agencies.show", org_number=agency.org_number), 303)
    return _page(agency, agreement_form=form, status=400)


def _renewed(org_number: str, done: str) -> None:
    """After an agreement is recorded or changed: restore suspended writers if in force."""
    flash(done, "info")
    moved = lapse.settle(
        ldap.service(), ldap.tree(), org_number, current_user().dn, notify=mails.send
    )
    back = [m for m in moved if not m.dropped]
    if back:
        flash(_("The suspended write access is restored (%(n)d).", n=len(back)), "info")


@bp.route("/agencies/<org_number>/agreements/end", methods=["POST"])
@servicedesk_required
def change_end(org_number: str):
    """The desk gives an agreement a new last day (a renewal, or an earlier end)."""
    agency = _load(org_number)
    form = forms.AgreementEndForm()
    form.agreement.choices = [(a.reference, a.reference) for a in agency.agreements]
    if form.validate_on_submit():
        try:
            agreement = next(a for a in agency.agreements if a.reference == form.agreement.data)
            end = agency_input.agreement_end(agreement, form.new_end.data)
            store.set_agreement_end(
                person_ldap(), ldap.tree(), agency.org_number, agreement.reference, end
            )
        except Invalid as exc:
            show_errors(form, exc)
        else:
            _renewed(agency.org_number, _("The agreement's last day is changed."))
            return redirect(url_for("agencies.show", org_number=agency.org_number), 303)
    return _page(agency, end_form=form, status=400)


@bp.route("/agencies/<org_number>/people", methods=["POST"])
@servicedesk_required
def add_member(org_number: str):
    agency = _load(org_number)
    form = forms.MemberForm()
    if form.validate_on_submit():
        tree = ldap.tree()
        try:
            username = validation.username("username", form.username.data)
            person = find_person(person_ldap(), tree, username)
            if person is None:
                raise Invalid([FieldError("username", "username.unknown", {"name": username})])
            if person.dn.lower() not in {m.lower() for m in agency.members}:
                store.add_member(person_ldap(), tree, agency.org_number, person.dn)
        except Invalid as exc:
            show_errors(form, exc)
        else:
            flash(_("The person belongs to the agency now."), "info")
            return redirect(url_for("agencies.show", org_number=agency.org_number), 303)
    return _page(agency, member_form=form, status=400)


@bp.route("/agencies/<org_number>/people/remove", methods=["POST"])
@servicedesk_required
def remove_member(org_number: str):
    agency = _load(org_number)
    form = forms.RemoveMemberForm()
    if form.validate_on_submit():
        try:
            username = validation.username("username", form.username.data)
            store.remove_member(
                person_ldap(), ldap.tree(), agency.org_number, ldap.tree().person(username)
            )
        except (Invalid, DirectoryError):
            pass
        else:
            flash(_("The person no longer belongs to the agency."), "info")
            return redirect(url_for("agencies.show", org_number=agency.org_number), 303)
    return _page(agency, status=400)
