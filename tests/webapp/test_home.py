"""The front page, the language switch and error pages."""

import pytest

from tests.support import web_sign_in


def test_visitors_who_are_not_signed_in_see_no_domains(client):
    """The directory's environments are for their readers: a visitor gets an introduction."""
    page = client.get("/").get_data(as_text=True)
    assert 'href="/login"' in page
    assert "BUFdir" not in page and "Kursdomene" not in page


@pytest.fixture
def reader(make_person, tree):
    return make_person(groups=(tree.readers("prod"),))


def test_a_reader_of_production_sees_its_domains_and_not_the_course_environment(
    client, binder, reader
):
    """Signed in as a production reader: production's domains; the course is closed."""
    assert web_sign_in(client, binder, reader).status_code == 303
    page = client.get("/").get_data(as_text=True)
    production, course = page.split("Kursmiljø</h2>", 1)
    assert "BUFdir" in production and "Legemiddelverket" in production
    assert "Kursdomene" not in page
    assert "Du har ikke lesetilgang til dette miljøet." in course
    assert 'href="/domains/prod/BUFdir"' in production


def test_pages_are_in_norwegian_bokmal_by_default_whatever_the_browser_says(client):
    """An English browser still gets bokmål until English is chosen on the page."""
    page = client.get("/", headers={"Accept-Language": "en-US,en;q=0.9"}).get_data(as_text=True)
    assert '<html lang="nb">' in page
    assert "SERES tilgangsregister" in page


def test_english_is_chosen_by_the_language_link_and_remembered(client):
    """The language link switches to English and back, and returns to the page."""
    response = client.get("/language/en?next=/")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in page and "SERES access register" in page
    client.get("/language/nb")
    assert "SERES tilgangsregister" in client.get("/").get_data(as_text=True)


def test_the_language_link_does_not_redirect_off_site(client):
    """next= pointing elsewhere falls back to the front page."""
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        response = client.get("/language/en", query_string={"next": target})
        assert response.headers["Location"] == "/", target


def test_an_unknown_language_is_not_found(client):
    """Only nb and en exist."""
    assert client.get("/language/xx").status_code == 404


def test_an_unknown_page_answers_404_in_norwegian(client):
    """Errors are pages in the user's language, not stack traces."""
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "Fant ikke siden" in response.get_data(as_text=True)
