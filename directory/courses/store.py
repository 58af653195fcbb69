"""Courses in the directory (``ou=courses``): add, publish, read, sign up, completed.

Read and written with whatever connection is given: the desk's (acting as
the person, so slapd decides) to publish and mark completion; the web app's
own to sign people up (after the seat check here) and for the timed job.
"""

import datetime as dt

from directory.agencies.agreements import from_ldap_date, to_ldap_date
from directory.connection import ADD, DELETE, REPLACE, Ldap
from directory.courses.rules import Course, Invalid, may_sign_up
from directory.entries import first
from directory.errors import NoSuchEntry
from directory.escape import equals
from directory.tree import Tree

CLASSES = ["seresCourse"]
ATTRS = [
    "cn",
    "seresCourseTitle",
    "seresCourseKind",
    "seresCourseStart",
    "seresCourseEnd",
    "seresCourseSeats",
    "seresCourseLanguage",
    "seresCoursePlace",
    "seresCourseOnline",
    "seresCourseDomain",
    "seresCoursePublished",
    "seresCourseParticipant",
    "seresCourseCompleted",
    "seresCourseClosed",
    "seresCourseWarned",
]
PARTICIPANT, COMPLETED = "seresCourseParticipant", "seresCourseCompleted"


def _true(values: dict, attribute: str) -> bool:
    return first(values, attribute).upper() == "TRUE"


def from_entry(values: dict) -> Course:
    return Course(
        name=first(values, "cn"),
        title=first(values, "seresCourseTitle"),
        kind=first(values, "seresCourseKind"),
        start=from_ldap_date(values["seresCourseStart"][0]),
        end=from_ldap_date(values["seresCourseEnd"][0]),
        seats=int(first(values, "seresCourseSeats", "0")),
        language=first(values, "seresCourseLanguage"),
        place=first(values, "seresCoursePlace"),
        online=_true(values, "seresCourseOnline"),
        domains=tuple(sorted(str(d) for d in values.get("seresCourseDomain") or ())),
        published=_true(values, "seresCoursePublished"),
        participants=tuple(str(p) for p in values.get(PARTICIPANT) or ()),
        completed=tuple(str(p) for p in values.get(COMPLETED) or ()),
        closed=_true(values, "seresCourseClosed"),
        warned=tuple(sorted(str(w) for w in values.get("seresCourseWarned") or ())),
    )


def add_course(ldap: Ldap, tree: Tree, fields: dict, published: bool = False) -> Course:
    """Add a course from checked fields (``rules.check``); AlreadyExists if the name is taken."""
    values = {
        "cn": fields["name"],
        "seresCourseTitle": fields["title"],
        "seresCourseKind": fields["kind"],
        "seresCourseStart": to_ldap_date(fields["start"]),
        "seresCourseEnd": to_ldap_date(fields["end"]),
        "seresCourseSeats": str(fields["seats"]),
        "seresCourseLanguage": fields["language"],
        "seresCourseOnline": "TRUE" if fields["online"] else "FALSE",
        "seresCoursePublished": "TRUE" if published else "FALSE",
    }
    if fields.get("place"):
        values["seresCoursePlace"] = fields["place"]
    if fields.get("domains"):
        values["seresCourseDomain"] = list(fields["domains"])
    ldap.add(tree.course(fields["name"]), CLASSES, values)
    return get_course(ldap, tree, fields["name"])


def publish(ldap: Ldap, tree: Tree, name: str, published: bool = True) -> None:
    value = "TRUE" if published else "FALSE"
    ldap.modify(tree.course(name), {"seresCoursePublished": [(REPLACE, [value])]})


def get_course(ldap: Ldap, tree: Tree, name: str) -> Course | None:
    """The course, or None (missing, or hidden from this connection)."""
    values = ldap.read(tree.course(name), ATTRS)
    return from_entry(values) if values and values.get("seresCourseStart") else None


def courses(ldap: Ldap, tree: Tree, published_only: bool = False) -> list[Course]:
    """Every course this connection may read (or only the published), by start day."""
    wanted = "(objectClass=seresCourse)"
    if published_only:
        wanted = "(&(objectClass=seresCourse)(seresCoursePublished=TRUE))"
    found = ldap.search(tree.courses, wanted, ATTRS, scope="one")
    return sorted((from_entry(v) for _, v in found), key=lambda c: (c.start, c.name))


def courses_of(ldap: Ldap, tree: Tree, person_dn: str) -> list[Course]:
    """The courses a person takes part in or completed (one search on indexed values)."""
    wanted = f"(|{equals(PARTICIPANT, person_dn)}{equals(COMPLETED, person_dn)})"
    found = ldap.search(tree.courses, f"(&(objectClass=seresCourse){wanted})", ATTRS, scope="one")
    return sorted((from_entry(v) for _, v in found), key=lambda c: (c.start, c.name))


def sign_up(ldap: Ldap, tree: Tree, name: str, person_dn: str, today: dt.date) -> Course:
    """Sign ``person_dn`` up if a seat is left; raise Invalid({"": code}) if not.

    The seat check reads the course just before the write; two sign-ups for
    the last seat in the same instant could both pass (documented).
    """
    course = get_course(ldap, tree, name)
    if course is None:
        raise NoSuchEntry(name)
    why = may_sign_up(course, person_dn, today)
    if why:
        raise Invalid({"": why})
    ldap.modify(tree.course(name), {PARTICIPANT: [(ADD, [person_dn])]})
    return get_course(ldap, tree, name)


def leave(ldap: Ldap, tree: Tree, name: str, person_dn: str) -> None:
    """Take a participant off the course (before it has started)."""
    ldap.modify(tree.course(name), {PARTICIPANT: [(DELETE, [person_dn])]})


def mark_completed(ldap: Ldap, tree: Tree, course: Course, person_dn: str, done=True) -> None:
    """The desk marks a participant as having completed the course (or takes it back)."""
    if done and not course.takes_part(person_dn):
        raise Invalid({"": "not_participant"})
    if done == course.has_completed(person_dn):
        return
    ldap.modify(tree.course(course.name), {COMPLETED: [(ADD if done else DELETE, [person_dn])]})


def mark_closed(ldap: Ldap, tree: Tree, name: str) -> None:
    ldap.modify(tree.course(name), {"seresCourseClosed": [(REPLACE, ["TRUE"])]})


def mark_warned(ldap: Ldap, tree: Tree, name: str, days: list[dt.date]) -> None:
    ldap.modify(tree.course(name), {"seresCourseWarned": [(ADD, [d.isoformat() for d in days])]})


def training(ldap: Ldap, tree: Tree, person_dn: str) -> list[Course]:
    """The courses a person has completed (the desk's or the app's connection), oldest first."""
    found = ldap.search(
        tree.courses,
        f"(&(objectClass=seresCourse){equals(COMPLETED, person_dn)})",
        ATTRS,
        scope="one",
    )
    return sorted((from_entry(v) for _, v in found), key=lambda c: (c.end, c.name))
