"""The one table from the models package's codes to translated words for people.

The models package's own messages are English and name Python and XPath
details; people see only the words here, made from each issue's ``code`` and
``params``.
"""

import logging
import re

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from models.errors import InvalidModel, Issue
from models.model import FACET_NAMES

log = logging.getLogger(__name__)

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

# Import warnings: what the model cannot hold, by code: a label, and the words with the
# warning's params (its "context", e.g. "element a in type Del", put in words by context_words).
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
WARNING_WORDS = {
    "unsupported_construct": _l("%(construct)s in %(context)s is not supported."),
    "unsupported_attribute": _l("The attribute %(attribute)s in %(context)s is not supported."),
    "unsupported_import": _l("The import of the namespace %(namespace)s is not supported."),
    "unsupported_value": _l('%(attribute)s="%(value)s" in %(context)s is not supported.'),
    "unresolved_type": _l("The type %(type)s, used in %(context)s, is not defined in the file."),
    "unresolved_reference": _l(
        "The reference %(reference)s in %(context)s is outside the schema's namespace."
    ),
    "invalid_value": _l('%(attribute)s="%(value)s" in %(context)s is not valid and is left out.'),
    "duplicate_facet": _l(
        "The restriction %(facet)s is given twice in %(context)s; the last one is kept."
    ),
    "duplicate_type": _l("The type %(type)s is defined twice; the second one is left out."),
    "missing_type": _l("The element %(element)s in %(context)s has no type; it allows anything."),
    "missing_metadata": _l("The file does not give the model's %(field)s."),
}
UNKNOWN_WARNING = _l("Something in the file cannot be held in the model.")

# The parts of a warning's context, "<kind> <name>" joined by " in ".
CONTEXT_KINDS = {
    "element": _l("element %(name)s"),
    "type": _l("type %(name)s"),
    "attribute": _l("attribute %(name)s"),
    "enumeration": _l("code %(name)s"),
}
CONTEXT_PLACES = {
    "schema": _l("the schema"),
    "the schema header": _l("the schema's header"),
    "schema (a top-level type without a name)": _l("the schema (a type without a name)"),
}
IN_CONTEXT = _l("%(part)s in %(whole)s")


def context_words(context: str) -> str:
    """ "element a in type Del" in words; names and XSD terms stay as they are."""
    words = []
    for part in context.split(" in "):
        kind, _space, name = part.partition(" ")
        if part in CONTEXT_PLACES:
            words.append(str(CONTEXT_PLACES[part]))
        elif kind in CONTEXT_KINDS and name:
            words.append(str(CONTEXT_KINDS[kind]) % {"name": name})
        else:
            words.append(part)
    text = words[0]
    for whole in words[1:]:
        text = str(IN_CONTEXT) % {"part": text, "whole": whole}
    return text


def warning_words(warning: Issue) -> str:
    """An import warning in words, from its code and params (not its English message)."""
    params = dict(warning.params)
    if "context" in params:
        params["context"] = context_words(params["context"])
    return _fill(WARNING_WORDS.get(warning.code, UNKNOWN_WARNING), params)


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

# check_model's codes (an InvalidModel's issues): the form field each belongs to, and words.
CHECKS = {
    "unknown_variant": (None, _l("There is no variant %(variant)s.")),
    "invalid_name": (
        "name",
        _l("%(name)s is not a valid name: use letters, digits, _ . or -, starting with a letter."),
    ),
    "missing_metadata": (
        None,
        _l("The model has no %(field)s; a message specification needs one."),
    ),
    "missing_namespace": (
        None,
        _l(
            "The standard variant needs a namespace, and the model has no "
            "domain and version to make one from."
        ),
    ),
    "duplicate_type": ("name", _l("The type %(type)s is defined twice.")),
    "unknown_type": ("type", _l("%(type)s is not a type of the model.")),
    "bad_base": ("type", _l("%(type)s%(element)s builds on a type that cannot be used there.")),
    "facets_on_extension": (
        None,
        _l(
            "%(type)s has attributes, so its restrictions and codes "
            "belong in the type it builds on."
        ),
    ),
    "attributes_on_restriction": (
        None,
        _l("%(type)s has attributes but is not marked as a type with attributes."),
    ),
    "duplicate_element": ("name", _l("Two elements of the same type are called %(element)s.")),
    "bad_occurrence": (
        "min_occurs",
        _l(
            "%(element)s cannot occur that often: the maximum "
            "must be at least 1 and at least the minimum."
        ),
    ),
    "duplicate_attribute": ("name", _l("Two attributes are called %(name)s.")),
    "bad_use": (
        None,
        _l('An attribute has use="%(use)s"; only optional and required can be written.'),
    ),
    "base_cycle": (None, _l("%(type)s builds on itself.")),
    "required_cycle": (
        None,
        _l("%(type)s requires itself (through %(types)s), so no message could ever be complete."),
    ),
    "pattern_too_deep": (
        "patterns",
        _l("A pattern of %(type)s nests groups more than %(limit)s deep."),
    ),
}

# invalid_schema: the schema made from the model is refused; by the XSD element refused.
FACET_FIELDS = {xsd: field for field, xsd in FACET_NAMES}
INVALID_PATTERN = _l("The pattern %(value)s is not a valid XML Schema regular expression.")
INVALID_FACET = _l("The restriction %(facet)s = %(value)s does not fit the type it restricts.")
INAPPLICABLE_FACET = _l("The restriction %(facet)s cannot be used on a type restricting %(base)s.")
INVALID_SCHEMA_NAME = _l(
    "%(value)s is not a valid XML name: use letters, digits, _ . or -, starting with a letter."
)
INVALID_CODE = _l("The code %(value)s does not fit the type's base type or restrictions.")
INVALID_SCHEMA = _l("The model does not make a valid XML Schema (the %(variant)s variant).")
UNKNOWN_ISSUE = _l("The model cannot be written as a message specification (%(code)s).")


class _Params(dict):
    """An issue's params for %-formatting: a param the words use but the issue lacks is blank."""

    def __missing__(self, key: str) -> str:
        return ""


def _fill(words, params: dict) -> str:
    text = str(words)
    return text % _Params(params) if "%(" in text else text


def local_name(tag) -> str:
    return str(tag).rsplit("}", 1)[-1]


def _schema_issue(issue: Issue, cause: BaseException | None) -> tuple[str | None, str]:
    """Which part of the generated schema was refused, in words, and the field it belongs to.

    The xmlschema exception (``InvalidModel.__cause__``) names the XSD element it refused;
    its own text (Python and XPath details, in English) goes to the debug log only.
    """
    if cause is not None:
        log.debug("invalid schema (%s variant): %s", issue.params.get("variant"), cause)
    element = getattr(cause, "elem", None)
    tag = local_name(getattr(element, "tag", ""))
    attributes = getattr(element, "attrib", {}) or {}
    facet = issue.params.get("facet") or (tag if tag in FACET_FIELDS else None)
    value = issue.params.get("value") or attributes.get("value", "")
    if facet in FACET_FIELDS:
        words = INVALID_PATTERN if facet == "pattern" else INVALID_FACET
        return FACET_FIELDS[facet], _fill(words, {"facet": facet, "value": value})
    if tag == "restriction":
        # Facets its base does not admit: those outside the admitted set xmlschema names.
        given = [local_name(child.tag) for child in element]
        given = [name for name in given if name in FACET_FIELDS]
        admitted = re.search(r"admitted set is \{([^}]*)\}", str(getattr(cause, "message", "")))
        named = set(re.findall(r"'(\w+)'", admitted.group(1))) if admitted else set()
        refused = [name for name in given if name not in named] if named else given
        if refused:
            base = attributes.get("base", "")
            words = _fill(INAPPLICABLE_FACET, {"facet": ", ".join(refused), "base": base})
            return FACET_FIELDS[refused[0]], words
    if tag == "enumeration":
        return "value", _fill(INVALID_CODE, {"value": value})
    if tag in ("element", "attribute", "simpleType", "complexType") and "name" in attributes:
        return "name", _fill(INVALID_SCHEMA_NAME, {"value": attributes["name"]})
    return None, _fill(INVALID_SCHEMA, {"variant": issue.params.get("variant", "")})


def issue_words(issue: Issue, cause: BaseException | None = None) -> tuple[str | None, str]:
    """An InvalidModel issue as (form field or None, translated words)."""
    if issue.code == "invalid_schema":
        return _schema_issue(issue, cause)
    field, words = CHECKS.get(issue.code, (None, UNKNOWN_ISSUE))
    return field, _fill(words, {"code": issue.code, **issue.params})


def invalid_model_words(exc: InvalidModel, limit: int = 20) -> list[tuple[str | None, str]]:
    """Each issue of ``exc`` as (field, words), at most ``limit`` and then how many more."""
    found = [issue_words(issue, exc.__cause__) for issue in exc.issues[:limit]]
    if len(exc.issues) > limit:
        more = _("… and %(count)s more problems.") % {"count": len(exc.issues) - limit}
        found.append((None, more))
    return found


STATES = {
    "working": _l("working"),
    "published": _l("published"),
    "historic": _l("historic"),
    "discarded": _l("discarded"),
}


# Groups of types (models.browse, and edit's built-ins): page headings and the type list's.
TYPE_GROUPS = {
    "builtins": _l("Built-in types"),
    "parts": _l("Message parts"),
    "complex": _l("Object types and complex data types"),
    "simple": _l("Simple types and code lists"),
    "helpers": _l("Restriction helpers"),
}


def type_groups(groups: list[tuple[str, list[str]]]) -> dict[str, list[str]]:
    """Grouped type names as a select's choices: {group's words: [name, ...]} (optgroups)."""
    out: dict[str, list[str]] = {}
    for key, names in groups:
        out.setdefault(str(TYPE_GROUPS.get(key, key)), []).extend(names)
    return out


def edit_words(exc) -> tuple[str | None, str]:
    """An EditError as (form field or None, words); a facet it names is that facet's field."""
    field, words = EDIT.get(exc.code, (None, _l("The change cannot be made.")))
    facet = exc.params.get("facet")
    if facet:
        field = FACET_FIELDS.get(facet, facet)
    return field, _fill(words, exc.params)


def warning_label(code: str) -> str:
    return str(WARNINGS.get(code, code))


def not_seres_message(code: str) -> str:
    return str(NOT_SERES.get(code, _l("The file is not a SERES message specification.")))
