"""One-element edits of a model: what they change, what they refuse, and that it stays valid."""

import pytest

from models import Facets, InvalidModel, import_xsd
from models.compare import differences
from models.edit import (
    SIMPLE_BASES,
    EditError,
    add_code,
    add_complex_type,
    add_property,
    add_simple_type,
    checked,
    find_property,
    remove_code,
    remove_property,
    remove_type,
    rename_property,
    set_facets,
    set_occurrence,
    set_property_type,
    simple_type,
    type_choices,
    type_users,
)
from models.model import AttributeDecl, ComplexType, SimpleType
from models.validation import load_schema
from models.xsd_export import generate_xsd
from tests.models.conftest import read_sample

SAMPLE = "Kursdomene_HvemErHvem_M_2021-04-08_5742_34627_SERES.xsd"


@pytest.fixture
def model():
    return import_xsd(read_sample(SAMPLE)).model


def test_an_added_property_appears_in_the_generated_schema(model):
    """A new optional data property of an object type is written, nillable, with a GUID."""
    added = add_property(model, "Geek", "telefon", "Tekst", 0, None, ident="1")
    assert (added.kind, added.nillable) == ("Dataegenskap", True)
    assert added.guid == "http://seres.no/guid/Kursdomene/Dataegenskap/telefon/1"
    xsd = checked(model) and generate_xsd(model)
    assert b'name="telefon" type="Tekst" nillable="true" minOccurs="0" maxOccurs="unbounded"' in xsd


def test_a_property_of_the_root_is_a_message_part(model):
    """The model's own name addresses its message parts."""
    assert add_property(model, "HvemErHvem_M", "Ekstra", "Geek").kind == "Meldingsdel"
    assert model.parts[-1].name == "Ekstra"


def test_a_relation_to_an_object_type_is_a_relation_property(model):
    """Pointing at a complex type makes a Relasjonsegenskap."""
    assert add_property(model, "Innrapportoer", "kollega", "Geek").kind == "Relasjonsegenskap"


def test_rename_retype_and_occurrence_change_the_property(model):
    """Each edit changes just what it says; the GUID stays."""
    guid = find_property(model, "Geek", "navn").guid
    rename_property(model, "Geek", "navn", "fulltNavn")
    set_property_type(model, "Geek", "fulltNavn", "xsd:string")
    set_occurrence(model, "Geek", "fulltNavn", 0, 3)
    found = find_property(model, "Geek", "fulltNavn")
    assert (found.type, found.min_occurs, found.max_occurs, found.nillable, found.guid) == (
        "xsd:string",
        0,
        3,
        True,
        guid,
    )
    checked(model)


def test_a_removed_property_is_gone(model):
    """Removing leaves the others in order."""
    remove_property(model, "Geek", "foedselsdato")
    assert [p.name for p in model.type_named("Geek").properties] == ["navn", "epost"]


@pytest.mark.parametrize(
    ("edit", "code"),
    [
        (lambda m: add_property(m, "Geek", "navn", "Tekst"), "name_taken"),
        (lambda m: add_property(m, "Geek", "1bad", "Tekst"), "invalid_name"),
        (lambda m: add_property(m, "Geek", "x", "Finnesikke"), "unknown_type"),
        (lambda m: add_property(m, "Geek", "x", "xsd:nonsense"), "unknown_type"),
        (lambda m: add_property(m, "Tekst", "x", "Tekst"), "no_such_type"),
        (lambda m: set_occurrence(m, "Geek", "navn", 2, 1), "invalid_occurrence"),
        (lambda m: set_occurrence(m, "Geek", "navn", -1, 1), "invalid_occurrence"),
        (lambda m: rename_property(m, "Geek", "navn", "epost"), "name_taken"),
        (lambda m: remove_property(m, "Geek", "mangler"), "no_such_property"),
        (lambda m: set_facets(m, "Geek", Facets()), "not_simple_type"),
        (lambda m: set_facets(m, "Tekst", Facets(min_length=5, max_length=2)), "invalid_facet"),
        (lambda m: set_facets(m, "Tekst", Facets(length=-1)), "invalid_facet"),
        (lambda m: add_code(m, "GeekType", "backend"), "code_exists"),
        (lambda m: add_code(m, "GeekType", " "), "invalid_code"),
        (lambda m: remove_code(m, "GeekType", "fullstack"), "no_such_code"),
        (lambda m: add_complex_type(m, "Geek"), "type_name_taken"),
        (lambda m: add_complex_type(m, "HvemErHvem_M"), "type_name_taken"),
        (lambda m: add_complex_type(m, "2Person"), "invalid_name"),
        (lambda m: add_complex_type(m, "Person", "Meldingsdel"), "invalid_kind"),
        (lambda m: add_simple_type(m, "Tekst"), "type_name_taken"),
        (lambda m: add_simple_type(m, "a b"), "invalid_name"),
        (lambda m: add_simple_type(m, "Kort", "xsd:nonsense"), "invalid_base"),
        (lambda m: add_simple_type(m, "Kort", "Tekst"), "invalid_base"),
        (lambda m: remove_type(m, "Finnesikke"), "no_such_type"),
        (lambda m: remove_type(m, "HvemErHvem_M"), "no_such_type"),
        (lambda m: remove_type(m, "Tekst"), "type_in_use"),
    ],
)
def test_an_edit_that_makes_no_sense_is_refused_with_a_code(model, edit, code):
    """Each refusal carries a stable code for the web layer to translate."""
    with pytest.raises(EditError) as refused:
        edit(model)
    assert refused.value.code == code


def test_facets_and_codes_reach_the_schema(model):
    """Restrictions and code values are written as facets and enumerations."""
    set_facets(model, "Tekst", Facets(min_length=1, max_length=40))
    add_code(model, "GeekType", "fullstack", "Begge deler")
    remove_code(model, "GeekType", "other")
    assert [c.value for c in simple_type(model, "GeekType").codes] == [
        "frontend",
        "backend",
        "fullstack",
    ]
    schema = load_schema(generate_xsd(checked(model), "standard"))
    assert schema.types["Tekst"].max_length == 40
    assert schema.types["GeekType"].enumeration == ["frontend", "backend", "fullstack"]


def test_a_model_that_no_longer_makes_a_schema_is_refused(model):
    """checked() raises InvalidModel, e.g. for a pattern XSD cannot compile."""
    set_facets(model, "Tekst", Facets(patterns=["[a-"]))
    with pytest.raises(InvalidModel):
        checked(model)


def test_a_deeply_nested_pattern_is_refused_with_a_code(model):
    """1,900 nested groups (within the form's 4,000 characters) are refused, not a 500."""
    set_facets(model, "Tekst", Facets(patterns=["(" * 1900 + "a" + ")" * 1900]))
    with pytest.raises(InvalidModel) as caught:
        checked(model)
    assert [issue.code for issue in caught.value.issues] == ["pattern_too_deep"]
    assert caught.value.issues[0].params == {"type": "Tekst", "limit": "100"}


@pytest.mark.parametrize(
    "pattern",
    ["(" * 100 + "a" + ")" * 100, "[a" + "-[b" * 99 + "]" * 100, "\\(" * 500, "[(]" * 500],
    ids=["groups", "subtractions", "escaped", "in-a-class"],
)
def test_patterns_within_the_nesting_limit_pass(model, pattern):
    """The limit counts real nesting, not escaped or class-held parentheses."""
    set_facets(model, "Tekst", Facets(patterns=[pattern]))
    checked(model)


@pytest.mark.parametrize("error", [RecursionError, ValueError])
def test_whatever_the_schema_processor_cannot_read_is_invalid_schema(model, monkeypatch, error):
    """A processor that runs out of stack or raises ValueError gives InvalidModel, not a 500."""

    def failing(xsd):
        raise error("too deep")

    monkeypatch.setattr("models.edit.load_schema", failing)
    with pytest.raises(InvalidModel) as caught:
        checked(model)
    assert [issue.code for issue in caught.value.issues] == ["invalid_schema"]


def test_unedited_models_stay_equivalent(model):
    """checked() changes nothing: the schema is the same as before."""
    before = generate_xsd(model)
    assert list(differences(before, generate_xsd(checked(model)))) == []


def test_type_choices_offer_builtins_and_the_models_types(model):
    """The list to pick a type from."""
    choices = type_choices(model)
    assert choices[0] == "xsd:string" and "GeekType" in choices and "Geek" in choices


def test_an_added_object_type_gets_elements_and_reaches_the_schema(model):
    """An empty Dataobjekttype with a GUID; with an element and a user, it is written."""
    added = add_complex_type(model, "Person", "Dataobjekttype", ident="7")
    assert (added.kind, added.properties) == ("Dataobjekttype", [])
    assert added.guid == "http://seres.no/guid/Kursdomene/Dataobjekttype/Person/7"
    checked(model)  # an empty sequence is a valid type
    add_property(model, "Person", "navn", "Navn")
    add_property(model, "Innrapportoer", "kontakt", "Person", 0, 1)
    schema = load_schema(generate_xsd(checked(model), "standard"))
    assert [e.local_name for e in schema.types["Person"].content] == ["navn"]


def test_an_added_complex_data_type_makes_type_properties(model):
    """Elements of a Datakomplekstype are DataTypeegenskaper, as SERES names them."""
    add_complex_type(model, "Periode", "Datakomplekstype")
    assert add_property(model, "Periode", "fom", "xsd:date").kind == "DataTypeegenskap"
    checked(model)


@pytest.mark.parametrize("base", SIMPLE_BASES)
def test_an_added_simple_type_restricts_a_builtin(model, base):
    """A Dataenkeltype without facets; restrictions and codes can follow."""
    added = add_simple_type(model, "Ny", base, ident="9")
    assert (added.kind, added.base, added.facets.is_empty()) == ("Dataenkeltype", base, True)
    assert added.guid == "http://seres.no/guid/Kursdomene/Dataenkeltype/Ny/9"
    add_property(model, "Geek", "ny", "Ny")
    schema = load_schema(generate_xsd(checked(model), "altinn"))
    assert schema.types["Ny"].base_type.local_name == base[4:]


def test_a_model_without_a_domain_gets_types_without_guid(model):
    """As for properties: no domain, no GUID to make."""
    model.domain = None
    assert add_simple_type(model, "Ny").guid is None
    assert add_complex_type(model, "Person").guid is None


def test_type_users_names_every_reference(model):
    """Elements, the root's parts, attributes and derived types; not the type's own elements."""
    model.types.append(SimpleType(name="KortTekst", base="Tekst"))
    model.types.append(
        SimpleType(
            name="Kode",
            base="xsd:string",
            simple_content=True,
            attributes=[AttributeDecl(name="variant", type="Tekst")],
        )
    )
    find_property(model, "Geek", "navn").attributes.append(AttributeDecl(name="spr", type="Tekst"))
    assert type_users(model, "Tekst") == [
        "Geek.navn/@spr",
        "Geek.foedselsdato",
        "KortTekst",
        "Kode/@variant",
    ]
    assert type_users(model, "Innrapportoer") == ["HvemErHvem_M.Innrapportoer"]
    model.types.append(ComplexType(name="Node"))
    add_property(model, "Node", "neste", "Node", 0, 1)
    assert type_users(model, "Node") == []


def test_a_type_in_use_is_refused_naming_its_users(model):
    """The error names the first users; the model is unchanged."""
    with pytest.raises(EditError) as refused:
        remove_type(model, "Geek")
    assert refused.value.params == {"type": "Geek", "users": "Innrapportoer.geek"}
    assert model.type_named("Geek") is not None


def test_an_unused_type_is_removed(model):
    """After removing its last user, a type can go; the schema stays valid."""
    remove_property(model, "Geek", "epost")
    remove_type(model, "EPost")
    assert model.type_named("EPost") is None
    assert "EPost" not in type_choices(model)
    checked(model)
