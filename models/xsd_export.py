"""Generate a SERES message specification (XSD) from a model, in either variant."""

import sys
from datetime import UTC, datetime

from models.checks import check_model
from models.conventions import (
    ALTINN,
    DATA_FORMAT_ATTRIBUTES,
    DATA_FORMAT_PROVIDER,
    DEFAULT_SETTINGS,
    SERES_NS,
    STANDARD,
    TARGET_NAMESPACE,
    VARIANT_LABELS,
    XSD_NS,
)
from models.errors import InvalidModel
from models.model import (
    FACET_NAMES,
    Annotated,
    AttributeDecl,
    CodeElement,
    ComplexType,
    MessageModel,
    Property,
    SimpleType,
)
from models.validation import SERES_XSD_NAME
from models.xml_writer import Node, serialize

GENERATOR_NAME = "seres-access models"
GENERATOR_VERSION = "1"
# SERES writes the Altinn variant with a byte order mark and two-space indents, the
# standard variant without a mark and with tabs; we do the same.
_INDENT = {ALTINN: "  ", STANDARD: "\t"}
_BOM = {ALTINN: True, STANDARD: False}


def generate_xsd(
    model: MessageModel,
    variant: str | None = None,
    *,
    generated_at: datetime | None = None,
    bom: bool | None = None,
) -> bytes:
    """Return the model as a UTF-8 XSD in ``variant`` (default: the model's own variant)."""
    variant = variant or model.variant
    issues = check_model(model, variant)
    if issues:
        raise InvalidModel(issues)
    schema = _Export(model, variant, generated_at or datetime.now(UTC)).schema()
    text = '<?xml version="1.0" encoding="utf-8"?>\n' + serialize(schema, _INDENT[variant])
    data = text.encode("utf-8")
    if _BOM[variant] if bom is None else bom:
        data = b"\xef\xbb\xbf" + data
    return data


def needs_seres_xsd(model: MessageModel) -> bool:
    """Tell whether the model refers to an attribute seres.xsd declares."""
    if model.data_format_namespace == SERES_NS:
        return True
    for item in model.types:
        for attribute in getattr(item, "attributes", ()):
            if attribute.namespace == SERES_NS:
                return True
        for prop in getattr(item, "properties", ()):
            if any(attribute.namespace == SERES_NS for attribute in prop.attributes):
                return True
    return any(
        attribute.namespace == SERES_NS for prop in model.parts for attribute in prop.attributes
    )


def _seres(item: Annotated, *, description_last: bool) -> list[tuple[str, str | None]]:
    """Return the seres:* attributes in SERES's order (it varies by construct)."""
    kind = ("seres:elementtype", item.kind)
    guid = ("seres:guid", item.guid)
    description = ("seres:beskrivelse", item.description)
    ordered = [kind, guid, description] if description_last else [kind, description, guid]
    return ordered + [(f"seres:{key}", value) for key, value in item.extra.items()]


def _documentation(node: Node, item: Annotated) -> None:
    if item.documentation is not None:
        annotation = node.add("xsd:annotation")
        annotation.add("xsd:documentation").text = item.documentation


def header_pairs(model: MessageModel, variant: str, generated_at: datetime) -> list:
    """Return the generator header's (name, value) pairs, in SERES's order."""
    settings = dict(model.settings or DEFAULT_SETTINGS)
    version = f"Python {sys.version_info.major}.{sys.version_info.minor}"
    return [
        ("XSLT-skriptnavn", GENERATOR_NAME),
        ("XSD-generatorversjon", GENERATOR_VERSION),
        ("XSLT-prosessor", version),
        ("generert", generated_at.isoformat(timespec="milliseconds")),
        ("navneromprefix", settings.pop("navneromprefix", DEFAULT_SETTINGS["navneromprefix"])),
        ("namespace", model.target_namespace or ""),
        ("meldingsnavn", model.root_element),
        ("domenenavn", model.domain or ""),
        ("modellnavn", model.name),
        *settings.items(),
        ("spraak", model.language or ""),
        ("XSD-variant", VARIANT_LABELS[variant]),
    ]


class _Export:
    """One generation run."""

    def __init__(self, model: MessageModel, variant: str, generated_at: datetime) -> None:
        self.model = model
        self.variant = variant
        self.generated_at = generated_at
        self.types = model.types_by_name()

    def schema(self) -> Node:
        """Build the whole schema element."""
        model = self.model
        language = ("xml:lang", model.language)
        forms = [("elementFormDefault", "qualified"), ("attributeFormDefault", "unqualified")]
        if self.variant == STANDARD:
            namespace = model.target_namespace
            schema = Node(
                "xsd:schema",
                [
                    ("targetNamespace", namespace),
                    *forms,
                    ("xmlns", namespace),
                    ("xmlns:seres", SERES_NS),
                    ("xmlns:xsd", XSD_NS),
                    language,
                ],
            )
        else:
            schema = Node(
                "xsd:schema",
                [("xmlns:seres", SERES_NS), ("xmlns:xsd", XSD_NS), *forms, language],
            )
        self.header(schema)
        # The standard variant always imports seres.xsd, as SERES does; the Altinn variant
        # only when an attribute is in SERES's namespace (it would not validate otherwise).
        if self.variant == STANDARD or needs_seres_xsd(model):
            schema.add(
                "xsd:import",
                ("namespace", SERES_NS),
                ("schemaLocation", SERES_XSD_NAME),
            )
        if model.data_format_namespace == TARGET_NAMESPACE:
            # Global declarations, in the model's namespace (none in the Altinn variant,
            # where they are unqualified like local ones).
            for name in DATA_FORMAT_ATTRIBUTES:
                schema.add("xsd:attribute", ("name", name), ("type", "xsd:string"))
        schema.add("xsd:element", ("name", model.root_element), ("type", model.name))
        self.root_type(schema)
        for item in model.types:
            if isinstance(item, ComplexType):
                self.complex_type(schema, item)
            elif item.simple_content:
                self.simple_content_type(schema, item)
            else:
                self.simple_type(schema, item)
        return schema

    def header(self, schema: Node) -> None:
        """Write the generator header SERES puts in the schema's annotation."""
        documentation = schema.add("xsd:annotation").add("xsd:documentation")
        for name, value in header_pairs(self.model, self.variant, self.generated_at):
            documentation.add("xsd:attribute", ("name", name), ("fixed", value))

    def root_type(self, schema: Node) -> None:
        """Write the Meldingsmodell type with its parts and the fixed dataFormat attributes."""
        model = self.model
        node = schema.add(
            "xsd:complexType", ("name", model.name), *_seres(model, description_last=True)
        )
        _documentation(node, model)
        self.sequence(node, model.parts)
        values = (DATA_FORMAT_PROVIDER, model.data_format_id, model.data_format_version)
        for name, value in zip(DATA_FORMAT_ATTRIBUTES, values, strict=True):
            if model.data_format_namespace == TARGET_NAMESPACE:
                # Refs to the global attributes declared above, in the model's own namespace.
                node.add("xsd:attribute", ("ref", name), ("fixed", value), ("use", "required"))
            elif model.data_format_namespace == SERES_NS:
                # Older SERES generators: seres.xsd's declarations, in SERES's namespace.
                node.add(
                    "xsd:attribute",
                    ("ref", "seres:" + name),
                    ("use", "required"),
                    ("fixed", value),
                )
            else:
                node.add(
                    "xsd:attribute",
                    ("name", name),
                    ("type", "xsd:string"),
                    ("use", "required"),
                    ("fixed", value),
                )
        node.add("xsd:anyAttribute")

    def complex_type(self, schema: Node, item: ComplexType) -> None:
        """Write a Meldingsdel, Dataobjekttype or Datakomplekstype."""
        node = schema.add(
            "xsd:complexType", ("name", item.name), *_seres(item, description_last=True)
        )
        _documentation(node, item)
        if item.base is not None:
            node = node.add("xsd:complexContent").add("xsd:extension", ("base", item.base))
        self.sequence(node, item.properties)
        if item.any_attribute:
            node.add("xsd:anyAttribute")

    def sequence(self, parent: Node, properties: list[Property]) -> None:
        """Write the elements of a sequence, in order."""
        sequence = parent.add("xsd:sequence")
        for prop in properties:
            self.element(sequence, prop)

    def element(self, sequence: Node, prop: Property) -> None:
        """Write one property as a local element."""
        extended = bool(prop.attributes) or prop.any_attribute
        max_occurs = None
        if prop.max_occurs != 1:
            max_occurs = "unbounded" if prop.max_occurs is None else str(prop.max_occurs)
        node = sequence.add(
            "xsd:element",
            ("name", prop.name),
            ("type", None if extended else prop.type),
            ("nillable", "true" if prop.nillable else None),
            ("minOccurs", None if prop.min_occurs == 1 else str(prop.min_occurs)),
            ("maxOccurs", max_occurs),
            *_seres(prop, description_last=False),
        )
        _documentation(node, prop)
        if extended:
            content = "xsd:complexContent"
            target = self.types.get(prop.type)
            if prop.type.startswith("xsd:") or isinstance(target, SimpleType):
                content = "xsd:simpleContent"
            extension = (
                node.add("xsd:complexType").add(content).add("xsd:extension", ("base", prop.type))
            )
            for attribute in prop.attributes:
                self.attribute(extension, attribute)
            if prop.any_attribute:
                extension.add("xsd:anyAttribute")

    def attribute(self, parent: Node, attribute: AttributeDecl) -> None:
        """Write an attribute: a ref to seres.xsd's when it is in SERES's namespace."""
        use = None if attribute.use == "optional" else attribute.use
        if attribute.namespace == SERES_NS:
            node = parent.add(
                "xsd:attribute",
                ("ref", "seres:" + attribute.name),
                ("use", use),
                ("fixed", attribute.fixed),
                *_seres(attribute, description_last=False),
            )
        else:
            node = parent.add(
                "xsd:attribute",
                ("name", attribute.name),
                ("type", attribute.type),
                ("use", use),
                ("fixed", attribute.fixed),
                *_seres(attribute, description_last=False),
            )
        _documentation(node, attribute)

    def simple_content_type(self, schema: Node, item: SimpleType) -> None:
        """Write a simple type that carries fixed attributes, as complexType/simpleContent."""
        node = schema.add(
            "xsd:complexType", ("name", item.name), *_seres(item, description_last=True)
        )
        _documentation(node, item)
        extension = node.add("xsd:simpleContent").add("xsd:extension", ("base", item.base))
        for attribute in item.attributes:
            self.attribute(extension, attribute)

    def simple_type(self, schema: Node, item: SimpleType) -> None:
        """Write a simpleType restricting its base by facets and enumerations."""
        node = schema.add(
            "xsd:simpleType", ("name", item.name), *_seres(item, description_last=True)
        )
        _documentation(node, item)
        restriction = node.add(
            "xsd:restriction",
            ("base", item.base),
            ("seres:beskrivelse", item.restriction_description),
        )
        facets = item.facets
        for field_name, xsd_name in FACET_NAMES:
            value = getattr(facets, field_name)
            values = value if field_name == "patterns" else [value]
            for one in values:
                if one is not None:
                    restriction.add(f"xsd:{xsd_name}", ("value", str(one)))
        for code in item.codes:
            self.code(restriction, code)

    def code(self, restriction: Node, code: CodeElement) -> None:
        """Write one Datakodeelement as an enumeration."""
        node = restriction.add(
            "xsd:enumeration", ("value", code.value), *_seres(code, description_last=False)
        )
        _documentation(node, code)
