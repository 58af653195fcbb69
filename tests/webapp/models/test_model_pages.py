"""Model pages through HTTP, CSRF on, as people in their roles: slapd decides what they see."""

import re
from html import unescape

import pytest

from directory.modelstore import store as modelstore
from models import import_xsd
from models.compare import differences
from models.sample import sample_instance
from models.validation import instance_errors, load_schema
from tests.models.conftest import SAMPLE_NAMES, read_sample
from tests.support import csrf_token, shown_time
from tests.webapp.models.conftest import (
    BASE,
    MODEL,
    SAMPLE,
    VERSION1,
    post,
    stored_model,
    upload,
    versions,
)


def test_a_writer_imports_a_model_and_sees_its_tree(signed_in, roles, manager, tree, clean_models):
    """Upload as a writer: working version 1, shown as a tree with its parts and code list."""
    client = signed_in(roles.writer)
    response = upload(client, read_sample(SAMPLE))
    assert response.status_code == 303
    assert response.headers["Location"].endswith(VERSION1)
    assert versions(manager, tree) == [(1, "working")]
    page = client.get(VERSION1).get_data(as_text=True)
    assert "HvemErHvem_M, versjon 1 (arbeidsversjon)" in page
    assert "<summary><strong>Innrapportoer</strong>: Innrapportoer [1..1]" in page
    assert "frontend, backend, other" in page
    domain_page = client.get("/domains/prod/BUFdir").get_data(as_text=True)
    assert MODEL in domain_page and "arbeidsversjon" in domain_page
    # Who changed it last, by name (not username), on both pages.
    assert f", Test {roles.writer.username}</td>" in domain_page
    assert f"<td>Test {roles.writer.username}</td>" in page


def test_import_warnings_are_shown_by_name_in_norwegian(signed_in, roles, clean_models):
    """What the model cannot hold is listed with a Norwegian label, in words (no code)."""
    client = signed_in(roles.writer)
    source = read_sample(SAMPLE).replace(
        b'name="navn" type="Navn"', b'name="navn" type="Navn" default="x"'
    )
    response = upload(client, source)
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert (
        "Attributtet støttes ikke: Attributtet default i elementet navn"
        " i typen Geek støttes ikke." in page
    )
    assert "unsupported attribute default" not in page
    assert "unsupported_attribute" not in page


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Filen er tom."),
        (b"this is not xml", "Filen er ikke XML."),
        (b"<html><body><p>hei</p></body></html>", "Filen er en nettside (HTML)"),
        (b'<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema"/>', "SERES-meldingselement"),
        (
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>',
            "dokumenttypedeklarasjon (DTD)",
        ),
    ],
)
def test_a_bad_upload_is_refused_with_a_clear_message_and_nothing_written(
    signed_in, roles, manager, tree, clean_models, content, message
):
    """Not XML, HTML, empty, a schema without SERES's message, a DTD: 400, nothing stored."""
    response = upload(signed_in(roles.writer), content)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert modelstore.list_models(manager, tree, "prod", "BUFdir") == []


def test_import_into_another_domain_is_refused_by_the_directory(
    signed_in, roles, manager, tree, clean_models
):
    """A Legemiddelverket writer uploading to BUFdir: 403 from slapd, nothing written."""
    response = upload(signed_in(roles.other), read_sample(SAMPLE))
    assert response.status_code == 403
    assert "Registeret tillot ikke dette" in response.get_data(as_text=True)
    assert versions(manager, tree) == []


def test_a_reader_sees_published_versions_and_downloads_both_variants(
    signed_in, roles, stored_published, manager, tree
):
    """Both variants are attachments named SERES style, valid, and equal to the sample."""
    modelstore.save_working(manager, tree, "prod", "BUFdir", MODEL, {"draft": True})
    client = signed_in(roles.reader)
    domain_page = client.get("/domains/prod/BUFdir").get_data(as_text=True)
    assert "versjon 1</a>: publisert" in domain_page
    assert "versjon 2" not in domain_page
    page = client.get(VERSION1).get_data(as_text=True)
    assert "kan ikke lenger endres" in page
    assert "/properties/" not in page
    for variant, filename in (
        ("altinn", "BUFdir_HvemErHvem_M_5742_34627_SERES.xsd"),
        ("standard", "BUFdir_HvemErHvem_M_5742_34627_SERES_standard.xsd"),
    ):
        response = client.get(f"{VERSION1}/{variant}.xsd")
        assert response.status_code == 200
        assert response.headers["Content-Disposition"] == f'attachment; filename="{filename}"'
        schema = load_schema(response.data)
        model = import_xsd(response.data).model
        assert instance_errors(schema, sample_instance(model, variant)) == []
        assert list(differences(read_sample(SAMPLE), response.data)) == []


def test_a_working_version_is_hidden_from_a_reader(signed_in, roles, stored_working):
    """The directory shows a reader no working version: page and downloads are 404."""
    client = signed_in(roles.reader)
    assert client.get(VERSION1).status_code == 404
    assert client.get(f"{VERSION1}/altinn.xsd").status_code == 404
    assert client.get(f"{BASE}/{MODEL}").status_code == 404


def test_a_writer_edits_an_element_and_the_model_stays_valid(
    signed_in, roles, stored_working, manager, tree
):
    """Add, change (rename, type, occurrence) and remove elements on the working version."""
    client = signed_in(roles.writer)
    add = f"{VERSION1}/types/Geek/add"
    response = post(
        client, add, {"name": "telefon", "type": "Tekst", "min_occurs": "0", "max_occurs": "3"}
    )
    assert response.status_code == 303
    change = f"{VERSION1}/types/Geek/properties/navn"
    response = post(
        client,
        change,
        {"name": "fulltNavn", "type": "xsd:string", "min_occurs": "1", "max_occurs": "unbounded"},
    )
    assert response.status_code == 303
    response = post(
        client,
        f"{change.replace('navn', 'epost')}/remove",
        {},
        page_url=change.replace("navn", "epost"),
    )
    assert response.status_code == 303
    geek = stored_model(manager, tree).type_named("Geek")
    assert [(p.name, p.type, p.min_occurs, p.max_occurs) for p in geek.properties] == [
        ("fulltNavn", "xsd:string", 1, None),
        ("foedselsdato", "Tekst", 1, 1),
        ("telefon", "Tekst", 0, 3),
    ]
    load_schema(client.get(f"{VERSION1}/standard.xsd").data)


def test_a_writer_changes_restrictions_and_code_values(
    signed_in, roles, stored_working, manager, tree
):
    """Facets and codes of a simple type are saved and reach the XSD."""
    client = signed_in(roles.writer)
    url = f"{VERSION1}/simple/Tekst"
    response = post(client, url, {"action": "facets", "min_length": "1", "max_length": "40"})
    assert response.status_code == 303
    codes = f"{VERSION1}/simple/GeekType"
    assert post(client, codes, {"action": "code", "value": "fullstack"}).status_code == 303
    assert post(client, codes, {"action": "remove:other"}).status_code == 303
    model = stored_model(manager, tree)
    assert (
        model.type_named("Tekst").facets.min_length,
        model.type_named("Tekst").facets.max_length,
    ) == (1, 40)
    assert [c.value for c in model.type_named("GeekType").codes] == [
        "frontend",
        "backend",
        "fullstack",
    ]
    xsd = client.get(f"{VERSION1}/altinn.xsd").data
    assert b'<xsd:maxLength value="40" />' in xsd


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "1bad", "type": "Tekst", "min_occurs": "1", "max_occurs": "1"}, "Bruk bokstaver"),
        (
            {"name": "navn", "type": "Tekst", "min_occurs": "1", "max_occurs": "1"},
            "har allerede dette navnet",
        ),
        ({"name": "ny", "type": "Tekst", "min_occurs": "1", "max_occurs": "x"}, "unbounded"),
        (
            {"name": "ny", "type": "Finnesikke", "min_occurs": "1", "max_occurs": "1"},
            "Ikke et gyldig valg",
        ),
        ({"name": "ny", "type": "Tekst", "min_occurs": "3", "max_occurs": "2"}, "Minimum må være"),
    ],
)
def test_invalid_element_input_is_shown_with_field_messages_and_nothing_written(
    signed_in, roles, stored_working, manager, tree, data, message
):
    """400 with the reason at the field; the stored model is unchanged."""
    before = stored_model(manager, tree)
    response = post(signed_in(roles.writer), f"{VERSION1}/types/Geek/add", data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert stored_model(manager, tree) == before


def test_invalid_restrictions_are_refused_and_nothing_written(
    signed_in, roles, stored_working, manager, tree
):
    """A minimum length above the maximum: 400 at the form, unchanged."""
    before = stored_model(manager, tree)
    response = post(
        signed_in(roles.writer),
        f"{VERSION1}/simple/Tekst",
        {"action": "facets", "min_length": "9", "max_length": "2"},
    )
    assert response.status_code == 400
    assert "motsier hverandre" in response.get_data(as_text=True)
    assert stored_model(manager, tree) == before


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"patterns": "[a-"},
            "patterns",
            "Mønsteret [a- er ikke et gyldig regulært uttrykk i XML Schema.",
        ),
        (
            {"min_inclusive": "abc"},
            "min_inclusive",
            "Restriksjonen minInclusive kan ikke brukes på en type som begrenser xsd:string.",
        ),
        ({"min_length": "9", "max_length": "2"}, "min_length", "motsier hverandre"),
    ],
)
def test_a_restriction_the_schema_refuses_is_explained_at_its_field(
    signed_in, roles, stored_working, manager, tree, data, field, message
):
    """In Norwegian words at the field concerned, without xmlschema's English or XPath."""
    before = stored_model(manager, tree)
    response = post(
        signed_in(roles.writer), f"{VERSION1}/simple/Tekst", {"action": "facets", **data}
    )
    assert response.status_code == 400
    html = unescape(response.get_data(as_text=True))
    error = re.search(rf'<p class="error" id="{field}-error">(.*?)</p>', html, flags=re.S)
    assert error is not None and message in error.group(1)
    for raw in ("Schema component", "xsd:schema/", "unterminated", "invalid literal"):
        assert raw not in html
    assert stored_model(manager, tree) == before


def test_a_writer_publishes_with_confirmation(signed_in, roles, stored_working, manager, tree):
    """Without the box ticked: 400; with it: published, and the page says it cannot change."""
    client = signed_in(roles.writer)
    url = f"{VERSION1}/publish"
    assert post(client, url, {}).status_code == 400
    assert versions(manager, tree) == [(1, "working")]
    assert post(client, url, {"confirm": "y"}).status_code == 303
    assert versions(manager, tree) == [(1, "published")]
    assert "kan ikke lenger endres" in client.get(VERSION1).get_data(as_text=True)


def test_a_crafted_edit_of_a_published_version_is_refused(
    signed_in, roles, stored_published, manager, tree
):
    """The directory refuses the write (403); publishing again is a conflict (409)."""
    client = signed_in(roles.writer)
    page = client.get(VERSION1).get_data(as_text=True)
    token = csrf_token(client.get("/domains/prod/BUFdir").get_data(as_text=True))
    assert "/types/Geek/add" not in page
    response = client.post(
        f"{VERSION1}/types/Geek/add",
        data={
            "csrf_token": token,
            "name": "ny",
            "type": "Tekst",
            "min_occurs": "1",
            "max_occurs": "1",
        },
    )
    assert response.status_code == 403
    assert "Registeret tillot ikke dette" in response.get_data(as_text=True)
    response = client.post(f"{VERSION1}/publish", data={"csrf_token": token, "confirm": "y"})
    assert response.status_code == 409
    assert [p.name for p in stored_model(manager, tree).type_named("Geek").properties] == [
        "navn",
        "foedselsdato",
        "epost",
    ]


def test_another_domains_writer_cannot_edit_here(signed_in, roles, stored_working):
    """The working version is not even visible to a writer of another domain: 404."""
    client = signed_in(roles.other)
    token = csrf_token(client.get("/domains/prod/BUFdir").get_data(as_text=True))
    response = client.post(
        f"{VERSION1}/types/Geek/properties/navn/remove", data={"csrf_token": token}
    )
    assert response.status_code == 404


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_a_sample_uploaded_and_downloaded_is_equivalent(
    signed_in, roles, manager, tree, clean_models, name
):
    """Round trip through the web: upload, download the same variant, compare structure."""
    client = signed_in(roles.writer)
    response = upload(client, read_sample(name))
    assert response.status_code == 303
    variant = import_xsd(read_sample(name)).model.variant
    downloaded = client.get(response.headers["Location"] + f"/{variant}.xsd")
    assert downloaded.status_code == 200
    assert list(differences(read_sample(name), downloaded.data)) == []


def heading_over(html: str, marker: str) -> str:
    """The text of the last heading before ``marker`` in the page."""
    before = html[: html.index(marker)]
    return re.findall(r"<h[1-6][^>]*>(.*?)</h[1-6]>", before, flags=re.S)[-1].strip()


@pytest.mark.parametrize("state", ["working", "published"])
def test_the_headings_of_a_version_page_say_what_follows(
    signed_in, roles, stored_working, manager, tree, state
):
    """The versions table has its own heading, also under "Change the model"; a working
    version's publish and discard links are there, and not under the downloads' heading; a
    published version has neither."""
    if state == "published":
        modelstore.publish(manager, tree, "prod", "BUFdir", MODEL, 1)
    page = signed_in(roles.writer).get(VERSION1).get_data(as_text=True)
    assert ("Endre modellen" in page) == (state == "published")
    assert heading_over(page, "<table") == "Versjoner"
    links = (f"{VERSION1}/publish", f"{VERSION1}/discard")
    if state == "working":
        for link in links:
            assert f'href="{link}"' in page
            assert "Last ned" not in heading_over(page, f'href="{link}"')
    else:
        assert not any(link in page for link in links)


def test_the_model_checks_newest_codes_have_bokmal_words(app):
    """required_cycle and pattern_too_deep (models.checks) are put into words, not shown as codes."""
    from models.errors import Issue
    from webapp.models.messages import issue_words

    with app.test_request_context("/"):
        field, words = issue_words(Issue("required_cycle", "", {"type": "A", "types": "A, B"}))
        assert field is None and words.startswith("A krever seg selv (gjennom A, B)")
        field, words = issue_words(Issue("pattern_too_deep", "", {"type": "Kode", "limit": 100}))
        assert field == "patterns" and "mer enn 100 nivåer" in words


def test_only_the_models_own_types_are_links_in_the_element_lists(signed_in, roles, clean_models):
    """A built-in type such as xsd:string has no section on the page, so it is plain text."""
    client = signed_in(roles.writer)
    source = read_sample(SAMPLE).replace(
        b'name="navn" type="Navn"', b'name="navn" type="xsd:string"'
    )
    response = upload(client, source)
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "<strong>navn</strong>: xsd:string" in page
    assert 'href="#type-xsd:string"' not in page
    ids = set(re.findall(r'id="(type-[^"]+)"', page))
    links = set(re.findall(r'href="#(type-[^"]+)"', page))
    assert links and links <= ids


def test_a_versions_time_is_shown_in_oslo_time_in_the_pages_language(
    signed_in, roles, stored_working, manager, tree
):
    """The domain page and the model's version list: the stored time, not "UTC"."""
    from webapp.i18n import as_datetime

    changed = as_datetime(
        modelstore.list_models(manager, tree, "prod", "BUFdir")[0].versions[0].changed
    )
    client = signed_in(roles.writer)
    try:
        for language in ("nb", "en"):
            client.get(f"/language/{language}")
            for url in ("/domains/prod/BUFdir", VERSION1):
                page = client.get(url).get_data(as_text=True)
                assert shown_time(changed, language) in page, (url, language)
                assert " UTC" not in page
    finally:
        client.get("/language/nb")


def test_a_versions_title_says_it_is_a_version_and_where(signed_in, roles, stored_working):
    """Not "HvemErHvem_M 1 – BUFdir": the version, the domain and the environment (2.4.2)."""
    page = signed_in(roles.writer).get(VERSION1).get_data(as_text=True)
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert title.startswith(f"{MODEL}, versjon 1 – BUFdir (Produksjon) – ")
