"""Oppdateringer av kursmiljøet: the coming refresh dates and the last runs."""

from datetime import UTC, datetime

from flask import Blueprint, Response, current_app, render_template
from flask_babel import gettext as _

from directory.sync import runs, schedule
from webapp import ldap
from webapp.schedule.calendar import feed

bp = Blueprint("schedule", __name__, template_folder="templates")

COMING = 6
LAST_RUNS = 10
FEED_DATES = 26  # a year ahead


def _coming(count: int) -> list[schedule.Occurrence]:
    service = ldap.service()
    changes = schedule.load_changes(service, ldap.tree())
    first = schedule.parse_local(current_app.config["SERES_SYNC_FIRST"])
    return schedule.occurrences(first, changes, datetime.now(UTC), count)


@bp.get("/kursmiljo/oppdateringer")
def index():
    last = runs.last_runs(ldap.service(), ldap.tree(), LAST_RUNS)
    return render_template(
        "schedule/index.html", coming=_coming(COMING), runs=last, oslo=schedule.OSLO
    )


@bp.get("/schedule.ics")
def ics():
    body = feed(
        _coming(FEED_DATES),
        _("Course environment refreshes"),
        _("Refresh of the course environment"),
        datetime.now(UTC),
    )
    return Response(body, mimetype="text/calendar", headers={"Cache-Control": "max-age=3600"})
