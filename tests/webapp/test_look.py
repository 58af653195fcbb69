"""The frame every page shares: footer with contact and the accessibility statement,
role names in words, error pages that say what helps, date fields without a format hint."""

from flask import abort

from directory.groups import add_member
from tests.support import web_sign_in


def test_every_page_has_a_footer_with_the_desks_contact_and_the_accessibility_statement(client):
    """The footer names SERES brukerservice with an address and links the statement."""
    html = client.get("/login").get_data(as_text=True)
    footer = html[html.index('<footer class="site-footer">') :]
    assert "SERES brukerservice" in footer
    assert 'href="mailto:brukerservice@seres.example"' in footer
    assert 'href="/tilgjengelighetserklaering"' in footer


def test_the_contact_address_is_a_setting(app_config):
    from webapp import create_app

    app = create_app({**app_config, "SERES_CONTACT_EMAIL": "hjelp@seres.example"})
    html = app.test_client().get("/").get_data(as_text=True)
    assert 'href="mailto:hjelp@seres.example"' in html


def test_the_accessibility_statement_says_what_was_tested_in_both_languages(client):
    """Bokmål first; English on request; both say WCAG 2.1 AA, axe-core, 320 px."""
    nb = client.get("/tilgjengelighetserklaering").get_data(as_text=True)
    assert "<h1>Tilgjengelighetserklæring</h1>" in nb
    assert "WCAG" in nb and "axe-core" in nb and "320 piksler" in nb
    client.get("/language/en")
    en = client.get("/tilgjengelighetserklaering").get_data(as_text=True)
    assert "<h1>Accessibility statement</h1>" in en
    assert "axe-core" in en and "320 pixels" in en


def test_a_forbidden_page_says_whom_to_ask_instead_of_trying_again(app):
    """Retrying cannot help where access is missing: the 403 page names who can give it."""
    app.add_url_rule("/forbidden-for-test", "forbidden_for_test", lambda: abort(403))
    response = app.test_client().get("/forbidden-for-test")
    html = response.get_data(as_text=True)
    assert response.status_code == 403
    assert "prøv igjen" not in html.lower()
    assert "spør eieren av domenet eller SERES brukerservice" in html


def test_roles_are_shown_in_words_not_as_group_names(client, binder, make_person, manager, tree):
    """owners-BUFdir is shown as "Eier av BUFdir" on the front page."""
    person = make_person((tree.readers("prod"),))
    add_member(manager, tree, tree.owners("BUFdir"), person.dn)
    web_sign_in(client, binder, person)
    html = client.get("/").get_data(as_text=True)
    assert "Roller: Eier av BUFdir" in html
    assert "owners-BUFdir" not in html
    refresh = client.get("/orders/new/refresh").get_data(as_text=True)
    # The browser's date picker shows the date its own way: the hint names no format.
    assert "ÅÅÅÅ-MM-DD" not in refresh
