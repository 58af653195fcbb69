"""Courses: the public list and feed, a course's page, sign-up, the desk's buttons.

The desk's writes (a new course, publishing, completed) are the signed-in
person's (proxied authorization): slapd's rules for ou=courses decide. A
sign-up is written by the web app's own account after the checks here (the
seats; a person signs themselves up, a domain owner or the desk anyone).
"""

import datetime as dt

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from directory.courses import store
from directory.courses.refreshes import refresh_days, refreshes_in
from directory.courses.rules import Course, Invalid, check
from directory.domains import get_domain
from directory.errors import AlreadyExists, InvalidValue, NoSuchEntry
from directory.grants.ends import oslo_day
from directory.people import USERNAME, find_person
from directory.sync.schedule import parse_local
from directory.tree import COURSE, check_course_name
from webapp import ldap
from webapp.auth.session import current_user, login_required, person_ldap, servicedesk_required
from webapp.courses import forms
from webapp.courses.calendar import feed
from webapp.courses.messages import FIELD_MESSAGES, KIND_NAMES, LANGUAGE_NAMES, SIGN_UP_MESSAGES

bp = Blueprint("courses", __name__, template_folder="templates")


def _today() -> dt.date:
    return oslo_day(dt.datetime.now(dt.UTC))


def _is_desk() -> bool:
    user = current_user()
    return bool(user and user.access.servicedesk)


def _refreshes(courses: list[Course]) -> dict:
    """The refresh days inside the given courses: {day: [Course]}."""
    first = parse_local(current_app.config["SERES_SYNC_FIRST"])
    since = min((c.start for c in courses), default=_today())
    return refreshes_in(courses, refresh_days(ldap.service(), ldap.tree(), first, since))


def _load(name: str) -> Course:
    """The course as the web app reads it: published, or any for the desk; else 404."""
    try:
        check_course_name(name)
    except InvalidValue:
        abort(404)
    course = store.get_course(ldap.service(), ldap.tree(), name)
    if course is None or not (course.published or _is_desk()):
        abort(404)
    return course


def _listed() -> list[Course]:
    courses = store.courses(ldap.service(), ldap.tree(), published_only=not _is_desk())
    return [c for c in courses if c.end >= _today() - dt.timedelta(days=60) or _is_desk()]


@bp.route("/kurs", methods=["GET", "POST"])
def index():
    """The published courses (the desk: all, and the form to add one)."""
    form = forms.CourseForm()
    status = 200
    if form.is_submitted():
        if not _is_desk():
            abort(403)
        status = 400
        if form.validate_on_submit():
            added = _add(form)
            if added is not None:
                flash(_("The course is added."), "info")
                return redirect(url_for("courses.show", name=added.name), 303)
    courses = _listed()
    return render_template(
        "courses/index.html",
        courses=courses,
        refreshes=_refreshes(courses),
        form=form,
        desk=_is_desk(),
        kinds=KIND_NAMES,
        languages=LANGUAGE_NAMES,
    ), status


def _add(form) -> Course | None:
    data = {n: f.data for n, f in form._fields.items() if n not in ("csrf_token", "submit")}
    for name in ("start", "end"):
        try:
            data[name] = dt.date.fromisoformat((data[name] or "").strip())
        except ValueError:
            data[name] = None
    data["domains"] = [d for d in (data.get("domains") or "").split(",") if d.strip()]
    try:
        fields = check(data)
        missing = [
            d
            for d in fields["domains"]
            if get_domain(ldap.service(), ldap.tree(), COURSE, d) is None
        ]
        if missing:
            raise Invalid({"domains": "domain"})
        return store.add_course(
            person_ldap(), ldap.tree(), fields, published=bool(form.publish.data)
        )
    except Invalid as exc:
        for field, code in exc.codes.items():
            getattr(form, field).errors = [str(FIELD_MESSAGES[code])]
    except AlreadyExists:
        form.name.errors = [str(FIELD_MESSAGES["taken"])]
    return None


def _page(course: Course, person_form=None, refused: str = "", status: int = 200):
    """A course's page; ``person_form`` shown again with its error, ``refused`` a sign-up's."""
    user = current_user()
    people = {}
    if _is_desk():
        people = {
            dn: find_person(ldap.service(), ldap.tree(), dn.split(",")[0][4:])
            for dn in course.participants
        }
    return render_template(
        "courses/show.html",
        course=course,
        refreshes=sorted(_refreshes([course])),
        desk=_is_desk(),
        owner=bool(user and user.access.owns),
        signed_in=user is not None,
        takes_part=bool(user and course.takes_part(user.dn)),
        people=people,
        refused=refused,
        sign_up_form=forms.SignUpForm(formdata=None),
        person_form=person_form or forms.PersonForm(formdata=None),
        completed_form=forms.CompletedForm(formdata=None),
        publish_form=forms.PublishForm(formdata=None),
        kinds=KIND_NAMES,
        languages=LANGUAGE_NAMES,
        today=_today(),
    ), status


@bp.get("/kurs/<name>")
def show(name: str):
    return _page(_load(name))


def _sign_up(course: Course, person_dn: str) -> str:
    """Sign up; return why not (words) or ""."""
    try:
        store.sign_up(ldap.service(), ldap.tree(), course.name, person_dn, _today())
    except Invalid as exc:
        return str(SIGN_UP_MESSAGES[exc.codes[""]])
    return ""


@bp.post("/kurs/<name>/meld-pa")
@login_required
def sign_up(name: str):
    """A person signs themselves up."""
    course = _load(name)
    if not forms.SignUpForm().validate_on_submit():
        abort(400)
    refused = _sign_up(course, current_user().dn)
    if refused:
        return _page(course, refused=refused, status=400)
    flash(
        _("You are signed up. You get access to the course environment on the first day."), "info"
    )
    return redirect(url_for("courses.show", name=course.name), 303)


@bp.post("/kurs/<name>/deltakere")
@login_required
def add_participant(name: str):
    """A domain owner or the desk signs a person up by username."""
    course = _load(name)
    user = current_user()
    if not (user.access.owns or user.access.servicedesk):
        abort(403)
    form = forms.PersonForm()
    if not form.validate_on_submit():
        abort(400)
    username = (form.username.data or "").strip()
    person = (
        find_person(ldap.service(), ldap.tree(), username) if USERNAME.fullmatch(username) else None
    )
    refused = str(SIGN_UP_MESSAGES["no_person"]) if person is None else _sign_up(course, person.dn)
    if refused:
        form.username.errors = [refused]
        return _page(course, person_form=form, status=400)
    flash(_("%(name)s is signed up.", name=person.name), "info")
    return redirect(url_for("courses.show", name=course.name), 303)


@bp.post("/kurs/<name>/fullfort")
@servicedesk_required
def completed(name: str):
    """The desk marks a participant as having completed the course (or takes it back)."""
    course = _load(name)
    form = forms.CompletedForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        dn = ldap.tree().person(form.username.data or "")
        store.mark_completed(person_ldap(), ldap.tree(), course, dn, done=form.done.data != "0")
    except (Invalid, InvalidValue, NoSuchEntry):
        flash(str(SIGN_UP_MESSAGES["not_participant"]), "error")
        return redirect(url_for("courses.show", name=course.name), 303)
    flash(_("The participant's training is recorded."), "info")
    return redirect(url_for("courses.show", name=course.name), 303)


@bp.post("/kurs/<name>/publiser")
@servicedesk_required
def publish(name: str):
    course = _load(name)
    if not forms.PublishForm().validate_on_submit():
        abort(400)
    store.publish(person_ldap(), ldap.tree(), course.name)
    flash(_("The course is published."), "info")
    return redirect(url_for("courses.show", name=course.name), 303)


@bp.get("/kurs.ics")
def ics():
    courses = store.courses(ldap.service(), ldap.tree(), published_only=True)
    inside = _refreshes(courses)

    def describe(course: Course) -> str:
        days = [d for d, found in inside.items() if course in found]
        text = f"{KIND_NAMES.get(course.kind, course.kind)}, {LANGUAGE_NAMES.get(course.language, course.language)}."
        if days:
            text += " " + _(
                "The course environment is refreshed on %(days)s, during the course.",
                days=", ".join(d.isoformat() for d in sorted(days)),
            )
        return text

    def place(course: Course) -> str:
        return _("Online") if course.online else course.place

    body = feed(courses, _("SERES courses"), describe, place, dt.datetime.now(dt.UTC))
    return Response(body, mimetype="text/calendar", headers={"Cache-Control": "max-age=3600"})
