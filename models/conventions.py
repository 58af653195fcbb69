"""SERES's XSD conventions: namespaces, element kinds, GUIDs, header keys."""

import re

XSD_NS = "http://www.w3.org/2001/XMLSchema"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
XML_NS = "http://www.w3.org/XML/1998/namespace"
SERES_NS = "http://seres.no/xsd/forvaltningsdata"
NAMESPACE_PREFIX = "http://seres.no/xsd"
GUID_PREFIX = "http://seres.no/guid"

ROOT_ELEMENT = "melding"
DATA_FORMAT_PROVIDER = "SERES"
DATA_FORMAT_ATTRIBUTES = ("dataFormatProvider", "dataFormatId", "dataFormatVersion")

# The namespace an attribute has in messages, as the model records it: none (a local
# declaration), SERES's (ref="seres:<name>", declared by seres.xsd), or, for the root's
# dataFormat attributes only, the model's own (global declarations used by ref, as the
# standard variant's newer generators write them; a schema without targetNamespace has
# none, so there they are unqualified).
NO_NAMESPACE = ""
TARGET_NAMESPACE = "##targetNamespace"
ATTRIBUTE_NAMESPACES = (NO_NAMESPACE, SERES_NS)
DATA_FORMAT_NAMESPACES = (NO_NAMESPACE, SERES_NS, TARGET_NAMESPACE)

STANDARD = "standard"
ALTINN = "altinn"
VARIANTS = (STANDARD, ALTINN)

# The values SERES writes in seres:elementtype (the metaclass of the model element).
MESSAGE_MODEL = "Meldingsmodell"
MESSAGE_PART = "Meldingsdel"
OBJECT_TYPE = "Dataobjekttype"
DATA_PROPERTY = "Dataegenskap"
RELATION_PROPERTY = "Relasjonsegenskap"
SIMPLE_TYPE = "Dataenkeltype"
OR_SIMPLE_TYPE = "ORDataenkeltype"
COMPLEX_DATA_TYPE = "Datakomplekstype"
TYPE_PROPERTY = "DataTypeegenskap"
CODE_LIST = "Datakodeliste"
CODE_SELECTION = "Datakodeutvalg"
CODE_ELEMENT = "Datakodeelement"
CHARACTER_RESTRICTION = "Tegnrestriksjon"
NUMBER_RESTRICTION = "Tallrestriksjon"
VALUE_RESTRICTION = "Verdirestriksjon"

# Header keys the generator derives from the model itself rather than from settings.
IDENTITY_KEYS = ("XSLT-skriptnavn", "XSD-generatorversjon", "XSLT-prosessor", "generert")
DERIVED_KEYS = ("namespace", "meldingsnavn", "domenenavn", "modellnavn", "XSD-variant")
LANGUAGE_KEYS = ("spraak", "språk")

# SERES 2.0.23's defaults, used when a model was not imported from a SERES file.
DEFAULT_SETTINGS = {
    "navneromprefix": NAMESPACE_PREFIX,
    "metamodellversjon": "1.2",
    "guid": "true",
    "orid": "false",
    "nillable": "true",
    "tillat-gjenbruk": "true",
    "elementtype": "true",
    "forvaltningsdata": "true",
    "forvaltningsdata-navnerom": SERES_NS,
    "saernorske-bokstaver-i-navn": "false",
    "ft_guid_som_attributt": "false",
    "sem-ref": "false",
    "kodebibliotek": "false",
}

VARIANT_LABELS = {STANDARD: "Standard", ALTINN: "Altinn 1.3.2"}

_NAMESPACE_RE = re.compile(
    r"^" + re.escape(NAMESPACE_PREFIX) + r"/(?P<domain>[^/]+)/(?P<model>[^/]+)/(?P<version>[^/]+)$"
)
_GUID_RE = re.compile(
    r"^" + re.escape(GUID_PREFIX) + r"/(?:(?P<domain>[^/]+)/)?"
    r"(?P<kind>[^/]+)/(?P<name>.+)/(?P<id>[^/]+)$"
)


def model_namespace(domain: str, model: str, version: str) -> str:
    """Return the standard variant's targetNamespace for a model."""
    return f"{NAMESPACE_PREFIX}/{domain}/{model}/{version}"


def parse_namespace(namespace: str) -> dict[str, str] | None:
    """Split a SERES targetNamespace into domain, model and version, or return None."""
    match = _NAMESPACE_RE.match(namespace)
    return match.groupdict() if match else None


def make_guid(domain: str, kind: str, name: str, ident: str | int) -> str:
    """Return the seres:guid URI of a model element."""
    return f"{GUID_PREFIX}/{domain}/{kind}/{name}/{ident}"


def parse_guid(guid: str) -> dict[str, str | None] | None:
    """Split a seres:guid into domain, kind, name and id, or return None."""
    # OR types from the old register carry no domain: http://seres.no/guid/<kind>/<name>/<id>.
    match = _GUID_RE.match(guid)
    return match.groupdict() if match else None


# XML Schema 1.0's built-in simple types; a model refers to them as "xsd:<name>".
BUILTIN_SIMPLE_TYPES = frozenset(
    [
        "anySimpleType",
        "string",
        "normalizedString",
        "token",
        "language",
        "Name",
        "NCName",
        "NMTOKEN",
        "NMTOKENS",
        "ID",
        "IDREF",
        "IDREFS",
        "ENTITY",
        "ENTITIES",
        "QName",
        "NOTATION",
        "anyURI",
        "boolean",
        "base64Binary",
        "hexBinary",
        "float",
        "double",
        "decimal",
        "integer",
        "nonPositiveInteger",
        "negativeInteger",
        "long",
        "int",
        "short",
        "byte",
        "nonNegativeInteger",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
        "positiveInteger",
        "duration",
        "dateTime",
        "time",
        "date",
        "gYearMonth",
        "gYear",
        "gMonthDay",
        "gDay",
        "gMonth",
    ]
)

# Built-in types whose values are whole numbers, and the other numeric ones.
INTEGER_TYPES = frozenset(
    [
        "integer",
        "long",
        "int",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
    ]
)
DECIMAL_TYPES = frozenset(["decimal", "float", "double"])

# Attributes seres.xsd declares; the standard variant refers to them as seres:<name>.
SERES_ATTRIBUTES = (
    "elementtype",
    "guid",
    "beskrivelse",
    "orid",
    "semRef",
    "dataFormatProvider",
    "dataFormatId",
    "dataFormatVersion",
    "skjemanummer",
    "spesifikasjonsnummer",
    "gruppeid",
    "repformatid",
    "feltnummer",
    "tittel",
    "blankettnummer",
    "etatid",
    "etatnavn",
)
