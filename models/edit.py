"""Small edits of a model, one element at a time: pure functions with coded errors.

The web layer loads a stored model, applies one of these, calls :func:`checked`
and stores the result. Each function changes the model in place and raises
:class:`EditError` (a stable ``code`` and ``params``) when the edit makes no sense.
The owner of properties is a type's name; the model's own name means its root
(the message parts).
"""

import uuid

import xmlschema

from models.checks import check_model, is_ncname
from models.conventions import (
    BUILTIN_SIMPLE_TYPES,
    COMPLEX_DATA_TYPE,
    DATA_PROPERTY,
    MESSAGE_PART,
    RELATION_PROPERTY,
    TYPE_PROPERTY,
    make_guid,
)
from models.errors import InvalidModel, Issue, ModelsError
from models.model import (
    INTEGER_FACETS,
    CodeElement,
    ComplexType,
    Facets,
    MessageModel,
    Property,
    SimpleType,
)
from models.validation import load_schema
from models.xsd_export import generate_xsd

# The builtin types offered when choosing a property's type, most used first.
COMMON_BUILTINS = (
    "xsd:string",
    "xsd:integer",
    "xsd:decimal",
    "xsd:boolean",
    "xsd:date",
    "xsd:dateTime",
    "xsd:gYear",
)


class EditError(ModelsError):
    """An edit that cannot apply to this model (see ``code`` and ``params``)."""

    code = "edit_error"


def type_choices(model: MessageModel) -> list[str]:
    """Return the type names a property may have: common builtins, then the model's types."""
    return [*COMMON_BUILTINS, *(t.name for t in model.types)]


def _known_type(model: MessageModel, name: str) -> bool:
    if name.startswith("xsd:"):
        return name[4:] in BUILTIN_SIMPLE_TYPES
    return model.type_named(name) is not None


def properties_of(model: MessageModel, owner: str) -> list[Property]:
    """Return the list of properties of the root (``owner == model.name``) or a complex type."""
    if owner == model.name:
        return model.parts
    found = model.type_named(owner)
    if not isinstance(found, ComplexType):
        raise EditError(f"no complex type {owner!r}", "no_such_type", type=owner)
    return found.properties


def find_property(model: MessageModel, owner: str, name: str) -> Property:
    """Return the property ``name`` of ``owner``."""
    for item in properties_of(model, owner):
        if item.name == name:
            return item
    raise EditError(f"no property {name!r} in {owner}", "no_such_property", name=name, type=owner)


def simple_type(model: MessageModel, name: str) -> SimpleType:
    """Return the simple type ``name`` (restrictions and codes live there)."""
    found = model.type_named(name)
    if not isinstance(found, SimpleType):
        raise EditError(f"no simple type {name!r}", "not_simple_type", type=name)
    return found


def _check_name(model: MessageModel, owner: str, name: str, current: str | None = None) -> None:
    if not is_ncname(name):
        raise EditError(f"{name!r} is not a valid XML name", "invalid_name", name=name)
    if name != current and any(p.name == name for p in properties_of(model, owner)):
        raise EditError(f"{owner} already has {name}", "name_taken", name=name, type=owner)


def _check_type(model: MessageModel, type_name: str) -> None:
    if not _known_type(model, type_name):
        raise EditError(f"unknown type {type_name!r}", "unknown_type", type=type_name)


def _check_occurrence(min_occurs: int, max_occurs: int | None) -> None:
    if min_occurs < 0 or (max_occurs is not None and (max_occurs < 1 or max_occurs < min_occurs)):
        raise EditError(
            f"occurrence {min_occurs}..{max_occurs} is not possible",
            "invalid_occurrence",
            min=str(min_occurs),
            max="unbounded" if max_occurs is None else str(max_occurs),
        )


def _kind_for(model: MessageModel, owner: str, type_name: str) -> str:
    if owner == model.name:
        return MESSAGE_PART
    if getattr(model.type_named(owner), "kind", None) == COMPLEX_DATA_TYPE:
        return TYPE_PROPERTY
    if isinstance(model.type_named(type_name), ComplexType):
        return RELATION_PROPERTY
    return DATA_PROPERTY


def add_property(
    model: MessageModel,
    owner: str,
    name: str,
    type_name: str,
    min_occurs: int = 1,
    max_occurs: int | None = 1,
    ident: str | None = None,
) -> Property:
    """Append a property to ``owner``; optional ones are nillable, as SERES writes them."""
    _check_name(model, owner, name)
    _check_type(model, type_name)
    _check_occurrence(min_occurs, max_occurs)
    kind = _kind_for(model, owner, type_name)
    guid = make_guid(model.domain, kind, name, ident or uuid.uuid4().hex) if model.domain else None
    added = Property(
        name=name,
        type=type_name,
        min_occurs=min_occurs,
        max_occurs=max_occurs,
        nillable=min_occurs == 0,
        kind=kind,
        guid=guid,
    )
    properties_of(model, owner).append(added)
    return added


def remove_property(model: MessageModel, owner: str, name: str) -> None:
    """Remove the property ``name`` from ``owner``."""
    properties_of(model, owner).remove(find_property(model, owner, name))


def rename_property(model: MessageModel, owner: str, name: str, new_name: str) -> Property:
    """Give a property a new name (its GUID stays: SERES keeps it across renames)."""
    found = find_property(model, owner, name)
    _check_name(model, owner, new_name, current=name)
    found.name = new_name
    return found


def set_property_type(model: MessageModel, owner: str, name: str, type_name: str) -> Property:
    """Change a property's type to a builtin (``xsd:...``) or one of the model's types."""
    found = find_property(model, owner, name)
    _check_type(model, type_name)
    found.type = type_name
    return found


def set_occurrence(
    model: MessageModel, owner: str, name: str, min_occurs: int, max_occurs: int | None
) -> Property:
    """Change minOccurs/maxOccurs (None: unbounded); optional means nillable."""
    found = find_property(model, owner, name)
    _check_occurrence(min_occurs, max_occurs)
    found.min_occurs, found.max_occurs = min_occurs, max_occurs
    found.nillable = min_occurs == 0
    return found


def set_facets(model: MessageModel, type_name: str, facets: Facets) -> SimpleType:
    """Replace a simple type's restrictions (facets)."""
    found = simple_type(model, type_name)
    for name in INTEGER_FACETS:
        value = getattr(facets, name)
        if value is not None and value < 0:
            raise EditError(f"{name} cannot be negative", "invalid_facet", facet=name)
    low, high = facets.min_length, facets.max_length
    if low is not None and high is not None and low > high:
        raise EditError("minLength exceeds maxLength", "invalid_facet", facet="min_length")
    found.facets = facets
    return found


def add_code(
    model: MessageModel, type_name: str, value: str, description: str | None = None
) -> CodeElement:
    """Append a value to a simple type's code list (a Datakodeelement)."""
    found = simple_type(model, type_name)
    if not value.strip():
        raise EditError("a code needs a value", "invalid_code", value=value)
    if any(code.value == value for code in found.codes):
        raise EditError(f"{type_name} already has {value}", "code_exists", value=value)
    code = CodeElement(value=value, description=description or None)
    found.codes.append(code)
    return code


def remove_code(model: MessageModel, type_name: str, value: str) -> None:
    """Remove a value from a simple type's code list."""
    found = simple_type(model, type_name)
    kept = [code for code in found.codes if code.value != value]
    if len(kept) == len(found.codes):
        raise EditError(f"{type_name} has no code {value}", "no_such_code", value=value)
    found.codes = kept


def checked(model: MessageModel) -> MessageModel:
    """Return ``model`` if it still makes a valid schema in both variants; else InvalidModel."""
    issues = check_model(model)
    if issues:
        raise InvalidModel(issues)
    for variant in ("altinn", "standard") if model.target_namespace else ("altinn",):
        try:
            load_schema(generate_xsd(model, variant))
        except xmlschema.XMLSchemaException as exc:
            raise InvalidModel([Issue("invalid_schema", str(exc), {"variant": variant})]) from exc
    return model
