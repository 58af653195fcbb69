"""A model version as Altinn Studio's JSON Schema (for its Altinn-variant XSD)."""

from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from models.altinn_studio.keywords import DEFS, NUMERIC_FACETS, STRUCTURE
from models.conventions import (
    ALTINN,
    DATA_FORMAT_ATTRIBUTES,
    DATA_FORMAT_PROVIDER,
    DECIMAL_TYPES,
    INTEGER_TYPES,
    SERES_NS,
    XSD_NS,
    XSI_NS,
)
from models.model import (
    Annotated,
    AttributeDecl,
    ComplexType,
    Facets,
    MessageModel,
    Property,
    SimpleType,
)
from models.xsd_export import header_pairs

SCHEMA = "https://json-schema.org/draft/2020-12/schema"
_ANY_ATTRIBUTE = {"Namespace": "##any", "ProcessContent": "None"}
_FORMATS = {
    "date": "date",
    "dateTime": "date-time",
    "time": "time",
    "duration": "duration",
    "anyURI": "uri",
}


def _json_type(builtin: str) -> str:
    if builtin in INTEGER_TYPES:
        return "integer"
    if builtin in DECIMAL_TYPES:
        return "number"
    return "boolean" if builtin == "boolean" else "string"


def _number(text: str) -> int | float | str:
    try:
        value = Decimal(text)
    except InvalidOperation:
        return text  # a date or time bound stays as it is written
    return int(value) if value == value.to_integral_value() else float(text)


def _unhandled(item: Annotated) -> dict[str, str]:
    pairs = {
        "seres:elementtype": item.kind,
        "seres:guid": item.guid,
        "seres:beskrivelse": item.description,
        **{f"seres:{key}": value for key, value in item.extra.items()},
    }
    return {key: value for key, value in pairs.items() if value is not None}


def _annotate(target: dict, item: Annotated) -> dict:
    if item.documentation is not None:
        target["description"] = item.documentation
    unhandled = _unhandled(item)
    if unhandled:
        target["@xsdUnhandledAttributes"] = unhandled
    return target


def to_json_schema(model: MessageModel, *, generated_at: datetime | None = None) -> dict:
    """Return the model as Altinn Studio's JSON Schema (for its Altinn-variant XSD)."""
    defs: dict[str, Any] = {model.name: _root(model)}
    for item in model.types:
        defs[item.name] = _complex(item) if isinstance(item, ComplexType) else _simple(item, model)
    info = dict(header_pairs(model, ALTINN, generated_at or datetime.now(UTC)))
    return {
        "$schema": SCHEMA,
        "$id": "schema.json",
        "type": "object",
        "@xsdNamespaces": {"xsd": XSD_NS, "xsi": XSI_NS, "seres": SERES_NS},
        "@xsdSchemaAttributes": {
            "AttributeFormDefault": "Unqualified",
            "ElementFormDefault": "Qualified",
            "BlockDefault": "None",
            "FinalDefault": "None",
        },
        "info": info,
        "@xsdRootElement": model.root_element,
        "oneOf": [{"$ref": DEFS + model.name}],
        "$defs": defs,
    }


def _root(model: MessageModel) -> dict:
    values = (DATA_FORMAT_PROVIDER, model.data_format_id, model.data_format_version)
    attributes = []
    if model.data_format_id or model.data_format_version:  # else not a SERES message yet
        attributes = [
            AttributeDecl(name=name, use="required", fixed=value)
            for name, value in zip(DATA_FORMAT_ATTRIBUTES, values, strict=True)
            if value is not None
        ]
    body = _with_attributes(_sequence(model.parts), attributes, model)
    body["@xsdAnyAttribute"] = dict(_ANY_ATTRIBUTE)
    return _annotate(body, model)


def _sequence(properties: list[Property]) -> dict:
    body: dict[str, Any] = {"properties": {p.name: _property(p) for p in properties}}
    required = [p.name for p in properties if p.min_occurs > 0]
    if required:
        body["required"] = required
    return body


def _with_attributes(body: dict, attributes: list[AttributeDecl], model=None) -> dict:
    """Attributes first, in a part of their own, as Altinn Studio writes them."""
    if not attributes:
        return body
    part: dict[str, Any] = {"properties": {a.name: _attribute(a) for a in attributes}}
    required = [a.name for a in attributes if a.use == "required"]
    if required:
        part["required"] = required
    return {"allOf": [part, body]}


def _reference(type_name: str) -> dict:
    if type_name.startswith("xsd:"):
        builtin = type_name[4:]
        found = {"type": _json_type(builtin)}
        if builtin in _FORMATS:
            found["format"] = _FORMATS[builtin]
        found["@xsdType"] = builtin
        return found
    return {"$ref": DEFS + type_name}


def _attribute(attribute: AttributeDecl) -> dict:
    found = _reference(attribute.type)
    if attribute.fixed is not None:
        found["const"] = attribute.fixed
    found["@xsdAttribute"] = True
    return _annotate(found, attribute)


def _property(prop: Property) -> dict:
    inner = _reference(prop.type)
    if prop.attributes or prop.any_attribute:
        extension = {"allOf": [inner]} if "$ref" in inner else inner
        inner = _with_attributes(extension, prop.attributes)
        if prop.any_attribute:
            inner["@xsdAnyAttribute"] = dict(_ANY_ATTRIBUTE)
    if prop.max_occurs != 1:
        found: dict[str, Any] = {"type": ["array", "null"] if prop.nillable else "array"}
        found["items"] = inner
        if prop.min_occurs > 0:
            found["minItems"] = prop.min_occurs
        else:
            found["@xsdMinOccurs"] = 0
        if prop.max_occurs is not None:
            found["maxItems"] = prop.max_occurs
        found["@xsdMaxOccurs"] = "unbounded" if prop.max_occurs is None else prop.max_occurs
        return _annotate(found, prop)
    found = inner
    if prop.nillable:
        if "type" in found:
            found["type"] = [found["type"], "null"]
        else:
            found["@xsdNillable"] = True
    if prop.min_occurs == 0:
        found["@xsdMinOccurs"] = 0
    return _annotate(found, prop)


def _complex(item: ComplexType) -> dict:
    body = _sequence(item.properties)
    if item.base is not None:
        body = {"allOf": [{"$ref": DEFS + item.base}, body]}
    if item.any_attribute:
        body["@xsdAnyAttribute"] = dict(_ANY_ATTRIBUTE)
    return _annotate(body, item)


def _facets(facets: Facets, json_type: str) -> dict:
    found: dict[str, Any] = {}
    if facets.length is not None:
        found["minLength"] = found["maxLength"] = facets.length
    if facets.min_length is not None:
        found["minLength"] = facets.min_length
    if facets.max_length is not None:
        found["maxLength"] = facets.max_length
    if facets.patterns:
        found["pattern"] = facets.patterns[0]
    if facets.total_digits is not None:
        found["totalDigits"] = facets.total_digits
    if facets.fraction_digits is not None and json_type != "integer":
        found["multipleOf"] = float(Decimal(1).scaleb(-facets.fraction_digits))
        if facets.fraction_digits == 0:
            found["multipleOf"] = 1
    for field_name, keyword in NUMERIC_FACETS:
        value = getattr(facets, field_name)
        if value is not None:
            found[keyword] = _number(value)
    return found


def _simple(item: SimpleType, model: MessageModel) -> dict:
    if item.simple_content:
        value = _reference(item.base)
        properties = {"value": {"@xsdText": True, **value}}
        properties.update({a.name: _attribute(a) for a in item.attributes})
        required = ["value", *(a.name for a in item.attributes if a.use == "required")]
        return _annotate({"properties": properties, "required": required}, item)
    codes = {}
    restriction = _facets(item.facets, _builtin_type(item, model))
    if item.codes:
        restriction["enum"] = [code.value for code in item.codes]
        codes = {code.value: _unhandled(code) for code in item.codes if _unhandled(code)}
    base = _reference(item.base)
    if "$ref" in base and restriction:
        body: dict[str, Any] = {"allOf": [base, restriction]}
    else:
        body = {**base, **restriction}
    if codes:
        body["@xsdUnhandledEnumAttributes"] = codes
    body = _annotate(body, item)
    body["@xsdStructure"] = STRUCTURE
    return body


def _builtin_type(item: SimpleType, model: MessageModel) -> str:
    seen = set()
    current: SimpleType | None = item
    while current is not None and current.name not in seen:
        seen.add(current.name)
        if current.base.startswith("xsd:"):
            return _json_type(current.base[4:])
        found = model.type_named(current.base)
        current = found if isinstance(found, SimpleType) else None
    return "string"
