"""The timed job for courses: course-environment access for the course's days plus a
margin, withdrawn after it; the desk warned of a refresh inside a course.

Run by ``seres courses run`` as the web app's service account (contrib/systemd,
hourly with ``seres access expire``). For each course not yet closed:

- from the first course day to the last day of the margin, each participant
  is a member of the course environment's readers and of the write group of
  each of the course's domains, with a grant entry (docs/access.md) whose
  order is ``course:<name>`` and whose end is the margin's last day, so
  ``seres access expire`` would end it too;
- after the margin, what the course gave is taken back (a membership the
  person had before, from an order, is left alone) and the course is closed;
- a refresh day inside a published course is told to the desk once per day.

Running again changes nothing; a run that died half-way is completed by the next.
"""

import datetime as dt
from dataclasses import dataclass, field

from directory.connection import Ldap
from directory.courses import store
from directory.courses.rules import Course, access_window, refresh_days_inside
from directory.errors import DirectoryError
from directory.grants import ends
from directory.grants import store as grants
from directory.grants.batch import leave
from directory.groups import add_member, members_of
from directory.notice import Notify
from directory.people import mail_of
from directory.tree import COURSE, Tree

# Notifications: the desk (data: course, title, days as YYYY-MM-DD joined by ", ").
COURSE_REFRESH = "course_refresh"


@dataclass
class Report:
    started: list[tuple[str, str]] = field(default_factory=list)  # (course, person DN)
    withdrawn: list[tuple[str, str]] = field(default_factory=list)
    closed: list[str] = field(default_factory=list)
    warned: list[tuple[str, list[dt.date]]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)


def origin(course: Course) -> str:
    """What a course grant names as its order."""
    return f"course:{course.name}"


def groups_of(tree: Tree, course: Course) -> list[str]:
    """The groups a participant joins: the course readers, the course domains' writers."""
    return [tree.readers(COURSE)] + [tree.writers(COURSE, d) for d in course.domains]


def _give(ldap: Ldap, tree: Tree, course: Course, person: str, last: dt.date, now) -> bool:
    """Make ``person`` a member of the course's groups until ``last``; True if anything changed."""
    changed = False
    for group in groups_of(tree, course):
        grant = grants.get_grant(ldap, group, person)
        ours = grant is not None and grant.order == origin(course)
        if ours and grant.active:
            continue
        if not add_member(ldap, tree, group, person) and not ours:
            continue  # a member already, for another reason: not the course's to give or take
        grants.record(
            ldap, group, person, grants.GRANTED, ldap.bound_dn,
            data={"course": course.name}, now=now, current=grant,
            replace={
                "start": [grants.now_utc(now)], "end": [ends.end_of(last)],
                "by": [ldap.bound_dn], "order": [origin(course)], "ended": [], "warned": [],
            },
        )  # fmt: skip
        changed = True
    return changed


def _take(ldap: Ldap, tree: Tree, course: Course, person: str, now) -> bool:
    """Take back what the course gave ``person``; True if anything changed."""
    changed = False
    for group in groups_of(tree, course):
        grant = grants.get_grant(ldap, group, person)
        if grant is None or grant.order != origin(course) or not grant.active:
            continue
        leave(ldap, tree, group, person)
        grants.record(
            ldap, group, person, grants.EXPIRED, ldap.bound_dn,
            data={"course": course.name}, now=now, current=grant,
            replace={"ended": [grants.now_utc(now)]},
        )  # fmt: skip
        changed = True
    return changed


def desk_addresses(ldap: Ldap, tree: Tree) -> list[str]:
    return sorted(
        {a for dn in members_of(ldap, tree, tree.servicedesk) if (a := mail_of(ldap, dn))}
    )


def run(
    ldap: Ldap,
    tree: Tree,
    margin_days: int,
    refresh_days: list[dt.date],
    now: dt.datetime | None = None,
    notify: Notify | None = None,
    names: frozenset[str] | None = None,
) -> Report:
    """Give, take back and warn as the module says, as ``ldap``'s identity (the web app's);
    ``names``: only these courses."""
    moment = grants.now_utc(now)
    today = ends.oslo_day(moment)
    report = Report()
    for course in store.courses(ldap, tree):
        if course.closed or names is not None and course.name not in names:
            continue
        first, last = access_window(course, margin_days)
        for person in course.participants:
            try:
                if first <= today <= last and _give(ldap, tree, course, person, last, moment):
                    report.started.append((course.name, person))
                elif today > last and _take(ldap, tree, course, person, moment):
                    report.withdrawn.append((course.name, person))
            except DirectoryError as exc:
                report.failed.append((course.name, f"{person}: {exc}"))
        if today > last and not any(name == course.name for name, _ in report.failed):
            store.mark_closed(ldap, tree, course.name)
            report.closed.append(course.name)
            continue
        inside = refresh_days_inside(course, refresh_days)
        new = [d for d in inside if d.isoformat() not in course.warned and d >= today]
        if course.published and new:
            store.mark_warned(ldap, tree, course.name, new)
            report.warned.append((course.name, new))
            if notify is not None:
                days = ", ".join(d.isoformat() for d in new)
                for address in desk_addresses(ldap, tree):
                    notify(
                        COURSE_REFRESH, address, course=course.name, title=course.title, days=days
                    )
    return report
