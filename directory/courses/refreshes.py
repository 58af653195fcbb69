"""Which refresh days fall inside courses: the published schedule (with the desk's moves
and cancellations) as days in Oslo."""

import datetime as dt

from directory.connection import Ldap
from directory.courses.rules import Course, refresh_days_inside
from directory.sync.schedule import OSLO, load_changes, occurrences
from directory.tree import Tree

# A year of refreshes ahead: the page and the job look no further.
AHEAD = 27


def refresh_days(ldap: Ldap, tree: Tree, first: dt.datetime, since: dt.date) -> list[dt.date]:
    """The days (Oslo) of the refreshes from ``since`` on, cancelled ones left out."""
    start = dt.datetime.combine(since, dt.time(), tzinfo=OSLO)
    found = occurrences(first, load_changes(ldap, tree), start, AHEAD)
    return [o.when.astimezone(OSLO).date() for o in found if o.when is not None]


def refreshes_in(courses: list[Course], days: list[dt.date]) -> dict[dt.date, list[Course]]:
    """The courses each refresh day falls inside (only days that fall inside one)."""
    out: dict[dt.date, list[Course]] = {}
    for course in courses:
        for day in refresh_days_inside(course, days):
            out.setdefault(day, []).append(course)
    return out
