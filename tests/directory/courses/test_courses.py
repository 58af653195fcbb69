"""Courses against the real slapd: the desk publishes, seats hold, access starts and ends
on the dates, the desk is warned of a refresh inside a course (issue 17 item 2)."""

import datetime as dt
import secrets

import pytest

from directory.courses import access, store
from directory.courses.rules import Invalid, check
from directory.errors import InsufficientAccess
from directory.grants import ends
from directory.grants import store as grants
from directory.tree import COURSE

pytestmark = pytest.mark.usefixtures("clean_grants")

START = dt.date(2027, 3, 1)
MARGIN = 3


def fields(**changes) -> dict:
    data = {
        "name": f"test-{secrets.token_hex(3)}",
        "title": "Grunnkurs (test)",
        "kind": "basic",
        "language": "nb",
        "start": START,
        "end": START + dt.timedelta(days=1),
        "seats": 2,
        "online": True,
        "place": "",
        "domains": ["Kursdomene"],
    }
    return check({**data, **changes})


@pytest.fixture
def desk(webapp, accounts):
    """The web app acting for the desk (proxied authorization: slapd applies the desk's rights)."""
    return webapp.acting_as(accounts["brukerservice"].dn)


@pytest.fixture
def course(desk, tree, courses):
    made = store.add_course(desk, tree, fields(), published=True)
    courses.append(made.name)
    return made


def run(webapp, tree, course, refresh_days, **kwargs):
    """The timed job for this test's course only (the demo's courses stay as they are)."""
    return access.run(webapp, tree, MARGIN, refresh_days, names=frozenset({course.name}), **kwargs)


def noon(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)


def test_the_desk_adds_and_publishes_a_course(desk, tree, courses):
    """Added unpublished, then published: read back with its fields."""
    made = store.add_course(desk, tree, fields(seats=5, online=False, place="Oslo"))
    courses.append(made.name)
    assert not made.published and made.seats == 5 and made.place == "Oslo"
    store.publish(desk, tree, made.name)
    assert store.get_course(desk, tree, made.name).published


def test_a_person_may_not_add_a_course(webapp, tree, accounts, courses):
    """slapd refuses a course written by anyone but the desk or the app."""
    owner = webapp.acting_as(accounts["eier.bufdir"].dn)
    data = fields()
    courses.append(data["name"])
    with pytest.raises(InsufficientAccess):
        store.add_course(owner, tree, data)


def test_published_courses_are_public_but_not_who_takes_part(
    webapp, desk, tree, course, courses, make_person
):
    """A person reads a published course without its participants; an unpublished not at all."""
    person = make_person()
    store.sign_up(webapp, tree, course.name, person.dn, START)
    hidden = store.add_course(desk, tree, fields())
    courses.append(hidden.name)
    reader = webapp.acting_as(person.dn)
    seen = store.get_course(reader, tree, course.name)
    assert seen is not None and seen.participants == ()
    assert store.get_course(reader, tree, hidden.name) is None
    assert store.get_course(webapp, tree, course.name).participants == (person.dn,)


def test_the_seats_are_enforced(webapp, tree, course, make_person):
    """Two seats: the third sign-up is refused as full, and nothing is written."""
    people = [make_person() for _ in range(3)]
    for p in people[:2]:
        store.sign_up(webapp, tree, course.name, p.dn, START)
    with pytest.raises(Invalid) as refused:
        store.sign_up(webapp, tree, course.name, people[2].dn, START)
    assert refused.value.codes == {"": "full"}
    assert len(store.get_course(webapp, tree, course.name).participants) == 2


def test_sign_up_closes_when_the_course_has_started(webapp, tree, course, make_person):
    with pytest.raises(Invalid) as refused:
        store.sign_up(webapp, tree, course.name, make_person().dn, START + dt.timedelta(days=1))
    assert refused.value.codes == {"": "started"}


def test_a_participants_course_access_starts_and_ends_on_the_dates(
    webapp, tree, course, make_person
):
    """No access the day before; readers and Kursdomene's writers from the first day, the
    grant ending after the margin; withdrawn the day after, and the course closed."""
    person = make_person()
    store.sign_up(webapp, tree, course.name, person.dn, START)
    readers, writers = tree.readers(COURSE), tree.writers(COURSE, "Kursdomene")

    run(webapp, tree, course, [], now=noon(START - dt.timedelta(days=1)))
    assert not webapp.compare(writers, "member", person.dn)

    report = run(webapp, tree, course, [], now=noon(START))
    assert report.started == [(course.name, person.dn)]
    assert webapp.compare(readers, "member", person.dn)
    assert webapp.compare(writers, "member", person.dn)
    last = course.end + dt.timedelta(days=MARGIN)
    grant = grants.get_grant(webapp, writers, person.dn)
    assert grant.end == ends.end_of(last) and grant.order == f"course:{course.name}"

    assert run(webapp, tree, course, [], now=noon(last)).withdrawn == []
    assert webapp.compare(writers, "member", person.dn)

    report = run(webapp, tree, course, [], now=noon(last + dt.timedelta(days=1)))
    assert report.withdrawn == [(course.name, person.dn)] and report.closed == [course.name]
    assert not webapp.compare(readers, "member", person.dn)
    assert not webapp.compare(writers, "member", person.dn)
    assert store.get_course(webapp, tree, course.name).closed


def test_access_from_an_order_is_left_alone_after_the_course(webapp, tree, course, make_person):
    """A person who wrote Kursdomene before the course keeps it afterwards."""
    writers = tree.writers(COURSE, "Kursdomene")
    person = make_person(groups=(writers,))
    store.sign_up(webapp, tree, course.name, person.dn, START)
    run(webapp, tree, course, [], now=noon(START))
    run(webapp, tree, course, [], now=noon(course.end + dt.timedelta(days=MARGIN + 1)))
    assert webapp.compare(writers, "member", person.dn)


def test_the_desk_is_warned_once_of_a_refresh_inside_a_course(webapp, tree, course, notified):
    """A refresh on the second course day: the desk is told once, and the day is kept."""
    day = course.end
    now = noon(START - dt.timedelta(days=10))
    report = run(webapp, tree, course, [day, day + dt.timedelta(days=14)], now=now, notify=notified)
    assert report.warned == [(course.name, [day])]
    assert ("course_refresh", "brukerservice@seres.example") in [(k, to) for k, to, _ in notified]
    again = run(webapp, tree, course, [day], now=now, notify=notified)
    assert again.warned == []
    assert store.get_course(webapp, tree, course.name).warned == (day.isoformat(),)


def test_completing_needs_taking_part(desk, webapp, tree, course, make_person):
    """The desk marks participants only; the mark is what training means."""
    person = make_person()
    with pytest.raises(Invalid):
        store.mark_completed(desk, tree, course, person.dn)
    store.sign_up(webapp, tree, course.name, person.dn, START)
    course = store.get_course(webapp, tree, course.name)
    store.mark_completed(desk, tree, course, person.dn)
    assert [c.name for c in store.training(webapp, tree, person.dn)] == [course.name]


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"name": "Grunnkurs!"}, "name"),
        ({"end": START - dt.timedelta(days=1)}, "end"),
        ({"seats": "0"}, "seats"),
        ({"online": False, "place": ""}, "place"),
        ({"kind": "other"}, "kind"),
        ({"language": "de"}, "language"),
    ],
)
def test_bad_course_fields_are_refused_with_codes(change, code):
    with pytest.raises(Invalid) as refused:
        fields(**change)
    assert code in refused.value.codes
