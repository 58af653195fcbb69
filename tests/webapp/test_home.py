"""The front page and the language switch."""


def test_front_page_lists_each_environment_with_its_domains(client):
    """Production lists BUFdir; the course environment lists Kursdomene as course only."""
    page = client.get("/").get_data(as_text=True)
    assert "Produksjon" in page and "Kursmiljø" in page
    production, course = page.split("Kursmiljø", 1)
    assert "BUFdir" in production and "Kursdomene" not in production
    assert "Kursdomene" in course and "bare kurs" in course


def test_pages_are_in_norwegian_bokmal_by_default(client):
    """No Accept-Language, no choice: lang="nb" and Norwegian text."""
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="nb">' in page
    assert "Miljøer og domener" in page


def test_english_is_chosen_by_the_language_link_and_remembered(client):
    """The language link switches to English and back, and returns to the page."""
    response = client.get("/language/en?next=/")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in page and "Environments and domains" in page
    client.get("/language/nb")
    assert "Miljøer og domener" in client.get("/").get_data(as_text=True)


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
