"""Oppdateringer av kursmiljøet: the coming refresh dates and the last runs,
and the service desk's form to move or cancel one date."""

from datetime import UTC, datetime

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _

from directory.courses import store as course_store
from directory.courses.refreshes import refreshes_in
from directory.errors import InvalidValue
from directory.sync import runs, schedule
from webapp import ldap
from webapp.auth.session import current_user, person_ldap, servicedesk_required
from webapp.errors import abort_with
from webapp.schedule.calendar import feed
from webapp.schedule.forms import ChangeDateForm

bp = Blueprint("schedule", __name__, template_folder="templates")

COMING = 6
LAST_RUNS = 10
FEED_DATES = 26  # a year ahead


def _first() -> datetime:
    return schedule.parse_local(current_app.config["SERES_SYNC_FIRST"])


def _coming(count: int) -> list[schedule.Occurrence]:
    changes = schedule.load_changes(ldap.service(), ldap.tree())
    return schedule.occurrences(_first(), changes, datetime.now(UTC), count)


def _is_desk() -> bool:
    user = current_user()
    return user is not None and user.access.servicedesk


def _courses_on(coming: list[schedule.Occurrence]) -> dict:
    """The published courses each coming refresh falls inside: {its date (identity): [Course]}."""
    days = {o.when.astimezone(schedule.OSLO).date(): o.date for o in coming if o.when}
    published = course_store.courses(ldap.service(), ldap.tree(), published_only=True)
    return {days[day]: found for day, found in refreshes_in(published, list(days)).items()}


@bp.get("/kursmiljo/oppdateringer")
def index():
    last = runs.last_runs(ldap.service(), ldap.tree(), LAST_RUNS)
    now = datetime.now(UTC)
    coming = _coming(COMING)
    return render_template(
        "schedule/index.html",
        coming=coming,
        courses_on=_courses_on(coming),
        runs=last,
        may_change=_is_desk(),
        now=now,
    )


def _occurrence(day: str) -> schedule.Occurrence:
    """The coming scheduled date ``day`` (its first published day); 404 or 409 if it is not one."""
    try:
        return schedule.changeable(ldap.service(), ldap.tree(), _first(), day, datetime.now(UTC))
    except schedule.DatePassed:
        abort_with(
            409,
            _("This refresh can no longer be changed"),
            _("Its time has passed: only coming refreshes can be moved or cancelled."),
        )
    except schedule.DateHasRun:
        abort_with(
            409,
            _("This refresh can no longer be changed"),
            _("The refresh of this date has already run."),
        )
    except InvalidValue:  # not a date, or not one of the series
        abort(404)


@bp.route("/kursmiljo/oppdateringer/<day>/endre", methods=["GET", "POST"])
@servicedesk_required
def change(day: str):
    occurrence = _occurrence(day)
    form = ChangeDateForm()
    if request.method == "GET" and occurrence.status != "planned":
        form.action.data = "cancel" if occurrence.status == "cancelled" else "move"
        form.reason.data = occurrence.reason
        if occurrence.when is not None:
            form.moved_to.data = occurrence.when.strftime("%Y-%m-%dT%H:%M")
    page = lambda status: (  # noqa: E731
        render_template("schedule/change.html", form=form, occurrence=occurrence),
        status,
    )
    if not form.validate_on_submit():
        return page(400 if request.method == "POST" else 200)
    # Written as the signed-in person: the directory's rule for ou=sync decides.
    as_person = person_ldap()
    try:
        if form.action.data == "move":
            schedule.move(
                as_person, ldap.tree(), _first(), day, form.moved_to.moment, form.reason.data
            )
        else:
            schedule.cancel(as_person, ldap.tree(), _first(), day, form.reason.data)
    except InvalidValue:
        # Time moved on between the form's checks and the write (the date passed).
        form.moved_to.errors = [_("The date can no longer be changed.")]
        return page(400)
    flash(_("The change is published."), "info")
    return redirect(url_for("schedule.index"), 303)


@bp.get("/schedule.ics")
def ics():
    coming = _coming(FEED_DATES)
    notes = {
        day: "\n".join(_("During the course %(title)s", title=c.title) for c in found)
        for day, found in _courses_on(coming).items()
    }
    body = feed(
        coming,
        _("Course environment refreshes"),
        _("Refresh of the course environment"),
        datetime.now(UTC),
        notes,
    )
    return Response(body, mimetype="text/calendar", headers={"Cache-Control": "max-age=3600"})
