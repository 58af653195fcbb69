"""Types on the web: writers add object, complex data and simple types and remove unused ones."""

import pytest

from models.validation import load_schema
from tests.webapp.models.conftest import VERSION1, crafted_post, post, stored_model

COMPLEX = f"{VERSION1}/new-type/complex"
SIMPLE = f"{VERSION1}/new-type/simple"


def test_a_writer_adds_an_object_type_and_gives_it_an_element(
    signed_in, roles, stored_working, manager, tree
):
    """The new Dataobjekttype gets a GUID, a section on the page, elements, and a user."""
    client = signed_in(roles.writer)
    page = client.get(VERSION1).get_data(as_text=True)
    assert COMPLEX in page and SIMPLE in page
    response = post(client, COMPLEX, {"name": "Person", "kind": "Dataobjekttype"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"{VERSION1}#type-Person")
    person = stored_model(manager, tree).type_named("Person")
    assert (person.kind, person.properties) == ("Dataobjekttype", [])
    assert person.guid.startswith("http://seres.no/guid/Kursdomene/Dataobjekttype/Person/")
    page = client.get(VERSION1).get_data(as_text=True)
    assert 'id="type-Person"' in page and "Person er lagt til." in page
    add = f"{VERSION1}/types/Person/add"
    data = {"name": "navn", "type": "Navn", "min_occurs": "1", "max_occurs": "1"}
    assert post(client, add, data).status_code == 303
    add = f"{VERSION1}/types/Innrapportoer/add"
    data = {"name": "kontakt", "type": "Person", "min_occurs": "0", "max_occurs": "1"}
    assert post(client, add, data).status_code == 303
    model = stored_model(manager, tree)
    assert [p.name for p in model.type_named("Person").properties] == ["navn"]
    schema = load_schema(client.get(f"{VERSION1}/standard.xsd").data)
    assert "Person" in schema.types


def test_a_writer_adds_a_complex_data_type_and_a_simple_type(
    signed_in, roles, stored_working, manager, tree
):
    """A Datakomplekstype, and a Dataenkeltype restricting xsd:date that elements can use."""
    client = signed_in(roles.writer)
    assert post(client, COMPLEX, {"name": "Periode", "kind": "Datakomplekstype"}).status_code == 303
    response = post(client, SIMPLE, {"name": "Dato", "base": "xsd:date"})
    assert response.status_code == 303
    model = stored_model(manager, tree)
    assert model.type_named("Periode").kind == "Datakomplekstype"
    dato = model.type_named("Dato")
    assert (dato.kind, dato.base, dato.facets.is_empty()) == ("Dataenkeltype", "xsd:date", True)
    form = client.get(f"{VERSION1}/types/Periode/add").get_data(as_text=True)
    assert '<option value="Dato">Dato</option>' in form
    xsd = client.get(f"{VERSION1}/altinn.xsd").data
    assert b'<xsd:restriction base="xsd:date" />' in xsd


@pytest.mark.parametrize(
    ("url", "data", "message"),
    [
        (COMPLEX, {"name": "1Person", "kind": "Dataobjekttype"}, "Bruk bokstaver"),
        (COMPLEX, {"name": "Geek", "kind": "Dataobjekttype"}, "har allerede en type med dette"),
        (COMPLEX, {"name": "HvemErHvem_M", "kind": "Dataobjekttype"}, "har allerede en type"),
        (COMPLEX, {"name": "Person", "kind": "Meldingsdel"}, "Ikke et gyldig valg"),
        (COMPLEX, {"name": "", "kind": "Dataobjekttype"}, "Dette feltet er påkrevd."),
        (SIMPLE, {"name": "Tekst", "base": "xsd:string"}, "har allerede en type med dette"),
        (SIMPLE, {"name": "Kort tekst", "base": "xsd:string"}, "Bruk bokstaver"),
        (SIMPLE, {"name": "Kort", "base": "xsd:nonsense"}, "Ikke et gyldig valg"),
        (SIMPLE, {"name": "Kort", "base": "Tekst"}, "Ikke et gyldig valg"),
    ],
)
def test_bad_type_input_is_refused_in_norwegian_and_nothing_written(
    signed_in, roles, stored_working, manager, tree, url, data, message
):
    """400, the reason at the field and in the summary; the stored model is unchanged."""
    before = stored_model(manager, tree)
    response = post(signed_in(roles.writer), url, data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in html
    assert 'class="error-summary"' in html
    assert stored_model(manager, tree) == before


def test_a_type_in_use_is_not_removed_and_the_page_names_its_users(
    signed_in, roles, stored_working, manager, tree
):
    """The page lists the users; confirming anyway is 400 naming one; nothing is written."""
    client = signed_in(roles.writer)
    before = stored_model(manager, tree)
    url = f"{VERSION1}/types/Tekst/remove"
    assert url in client.get(VERSION1).get_data(as_text=True)
    page = client.get(url).get_data(as_text=True)
    assert "<li>Geek.foedselsdato</li>" in page
    response = post(client, url, {})
    assert response.status_code == 400
    assert "Bekreft for å fjerne typen." in response.get_data(as_text=True)
    response = post(client, url, {"confirm": "y"})
    assert response.status_code == 400
    assert "Tekst brukes av Geek.foedselsdato. Endre eller fjern det først" in (
        response.get_data(as_text=True)
    )
    assert stored_model(manager, tree) == before


def test_a_writer_removes_a_type_nothing_uses(signed_in, roles, stored_working, manager, tree):
    """After its one element goes, EPost can be removed; the schema stays valid."""
    client = signed_in(roles.writer)
    remove = f"{VERSION1}/types/Geek/properties/epost"
    assert post(client, f"{remove}/remove", {}, page_url=remove).status_code == 303
    url = f"{VERSION1}/types/EPost/remove"
    assert "Ingenting i modellen bruker EPost." in client.get(url).get_data(as_text=True)
    response = post(client, url, {"confirm": "y"})
    assert response.status_code == 303
    assert stored_model(manager, tree).type_named("EPost") is None
    assert client.get(url).status_code == 404
    load_schema(client.get(f"{VERSION1}/standard.xsd").data)


def test_others_cannot_change_types(signed_in, roles, stored_working, manager, tree):
    """A reader and another domain's writer do not see the working version: 404, unchanged."""
    before = stored_model(manager, tree)
    for person in (roles.reader, roles.other):
        client = signed_in(person)
        assert client.get(COMPLEX).status_code == 404
        response = crafted_post(client, SIMPLE, {"name": "Ny", "base": "xsd:string"})
        assert response.status_code == 404
        response = crafted_post(client, f"{VERSION1}/types/Navn/remove", {"confirm": "y"})
        assert response.status_code == 404
    assert stored_model(manager, tree) == before


def test_the_types_of_a_published_version_do_not_change(
    signed_in, roles, stored_published, manager, tree
):
    """No links on its page; crafted requests are refused by the directory (403)."""
    client = signed_in(roles.writer)
    before = stored_model(manager, tree)
    page = client.get(VERSION1).get_data(as_text=True)
    assert "/new-type/" not in page and "/remove" not in page
    response = crafted_post(client, COMPLEX, {"name": "Person", "kind": "Dataobjekttype"})
    assert response.status_code == 403
    assert "Registeret tillot ikke dette" in response.get_data(as_text=True)
    response = crafted_post(client, SIMPLE, {"name": "Ny", "base": "xsd:string"})
    assert response.status_code == 403
    assert stored_model(manager, tree) == before
