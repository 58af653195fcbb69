"""A large model (RA-0678_M) on the web: contents, collapsible types, a filter, grouped types;
and every error of a model form at once."""

import re

import pytest

from directory.modelstore import store as modelstore
from models import import_xsd, to_dict
from tests.models.conftest import read_sample
from tests.webapp.models.conftest import VERSION1, post, stored_model

LARGE = "/domains/prod/BUFdir/models/RA-0678_M/1"


@pytest.fixture
def large(manager, tree, clean_models):
    """RA-0678_M (62 types, 17 of them restriction helpers) as BUFdir's working version 1."""
    model = import_xsd(read_sample("RA-0678_M.xsd")).model
    modelstore.save_working(manager, tree, "prod", "BUFdir", model.name, to_dict(model), "1", "1")
    return model


def test_a_large_model_has_contents_and_its_types_closed_in_groups(signed_in, roles, large):
    """A contents list; the types grouped under headings, each a closed <details>; the
    restriction helpers in a group of their own, last."""
    page = signed_in(roles.writer).get(LARGE).get_data(as_text=True)
    assert '<nav class="contents" aria-labelledby="contents-heading">' in page
    for anchor in ("download", "versions", "structure", "types", "group-helpers"):
        assert f'href="#{anchor}"' in page and f'id="{anchor}"' in page
    closed = re.findall(r'<section id="type-[^"]+" class="type"[^>]*>\s*<details>', page)
    assert len(closed) == len(large.types) == 62
    assert "<details open>" not in page
    headings = re.findall(r'<h3 id="group-heading-(\w+)">', page)
    assert headings == ["parts", "complex", "simple", "helpers"]
    assert "Hjelpetyper for restriksjoner (17)" in page


def test_a_small_models_types_stay_open(signed_in, roles, stored_working):
    page = signed_in(roles.writer).get(VERSION1).get_data(as_text=True)
    assert re.search(r'class="type"[^>]*>\s*<details open>', page)


def test_the_filter_shows_only_the_types_a_word_appears_in_open(signed_in, roles, large):
    """?q= looks in names, elements, types and codes, in any case; links to types not shown
    go to the whole page."""
    client = signed_in(roles.writer)
    page = client.get(LARGE, query_string={"q": "epost"}).get_data(as_text=True)
    shown = re.findall(r'<section id="type-([^"]+)" class="type"', page)
    expected = [
        t.name
        for t in large.types
        if "epost"
        in " ".join(
            [t.name, *(f"{p.name} {p.type}" for p in getattr(t, "properties", []))]
        ).casefold()
    ]
    assert expected and sorted(shown) == sorted(expected)
    assert len(shown) < len(large.types)
    assert f"{len(shown)} av 62 typer inneholder «epost»." in page
    assert "<details>" not in page.split('id="types"', 1)[1]


def test_a_filter_too_long_is_answered_400_with_a_message(signed_in, roles, large):
    response = signed_in(roles.writer).get(LARGE, query_string={"q": "x" * 101})
    assert response.status_code == 400
    assert "Skriv høyst 100 tegn." in response.get_data(as_text=True)


def test_the_element_form_groups_types_with_the_helpers_last(signed_in, roles, large):
    page = signed_in(roles.writer).get(f"{LARGE}/types/Kontaktperson/add").get_data(as_text=True)
    groups = re.findall(r'<optgroup label="([^"]+)">', page)
    assert groups == [
        "Innebygde typer",
        "Objekttyper og komplekse datatyper",
        "Enkle typer og kodelister",
        "Hjelpetyper for restriksjoner",
    ]
    helpers = page.split("Hjelpetyper for restriksjoner", 1)[1]
    assert "Epost_EPostRestriksjon" in helpers
    assert "Epost_EPostRestriksjon" not in page.split("Hjelpetyper for restriksjoner", 1)[0]


def test_an_elements_bad_name_comes_with_its_occurrence_error(
    signed_in, roles, stored_working, manager, tree
):
    """A name that is no XML name and a maximum that is no number: both at once; and a
    taken name beside a minimum above the maximum."""
    before = stored_model(manager, tree)
    client = signed_in(roles.writer)
    add = f"{VERSION1}/types/Geek/add"
    data = {"name": "1bad", "type": "Tekst", "min_occurs": "1", "max_occurs": "x"}
    response = post(client, add, data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Bruk bokstaver" in page and "unbounded" in page
    data = {"name": "navn", "type": "Tekst", "min_occurs": "3", "max_occurs": "2"}
    page = post(client, add, data).get_data(as_text=True)
    assert "har allerede dette navnet" in page and "Minimum må være" in page
    assert stored_model(manager, tree) == before


def test_a_new_types_taken_name_comes_with_its_bad_base(signed_in, roles, stored_working):
    """The name's error from the model beside the base the form refuses: both at once."""
    client = signed_in(roles.writer)
    response = post(client, f"{VERSION1}/new-type/simple", {"name": "Tekst", "base": "xsd:nope"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "har allerede en type med dette" in page
    assert 'id="base-error"' in page and 'id="name-error"' in page


def test_restrictions_that_contradict_come_with_a_field_the_form_refuses(
    signed_in, roles, stored_working, manager, tree
):
    """A minimum length above the maximum, and total digits that are no number: both."""
    before = stored_model(manager, tree)
    data = {"action": "facets", "min_length": "9", "max_length": "2", "total_digits": "x"}
    response = post(signed_in(roles.writer), f"{VERSION1}/simple/Tekst", data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "motsier hverandre" in page and 'id="total_digits-error"' in page
    assert stored_model(manager, tree) == before
