"""Agencies in the directory: the order check and slapd's rules for ou=agencies."""

import datetime as dt

import pytest

from directory.agencies import store
from directory.agencies.agreements import ALTINN, OUTSIDE, Agreement
from directory.errors import InsufficientAccess
from directory.orders import fields as validation
from directory.orders import store as orders

# Valid organisation numbers (modulus 11) that the demo data does not use.
NUMBER = "923609016"
OTHER = "987654325"


@pytest.fixture
def agency(manager, tree):
    """A throw-away agency without agreements; removed after the test."""
    store.add_agency(manager, tree, NUMBER, "Testetaten")
    yield NUMBER
    store.delete_agency(manager, tree, NUMBER)


@pytest.fixture
def desk(make_person, tree, binder):
    ldap = binder.person(make_person(groups=(tree.servicedesk,)))
    yield ldap
    ldap.close()


def domain_order(org_number: str) -> dict:
    return {
        "name": "Avtaletest",
        "description": "Testdomene",
        "agency": "Testetaten",
        "org_number": org_number,
        "owners": "eier.bufdir",
    }


def clean(webapp, tree, data: dict) -> dict:
    """What submitting a domain order checks, without storing it."""
    return orders.CLEANERS["domain"](webapp, tree, data, dt.date.today())


def refusal(webapp, tree, org_number: str) -> dict:
    with pytest.raises(validation.Invalid) as caught:
        clean(webapp, tree, domain_order(org_number))
    return caught.value.codes()


def test_a_domain_order_for_an_agency_without_an_agreement_is_refused(webapp, tree):
    """The demo Digitaliseringsdirektoratet has no agreement: the order's number is refused."""
    assert refusal(webapp, tree, "991825827") == {"org_number": ["agency.no_agreement"]}


def test_a_domain_order_for_an_unrecorded_agency_is_refused(webapp, tree):
    """A valid number SERES has no agency for is refused."""
    assert refusal(webapp, tree, OTHER) == {"org_number": ["agency.unknown"]}


def test_a_domain_order_after_the_agreement_ended_is_refused(webapp, manager, tree, agency):
    """An agreement that ended yesterday no longer counts."""
    yesterday = dt.date.today() - dt.timedelta(days=1)
    ended = Agreement("OLD-1", ALTINN, dt.date(2020, 1, 1), yesterday)
    store.add_agreement(manager, tree, agency, ended)
    assert refusal(webapp, tree, agency) == {"org_number": ["agency.agreement_ended"]}


def test_a_domain_order_with_an_agreement_in_force_passes(webapp, manager, tree, agency):
    """An agreement in force today: the order is accepted."""
    store.add_agreement(manager, tree, agency, Agreement("NEW-1", OUTSIDE, dt.date.today()))
    details = clean(webapp, tree, domain_order(agency))
    assert details["org_number"] == agency


def test_the_desk_records_agencies_and_agreements(desk, webapp, tree, manager):
    """Written as the desk person; read back by the web app's account."""
    try:
        store.add_agency(desk, tree, NUMBER, "Testetaten")
        start = dt.date(2026, 1, 1)
        store.add_agreement(desk, tree, NUMBER, Agreement("D-1", ALTINN, start, None, "Kari"))
        found = store.get_agency(webapp, tree, NUMBER)
    finally:
        store.delete_agency(manager, tree, NUMBER)
    assert found.name == "Testetaten"
    assert found.agreements == (Agreement("D-1", ALTINN, start, None, "Kari"),)


def test_a_member_reads_their_own_agency_and_nobody_else_does(
    make_person, binder, manager, tree, agency
):
    """A person named as the agency's member reads it and its agreements; others see nothing."""
    store.add_agreement(manager, tree, agency, Agreement("M-1", ALTINN, dt.date(2026, 1, 1)))
    member = make_person()
    stranger = make_person()
    store.add_member(manager, tree, agency, member.dn)
    as_member = binder.person(member)
    as_stranger = binder.person(stranger)
    try:
        own = store.get_agency(as_member, tree, agency)
        assert [a.reference for a in own.agreements] == ["M-1"]
        assert [a.org_number for a in store.list_agencies(as_member, tree)] == [agency]
        assert store.get_agency(as_stranger, tree, agency) is None
        assert store.list_agencies(as_stranger, tree) == []
    finally:
        as_member.close()
        as_stranger.close()


def test_a_member_cannot_change_their_agency(make_person, binder, manager, tree, agency):
    """Only the desk writes: a member's own agreement is refused."""
    member = make_person()
    store.add_member(manager, tree, agency, member.dn)
    as_member = binder.person(member)
    try:
        with pytest.raises(InsufficientAccess):
            store.add_agreement(as_member, tree, agency, Agreement("X", ALTINN, dt.date.today()))
        with pytest.raises(InsufficientAccess):
            store.add_agency(as_member, tree, OTHER, "Egen etat")
    finally:
        as_member.close()


def test_the_web_app_reads_every_agency_but_writes_none(webapp, tree):
    """Its account reads all (the order check); recording is the desk's, as a person."""
    numbers = {a.org_number for a in store.list_agencies(webapp, tree)}
    assert {"986128433", "974760673", "991825827"} <= numbers
    with pytest.raises(InsufficientAccess):
        store.add_agency(webapp, tree, OTHER, "Egen etat")
