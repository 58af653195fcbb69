"""The agency pages: the desk records agencies and agreements; people see their own."""

import datetime as dt

import pytest

from directory.agencies import store
from directory.agencies.agreements import ALTINN, Agreement
from tests.support import post_form, web_sign_in

NUMBER = "923609016"


@pytest.fixture
def desk_client(app, make_person, binder, tree):
    desk = make_person(groups=(tree.servicedesk,))
    client = app.test_client()
    assert web_sign_in(client, binder, desk).status_code == 303
    return client


@pytest.fixture
def throwaway(manager, tree):
    yield NUMBER
    store.delete_agency(manager, tree, NUMBER)


def test_the_desk_records_an_agency_and_its_agreement(desk_client, webapp, tree, throwaway):
    """Both forms post for real (CSRF on); the directory then holds both."""
    response = post_form(
        desk_client, "/agencies", {"org_number": "923 609 016", "name": "Testetaten"}
    )
    assert response.status_code == 303
    url = f"/agencies/{NUMBER}"
    page = desk_client.get(url).get_data(as_text=True)
    assert "Ingen avtale gjelder" in page
    response = post_form(
        desk_client,
        f"{url}/agreements",
        {
            "kind": "outside",
            "reference": "SERES-2026-01",
            "start": "2026-01-01",
            "end": "",
            "contact": "Kari Nordmann <kari@test.example>",
        },
        page,
    )
    assert response.status_code == 303
    agency = store.get_agency(webapp, tree, NUMBER)
    assert [(a.reference, a.kind, a.end) for a in agency.agreements] == [
        ("SERES-2026-01", "outside", None)
    ]
    assert "SERES utenfor Altinn" in desk_client.get(url).get_data(as_text=True)


def test_a_wrong_agreement_is_shown_again_with_400_and_nothing_is_written(
    desk_client, manager, webapp, tree, throwaway
):
    """An end before the start and a bad date: field messages, status 400, no entry."""
    store.add_agency(manager, tree, NUMBER, "Testetaten")
    url = f"/agencies/{NUMBER}"
    data = {"kind": "altinn", "reference": "R-1", "start": "2026-05-01", "end": "2026-04-01"}
    response = post_form(
        desk_client,
        f"{url}/agreements",
        data | {"contact": "Kari"},
        desk_client.get(url).get_data(as_text=True),
    )
    assert response.status_code == 400
    assert "Siste dag er før første dag." in response.get_data(as_text=True)
    assert store.get_agency(webapp, tree, NUMBER).agreements == ()


def test_a_wrong_organisation_number_is_refused_with_400(desk_client, webapp, tree):
    """The check digit is checked as orders check it."""
    response = post_form(desk_client, "/agencies", {"org_number": "923609017", "name": "X"})
    assert response.status_code == 400
    assert "kontrollsifferet" in response.get_data(as_text=True)
    assert store.get_agency(webapp, tree, "923609017") is None


def test_the_desk_ties_a_person_to_the_agency_who_then_sees_it(
    desk_client, app, make_person, binder, manager, tree, throwaway
):
    """The person, once added, lists and opens the agency; before that, 404."""
    store.add_agency(manager, tree, NUMBER, "Testetaten")
    person = make_person()
    client = app.test_client()
    web_sign_in(client, binder, person)
    assert client.get(f"/agencies/{NUMBER}").status_code == 404
    url = f"/agencies/{NUMBER}"
    response = post_form(
        desk_client,
        f"{url}/people",
        {"username": person.username},
        desk_client.get(url).get_data(as_text=True),
    )
    assert response.status_code == 303
    assert client.get(url).status_code == 200
    assert "Testetaten" in client.get("/agencies").get_data(as_text=True)


def test_only_the_desk_records(app, make_person, binder):
    """Anyone else posting the form gets 403."""
    person = make_person()
    client = app.test_client()
    web_sign_in(client, binder, person)
    response = post_form(client, "/agencies", {"org_number": NUMBER, "name": "X"})
    assert response.status_code == 403


def test_a_domain_order_for_an_agency_without_agreement_says_what_to_do(desk_client):
    """The order form answers 400 with words pointing to SERES brukerservice."""
    data = {
        "name": "Uten-avtale",
        "description": "Test",
        "agency": "Digitaliseringsdirektoratet",
        "org_number": "991825827",
        "owners": "eier.bufdir",
    }
    response = post_form(desk_client, "/orders/new/domain", data)
    assert response.status_code == 400
    assert "Be SERES brukerservice om en avtale" in response.get_data(as_text=True)


def test_the_desk_removes_a_person_from_the_agency(
    desk_client, make_person, manager, webapp, tree, throwaway
):
    """The remove button takes the person out of the agency's members."""
    store.add_agency(manager, tree, NUMBER, "Testetaten")
    person = make_person()
    store.add_member(manager, tree, NUMBER, person.dn)
    url = f"/agencies/{NUMBER}"
    page = desk_client.get(url).get_data(as_text=True)
    response = post_form(desk_client, f"{url}/people/remove", {"username": person.username}, page)
    assert response.status_code == 303
    assert store.get_agency(webapp, tree, NUMBER).members == ()


def test_the_desk_sees_every_agency(desk_client):
    """All three demo agencies, with and without agreements."""
    html = desk_client.get("/agencies").get_data(as_text=True)
    for name in (
        "Barne-, ungdoms- og familiedirektoratet",
        "Brønnøysundregistrene",
        "Digitaliseringsdirektoratet",
    ):
        assert name in html


def test_an_agency_page_names_its_domains(desk_client):
    """Domains with the agency's organisation number are listed on its page."""
    html = desk_client.get("/agencies/986128433").get_data(as_text=True)
    assert "<li>BUFdir</li>" in html and "Legemiddelverket" not in html


def test_the_pages_warn_of_agreements_running_out_within_60_days(
    desk_client, manager, tree, throwaway
):
    """The list and the agency's page say the last day covered."""
    store.add_agency(manager, tree, NUMBER, "Testetaten")
    end = dt.date.today() + dt.timedelta(days=14)
    store.add_agreement(manager, tree, NUMBER, Agreement("E-1", ALTINN, dt.date(2020, 1, 1), end))
    page = desk_client.get(f"/agencies/{NUMBER}").get_data(as_text=True)
    assert 'id="agreement-lapses"' in page and "Forny i tide" in page
    assert "går ut" in desk_client.get("/agencies").get_data(as_text=True)
