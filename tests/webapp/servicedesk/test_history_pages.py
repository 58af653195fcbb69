"""The trail's other two ways in: a domain's "Historikk" for its owners, one's own history."""

import json

import pytest

from directory.connection import REPLACE
from directory.groups import add_member
from tests.support import csrf_token, web_sign_in

pytestmark = pytest.mark.usefixtures("clean_orders")


@pytest.fixture
def owner(make_person, tree):
    return make_person(groups=(tree.owners("Regnskapsregisteret"), tree.readers("prod")))


def test_an_owner_reads_their_domains_history_from_the_domain_page(
    client, binder, owner, make_person, manager, tree
):
    """The domain page links it; the page names the new writer; no other domain's line."""
    person, stranger = make_person(), make_person()
    add_member(manager, tree, tree.writers("prod", "Regnskapsregisteret"), person.dn)
    add_member(manager, tree, tree.writers("prod", "BUFdir"), stranger.dn)
    web_sign_in(client, binder, owner)
    domain_page = client.get("/domains/prod/Regnskapsregisteret").get_data(as_text=True)
    assert "/domains/Regnskapsregisteret/history" in domain_page
    page = client.get("/domains/Regnskapsregisteret/history")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Historikk for domenet Regnskapsregisteret" in text
    assert f"→ Test {person.username}" in text
    assert stranger.username not in text
    jsonl = client.get("/domains/Regnskapsregisteret/history.jsonl").get_data(as_text=True)
    records = [json.loads(line) for line in jsonl.splitlines()]
    assert any(f"Test {person.username}" in r["changes"][0]["new"] for r in records if r["changes"])
    assert all("bufdir" not in r["target_dn"].lower() for r in records)


def test_an_owner_may_not_read_another_domains_history(client, binder, owner):
    """Another domain's history and its downloads are refused (403); a bad name is 404."""
    web_sign_in(client, binder, owner)
    assert client.get("/domains/BUFdir/history").status_code == 403
    assert client.get("/domains/BUFdir/history.csv").status_code == 403
    assert client.get("/domains/no,such/history").status_code == 404


def test_a_person_reads_their_own_history_and_nobody_elses(
    client, binder, make_person, manager, tree
):
    """The menu links it; it shows their own change; ?person= of another changes nothing."""
    person, other = make_person(), make_person()
    manager.modify(person.dn, {"mobile": [(REPLACE, ["+4790000021"])]})
    manager.modify(other.dn, {"mobile": [(REPLACE, ["+4790000022"])]})
    web_sign_in(client, binder, person)
    home = client.get("/").get_data(as_text=True)
    assert "/account/history" in home
    text = client.get(f"/account/history?person={other.username}").get_data(as_text=True)
    assert "Min historikk" in text
    assert "+4790000021" in text
    assert "+4790000022" not in text and f"Test {other.username}" not in text
    csv = client.get(f"/account/history.csv?person={other.username}").get_data(as_text=True)
    assert "+4790000021" in csv and "+4790000022" not in csv


def test_a_bad_filter_on_ones_history_is_a_400(client, binder, make_person):
    """The filters' message in bokmål, status 400."""
    web_sign_in(client, binder, make_person())
    response = client.get("/account/history?since=4.12.2026")
    assert response.status_code == 400
    assert "Skriv datoen som ÅÅÅÅ-MM-DD." in response.get_data(as_text=True)


def test_the_desks_reason_for_a_contact_change_is_in_the_persons_history(
    client, binder, desk, make_person
):
    """Changed on the desk's person page, the reason is a line of the trail."""
    person = make_person()
    web_sign_in(client, binder, desk)
    url = f"/servicedesk/person/{person.username}"
    page = client.get(url).get_data(as_text=True)
    data = {"mail-csrf_token": csrf_token(page), "mail-value": "ny@x.example"}
    data["mail-reason"] = "Meldte ny adresse på telefon"
    assert client.post(f"{url}/mail", data=data).status_code == 303
    trail = client.get(f"/servicedesk/audit?person={person.username}").get_data(as_text=True)
    assert "Meldte ny adresse på telefon" in trail
