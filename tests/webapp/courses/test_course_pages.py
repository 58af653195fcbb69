"""The course pages: public list and feed, sign-up (self, owner), the desk's course, the
refresh inside a course in both calendars, training on the order and the person page."""

import datetime as dt
import secrets

import pytest
from icalendar import Calendar

from directory.courses import store
from directory.courses.rules import check
from directory.orders import store as orders
from directory.orders import workflow as wf
from tests.support import TRAINING_COURSE, post_form, web_sign_in

# The demo's January course has a refresh day (18 January 2027) inside it.
DEMO_COURSE = "grunnkurs-2027-01"


def signed_in(app, binder, account):
    client = app.test_client()
    assert web_sign_in(client, binder, account).status_code == 303
    return client


@pytest.fixture
def desk_client(app, make_person, binder, tree):
    return signed_in(app, binder, make_person(groups=(tree.servicedesk,)))


@pytest.fixture
def open_course(manager, tree, courses):
    """A published course some weeks ahead with one seat."""
    start = dt.date.today() + dt.timedelta(days=40)
    fields = check(
        {
            "name": f"web-{secrets.token_hex(3)}",
            "title": "Webkurs",
            "kind": "basic",
            "language": "nb",
            "start": start,
            "end": start,
            "seats": 1,
            "online": True,
            "domains": ["Kursdomene"],
        }
    )
    courses.append(fields["name"])
    return store.add_course(manager, tree, fields, published=True)


def test_the_public_page_lists_published_courses_only(app, manager, tree, courses):
    """No sign-in needed; an unpublished course is not shown, nor its page."""
    hidden = store.add_course(
        manager,
        tree,
        check(
            {
                "name": f"hidden-{secrets.token_hex(3)}",
                "title": "Skjult kurs",
                "kind": "custom",
                "language": "en",
                "start": dt.date(2027, 5, 3),
                "end": dt.date(2027, 5, 3),
                "seats": 3,
                "online": True,
            }
        ),
    )
    courses.append(hidden.name)
    page = app.test_client().get("/kurs")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert f'href="/kurs/{DEMO_COURSE}"' in html and "Skjult kurs" not in html
    assert app.test_client().get(f"/kurs/{hidden.name}").status_code == 404


def test_a_refresh_inside_a_course_shows_in_both_calendars(app):
    """The course page and feed name the refresh day; the schedule names the course."""
    client = app.test_client()
    page = client.get(f"/kurs/{DEMO_COURSE}").get_data(as_text=True)
    assert 'class="warning">' in page and "18. jan. 2027" in page
    feed = Calendar.from_ical(client.get("/kurs.ics").data)
    event = next(e for e in feed.walk("VEVENT") if DEMO_COURSE in str(e["uid"]))
    assert event["dtstart"].dt == dt.date(2027, 1, 18)
    assert "2027-01-18" in str(event["description"])


def test_the_schedule_names_the_course_on_a_refresh_day(app):
    """The refresh schedule's page and feed show the course a coming refresh falls inside."""
    app.config["SERES_SYNC_FIRST"] = "2027-01-18T18:00"
    html = app.test_client().get("/kursmiljo/oppdateringer").get_data(as_text=True)
    assert 'class="course-day"' in html and f"/kurs/{DEMO_COURSE}" in html
    feed = Calendar.from_ical(app.test_client().get("/schedule.ics").data)
    first = next(e for e in feed.walk("VEVENT") if "2027-01-18" in str(e["uid"]))
    assert "Grunnkurs i tjenesteutvikling" in str(first["description"])


def test_the_desk_is_warned_on_the_page_of_a_refresh_inside_a_course(desk_client):
    html = desk_client.get("/kurs").get_data(as_text=True)
    assert 'id="refresh-warning"' in html and f"/kurs/{DEMO_COURSE}" in html


def test_a_person_signs_themselves_up_and_a_full_course_refuses(
    app, binder, make_person, open_course, webapp, tree
):
    """One seat: the first gets it; the second is told it is full (400), nothing written."""
    first, second = make_person(), make_person()
    url = f"/kurs/{open_course.name}"
    client = signed_in(app, binder, first)
    response = post_form(client, url + "/meld-pa", {}, page=client.get(url).get_data(as_text=True))
    assert response.status_code == 303
    other = signed_in(app, binder, second)
    response = post_form(other, url + "/meld-pa", {}, page=other.get(url).get_data(as_text=True))
    assert response.status_code == 400 and 'id="refused"' in response.get_data(as_text=True)
    assert store.get_course(webapp, tree, open_course.name).participants == (first.dn,)


def test_an_owner_signs_up_one_of_their_people(app, binder, make_person, open_course, webapp, tree):
    """By username; an unknown username is answered 400 on the field."""
    owner = make_person(groups=(tree.owners("BUFdir"),))
    person = make_person()
    client = signed_in(app, binder, owner)
    url = f"/kurs/{open_course.name}/deltakere"
    page = client.get(f"/kurs/{open_course.name}").get_data(as_text=True)
    refused = post_form(client, url, {"username": "finnes.ikke"}, page=page)
    assert refused.status_code == 400 and 'id="username-error"' in refused.get_data(as_text=True)
    assert post_form(client, url, {"username": person.username}, page=page).status_code == 303
    assert store.get_course(webapp, tree, open_course.name).participants == (person.dn,)


def test_a_person_who_owns_nothing_cannot_sign_up_others(app, binder, make_person, open_course):
    client = signed_in(app, binder, make_person())
    page = client.get(f"/kurs/{open_course.name}").get_data(as_text=True)
    response = post_form(
        client, f"/kurs/{open_course.name}/deltakere", {"username": "x"}, page=page
    )
    assert response.status_code == 403


def test_the_desk_adds_a_course_and_marks_who_completed(
    desk_client, make_person, webapp, tree, courses
):
    """The form posts for real; bad dates are answered 400 and write nothing."""
    name = f"desk-{secrets.token_hex(3)}"
    courses.append(name)
    data = {
        "name": name,
        "title": "Grunnkurs mars",
        "kind": "basic",
        "start": "2027-03-02",
        "end": "2027-03-01",
        "online": "y",
        "seats": "10",
        "language": "nb",
        "domains": "Kursdomene",
        "publish": "y",
    }
    refused = post_form(desk_client, "/kurs", data)
    assert refused.status_code == 400 and store.get_course(webapp, tree, name) is None
    assert post_form(desk_client, "/kurs", data | {"end": "2027-03-03"}).status_code == 303
    person = make_person()
    store.sign_up(webapp, tree, name, person.dn, dt.date(2027, 3, 1))
    url = f"/kurs/{name}/fullfort"
    response = post_form(
        desk_client,
        url,
        {"username": person.username, "done": "1"},
        page=desk_client.get(f"/kurs/{name}").get_data(as_text=True),
    )
    assert response.status_code == 303
    assert [c.name for c in store.training(webapp, tree, person.dn)] == [name]
    profile = desk_client.get(f"/servicedesk/person/{person.username}").get_data(as_text=True)
    assert 'id="training"' in profile and f"/kurs/{name}" in profile


def test_the_desk_page_of_a_person_shows_demo_training(desk_client):
    html = desk_client.get("/servicedesk/person/skriver.bufdir").get_data(as_text=True)
    assert f"/kurs/{TRAINING_COURSE}" in html


@pytest.mark.usefixtures("clean_orders")
def test_the_order_shows_training_and_the_desk_waives_it(
    app, binder, desk_client, make_person, webapp, tree, accounts
):
    """Owner and desk see 'not completed'; the desk waives with a reason, kept in the history."""
    person = make_person()
    desk = wf.Actor(accounts["brukerservice"].dn, servicedesk=True)
    order = orders.submit(
        webapp,
        tree,
        desk,
        wf.ACCESS,
        {
            "service_owner": "BUFdir",
            "access": "write",
            "write_domains": ["BUFdir"],
            "environments": "prod",
            "given_name": "Test",
            "surname": "Person",
            "mail": f"{person.username}@test.example",
            "mobile": "412 34 567",
            "username": person.username,
        },
    )
    url = f"/orders/{order.id}"
    page = desk_client.get(url).get_data(as_text=True)
    assert (
        'id="training-state"' in page and 'action="/orders/' + order.id + '/waive-training"' in page
    )
    empty = post_form(desk_client, url + "/waive-training", {"reason": " "}, page=page)
    assert empty.status_code == 400
    done = post_form(desk_client, url + "/waive-training", {"reason": "Kurs i 2025"}, page=page)
    assert done.status_code == 303
    after = orders.get_order(webapp, tree, order.id)
    assert after.events[-1].event == "training_waived" and after.events[-1].reason == "Kurs i 2025"
    owner = signed_in(app, binder, make_person(groups=(tree.owners("BUFdir"),)))
    shown = owner.get(url).get_data(as_text=True)
    assert "Kurs i 2025" in shown and "waive-training" not in shown


def test_the_desk_is_mailed_in_bokmal_of_a_refresh_inside_a_course(
    app, smtp_inbox, open_course, webapp, tree
):
    """seres courses run's warning goes through real SMTP to the desk, with both links."""
    from directory.courses import access
    from webapp.access import mails

    day = open_course.start
    with app.test_request_context("/"):
        report = access.run(
            webapp, tree, 3, [day], notify=mails.send, names=frozenset({open_course.name})
        )
    assert report.warned == [(open_course.name, [day])]
    ((_, to, content),) = smtp_inbox.messages
    assert to == ["brukerservice@seres.example"]
    assert "under kurset" in content and f"/kurs/{open_course.name}" in content
