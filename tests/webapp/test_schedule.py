"""The public refresh schedule: the page and the iCalendar feed."""

from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar

from directory.sync import runs, schedule
from directory.sync.schedule import OSLO
from tests.support import shown_time


@pytest.fixture
def first():
    """A series starting tomorrow at 18:00 Oslo time."""
    return datetime.combine(
        datetime.now(OSLO).date() + timedelta(days=1), datetime.min.time(), tzinfo=OSLO
    ).replace(hour=18)


@pytest.fixture
def app(app, first):
    app.config["SERES_SYNC_FIRST"] = first.strftime("%Y-%m-%dT%H:%M")
    return app


@pytest.fixture
def changed(bound, tree, manager, first):
    """The second date moved, the third cancelled (by the service desk); removed afterwards."""
    desk = bound("brukerservice")
    second = (first + timedelta(days=14)).date().isoformat()
    third = (first + timedelta(days=28)).date().isoformat()
    schedule.move(desk, tree, first, second, first + timedelta(days=15), "Kurs i Bergen")
    schedule.cancel(desk, tree, first, third, "Vedlikehold av serveren")
    yield second, third
    for day in (second, third):
        manager.delete(tree.sync_change(day))


@pytest.fixture
def a_run(bound, tree, manager):
    """One recorded run that ended with an error."""
    sync = bound("sync")
    run_id = runs.start_run(sync, tree, "schedule", scheduled="2026-01-05")
    runs.finish_run(sync, tree, run_id, "failed", 3, 2, 1, [("cn=x", "InvalidValue: no")])
    yield run_id
    manager.delete(tree.sync_run(run_id))


def test_the_page_lists_coming_dates_with_moves_cancellations_and_reasons(client, changed, first):
    """Norwegian page: the first date planned, a moved one with its reason, a cancelled one."""
    page = client.get("/kursmiljo/oppdateringer").get_data(as_text=True)
    assert "<h1>Oppdateringer av kursmiljøet</h1>" in page
    assert (
        shown_time(first) in page and shown_time(first).endswith(", 18:00") and "Planlagt" in page
    )
    assert "Flyttet fra" in page and "Kurs i Bergen" in page
    assert "Avlyst" in page and "Vedlikehold av serveren" in page


def test_the_page_shows_the_last_runs_with_their_results(client, a_run):
    """A run that ended with errors is shown with its counts."""
    page = client.get("/kursmiljo/oppdateringer").get_data(as_text=True)
    assert "Fullført med feil" in page and "Timeplan" in page
    assert "<td>3</td><td>2</td><td>1</td><td>1</td>" in page


def test_a_run_stopped_half_way_is_not_shown_as_completed(client, bound, tree, manager):
    """An aborted run says it stopped, with the writes it did."""
    sync = bound("sync")
    run_id = runs.start_run(sync, tree, "schedule", scheduled="2026-01-19")
    runs.finish_run(sync, tree, run_id, "aborted", 4, 0, 0, [], stopped="Unavailable: gone")
    try:
        page = client.get("/kursmiljo/oppdateringer").get_data(as_text=True)
    finally:
        manager.delete(tree.sync_run(run_id))
    assert "Stoppet underveis" in page and "<td>4</td><td>0</td><td>0</td><td>0</td>" in page


def test_a_refused_run_says_so(client, bound, tree, manager):
    """A run refused before writing (it would remove most domains) is shown as refused."""
    sync = bound("sync")
    run_id = runs.start_run(sync, tree, "schedule", scheduled="2026-02-02")
    runs.finish_run(sync, tree, run_id, "refused", 0, 0, 0, [], stopped="Refused: no domains")
    try:
        page = client.get("/kursmiljo/oppdateringer").get_data(as_text=True)
    finally:
        manager.delete(tree.sync_run(run_id))
    assert "Avvist: den ville ha fjernet de fleste domenene" in page


def test_the_page_is_in_english_on_request(client):
    """After choosing English with the language link, the page is in English."""
    client.get("/language/en")
    page = client.get("/kursmiljo/oppdateringer")
    assert "<h1>Course environment refreshes</h1>" in page.get_data(as_text=True)


def test_the_feed_is_icalendar_with_stable_uids_and_oslo_times(client, changed, first):
    """One event per date; UIDs named by the first published day; moved and cancelled marked."""
    response = client.get("/schedule.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    calendar = Calendar.from_ical(response.data)
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    second, third = changed
    start = events[f"refresh-{first.date().isoformat()}@kursmiljo.seres.example"]
    assert start.decoded("dtstart") == first
    assert str(start.decoded("dtstart").tzinfo) == "Europe/Oslo"
    moved = events[f"refresh-{second}@kursmiljo.seres.example"]
    assert moved.decoded("dtstart") == first + timedelta(days=15)
    assert str(moved["description"]) == "Kurs i Bergen"
    cancelled = events[f"refresh-{third}@kursmiljo.seres.example"]
    assert str(cancelled["status"]) == "CANCELLED"
    assert calendar.walk("VTIMEZONE")[0]["tzid"] == "Europe/Oslo"
    again = Calendar.from_ical(client.get("/schedule.ics").data)
    assert {str(e["uid"]) for e in again.walk("VEVENT")} == set(events)


def test_course_participants_cannot_change_the_schedule(bound, tree, first):
    """Moving a date needs the service desk (or a refresh account)."""
    from directory.errors import InsufficientAccess

    with pytest.raises(InsufficientAccess):
        schedule.cancel(
            bound("kurs.deltaker"), tree, first, first.date().isoformat(), "no", datetime.now(UTC)
        )


def sequence_of(client, day: str) -> tuple[int, str]:
    """The SEQUENCE and STATUS of one date's event in the feed (0 if it has no SEQUENCE)."""
    calendar = Calendar.from_ical(client.get("/schedule.ics").data)
    (event,) = [e for e in calendar.walk("VEVENT") if str(e["uid"]).startswith(f"refresh-{day}@")]
    return int(event.get("sequence", 0)), str(event["status"])


def test_every_change_of_a_date_raises_its_sequence_in_the_feed(
    client, bound, tree, manager, first
):
    """Moved, moved again, cancelled, back at its planned time: SEQUENCE 1, 2, 3, 4 (RFC 5545)."""
    desk = bound("brukerservice")
    day = (first + timedelta(days=14)).date().isoformat()
    planned = first + timedelta(days=14)
    assert sequence_of(client, day) == (0, "CONFIRMED")
    try:
        schedule.move(desk, tree, first, day, planned + timedelta(days=1), "Kurs")
        assert sequence_of(client, day) == (1, "CONFIRMED")
        schedule.move(desk, tree, first, day, planned + timedelta(days=2), "Kurs, igjen")
        assert sequence_of(client, day) == (2, "CONFIRMED")
        schedule.cancel(desk, tree, first, day, "Vedlikehold")
        assert sequence_of(client, day) == (3, "CANCELLED")
        schedule.move(desk, tree, first, day, planned, "Likevel som planlagt")
        assert sequence_of(client, day) == (4, "CONFIRMED")
    finally:
        manager.delete(tree.sync_change(day))


def test_a_change_is_rewritten_in_place_not_deleted_and_added(bound, tree, manager, first):
    """The entry keeps its entryUUID: a write that fails cannot lose the published change."""
    desk = bound("brukerservice")
    day = (first + timedelta(days=14)).date().isoformat()
    schedule.cancel(desk, tree, first, day, "Vedlikehold")
    try:
        before = manager.read(tree.sync_change(day), ["entryUUID"])["entryUUID"]
        schedule.move(desk, tree, first, day, first + timedelta(days=15), "Kurs")
        after = manager.read(tree.sync_change(day), ["entryUUID", "seresSyncMovedTo"])
        assert after["entryUUID"] == before and after["seresSyncMovedTo"]
    finally:
        manager.delete(tree.sync_change(day))


class ChangedJustBefore:
    """The desk's connection, but someone else changes the date just before its first modify."""

    def __init__(self, ldap, other):
        self.ldap, self.other, self.done = ldap, other, False

    def __getattr__(self, name):
        return getattr(self.ldap, name)

    def modify(self, dn, changes):
        if not self.done:
            self.done = True
            self.other()
        return self.ldap.modify(dn, changes)


def test_two_changes_at_once_each_get_their_own_revision(bound, tree, manager, first):
    """The revision is compared and swapped: the one that read a stale revision reads again."""
    desk = bound("brukerservice")
    day = (first + timedelta(days=14)).date().isoformat()
    schedule.cancel(desk, tree, first, day, "Vedlikehold")
    try:

        def other() -> None:
            schedule.cancel(manager, tree, first, day, "Vedlikehold, skrevet samtidig")

        racing = ChangedJustBefore(desk, other)
        change = schedule.move(racing, tree, first, day, first + timedelta(days=15), "Kurs")
        assert change.revision == 3
        stored = schedule.load_changes(manager, tree)[day]
        assert (stored.revision, stored.reason) == (3, "Kurs")
    finally:
        manager.delete(tree.sync_change(day))


def test_the_dates_are_in_oslo_time_in_the_pages_language(client, first):
    """18:00 Oslo time, as bokmål and as English write it."""
    page = client.get("/kursmiljo/oppdateringer").get_data(as_text=True)
    assert shown_time(first, "nb") in page
    assert f"{first.day}. " in shown_time(first, "nb")
    client.get("/language/en")
    page = client.get("/kursmiljo/oppdateringer").get_data(as_text=True)
    assert shown_time(first, "en") in page
    assert shown_time(first, "en").endswith("6:00\u202fPM")
