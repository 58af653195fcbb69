"""Importing SERES XSDs into the model."""

import re

import pytest

from models import AttributeDecl, ComplexType, Facets, SimpleType, import_xsd
from tests.models.conftest import SAMPLE_VARIANTS, part_with, read_sample, seres_xsd

HVEM = "Kursdomene_HvemErHvem_M_2021-04-08_5742_34627_SERES.xsd"
BLI = "Kursdomene_BliTjenesteeier_M_2020-05-25_5703_34553_SERES.xsd"
RA = "RA-0678_M.xsd"
KRT = "krt-3221-42265.xsd"
STANDARD = "schema_2363_2_forms_3141_37777.xsd"


def test_every_sample_imports_without_warnings(sample_name):
    """Real SERES output holds nothing the model cannot represent."""
    result = import_xsd(read_sample(sample_name))
    assert result.warnings == []
    assert result.model.variant == SAMPLE_VARIANTS[sample_name]


def test_message_model_metadata_is_read():
    """Name, domain, version, dataFormat ids, language and GUID come from the file."""
    model = import_xsd(read_sample(HVEM)).model
    assert (model.name, model.domain, model.version) == ("HvemErHvem_M", "Kursdomene", "2021")
    assert (model.data_format_id, model.data_format_version) == ("5742", "34627")
    assert model.language == "nb"
    assert model.root_element == "melding"
    assert model.guid == "http://seres.no/guid/Kursdomene/Meldingsmodell/HvemErHvem_M/784912"
    assert model.target_namespace == "http://seres.no/xsd/Kursdomene/HvemErHvem_M/2021"
    assert model.provenance["XSD-generatorversjon"] == "2.0.23"


def test_message_parts_and_elements_keep_their_order():
    """Meldingsdeler and the elements of each type stay in file order."""
    model = import_xsd(read_sample(BLI)).model
    assert [part.name for part in model.parts] == ["Tjenesteeier", "Kontaktperson", "OEnsketBruk"]
    assert [part.kind for part in model.parts] == ["Meldingsdel"] * 3
    owner = model.type_named("Tjenesteeier")
    assert [prop.name for prop in owner.properties][:4] == [
        "navnBokmaal",
        "organisasjonsnummer",
        "sektor",
        "navnNynorsk",
    ]


def test_guids_are_kept_verbatim_even_when_names_differ():
    """A GUID whose name part differs from the XSD name (Innrapportør) is not rewritten."""
    model = import_xsd(read_sample(HVEM)).model
    assert model.parts[0].name == "Innrapportoer"
    assert model.parts[0].guid.endswith("/Meldingsdel/Innrapportør/784916")


def test_occurrences_and_nillable_are_read():
    """Optional elements are minOccurs 0 and nillable; maxOccurs is read as a number."""
    model = import_xsd(read_sample(STANDARD)).model
    periods = model.type_named("Driftsperioder").properties[0]
    assert (periods.min_occurs, periods.max_occurs, periods.nillable) == (0, 12, True)
    required = model.type_named("InternInformasjon").properties[2]
    assert (required.name, required.min_occurs, required.max_occurs, required.nillable) == (
        "raNummer",
        1,
        1,
        False,
    )


def test_restriction_facets_are_read():
    """totalDigits, minInclusive and maxInclusive land in the type's facets."""
    model = import_xsd(read_sample(RA)).model
    minutes = model.type_named("AntallMinutter_AntallMinutterRestriksjon")
    assert minutes.kind == "Tallrestriksjon"
    assert minutes.base == "xsd:integer"
    assert minutes.facets == Facets(total_digits=2, min_inclusive="0", max_inclusive="59")


def test_pattern_and_length_facets_are_read():
    """Patterns and lengths are read as written."""
    bli = import_xsd(read_sample(BLI)).model
    assert bli.type_named("Foedselsnummer_RestriksjonFoedselsnummer").facets.patterns == [
        "[0-9]{11}"
    ]
    krt = import_xsd(read_sample(KRT)).model
    postnummer = krt.type_named("RapporteringsenhetPostnummer-21774_Tekst44BareTall-10_6")
    assert postnummer.facets == Facets(length=4, patterns=["[0-9]{4}"])


def test_code_lists_keep_values_guids_and_order():
    """Datakodeelementer keep their order, their GUIDs, and an empty value."""
    model = import_xsd(read_sample(RA)).model
    codes = model.type_named("Periodetype").codes
    assert [code.value for code in codes] == [
        "AAR",
        "DELT",
        "HALV",
        "KVRT",
        "MND",
        "TERM",
        "TERT",
        "UKE",
        "",
    ]
    assert codes[1].guid.endswith("/Datakodeelement/Delt utvalg/618235")
    assert all(code.kind == "Datakodeelement" for code in codes)


def test_or_simple_type_with_fixed_guid_attribute_is_read():
    """An ORDataenkeltype written as simpleContent keeps its base, orid and fixed guid."""
    model = import_xsd(read_sample(KRT)).model
    address = model.type_named("VirksomhetAdresse-25453")
    assert isinstance(address, SimpleType)
    assert address.simple_content
    assert address.kind == "ORDataenkeltype"
    assert address.extra == {"orid": "25453"}
    assert address.base == "VirksomhetAdresse-25453_Tekst105-9_2"
    assert address.attributes == [
        AttributeDecl(name="guid", use="required", fixed=address.guid, kind=None)
    ]


def test_types_without_seres_attributes_are_kept():
    """A helper simpleType without elementtype or GUID keeps kind and guid None."""
    model = import_xsd(read_sample(KRT)).model
    helper = model.type_named("PeriodeType_Verdirestriksjon")
    assert (helper.kind, helper.guid) == (None, None)
    assert len(helper.codes) == 20


def test_descriptions_are_read_from_seres_beskrivelse():
    """seres:beskrivelse on types, elements and restrictions becomes the description."""
    model = import_xsd(read_sample(RA)).model
    intern = model.type_named("InternInformasjon")
    assert intern.description.startswith("Når et skjema ligger i meldingsboksen")
    assert intern.properties[0].description.startswith("Tekst som beskriver perioden")
    orgnr = model.type_named("Organisasjonsnummer_OrganisasjonsnummerRestriksjon")
    assert orgnr.restriction_description == "MOD 11 gir siste siffer i orgnr"


def test_annotation_documentation_is_read():
    """xsd:annotation/xsd:documentation on a type and an element becomes documentation."""
    xsd = seres_xsd(
        part_with(
            '<xsd:element name="navn" type="Tekst"><xsd:annotation>'
            "<xsd:documentation> Personens navn </xsd:documentation>"
            "</xsd:annotation></xsd:element>"
        ).replace(
            "<xsd:sequence>",
            "<xsd:annotation><xsd:documentation>Del med navn</xsd:documentation>"
            "</xsd:annotation><xsd:sequence>",
            1,
        )
    )
    result = import_xsd(xsd)
    assert result.warnings == []
    part = result.model.type_named("Del")
    assert part.documentation == "Del med navn"
    assert part.properties[0].documentation == "Personens navn"


def test_standard_variant_reads_namespace_domain_and_version():
    """The targetNamespace (with Norwegian letters) gives domain, model and version."""
    model = import_xsd(read_sample(STANDARD)).model
    assert model.variant == "standard"
    assert model.domain == "StatistiskSentralbyrå"
    assert model.version == "2012"
    assert model.namespace is None
    assert model.target_namespace == "http://seres.no/xsd/StatistiskSentralbyrå/RA-0597_M/2012"


def test_file_without_header_takes_domain_from_namespace():
    """Without the generator header the namespace still names domain and version."""
    namespace = "http://seres.no/xsd/Testdomene/Test_M/2024"
    model = import_xsd(seres_xsd(part_with(""), namespace=namespace)).model
    assert (model.domain, model.version, model.namespace) == ("Testdomene", "2024", None)


def test_bom_and_no_bom_give_the_same_model(sample_name):
    """A UTF-8 byte order mark makes no difference."""
    data = read_sample(sample_name)
    without = data.removeprefix(b"\xef\xbb\xbf")
    with_bom = b"\xef\xbb\xbf" + without
    assert import_xsd(without).model == import_xsd(with_bom).model


def test_one_line_and_indented_give_the_same_model(sample_name):
    """Whitespace between elements (tabs, spaces, newlines, or none) makes no difference."""
    data = read_sample(sample_name)
    lines = data.decode("utf-8-sig").splitlines()
    one_line = "".join(line.strip() for line in lines)
    # Nothing may precede an XML declaration, so the first line keeps its place.
    reindented = "\n".join(
        ("\t\t" if index else "") + line.strip() for index, line in enumerate(lines)
    )
    expected = import_xsd(data).model
    assert import_xsd(one_line).model == expected
    assert import_xsd(reindented).model == expected


def test_with_and_without_seres_import_give_the_same_model():
    """The standard sample imports seres.xsd; removing the import changes nothing."""
    data = read_sample(STANDARD)
    line = (
        b'<xsd:import namespace="http://seres.no/xsd/forvaltningsdata"'
        b' schemaLocation="seres.xsd" />'
    )
    assert line in data
    without = import_xsd(data.replace(line, b""))
    assert without.warnings == []
    assert without.model == import_xsd(data).model


def test_str_and_bytes_input_give_the_same_model():
    """Text already decoded (even with a declaration naming another encoding) is accepted."""
    data = read_sample(KRT)
    text = data.decode("utf-8-sig")
    assert import_xsd(text).model == import_xsd(data).model
    latin = text.replace('encoding="utf-8"', 'encoding="iso-8859-1"')
    assert import_xsd(latin).model == import_xsd(data).model


def test_standard_refs_to_seres_attributes_become_named_attributes():
    """ref="seres:guid" in a simpleContent extension reads as an attribute named guid."""
    namespace = "http://seres.no/xsd/Test/Test_M/1"
    types = part_with(
        '<xsd:element name="navn" type="Navn" />',
        """<xsd:complexType name="Navn" seres:elementtype="Dataenkeltype">
          <xsd:simpleContent><xsd:extension base="Tekst">
            <xsd:attribute ref="seres:guid" use="required" fixed="http://seres.no/guid/x/1" />
          </xsd:extension></xsd:simpleContent></xsd:complexType>""",
    )
    result = import_xsd(seres_xsd(types, namespace=namespace))
    assert result.warnings == []
    assert result.model.type_named("Navn").attributes[0].name == "guid"


def test_property_of_a_property_is_read():
    """An element extending its type with attributes (SERES's sub-properties) is held."""
    types = part_with(
        """<xsd:element name="navn" seres:elementtype="Dataegenskap">
          <xsd:complexType><xsd:simpleContent><xsd:extension base="Tekst">
            <xsd:attribute name="godkjent" type="Tekst" use="required"
                seres:elementtype="Dataegenskap" />
          </xsd:extension></xsd:simpleContent></xsd:complexType>
        </xsd:element>"""
    )
    result = import_xsd(seres_xsd(types))
    assert result.warnings == []
    prop = result.model.type_named("Del").properties[0]
    assert prop.type == "Tekst"
    assert prop.attributes == [
        AttributeDecl(name="godkjent", type="Tekst", use="required", kind="Dataegenskap")
    ]


def test_repeating_relation_with_any_attribute_is_read():
    """Altinn's open repeating relation (complexContent extension with anyAttribute) is held."""
    types = part_with(
        """<xsd:element name="barn" nillable="true" minOccurs="0" maxOccurs="unbounded">
          <xsd:complexType><xsd:complexContent><xsd:extension base="Person">
            <xsd:anyAttribute /></xsd:extension></xsd:complexContent></xsd:complexType>
        </xsd:element>""",
        """<xsd:complexType name="Person"><xsd:sequence>
          <xsd:element name="navn" type="Tekst" /></xsd:sequence></xsd:complexType>""",
    )
    result = import_xsd(seres_xsd(types))
    assert result.warnings == []
    prop = result.model.type_named("Del").properties[0]
    assert (prop.type, prop.max_occurs, prop.any_attribute) == ("Person", None, True)


def test_inheritance_between_object_types_is_read():
    """An object type extending another keeps its base and its own elements."""
    types = part_with(
        '<xsd:element name="pasient" type="Pasient" />',
        """<xsd:complexType name="Person"><xsd:sequence>
          <xsd:element name="navn" type="Tekst" /></xsd:sequence></xsd:complexType>""",
        """<xsd:complexType name="Pasient"><xsd:complexContent>
          <xsd:extension base="Person"><xsd:sequence>
            <xsd:element name="nummer" type="Tekst" />
          </xsd:sequence></xsd:extension></xsd:complexContent></xsd:complexType>""",
    )
    result = import_xsd(seres_xsd(types))
    assert result.warnings == []
    patient = result.model.type_named("Pasient")
    assert isinstance(patient, ComplexType)
    assert patient.base == "Person"
    assert [prop.name for prop in patient.properties] == ["nummer"]


@pytest.mark.parametrize("hidden", ["seres:elementtype", "seres:guid"])
def test_files_without_elementtype_or_guid_import(hidden):
    """SERES can hide elementtype and GUIDs; such files still import, with None."""
    data = read_sample(HVEM).decode("utf-8-sig")

    stripped = re.sub(rf' {hidden}="[^"]*"', "", data)
    result = import_xsd(stripped)
    field = "kind" if hidden == "seres:elementtype" else "guid"
    assert all(getattr(item, field) is None for item in result.model.types)


def test_data_format_attributes_by_seres_ref_are_read():
    """Older standard files refer to seres:dataFormatId (as SERES's documentation shows)."""
    xsd = seres_xsd(part_with(""), namespace="http://seres.no/xsd/Test/Test_M/1")
    for name, value in (
        ("dataFormatProvider", "SERES"),
        ("dataFormatId", "1"),
        ("dataFormatVersion", "2"),
    ):
        xsd = xsd.replace(
            f'<xsd:attribute name="{name}" type="xsd:string" use="required" fixed="{value}" />',
            f'<xsd:attribute ref="seres:{name}" use="required" fixed="{value}" />',
        )
    assert 'ref="seres:dataFormatId"' in xsd
    result = import_xsd(xsd)
    assert result.warnings == []
    assert (result.model.data_format_id, result.model.data_format_version) == ("1", "2")
