"""Generating message specifications by SERES's rules."""

import pytest
from lxml import etree

from models import (
    AttributeDecl,
    CodeElement,
    ComplexType,
    Facets,
    InvalidModel,
    MessageModel,
    Property,
    SimpleType,
    generate_xsd,
    import_xsd,
)
from models.conventions import SERES_NS, TARGET_NAMESPACE, make_guid
from models.validation import load_schema
from tests.models.conftest import FIXED_TIME

XS = "{http://www.w3.org/2001/XMLSchema}"
SERES = "{http://seres.no/xsd/forvaltningsdata}"


def guid(kind: str, name: str, ident: int) -> str:
    """Return a GUID in the test domain."""
    return make_guid("Testdomene", kind, name, ident)


def small_model(**changes) -> MessageModel:
    """Return a new model built in code: one part, an object type, a text and a code list."""
    model = MessageModel(
        name="Soknad_M",
        domain="Testdomene",
        version="2024",
        data_format_id="7001",
        data_format_version="1",
        guid=guid("Meldingsmodell", "Soknad_M", 1),
        parts=[
            Property(
                name="Soker", type="Soker", kind="Meldingsdel", guid=guid("Meldingsdel", "Soker", 2)
            )
        ],
        types=[
            ComplexType(
                name="Soker",
                kind="Meldingsdel",
                guid=guid("Meldingsdel", "Soker", 2),
                description='Den som søker, "med sitat" & <tegn>\nover to linjer',
                properties=[
                    Property(
                        name="navn",
                        type="Tekst",
                        kind="Dataegenskap",
                        guid=guid("Dataegenskap", "navn", 3),
                    ),
                    Property(
                        name="kjonn",
                        type="Kjonn",
                        min_occurs=0,
                        nillable=True,
                        kind="Dataegenskap",
                        documentation="Kjønn etter folkeregisteret",
                    ),
                ],
            ),
            SimpleType(
                name="Tekst",
                kind="Dataenkeltype",
                facets=Facets(max_length=35),
                guid=guid("Dataenkeltype", "Tekst", 4),
            ),
            SimpleType(
                name="Kjonn",
                kind="Datakodeliste",
                codes=[CodeElement(value="M"), CodeElement(value="K")],
            ),
        ],
    )
    for name, value in changes.items():
        setattr(model, name, value)
    return model


def parse(data: bytes) -> etree._Element:
    return etree.fromstring(data)


@pytest.mark.parametrize("variant", ["altinn", "standard"])
def test_a_model_built_in_code_gives_a_valid_schema(variant):
    """A model that never came from a file becomes a schema xmlschema accepts."""
    load_schema(generate_xsd(small_model(), variant, generated_at=FIXED_TIME))


def test_altinn_variant_has_no_namespace_and_a_byte_order_mark():
    """The Altinn variant has no targetNamespace and no import, as SERES writes it."""
    data = generate_xsd(small_model(), "altinn", generated_at=FIXED_TIME)
    assert data.startswith(b"\xef\xbb\xbf<?xml")
    schema = parse(data)
    assert schema.get("targetNamespace") is None
    assert schema.find(XS + "import") is None


def test_standard_variant_has_namespace_import_and_global_data_format_attributes():
    """The standard variant has the namespace, imports seres.xsd and declares dataFormat*."""
    model = small_model(data_format_namespace=TARGET_NAMESPACE)
    data = generate_xsd(model, "standard", generated_at=FIXED_TIME)
    assert not data.startswith(b"\xef\xbb\xbf")
    schema = parse(data)
    assert schema.get("targetNamespace") == "http://seres.no/xsd/Testdomene/Soknad_M/2024"
    imported = schema.find(XS + "import")
    assert imported.attrib == {
        "namespace": "http://seres.no/xsd/forvaltningsdata",
        "schemaLocation": "seres.xsd",
    }
    assert [a.get("name") for a in schema.findall(XS + "attribute")] == [
        "dataFormatProvider",
        "dataFormatId",
        "dataFormatVersion",
    ]


@pytest.mark.parametrize("variant", ["altinn", "standard"])
def test_one_global_root_element_and_every_type_named_at_top_level(variant):
    """Venetian blind: a single global element melding; all types named and global."""
    schema = parse(generate_xsd(small_model(), variant, generated_at=FIXED_TIME))
    assert [(e.get("name"), e.get("type")) for e in schema.findall(XS + "element")] == [
        ("melding", "Soknad_M")
    ]
    assert [t.get("name") for t in schema if t.tag.endswith("Type")] == [
        "Soknad_M",
        "Soker",
        "Tekst",
        "Kjonn",
    ]
    assert schema.findall(f".//{XS}complexType/*/{XS}element/{XS}complexType") == []


@pytest.mark.parametrize("variant", ["altinn", "standard"])
def test_root_type_carries_fixed_data_format_attributes_and_any_attribute(variant):
    """dataFormatProvider=SERES, dataFormatId and dataFormatVersion are required and fixed."""
    schema = parse(generate_xsd(small_model(), variant, generated_at=FIXED_TIME))
    root_type = schema.find(f"{XS}complexType[@name='Soknad_M']")
    attributes = root_type.findall(XS + "attribute")
    named = [(a.get("name") or a.get("ref"), a.get("use"), a.get("fixed")) for a in attributes]
    assert named == [
        ("dataFormatProvider", "required", "SERES"),
        ("dataFormatId", "required", "7001"),
        ("dataFormatVersion", "required", "1"),
    ]
    assert root_type[-1].tag == XS + "anyAttribute"


def test_seres_attributes_and_occurrences_follow_seres_conventions():
    """elementtype and guid on each element; optional means minOccurs 0 and nillable."""
    schema = parse(generate_xsd(small_model(), "altinn", generated_at=FIXED_TIME))
    part = schema.find(f"{XS}complexType[@name='Soker']")
    assert part.get(SERES + "elementtype") == "Meldingsdel"
    assert part.get(SERES + "guid") == "http://seres.no/guid/Testdomene/Meldingsdel/Soker/2"
    navn, kjonn = part.find(XS + "sequence")
    assert navn.get("minOccurs") is None and navn.get("nillable") is None
    assert (kjonn.get("minOccurs"), kjonn.get("nillable")) == ("0", "true")
    assert list(navn.attrib) == ["name", "type", SERES + "elementtype", SERES + "guid"]


def test_descriptions_with_quotes_markup_and_newlines_survive():
    """Descriptions and documentation come back exactly after writing and reading."""
    model = small_model()
    again = import_xsd(generate_xsd(model, generated_at=FIXED_TIME)).model
    assert again.type_named("Soker").description == model.type_named("Soker").description
    assert again.type_named("Soker").properties[1].documentation == "Kjønn etter folkeregisteret"


def _with_guid_attribute(namespace: str) -> MessageModel:
    model = small_model()
    model.types.append(
        SimpleType(
            name="Navn",
            kind="Dataenkeltype",
            base="Tekst",
            simple_content=True,
            attributes=[
                AttributeDecl(
                    name="guid",
                    use="required",
                    fixed="http://seres.no/guid/x/9",
                    namespace=namespace,
                )
            ],
        )
    )
    return model


_GUID_PATH = f"{XS}complexType[@name='Navn']/{XS}simpleContent/{XS}extension/{XS}attribute"


@pytest.mark.parametrize("variant", ["altinn", "standard"])
def test_attribute_in_seres_namespace_is_a_seres_ref_in_both_variants(variant):
    """An attribute in SERES's namespace stays there: ref=seres:guid, and seres.xsd imported."""
    schema = parse(generate_xsd(_with_guid_attribute(SERES_NS), variant, generated_at=FIXED_TIME))
    assert schema.find(_GUID_PATH).attrib == {
        "ref": "seres:guid",
        "use": "required",
        "fixed": "http://seres.no/guid/x/9",
    }
    assert schema.find(XS + "import").get("namespace") == SERES_NS


@pytest.mark.parametrize("variant", ["altinn", "standard"])
def test_attribute_without_namespace_is_declared_by_name_in_both_variants(variant):
    """An attribute with no namespace stays unqualified: name=guid, also in the standard."""
    schema = parse(generate_xsd(_with_guid_attribute(""), variant, generated_at=FIXED_TIME))
    assert schema.find(_GUID_PATH).attrib == {
        "name": "guid",
        "type": "xsd:string",
        "use": "required",
        "fixed": "http://seres.no/guid/x/9",
    }


@pytest.mark.parametrize("variant", ["altinn", "standard"])
def test_data_format_attributes_in_seres_namespace_are_seres_refs_in_both_variants(variant):
    """Older SERES generators' ref=seres:dataFormat*: kept, with no global declarations."""
    model = small_model(data_format_namespace=SERES_NS)
    schema = parse(generate_xsd(model, variant, generated_at=FIXED_TIME))
    root = schema.find(f"{XS}complexType[@name='Soknad_M']")
    assert [a.attrib for a in root.findall(XS + "attribute")] == [
        {"ref": "seres:dataFormatProvider", "use": "required", "fixed": "SERES"},
        {"ref": "seres:dataFormatId", "use": "required", "fixed": "7001"},
        {"ref": "seres:dataFormatVersion", "use": "required", "fixed": "1"},
    ]
    assert schema.findall(XS + "attribute") == []
    assert schema.find(XS + "import").get("namespace") == SERES_NS


def test_header_records_generator_model_and_variant():
    """The header names our generator, the model, its namespace and the variant."""
    schema = parse(generate_xsd(small_model(), "standard", generated_at=FIXED_TIME))
    header = {
        a.get("name"): a.get("fixed")
        for a in schema.find(XS + "annotation").find(XS + "documentation")
    }
    assert header["XSLT-skriptnavn"] == "seres-access models"
    assert header["generert"] == "2024-01-02T03:04:05.000+00:00"
    assert header["modellnavn"] == "Soknad_M"
    assert header["domenenavn"] == "Testdomene"
    assert header["namespace"] == "http://seres.no/xsd/Testdomene/Soknad_M/2024"
    assert header["XSD-variant"] == "Standard"


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"data_format_id": None}, "missing_metadata"),
        ({"types": small_model().types + [SimpleType(name="Tekst")]}, "duplicate_type"),
        (
            {"parts": [Property(name="Soker", type="Finnes")]},
            "unknown_type",
        ),
        ({"parts": [Property(name="ikke gyldig", type="Soker")]}, "invalid_name"),
        (
            {"parts": [Property(name="Soker", type="Soker", min_occurs=2, max_occurs=1)]},
            "bad_occurrence",
        ),
        ({"types": [SimpleType(name="A", base="B"), SimpleType(name="B", base="A")]}, "base_cycle"),
    ],
    ids=["no-data-format-id", "duplicate-type", "unknown-type", "bad-name", "occurs", "cycle"],
)
def test_invalid_model_is_refused_with_coded_issues(change, code):
    """A model that cannot become a valid schema raises InvalidModel listing coded issues."""
    with pytest.raises(InvalidModel) as caught:
        generate_xsd(small_model(**change), "altinn")
    assert code in [issue.code for issue in caught.value.issues]


def test_standard_variant_needs_a_namespace():
    """Without domain and version there is no targetNamespace, so standard is refused."""
    model = small_model(version=None)
    generate_xsd(model, "altinn")
    with pytest.raises(InvalidModel) as caught:
        generate_xsd(model, "standard")
    assert [issue.code for issue in caught.value.issues] == ["missing_namespace"]
