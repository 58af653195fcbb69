"""Altinn Studio's data-model formats: a model as its JSON Schema, and such a schema back.

Altinn Studio keeps a data model as an XSD (the Altinn variant) plus a JSON Schema
(draft 2020-12) with its own ``@xsd*`` keywords, which its converter writes from an XSD
and reads back: ``@xsdRootElement``, ``oneOf`` naming the root type, ``$defs`` for named
types, ``@xsdType``/``@xsdAttribute``/``@xsdText``/``@xsdNillable``/``@xsdMinOccurs``/
``@xsdMaxOccurs``, ``@xsdStructure`` for simple-type restrictions, ``@xsdAnyAttribute``,
and the SERES attributes as ``@xsdUnhandledAttributes`` (``@xsdUnhandledEnumAttributes``
for codes). The generator header travels in ``info``. This module follows the
conversions in Altinn Studio's own test data (src/Designer/testdata/Model); see
docs/models.md for what survives and what does not.
"""

import json
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from models.conventions import (
    ALTINN,
    DATA_FORMAT_ATTRIBUTES,
    DATA_FORMAT_PROVIDER,
    DECIMAL_TYPES,
    INTEGER_TYPES,
    NO_NAMESPACE,
    ROOT_ELEMENT,
    SERES_NS,
    XSD_NS,
    XSI_NS,
)
from models.errors import Issue, NotSeresXsd
from models.model import (
    Annotated,
    AttributeDecl,
    CodeElement,
    ComplexType,
    Facets,
    MessageModel,
    Property,
    SimpleType,
    set_seres_attribute,
)
from models.xsd_export import header_pairs
from models.xsd_import import ImportResult, apply_identity, import_xsd

SCHEMA = "https://json-schema.org/draft/2020-12/schema"
_DEFS = "#/$defs/"
_STRUCTURE = "XmlSchemaSimpleTypeRestriction"
_ANY_ATTRIBUTE = {"Namespace": "##any", "ProcessContent": "None"}
_FORMATS = {
    "date": "date",
    "dateTime": "date-time",
    "time": "time",
    "duration": "duration",
    "anyURI": "uri",
}
# Facets with a JSON Schema keyword of their own (length becomes min and max length).
_NUMERIC_FACETS = (
    ("min_inclusive", "minimum"),
    ("max_inclusive", "maximum"),
    ("min_exclusive", "exclusiveMinimum"),
    ("max_exclusive", "exclusiveMaximum"),
)


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


# -- export ----------------------------------------------------------------------------


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
        "oneOf": [{"$ref": _DEFS + model.name}],
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
    return {"$ref": _DEFS + type_name}


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
        body = {"allOf": [{"$ref": _DEFS + item.base}, body]}
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
    for field_name, keyword in _NUMERIC_FACETS:
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
    body["@xsdStructure"] = _STRUCTURE
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


# -- import ----------------------------------------------------------------------------


def import_model(data: bytes) -> ImportResult:
    """Import a SERES XSD, or Altinn Studio's JSON Schema of one (told apart by content)."""
    text = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"{"):
        try:
            parsed = json.loads(text.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise NotSeresXsd(f"This JSON cannot be read: {exc}", code="not_altinn_json") from exc
        return from_json_schema(parsed)
    return import_xsd(data)


def from_json_schema(data: Any) -> ImportResult:
    """Read Altinn Studio's JSON Schema of a SERES model back into a model.

    Raises NotSeresXsd (code ``not_altinn_json``) when ``data`` has no root type to
    read; whatever the model cannot hold is a warning, as for XSDs.
    """
    return _JsonImport(data).run()


class _JsonImport:
    def __init__(self, data: Any) -> None:
        if not isinstance(data, dict) or not isinstance(data.get("$defs"), dict):
            raise NotSeresXsd(
                "This is not an Altinn Studio JSON Schema: it has no $defs.",
                code="not_altinn_json",
            )
        self.data = data
        self.defs: dict[str, Any] = data["$defs"]
        self.warnings: list[Issue] = []

    def warn(self, where: str, what: str) -> None:
        self.warnings.append(
            Issue(
                "unsupported_construct",
                f"unsupported construct {what} in {where}",
                {"construct": what, "context": where},
            )
        )

    def run(self) -> ImportResult:
        root = self.data.get("oneOf") or [{}]
        name = _defined(root[0].get("$ref", "")) if isinstance(root[0], dict) else None
        if name is None or name not in self.defs:
            raise NotSeresXsd(
                "The JSON Schema names no root type in oneOf/$defs.",
                code="not_altinn_json",
            )
        model = MessageModel(name=name, root_element=self.data.get("@xsdRootElement", ROOT_ELEMENT))
        model.variant = ALTINN
        model.kind = None  # as in the file: @xsdUnhandledAttributes gives it
        model.data_format_namespace = NO_NAMESPACE
        attributes, body = self.split(self.defs[name], f"type {name}")
        model.parts = self.sequence(body, f"type {name}")
        self.annotations(model, self.defs[name])
        for attribute in attributes:
            if attribute.name == "dataFormatId":
                model.data_format_id = attribute.fixed
            elif attribute.name == "dataFormatVersion":
                model.data_format_version = attribute.fixed
            elif attribute.name != "dataFormatProvider":
                self.warn(f"type {name}", f"attribute {attribute.name}")
        for type_name, schema in self.defs.items():
            if type_name != name:
                model.types.append(self.named(type_name, schema))
        info = self.data.get("info") if isinstance(self.data.get("info"), dict) else {}
        header = {str(k): str(v) for k, v in info.items()}
        apply_identity(model, header, None)
        return ImportResult(model, self.warnings)

    def annotations(self, item: Annotated, schema: dict) -> None:
        item.documentation = schema.get("description")
        for key, value in (schema.get("@xsdUnhandledAttributes") or {}).items():
            local = key.removeprefix("seres:")
            if local == key:
                self.warn(getattr(item, "name", "?"), f"attribute {key}")
            else:
                set_seres_attribute(item, local, value)

    def split(self, schema: dict, where: str) -> tuple[list[AttributeDecl], dict]:
        """Return a type's attributes and the part that holds its elements."""
        attributes: list[AttributeDecl] = []
        if "allOf" in schema and all("properties" in part for part in schema["allOf"]):
            parts = schema["allOf"]
            body: dict = {"properties": {}, "required": []}
            for part in parts:
                for key, value in part["properties"].items():
                    if value.get("@xsdAttribute"):
                        attributes.append(self.attribute(key, value, part))
                    else:
                        body["properties"][key] = value
                        if key in part.get("required", ()):
                            body["required"].append(key)
            return attributes, body
        return attributes, schema

    def attribute(self, name: str, schema: dict, part: dict) -> AttributeDecl:
        attribute = AttributeDecl(
            name=name,
            type=self.type_of(schema, f"attribute {name}"),
            use="required" if name in part.get("required", ()) else "optional",
            fixed=schema.get("const"),
        )
        self.annotations(attribute, schema)
        return attribute

    def type_of(self, schema: dict, where: str) -> str:
        if "$ref" in schema:
            return _defined(schema["$ref"]) or schema["$ref"]
        if "@xsdType" in schema:
            return "xsd:" + schema["@xsdType"]
        self.warn(where, "a type without $ref or @xsdType (read as xsd:string)")
        return "xsd:string"

    def sequence(self, schema: dict, where: str) -> list[Property]:
        required = set(schema.get("required", ()))
        return [
            self.property(name, value, name in required, where)
            for name, value in (schema.get("properties") or {}).items()
        ]

    def property(self, name: str, schema: dict, required: bool, where: str) -> Property:
        kind = schema.get("type")
        repeated = kind == "array" or (isinstance(kind, list) and "array" in kind)
        nillable = isinstance(kind, list) and "null" in kind
        inner = schema.get("items", {}) if repeated else schema
        prop = Property(name=name, type="xsd:string")
        if repeated:
            prop.min_occurs = int(schema.get("minItems", schema.get("@xsdMinOccurs", 0)))
            most = schema.get("@xsdMaxOccurs", schema.get("maxItems", "unbounded"))
            prop.max_occurs = None if most == "unbounded" else int(most)
        else:
            prop.min_occurs = int(schema.get("@xsdMinOccurs", 1 if required else 0))
            nillable = nillable or bool(schema.get("@xsdNillable"))
        prop.nillable = nillable
        context = f"element {name} in {where}"
        attributes, body = self.split(inner, context)
        if "allOf" in body and len(body["allOf"]) == 1:
            body = body["allOf"][0]
        prop.type = self.type_of(body, context)
        prop.attributes = attributes
        prop.any_attribute = "@xsdAnyAttribute" in inner
        self.annotations(prop, schema)
        return prop

    def named(self, name: str, schema: dict):
        where = f"type {name}"
        if schema.get("@xsdStructure") == _STRUCTURE or not (
            "properties" in schema or "allOf" in schema
        ):
            return self.simple(name, schema)
        if "properties" in schema and any(
            value.get("@xsdText") for value in schema["properties"].values()
        ):
            return self.simple_content(name, schema)
        item = ComplexType(name=name)
        body = schema
        parts = schema.get("allOf")
        if parts and "$ref" in parts[0]:
            item.base = _defined(parts[0]["$ref"])
            body = parts[1] if len(parts) > 1 else {}
        item.properties = self.sequence(body, where)
        item.any_attribute = "@xsdAnyAttribute" in schema
        self.annotations(item, schema)
        return item

    def simple_content(self, name: str, schema: dict) -> SimpleType:
        item = SimpleType(name=name, simple_content=True)
        for key, value in schema["properties"].items():
            if value.get("@xsdText"):
                item.base = self.type_of(value, f"type {name}")
            else:
                item.attributes.append(self.attribute(key, value, schema))
        self.annotations(item, schema)
        return item

    def simple(self, name: str, schema: dict) -> SimpleType:
        item = SimpleType(name=name)
        restriction = schema
        parts = schema.get("allOf")
        if parts:
            item.base = self.type_of(parts[0], f"type {name}")
            restriction = parts[1] if len(parts) > 1 else {}
        else:
            item.base = self.type_of(schema, f"type {name}")
        facets = item.facets
        if "minLength" in restriction and restriction.get("minLength") == restriction.get(
            "maxLength"
        ):
            facets.length = restriction["minLength"]
        else:
            facets.min_length = restriction.get("minLength")
            facets.max_length = restriction.get("maxLength")
        if "pattern" in restriction:
            facets.patterns = [restriction["pattern"]]
        facets.total_digits = restriction.get("totalDigits")
        step = restriction.get("multipleOf")
        if step is not None:
            exponent = Decimal(str(step)).normalize().as_tuple().exponent
            facets.fraction_digits = max(0, -int(exponent))
        for field_name, keyword in _NUMERIC_FACETS:
            if keyword in restriction:
                setattr(facets, field_name, _lexical(restriction[keyword]))
        enum_attributes = schema.get("@xsdUnhandledEnumAttributes") or {}
        for value in restriction.get("enum", ()):
            code = CodeElement(value=str(value), kind=None)
            self.annotations(code, {"@xsdUnhandledAttributes": enum_attributes.get(value, {})})
            item.codes.append(code)
        self.annotations(item, schema)
        return item


def _lexical(value: Any) -> str:
    if isinstance(value, float):
        return format(Decimal(str(value)).normalize(), "f")
    return str(value)


def _defined(reference: str) -> str | None:
    return reference[len(_DEFS) :] if reference.startswith(_DEFS) else None
