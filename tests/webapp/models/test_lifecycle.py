"""A version's life on the web: discarding a working version, as the directory allows."""

from tests.models.conftest import read_sample
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
    assert versions(manager, tree) == [(1, "published")]
