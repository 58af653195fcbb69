"""The web app acts as the person (RFC 4370): the directory decides, the accesslog names them."""

import time
from html import escape

import pytest

from directory.connection import REPLACE
from directory.domains import get_domain
from tests.support import post_form, web_sign_in


@pytest.fixture
def writer(make_person, tree):
    """Like skriver.bufdir: reads production and writes BUFdir there."""
    return make_person(groups=(tree.readers("prod"), tree.writers("prod", "BUFdir")))


def test_a_writer_of_bufdir_is_refused_by_the_directory_on_legemiddelverket(
    client, binder, writer, manager, tree
):
    """The app's own account could write it; as the person, slapd refuses: 403, unchanged."""
    before = get_domain(manager, tree, "prod", "Legemiddelverket").description
    web_sign_in(client, binder, writer)
    page = client.get("/domains/prod/Legemiddelverket")
    assert page.status_code == 200
    response = post_form(
        client,
        "/domains/prod/Legemiddelverket",
        {"description": "changed by a BUFdir writer"},
        page=page.get_data(as_text=True),
    )
    assert response.status_code == 403
    assert "Registeret tillot ikke dette" in response.get_data(as_text=True)
    assert get_domain(manager, tree, "prod", "Legemiddelverket").description == before


def test_the_apps_own_account_may_write_what_the_person_may_not(webapp, manager, tree):
    """So the refusal above can only come from slapd applying the person's rights."""
    dn = tree.domain("prod", "Legemiddelverket")
    before = get_domain(manager, tree, "prod", "Legemiddelverket").description
    webapp.modify(dn, {"description": [(REPLACE, ["written by the app itself"])]})
    manager.modify(dn, {"description": [(REPLACE, [before])]})


def test_a_permitted_write_goes_as_the_person_and_the_accesslog_names_them(
    client, binder, make_person, manager, tree
):
    """The service desk may change a description; reqAuthzID in cn=accesslog is the person."""
    desk = make_person(groups=(tree.servicedesk,))
    domain_dn = tree.domain("prod", "BUFdir")
    before = get_domain(manager, tree, "prod", "BUFdir").description
    web_sign_in(client, binder, desk)
    text = f"changed by the service desk {time.time_ns()}"
    try:
        page = client.get("/domains/prod/BUFdir").get_data(as_text=True)
        response = post_form(client, "/domains/prod/BUFdir", {"description": text}, page=page)
        assert response.status_code == 303
        assert get_domain(manager, tree, "prod", "BUFdir").description == text
        found = manager.search(
            "cn=accesslog",
            f"(&(objectClass=auditModify)(reqDN={domain_dn}))",
            ["reqAuthzID", "reqMod"],
        )
        entry = next(v for _, v in found if any(text in str(m) for m in v.get("reqMod", [])))
        assert entry["reqAuthzID"][0].lower() == desk.dn.lower()
    finally:
        manager.modify(domain_dn, {"description": [(REPLACE, [before])]})


def test_a_domain_hidden_from_the_person_is_not_found(client, binder, make_person, tree):
    """A course-only person cannot read production: 404, as the directory shows them nothing."""
    course = make_person(groups=(tree.readers("course"),))
    web_sign_in(client, binder, course)
    assert client.get("/domains/prod/BUFdir").status_code == 404


def test_the_domain_page_needs_a_sign_in(client):
    """Not signed in: to /login, and back afterwards."""
    response = client.get("/domains/prod/BUFdir")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=/domains/prod/BUFdir"


def test_a_reader_sees_the_description_as_text_and_no_form(
    client, binder, make_person, manager, tree
):
    """Only the service desk may write the entry, so only the desk is offered the form."""
    reader = make_person(groups=(tree.readers("prod"),))
    domain_dn = tree.domain("prod", "BUFdir")
    before = get_domain(manager, tree, "prod", "BUFdir").description
    manager.modify(
        domain_dn, {"description": [(REPLACE, ["Barne-, ungdoms- og familiedirektoratet"])]}
    )
    try:
        web_sign_in(client, binder, reader)
        html = client.get("/domains/prod/BUFdir").get_data(as_text=True)
        assert 'name="description"' not in html
        assert '<form method="post" novalidate>' not in html
        assert "Barne-, ungdoms- og familiedirektoratet" in html
    finally:
        manager.modify(domain_dn, {"description": [(REPLACE, [before] if before else [])]})


def test_the_service_desk_is_offered_the_description_form(client, binder, make_person, tree):
    desk = make_person(groups=(tree.servicedesk,))
    web_sign_in(client, binder, desk)
    html = client.get("/domains/prod/BUFdir").get_data(as_text=True)
    assert 'name="description"' in html


def test_norwegian_names_and_descriptions_are_marked_on_english_pages(
    client, binder, make_person, manager, tree
):
    """WCAG 3.1.2: the directory's bokmål texts and the footer carry lang="nb" in English only."""
    reader = make_person(groups=(tree.readers("prod"),))
    web_sign_in(client, binder, reader)
    for url in ("/domains/prod/BUFdir", "/"):
        norwegian = client.get(url).get_data(as_text=True)
        assert 'lang="nb">' not in norwegian.split("<html", 1)[1].split(">", 1)[1], url
    client.get("/language/en")
    page = client.get("/domains/prod/BUFdir").get_data(as_text=True)
    agency = escape(get_domain(manager, tree, "prod", "BUFdir").agency)
    assert f'<dd lang="nb">{agency}</dd>' in page
    assert '<p lang="nb">SERES brukerservice</p>' in page
    home = client.get("/").get_data(as_text=True)
    assert f'<td lang="nb">{agency}</td>' in home
