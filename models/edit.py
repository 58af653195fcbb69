"""Small edits of a model, one element at a time: pure functions with coded errors.

Properties (add, remove, rename, type, occurrence), a simple type's facets and
codes, and types themselves (add an object or complex data type, add a simple
type, remove a type nothing uses).

The web layer loads a stored model, applies one of these, calls :func:`checked`
and stores the result. Each function changes the model in place and raises
:class:`EditError` (a stable ``code`` and ``params``) when the edit makes no sense.
The owner of properties is a type's name; the model's own name means its root
(the message parts).
"""

import uuid

import xmlschema

from models import browse
from models.checks import check_model, is_ncname
from models.conventions import (
    BUILTIN_SIMPLE_TYPES,
    COMPLEX_DATA_TYPE,
    DATA_PROPERTY,
    MESSAGE_PART,
    OBJECT_TYPE,
    RELATION_PROPERTY,
    SIMPLE_TYPE,
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

# The kinds (seres:elementtype) of a complex type a writer adds.
COMPLEX_KINDS = (OBJECT_TYPE, COMPLEX_DATA_TYPE)
# The builtin types a new simple type (a Dataenkeltype) may restrict.
SIMPLE_BASES = COMMON_BUILTINS


class EditError(ModelsError):
    """An edit that cannot apply to this model (see ``code`` and ``params``)."""

    code = "edit_error"


def type_choices(model: MessageModel) -> list[str]:
    """Return the type names a property may have: common builtins, then the model's types."""
    return [name for _group, names in grouped_type_choices(model) for name in names]


BUILTINS = "builtins"


def grouped_type_choices(model: MessageModel) -> list[tuple[str, list[str]]]:
    """The type names a property may have, in groups: ``BUILTINS`` first, then the model's
    types by ``models.browse`` group (complex types, simple types and code lists, and
    restriction helpers last, out of the way), each sorted; empty groups left out."""
    found = [(BUILTINS, list(COMMON_BUILTINS))]
    for group, items in browse.grouped(model.types):
        key = browse.COMPLEX if group == browse.PARTS else group
        names = sorted((t.name for t in items), key=str.casefold)
        if found[-1][0] == key:
            found[-1][1].extend(names)
        else:
            found.append((key, names))
    return found


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


def property_problems(
    model: MessageModel,
    owner: str,
    name: str | None,
    type_name: str | None,
    occurrence: tuple[int, int | None] | None,
    current: str | None = None,
) -> list[EditError]:
    """Every reason a property (new, or ``current`` changed) cannot be as given, at once.

    A part given as None (found wrong already, by the form) is not checked.
    """
    checks = [
        (name is not None, lambda: _check_name(model, owner, name, current)),
        (type_name is not None, lambda: _check_type(model, type_name)),
        (occurrence is not None, lambda: _check_occurrence(*occurrence)),
    ]
    found = []
    for wanted, check in checks:
        try:
            if wanted:
                check()
        except EditError as exc:
            found.append(exc)
    return found


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


def facet_problems(facets: Facets) -> list[EditError]:
    """Every reason these restrictions cannot be, at once (a facet left None is not checked)."""
    found = [
        EditError(f"{name} cannot be negative", "invalid_facet", facet=name)
        for name in INTEGER_FACETS
        if getattr(facets, name) is not None and getattr(facets, name) < 0
    ]
    low, high = facets.min_length, facets.max_length
    if low is not None and high is not None and low > high:
        found.append(EditError("minLength exceeds maxLength", "invalid_facet", facet="min_length"))
    return found


def set_facets(model: MessageModel, type_name: str, facets: Facets) -> SimpleType:
    """Replace a simple type's restrictions (facets)."""
    found = simple_type(model, type_name)
    for problem in facet_problems(facets):
        raise problem
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


def _new_guid(model: MessageModel, kind: str, name: str, ident: str | None) -> str | None:
    return make_guid(model.domain, kind, name, ident or uuid.uuid4().hex) if model.domain else None


def type_name_problems(model: MessageModel, name: str | None) -> list[EditError]:
    """Why a new type cannot have this name (none given: not checked), as a list."""
    try:
        if name is not None:
            _check_type_name(model, name)
    except EditError as exc:
        return [exc]
    return []


def _check_type_name(model: MessageModel, name: str) -> None:
    if not is_ncname(name):
        raise EditError(f"{name!r} is not a valid XML name", "invalid_name", name=name)
    if name == model.name or model.type_named(name) is not None:
        raise EditError(f"the model already has a type {name}", "type_name_taken", name=name)


def add_complex_type(
    model: MessageModel, name: str, kind: str = OBJECT_TYPE, ident: str | None = None
) -> ComplexType:
    """Append an empty Dataobjekttype or Datakomplekstype; its elements are added one by one."""
    _check_type_name(model, name)
    if kind not in COMPLEX_KINDS:
        raise EditError(f"{kind!r} is not a kind of complex type", "invalid_kind", kind=kind)
    added = ComplexType(name=name, kind=kind, guid=_new_guid(model, kind, name, ident))
    model.types.append(added)
    return added


def add_simple_type(
    model: MessageModel, name: str, base: str = "xsd:string", ident: str | None = None
) -> SimpleType:
    """Append a Dataenkeltype restricting one of :data:`SIMPLE_BASES`, without restrictions."""
    _check_type_name(model, name)
    if base not in SIMPLE_BASES:
        raise EditError(
            f"{base!r} is not a base a new simple type may have", "invalid_base", base=base
        )
    added = SimpleType(
        name=name, base=base, kind=SIMPLE_TYPE, guid=_new_guid(model, SIMPLE_TYPE, name, ident)
    )
    model.types.append(added)
    return added


def type_users(model: MessageModel, name: str) -> list[str]:
    """Return what refers to type ``name``, in model order.

    ``Owner.element`` for a property (the root's parts under the model's name),
    ``Owner.element/@attribute`` or ``Owner/@attribute`` for an attribute, and
    ``Owner`` for a type that extends or restricts it. The type's own
    properties do not count: they go with it.
    """
    users: list[str] = []

    def attributes(owner: str, declared) -> None:
        users.extend(f"{owner}/@{a.name}" for a in declared if a.type == name)

    def properties(owner: str, declared: list[Property]) -> None:
        for prop in declared:
            if prop.type == name:
                users.append(f"{owner}.{prop.name}")
            attributes(f"{owner}.{prop.name}", prop.attributes)

    properties(model.name, model.parts)
    for item in model.types:
        if item.name == name:
            continue
        if item.base == name:
            users.append(item.name)
        if isinstance(item, ComplexType):
            properties(item.name, item.properties)
        else:
            attributes(item.name, item.attributes)
    return users


def remove_type(model: MessageModel, name: str) -> None:
    """Remove type ``name``; refused (``type_in_use``, naming the users) while anything uses it."""
    found = model.type_named(name)
    if found is None:
        raise EditError(f"no type {name!r}", "no_such_type", type=name)
    users = type_users(model, name)
    if users:
        shown = ", ".join(users[:3]) + (", …" if len(users) > 3 else "")
        raise EditError(f"{name} is used by {shown}", "type_in_use", type=name, users=shown)
    model.types.remove(found)


def checked(model: MessageModel) -> MessageModel:
    """Return ``model`` if it still makes a valid schema in both variants; else InvalidModel."""
    issues = check_model(model)
    if issues:
        raise InvalidModel(issues)
    for variant in ("altinn", "standard") if model.target_namespace else ("altinn",):
        try:
            load_schema(generate_xsd(model, variant))
        except (xmlschema.XMLSchemaException, RecursionError, ValueError) as exc:
            # RecursionError: check_model limits pattern nesting, but the processor's own
            # limits are its business; whatever it cannot read is an invalid schema.
            why = str(exc) or type(exc).__name__
            raise InvalidModel([Issue("invalid_schema", why, {"variant": variant})]) from exc
    return model
