"""The one table from the models package's codes to translated words for people."""

from flask_babel import lazy_gettext as _l

# NotSeresXsd codes: why a file is not a SERES message specification.
NOT_SERES = {
    "empty": _l("The file is empty."),
    "not_xml": _l("The file is not XML."),
    "html": _l("The file is a web page (HTML), not an XSD."),
    "dtd": _l("The file has a document type declaration (DTD); SERES never writes one."),
    "not_schema": _l("The file is XML but not an XML Schema (XSD)."),
    "no_root_element": _l("The schema has no SERES message element (melding)."),
    "root_type_missing": _l("The schema does not define the type of its message element."),
}

# Import warnings: what the model cannot hold, by code.
WARNINGS = {
    "unsupported_construct": _l("Construct not supported"),
    "unsupported_attribute": _l("Attribute not supported"),
    "unsupported_import": _l("Import of another schema not supported"),
    "unsupported_value": _l("Value not supported"),
    "unresolved_type": _l("Type not defined"),
    "unresolved_reference": _l("Reference outside the schema"),
    "invalid_value": _l("Invalid value"),
    "duplicate_facet": _l("Restriction given twice"),
    "duplicate_type": _l("Type defined twice"),
    "missing_type": _l("Type missing"),
    "missing_metadata": _l("Metadata missing"),
}

# EditError codes, and the form field each belongs to; %(...)s takes the error's params.
EDIT = {
    "no_such_type": (None, _l("The type no longer exists.")),
    "no_such_property": (None, _l("The element no longer exists.")),
    "not_simple_type": (None, _l("Only a simple type has restrictions and codes.")),
    "invalid_name": ("name", _l("Use letters, digits, _ . or -, starting with a letter.")),
    "name_taken": ("name", _l("Another element here already has this name.")),
    "unknown_type": ("type", _l("Choose a type that exists.")),
    "invalid_occurrence": ("min_occurs", _l("Minimum must be 0 or more and at most the maximum.")),
    "invalid_facet": (None, _l("The restrictions contradict each other or are negative.")),
    "invalid_code": ("value", _l("Give the code a value.")),
    "code_exists": ("value", _l("The code list already has this value.")),
    "no_such_code": ("value", _l("The code list has no such value.")),
    "type_name_taken": ("name", _l("The model already has a type with this name.")),
    "invalid_kind": ("kind", _l("Choose Dataobjekttype or Datakomplekstype.")),
    "invalid_base": ("base", _l("Choose a base type from the list.")),
    "type_in_use": (
        "confirm",
        _l("%(type)s is used by %(users)s. Change or remove that first, then remove the type."),
    ),
}

STATES = {
    "working": _l("working"),
    "published": _l("published"),
    "historic": _l("historic"),
    "discarded": _l("discarded"),
}


def warning_label(code: str) -> str:
    return str(WARNINGS.get(code, code))


def not_seres_message(code: str) -> str:
    return str(NOT_SERES.get(code, _l("The file is not a SERES message specification.")))
