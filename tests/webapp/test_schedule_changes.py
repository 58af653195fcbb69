"""The service desk moves and cancels refresh dates on the web, with CSRF on."""

from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar

from directory.errors import InsufficientAccess
from directory.sync import runs, schedule
from directory.sync.schedule import OSLO
from tests.support import add_person, csrf_token, remove_people, shown_time, web_sign_in
from tests.webapp.orders.conftest import new_app

FIRST = (datetime.now(OSLO) + timedelta(days=1)).replace(hour=18, minute=0, second=0, microsecond=0)
SECOND = (FIRST + timedelta(days=14)).date().isoformat()
THIRD = (FIRST + timedelta(days=28)).date().isoformat()


def url(day: str) -> str:
    return f"/kursmiljo/oppdateringer/{day}/endre"


@pytest.fixture(scope="module")
def module_app(settings_for, accounts, tmp_path_factory):
    """One app for the module, the series starting tomorrow at 18:00, so people sign in once."""
    app = new_app(
        settings_for(accounts["webapp"]),
        tmp_path_factory.mktemp("var"),
        sync_settings=settings_for(accounts["sync"]),
        SERES_SYNC_FIRST=FIRST.strftime("%Y-%m-%dT%H:%M"),
    )
    yield app
    app.extensions["seres_service_pool"].close_all()


@pytest.fixture(scope="module")
def people(manager, tree):
    """A service desk person and a course reader, signed in once each."""
    desk = add_person(manager, tree, (tree.servicedesk, tree.readers("course")))
    reader = add_person(manager, tree, (tree.readers("course"),))
    yield desk, reader
    remove_people(manager, tree, [desk.username, reader.username])


@pytest.fixture(scope="module")
def clients(module_app, binder, people):
    signed_in = []
    for account in people:
        client = module_app.test_client()
        assert web_sign_in(client, binder, account).status_code == 303
        signed_in.append(client)
    return signed_in


@pytest.fixture
def desk(clients):
    return clients[0]


@pytest.fixture
def reader(clients):
    return clients[1]


@pytest.fixture
def changes(manager, tree):
    """The schedule's changes as stored; every change removed after the test."""

    def stored() -> dict:
        return schedule.load_changes(manager, tree)

    yield stored
    for day in stored():
        manager.delete(tree.sync_change(day))


def submit(client, day: str, **data):
    page = client.get(url(day))
    assert page.status_code == 200, page.status_code
    return client.post(
        url(day), data={"csrf_token": csrf_token(page.get_data(as_text=True)), **data}
    )


def test_the_desk_moves_a_date_and_the_page_and_feed_publish_it(desk, changes):
    """The moved date is listed at its new time with the reason, in the page and the .ics."""
    moved_to = (FIRST + timedelta(days=15)).replace(hour=9)
    response = submit(
        desk,
        SECOND,
        action="move",
        moved_to=moved_to.strftime("%Y-%m-%dT%H:%M"),
        reason="Kurs i Bergen den dagen",
    )
    assert response.status_code == 303, response.get_data(as_text=True)
    assert changes()[SECOND].moved_to == moved_to
    page = desk.get("/kursmiljo/oppdateringer").get_data(as_text=True)
    assert "Kurs i Bergen den dagen" in page and "Flyttet fra" in page
    assert shown_time(moved_to) in page
    events = Calendar.from_ical(desk.get("/schedule.ics").data).walk("VEVENT")
    (event,) = [e for e in events if str(e["uid"]).startswith(f"refresh-{SECOND}@")]
    assert event.decoded("dtstart") == moved_to
    assert str(event["description"]) == "Kurs i Bergen den dagen"


def test_the_desk_cancels_a_date_and_the_page_and_feed_publish_it(desk, changes):
    """The cancelled date stays listed as cancelled with its reason; the feed marks it CANCELLED."""
    response = submit(desk, THIRD, action="cancel", moved_to="", reason="Vedlikehold")
    assert response.status_code == 303, response.get_data(as_text=True)
    assert changes()[THIRD].moved_to is None
    page = desk.get("/kursmiljo/oppdateringer").get_data(as_text=True)
    assert "Avlyst" in page and "Vedlikehold" in page
    events = Calendar.from_ical(desk.get("/schedule.ics").data).walk("VEVENT")
    (event,) = [e for e in events if str(e["uid"]).startswith(f"refresh-{THIRD}@")]
    assert str(event["status"]) == "CANCELLED" and str(event["description"]) == "Vedlikehold"


def test_the_desk_sees_a_link_to_change_each_coming_date(desk, reader):
    """The public page links the form for the desk only."""
    assert url(SECOND) in desk.get("/kursmiljo/oppdateringer").get_data(as_text=True)
    assert url(SECOND) not in reader.get("/kursmiljo/oppdateringer").get_data(as_text=True)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"action": "cancel", "reason": "  "}, "reason", "Oppgi begrunnelsen"),
        ({"action": "move", "moved_to": "", "reason": "x"}, "moved_to", "Oppgi ny dato"),
        (
            {"action": "move", "moved_to": "i morgen", "reason": "x"},
            "moved_to",
            "dato og klokkeslett",
        ),
        (
            {"action": "move", "moved_to": "2026-13-01T18:00", "reason": "x"},
            "moved_to",
            "dato og klokkeslett",
        ),
        (
            {"action": "move", "moved_to": "2001-01-01T18:00", "reason": "x"},
            "moved_to",
            "har passert",
        ),
        ({"action": "", "reason": "x"}, "action", "flyttes eller avlyses"),
        ({"action": "cancel", "reason": "x" * 1025}, "reason", "1024 tegn"),
        ({"action": "slett", "reason": "x"}, "action", "Ikke et gyldig valg"),
    ],
)
def test_bad_input_is_shown_again_with_a_norwegian_message_and_nothing_written(
    desk, changes, data, field, message
):
    """400, the message on the field (aria-described), and no change stored."""
    response = submit(desk, SECOND, **data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f'id="{field}-error"' in html and message in html
    assert changes() == {}


@pytest.mark.parametrize("day", ["2026-02-30", "ikke-en-dato", "FIRST+1", "2001-01-01"])
def test_a_date_that_is_not_a_coming_scheduled_date_is_not_found(desk, changes, day):
    """Not a date, not in the series, or passed: 404 for GET and POST, nothing written."""
    if day == "FIRST+1":
        day = (FIRST + timedelta(days=1)).date().isoformat()
    assert desk.get(url(day)).status_code == 404
    assert desk.post(url(day), data={"action": "cancel", "reason": "x"}).status_code in (400, 404)
    assert changes() == {}


def test_without_the_csrf_token_nothing_is_written(desk, changes):
    """A post without the form's token is refused with 400."""
    response = desk.post(url(SECOND), data={"action": "cancel", "reason": "x"})
    assert response.status_code == 400
    assert changes() == {}


def test_a_person_outside_the_service_desk_gets_403(reader, desk, changes):
    """The form is the desk's: GET and a POST with a valid token are refused; nothing written."""
    assert reader.get(url(SECOND)).status_code == 403
    # A token of the reader's own session (from a page the reader may see).
    page = reader.get("/orders/new/domain").get_data(as_text=True)
    token = csrf_token(page)
    response = reader.post(
        url(SECOND), data={"csrf_token": token, "action": "cancel", "reason": "x"}
    )
    assert response.status_code == 403
    assert changes() == {}


def test_a_visitor_is_sent_to_sign_in(module_app):
    """Not signed in: to /login, and back afterwards."""
    response = module_app.test_client().get(url(SECOND))
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_directory_refuses_the_change_acting_as_a_person_outside_the_desk(
    webapp, tree, people, changes
):
    """Acting as the reader (as the view would), the rule for ou=schedule,ou=sync refuses the write."""
    _, reader = people
    as_reader = webapp.acting_as(reader.dn)
    with pytest.raises(InsufficientAccess):
        schedule.cancel(as_reader, tree, FIRST, SECOND, "x", datetime.now(UTC))
    with pytest.raises(InsufficientAccess):
        schedule.move(as_reader, tree, FIRST, SECOND, FIRST + timedelta(days=15), "x")
    assert changes() == {}


def test_the_desk_writes_the_schedule_but_not_the_lock_or_the_runs(webapp, tree, people, changes):
    """Acting as the desk: a schedule change is allowed; ou=runs and the lock are the refresh's."""
    from directory.sync import runs
    from directory.sync.lock import acquire

    desk, _ = people
    as_desk = webapp.acting_as(desk.dn)
    schedule.cancel(as_desk, tree, FIRST, SECOND, "Vedlikehold")
    assert changes()[SECOND].reason == "Vedlikehold"
    with pytest.raises(InsufficientAccess):
        acquire(as_desk, tree)
    with pytest.raises(InsufficientAccess):
        runs.start_run(as_desk, tree, "manual")


def test_a_date_moved_later_stays_changeable_after_its_original_time(
    desk, changes, module_app, monkeypatch, manager, tree
):
    """A series whose first date was an hour ago, moved to tomorrow: the form opens and cancels it."""
    first = datetime.now(OSLO).replace(second=0, microsecond=0) - timedelta(hours=1)
    monkeypatch.setitem(module_app.config, "SERES_SYNC_FIRST", first.strftime("%Y-%m-%dT%H:%M"))
    day = first.date().isoformat()
    later = first + timedelta(days=1)
    schedule.move(manager, tree, first, day, later, "Kurs", now=first - timedelta(hours=1))
    page = desk.get("/kursmiljo/oppdateringer").get_data(as_text=True)
    assert url(day) in page
    response = submit(desk, day, action="cancel", moved_to="", reason="Vedlikehold")
    assert response.status_code == 303, response.get_data(as_text=True)
    assert changes()[day].moved_to is None


@pytest.fixture
def finished_run(manager, tree, bound):
    """A finished run recorded for SECOND; removed afterwards."""
    sync = bound("sync")
    run_id = runs.start_run(sync, tree, "schedule", scheduled=SECOND)
    runs.finish_run(sync, tree, run_id, "ok", 0, 0, 0, [])
    yield run_id
    manager.delete(tree.sync_run(run_id))


def test_a_date_that_has_run_cannot_be_changed_and_the_page_says_why(desk, changes, finished_run):
    """409 with the reason for GET and POST; nothing written."""
    response = desk.get(url(SECOND))
    assert response.status_code == 409
    assert "allerede kjørt" in response.get_data(as_text=True)
    assert desk.post(url(SECOND), data={"action": "cancel", "reason": "x"}).status_code in (
        400,
        409,
    )
    assert changes() == {}


def test_a_date_moved_earlier_whose_new_time_has_passed_cannot_be_changed(
    desk, changes, manager, tree
):
    """Moved to an hour ago: the page offers no link, the form answers 409."""
    earlier = datetime.now(OSLO).replace(second=0, microsecond=0) - timedelta(hours=1)
    schedule.move(manager, tree, FIRST, SECOND, earlier, "Tidligere", now=earlier)
    assert url(SECOND) not in desk.get("/kursmiljo/oppdateringer").get_data(as_text=True)
    response = desk.get(url(SECOND))
    assert response.status_code == 409 and "passert" in response.get_data(as_text=True)


def test_a_new_time_that_does_not_exist_in_norway_is_refused(desk, changes):
    """02:30 on the Sunday summer time starts: 400 with a message saying why; nothing written."""
    year = FIRST.year + 1
    march_end = datetime(year, 3, 31)
    sunday = march_end - timedelta(days=(march_end.weekday() + 1) % 7)
    response = submit(
        desk,
        SECOND,
        action="move",
        moved_to=f"{sunday:%Y-%m-%d}T02:30",
        reason="x",
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "finnes ikke i Norge" in html
    assert changes() == {}
