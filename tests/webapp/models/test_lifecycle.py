"""A version's life on the web: discarding, starting anew from a published one; slapd decides."""

import pytest

from directory.modelstore import store as modelstore
from tests.models.conftest import read_sample
from tests.support import csrf_token
from tests.webapp.models.conftest import (
    BASE,
    MODEL,
    SAMPLE,
    VERSION1,
    crafted_post,
    post,
    stored_model,
    upload,
    versions,
)


def test_a_writer_discards_with_confirmation_and_a_new_import_starts_version_2(
    signed_in, roles, stored_working, manager, tree
):
    """Without the box ticked: 400, still working; with it: discarded; importing makes 2."""
    client = signed_in(roles.writer)
    page = client.get(VERSION1).get_data(as_text=True)
    assert "Forkast denne versjonen" in page and f"{VERSION1}/discard" in page
    url = f"{VERSION1}/discard"
    response = post(client, url, {})
    assert response.status_code == 400
    assert "Bekreft for å forkaste." in response.get_data(as_text=True)
    assert versions(manager, tree) == [(1, "working")]
    response = post(client, url, {"confirm": "y"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(VERSION1)
    assert versions(manager, tree) == [(1, "discarded")]
    page = client.get(VERSION1).get_data(as_text=True)
    assert "HvemErHvem_M, versjon 1 (forkastet)" in page
    assert "kan ikke lenger endres" in page
    assert f"{VERSION1}/discard" not in page and "/types/Geek/add" not in page
    # The model's own address leads to the discarded version rather than nowhere.
    assert client.get(f"{BASE}/{MODEL}").headers["Location"].endswith(VERSION1)
    response = upload(client, read_sample(SAMPLE))
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"{BASE}/{MODEL}/2")
    assert versions(manager, tree) == [(1, "discarded"), (2, "working")]


def test_a_reader_or_another_domains_writer_cannot_discard(
    signed_in, roles, stored_working, manager, tree
):
    """The directory shows them no working version: 404, and it stays working, unchanged."""
    before = stored_model(manager, tree)
    for person in (roles.reader, roles.other):
        client = signed_in(person)
        assert client.get(f"{VERSION1}/discard").status_code == 404
        response = crafted_post(client, f"{VERSION1}/discard", {"confirm": "y"})
        assert response.status_code == 404
    assert versions(manager, tree) == [(1, "working")]
    assert stored_model(manager, tree) == before


def test_a_published_version_cannot_be_discarded(signed_in, roles, stored_published, manager, tree):
    """No link on its page; a crafted POST is a conflict (409) and it stays published."""
    client = signed_in(roles.writer)
    assert "/discard" not in client.get(VERSION1).get_data(as_text=True)
    response = crafted_post(client, f"{VERSION1}/discard", {"confirm": "y"})
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Denne versjonen kan ikke lenger endres" in html
    assert "Åpne modellen igjen for å se versjonene." in html
    assert "Noe gikk galt" not in html
    assert versions(manager, tree) == [(1, "published")]


# Every page that shows a form to change a version, its state or its types.
CHANGE_PAGES = (
    "publish",
    "discard",
    "new-type/complex",
    "new-type/simple",
    "types/Tekst/remove",
    "types/Geek/add",
    "types/Geek/properties/navn",
    "simple/Tekst",
)


@pytest.mark.parametrize("state", ["published", "discarded"])
def test_the_change_pages_of_a_version_that_is_not_working_answer_409(
    signed_in, roles, stored_working, manager, tree, state
):
    """No form to fill in for nothing: GET stops early with the 409 page, for everyone who
    sees the version (a reader sees only the published one); the directory decides each POST."""
    change = modelstore.publish if state == "published" else modelstore.discard
    change(manager, tree, "prod", "BUFdir", MODEL, 1)
    people = (roles.writer, roles.reader) if state == "published" else (roles.writer,)
    for person in people:
        client = signed_in(person)
        for page in CHANGE_PAGES:
            response = client.get(f"{VERSION1}/{page}")
            assert response.status_code == 409, (person.username, page)
            assert "Denne versjonen kan ikke lenger endres" in response.get_data(as_text=True)
    assert versions(manager, tree) == [(1, state)]


def test_an_edit_of_a_version_discarded_meanwhile_says_why(
    signed_in, roles, stored_working, manager, tree
):
    """The form was shown while it was working; sent after it was discarded: 409, unchanged."""
    client = signed_in(roles.writer)
    before = stored_model(manager, tree)
    url = f"{VERSION1}/types/Geek/add"
    page = client.get(url).get_data(as_text=True)
    modelstore.discard(manager, tree, "prod", "BUFdir", MODEL, 1)
    data = {"name": "ny", "type": "Tekst", "min_occurs": "1", "max_occurs": "1"}
    response = client.post(url, data={"csrf_token": csrf_token(page), **data})
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Denne versjonen kan ikke lenger endres" in html
    assert "Versjon 1 er publisert eller forkastet" in html
    assert stored_model(manager, tree) == before


def test_a_writer_starts_a_new_version_from_the_published_one(
    signed_in, roles, stored_published, manager, tree
):
    """The button copies version 1 into working version 2; 1 stays, and says where 2 is."""
    client = signed_in(roles.writer)
    before = modelstore.load(manager, tree, "prod", "BUFdir", MODEL, 1)
    page = client.get(VERSION1).get_data(as_text=True)
    assert "Start en ny versjon fra denne" in page
    response = client.post(f"{VERSION1}/new-version", data={"csrf_token": csrf_token(page)})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"{BASE}/{MODEL}/2")
    assert versions(manager, tree) == [(1, "published"), (2, "working")]
    assert stored_model(manager, tree, 2) == stored_model(manager, tree, 1)
    assert modelstore.load(manager, tree, "prod", "BUFdir", MODEL, 1) == before
    page = client.get(f"{BASE}/{MODEL}/2").get_data(as_text=True)
    assert "Versjon 2 er startet som en kopi av versjon 1." in page
    assert "/types/Geek/add" in page
    page = client.get(VERSION1).get_data(as_text=True)
    assert "Start en ny versjon fra denne" not in page
    assert "Versjon 2 er arbeidsversjonen" in page


def test_a_second_working_version_is_refused_with_a_clear_message(
    signed_in, roles, stored_published, manager, tree
):
    """With version 2 working, starting another from 1 is a conflict (409) that says why."""
    modelstore.save_working(manager, tree, "prod", "BUFdir", MODEL, {"draft": True})
    response = crafted_post(signed_in(roles.writer), f"{VERSION1}/new-version")
    assert response.status_code == 409
    assert "Versjon 2 er allerede under arbeid" in response.get_data(as_text=True)
    assert versions(manager, tree) == [(1, "published"), (2, "working")]


def test_a_reader_or_another_domains_writer_cannot_start_a_new_version(
    signed_in, roles, stored_published, manager, tree
):
    """No button for them; a crafted POST is refused by the directory (403), nothing added."""
    for person in (roles.reader, roles.other):
        client = signed_in(person)
        assert "Start en ny versjon" not in client.get(VERSION1).get_data(as_text=True)
        response = crafted_post(client, f"{VERSION1}/new-version")
        assert response.status_code == 403
        assert "Registeret tillot ikke dette" in response.get_data(as_text=True)
    assert versions(manager, tree) == [(1, "published")]


def test_a_working_version_is_not_a_starting_point(signed_in, roles, stored_working, manager, tree):
    """A new version copies a published one only: from a working version, 409."""
    client = signed_in(roles.writer)
    assert "Start en ny versjon" not in client.get(VERSION1).get_data(as_text=True)
    response = crafted_post(client, f"{VERSION1}/new-version")
    assert response.status_code == 409
    assert "Dette ble endret i mellomtiden" in response.get_data(as_text=True)
    assert versions(manager, tree) == [(1, "working")]
