"""Signed-in pages are never stored by the browser, so none comes back after sign-out."""

import pytest

from tests.support import post_form, web_sign_in


@pytest.fixture
def desk(make_person, tree):
    return make_person(groups=(tree.servicedesk,))


def test_every_page_of_a_signed_in_session_says_no_store(client, binder, desk, person):
    """The front page, the desk's page with a person's mobile, the app's key: no-store."""
    web_sign_in(client, binder, desk)
    for url in ("/", f"/servicedesk/people?username={person.username}", "/app", "/password"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers.get("Cache-Control") == "no-store", url


def test_pages_after_sign_out_may_be_cached_but_the_app_page_never(client, binder, person):
    """Signed out, public pages are left alone; /app says no-store even as a redirect."""
    web_sign_in(client, binder, person)
    post_form(client, "/logout", {}, page=client.get("/").get_data(as_text=True))
    assert "no-store" not in client.get("/login").headers.get("Cache-Control", "")
    response = client.get("/app")
    assert response.status_code == 302
    assert response.headers["Cache-Control"] == "no-store"


def test_static_files_are_cached_as_before_while_signed_in(client, binder, person):
    """Style sheets hold nothing personal: no no-store for them."""
    web_sign_in(client, binder, person)
    response = client.get("/static/style.css")
    assert response.status_code == 200
    assert "no-store" not in response.headers.get("Cache-Control", "")
    response.close()
