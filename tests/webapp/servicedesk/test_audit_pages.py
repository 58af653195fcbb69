"""The desk's audit pages: the trail in Oslo time with names, per person and domain, exports."""

import json

import pytest

from directory.connection import REPLACE
from directory.desk import audit
from directory.desk.audit import Scope
from directory.groups import add_member
from tests.support import shown_time, web_sign_in


def test_a_persons_trail_names_who_changed_what_in_oslo_time(
    client, binder, desk, make_person, webapp, tree
):
    """The line shows the desk person's name, old -> new, and the time as Oslo time."""
    person = make_person()
    webapp.acting_as(desk.dn).modify(person.dn, {"mobile": [(REPLACE, ["+4790000003"])]})
    web_sign_in(client, binder, desk)
    page = client.get(f"/servicedesk/audit?person={person.username}").get_data(as_text=True)
    assert f"Revisjonsspor for {person.username}" in page
    assert f"Test {desk.username}" in page
    assert "mobile: +4799999999 → +4790000003" in page
    assert "UTC" not in page
    [line] = [
        line
        for line in audit.trail(webapp.acting_as(desk.dn), tree, Scope(person_dn=person.dn))
        if line.action == "modify"
    ]
    assert shown_time(line.at) in page  # Oslo time, in the page's language


def test_a_domains_trail_shows_its_write_group(client, binder, desk, make_person, manager, tree):
    """A new member of the domain's write group is in the domain's trail, by name."""
    person = make_person()
    add_member(manager, tree, tree.writers("prod", "Regnskapsregisteret"), person.dn)
    web_sign_in(client, binder, desk)
    page = client.get("/servicedesk/audit?domain=Regnskapsregisteret").get_data(as_text=True)
    assert f"→ Test {person.username}" in page


def test_the_trail_downloads_as_csv_and_json_lines(client, binder, desk, make_person, webapp):
    """Both exports hold the same lines as the page; JSON Lines parse one by one."""
    person = make_person()
    webapp.acting_as(desk.dn).modify(person.dn, {"mail": [(REPLACE, ["a@b.example"])]})
    web_sign_in(client, binder, desk)
    jsonl = client.get(f"/servicedesk/audit.jsonl?person={person.username}")
    records = [json.loads(text) for text in jsonl.get_data(as_text=True).splitlines()]
    assert any(r["changes"] and r["changes"][0]["new"] == ["a@b.example"] for r in records)
    csv = client.get(f"/servicedesk/audit.csv?person={person.username}")
    assert csv.mimetype == "text/csv"
    assert "a@b.example" in csv.get_data(as_text=True)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("since=4.12.2026", "Skriv datoen som ÅÅÅÅ-MM-DD."),
        ("kinds=secrets", "Velg et av alternativene."),
    ],
)
def test_bad_filters_are_answered_with_400(client, binder, desk, query, message):
    """The form says what is wrong; nothing is read."""
    web_sign_in(client, binder, desk)
    response = client.get(f"/servicedesk/audit?{query}")
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


def test_a_bad_domain_name_is_a_400(client, binder, desk):
    """A domain name that no domain could have is refused before any search."""
    web_sign_in(client, binder, desk)
    assert client.get("/servicedesk/audit?domain=a*)(x").status_code == 400


def test_only_the_desk_reads_the_trail(client, binder, make_person):
    """Anyone else signed in gets 403, for the page and the exports."""
    web_sign_in(client, binder, make_person())
    for url in ("/servicedesk/audit", "/servicedesk/audit.csv", "/servicedesk/audit.jsonl"):
        assert client.get(url).status_code == 403
