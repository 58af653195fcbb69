"""The desk's people directory page: search, filters, paging, CSV; 400 on bad input."""

import uuid

import pytest

from directory.access import access_of
from directory.connection import REPLACE
from directory.desk import people
from directory.orders import store as orders
from directory.orders import workflow as wf
from tests.support import web_sign_in


@pytest.fixture
def tagged(make_person, manager):
    """Three people whose names share a word no one else has."""
    tag = "w" + uuid.uuid4().hex[:8]
    made = [make_person() for _ in range(3)]
    for person, first in zip(made, ["Astrid", "Bodil", "Cato"], strict=True):
        manager.modify(person.dn, {"cn": [(REPLACE, [f"{first} {tag}"])]})
    return tag, made


def test_the_desk_finds_people_by_a_part_of_the_name(client, binder, desk, tagged):
    """The list shows the matches sorted by name, with the count, in the page's language."""
    tag, made = tagged
    web_sign_in(client, binder, desk)
    page = client.get(f"/servicedesk/directory?q={tag[1:6]}").get_data(as_text=True)
    assert page.index(f"Astrid {tag}") < page.index(f"Bodil {tag}") < page.index(f"Cato {tag}")
    assert "(3 i alt)" in page
    assert f"/servicedesk/person/{made[0].username}" in page


def test_pages_link_to_each_other_and_keep_the_search(client, binder, desk, tagged, monkeypatch):
    """With two a page, page 2 holds the third person; the links carry the search."""
    monkeypatch.setattr(people, "PER_PAGE", 2)
    tag, _ = tagged
    web_sign_in(client, binder, desk)
    first = client.get(f"/servicedesk/directory?q={tag}").get_data(as_text=True)
    assert f"page=2&amp;q={tag}" in first
    second = client.get(f"/servicedesk/directory?q={tag}&page=2").get_data(as_text=True)
    assert f"Cato {tag}" in second and f"Astrid {tag}" not in second
    assert client.get(f"/servicedesk/directory?q={tag}&page=9").status_code == 404


def test_a_filter_narrows_the_list(client, binder, desk, tagged, manager):
    """ "Without a mobile number" shows only such people."""
    tag, made = tagged
    manager.modify(made[1].dn, {"mobile": [(REPLACE, [])]})
    web_sign_in(client, binder, desk)
    page = client.get(f"/servicedesk/directory?q={tag}&filters=no_mobile").get_data(as_text=True)
    assert f"Bodil {tag}" in page and f"Astrid {tag}" not in page


def test_the_list_downloads_as_csv(client, binder, desk, tagged):
    """The CSV holds the same search's whole list, sorted, with a header."""
    tag, made = tagged
    web_sign_in(client, binder, desk)
    response = client.get(f"/servicedesk/directory.csv?q={tag}")
    assert response.mimetype == "text/csv"
    rows = response.get_data(as_text=True).splitlines()
    assert rows[0].startswith("username,name,")
    assert [row.split(",")[1] for row in rows[1:]] == [
        f"{n} {tag}" for n in ("Astrid", "Bodil", "Cato")
    ]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("q=" + "x" * 101, "Høyst 100 tegn."),
        ("filters=everyone", "Velg et av alternativene."),
        ("sort=mobile", "Velg et av alternativene."),
        ("q=a&page=0", "Ikke et sidenummer."),
    ],
)
def test_bad_input_is_answered_with_400_and_a_message(client, binder, desk, query, message):
    """Nothing is searched; the form says what is wrong, in bokmål."""
    web_sign_in(client, binder, desk)
    response = client.get(f"/servicedesk/directory?{query}")
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


def test_only_the_desk_sees_the_directory(client, binder, make_person):
    """Anyone else signed in gets 403, for the page and the export."""
    web_sign_in(client, binder, make_person())
    assert client.get("/servicedesk/directory?q=a").status_code == 403
    assert client.get("/servicedesk/directory.csv?q=a").status_code == 403


@pytest.mark.usefixtures("clean_orders")
def test_the_menu_counts_the_orders_waiting(client, binder, desk, webapp, tree, accounts):
    """The desk's menu shows how many orders are ready for it, and links its pages."""
    owner_dn = accounts["eier.bufdir"].dn
    owner = wf.Actor.of(owner_dn, access_of(webapp, tree, owner_dn))
    details = {
        "service_owner": "BUFdir",
        "access": "read",
        "write_domains": [],
        "environments": "prod",
        "given_name": "Nina",
        "surname": "Nybruker",
        "mail": "nina.nybruker@bufdir.example",
        "mobile": "412 34 567",
    }
    web_sign_in(client, binder, desk)
    before = orders.queue(webapp, tree, state=wf.READY, per_page=1).total
    for _ in range(2):
        orders.submit(webapp, tree, owner, wf.ACCESS, details)
    page = client.get("/servicedesk/directory").get_data(as_text=True)
    assert f"Bestillingskø ({before + 2})" in page
    assert 'href="/servicedesk/audit"' in page and 'href="/servicedesk/directory"' in page
