"""Altinn Studio's JSON Schema of a SERES model read back into a model (or an XSD, told apart)."""

import json
from decimal import Decimal
from typing import Any

from models.altinn_studio.keywords import DEFS, NUMERIC_FACETS, STRUCTURE
from models.conventions import (
    ALTINN,
    NO_NAMESPACE,
    ROOT_ELEMENT,
)
from models.errors import Issue, NotSeresXsd
from models.model import (
    Annotated,
    AttributeDecl,
    CodeElement,
    ComplexType,
    MessageModel,
    Property,
    SimpleType,
    set_seres_attribute,
)
from models.xsd_import import ImportResult, apply_identity, import_xsd


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
        if schema.get("@xsdStructure") == STRUCTURE or not (
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
        for field_name, keyword in NUMERIC_FACETS:
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
    return reference[len(DEFS) :] if reference.startswith(DEFS) else None
