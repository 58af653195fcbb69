"""Import a SERES XSD (standard or Altinn variant) into a MessageModel."""

from dataclasses import dataclass, field

from lxml import etree

from models.conventions import (
    ALTINN,
    DATA_FORMAT_ATTRIBUTES,
    DATA_FORMAT_PROVIDER,
    DERIVED_KEYS,
    IDENTITY_KEYS,
    LANGUAGE_KEYS,
    NO_NAMESPACE,
    ROOT_ELEMENT,
    SERES_NS,
    STANDARD,
    XML_NS,
    model_namespace,
    parse_guid,
    parse_namespace,
)
from models.errors import Issue, NotSeresXsd
from models.model import ComplexType, MessageModel, Type
from models.xml_input import parse_schema
from models.xsd_read import XS, TypeReader

_SCHEMA_ATTRIBUTES = ("targetNamespace", "elementFormDefault", "attributeFormDefault")
_EXPECTED_FORMS = {"elementFormDefault": "qualified", "attributeFormDefault": "unqualified"}


@dataclass
class ImportResult:
    """An imported model and what in the file it could not hold."""

    model: MessageModel
    warnings: list[Issue] = field(default_factory=list)


def import_xsd(data: bytes | str) -> ImportResult:
    """Read a SERES XSD into a model; raise NotSeresXsd if it is not one."""
    schema = parse_schema(data)
    return _SchemaImport(schema).run()


def apply_identity(
    model: MessageModel,
    header: dict[str, str],
    target_namespace: str | None,
    language: str | None = None,
) -> None:
    """Fill domain, version, namespace, language, provenance and settings from a SERES
    generator header (and the schema's targetNamespace and xml:lang, if any)."""
    namespace = target_namespace or header.get("namespace") or None
    parsed = parse_namespace(namespace) if namespace else None
    guid = parse_guid(model.guid) if model.guid else None
    model.domain = (
        header.get("domenenavn")
        or (parsed and parsed["domain"])
        or (guid and guid["domain"])
        or None
    )
    model.version = parsed["version"] if parsed else None
    if namespace and (
        not model.domain
        or not model.version
        or namespace != model_namespace(model.domain, model.name, model.version)
    ):
        model.namespace = namespace
    for key in LANGUAGE_KEYS:
        language = language or header.get(key)
    model.language = language or None
    model.provenance = {key: header[key] for key in IDENTITY_KEYS if key in header}
    skipped = (*IDENTITY_KEYS, *DERIVED_KEYS, *LANGUAGE_KEYS)
    model.settings = {key: value for key, value in header.items() if key not in skipped}


class _SchemaImport:
    """One import: walks the schema's top level and assembles the model."""

    def __init__(self, schema: etree._Element) -> None:
        self.schema = schema
        self.target_namespace = schema.get("targetNamespace") or None
        self.reader = TypeReader(self.target_namespace)
        self.header: dict[str, str] = {}
        self.provider_missing = False

    def run(self) -> ImportResult:
        """Import the schema."""
        named: list[etree._Element] = []
        globals_: list[etree._Element] = []
        self.read_schema_attributes()
        for index, child in enumerate(self.schema):
            tag = child.tag
            if tag == XS + "annotation" and index == 0:
                self.read_header(child)
            elif tag == XS + "import":
                self.read_import(child)
            elif tag == XS + "attribute" and child.get("name") in DATA_FORMAT_ATTRIBUTES:
                self.read_global_attribute(child)
            elif tag == XS + "element":
                globals_.append(child)
            elif tag in (XS + "complexType", XS + "simpleType"):
                named.append(child)
            else:
                self.reader.unsupported(child, "schema")
        root_name = self.header.get("meldingsnavn") or ROOT_ELEMENT
        root = self.find_root(globals_, root_name)
        type_name = self.reader.reference(root, root.get("type") or "", f"element {root_name}")
        model = MessageModel(name=type_name, root_element=root_name)
        self.read_types(named, model)
        self.read_identity(model)
        self.check_references(model)
        return ImportResult(model, self.reader.warnings)

    def read_types(self, named: list[etree._Element], model: MessageModel) -> None:
        """Read the top-level types in order; the root type fills the model itself."""
        reader = self.reader
        types: dict[str, Type] = {}
        root_type = None
        for element in named:
            name = element.get("name")
            if name is None:
                reader.unsupported(element, "schema (a top-level type without a name)")
                continue
            if name in types or (name == model.name and root_type is not None):
                reader.warn(
                    "duplicate_type",
                    f"type {name} is defined twice; the second definition is skipped",
                    type=name,
                )
                continue
            if name == model.name and element.tag == XS + "complexType":
                root_type = self.read_root_type(element, model)
            else:
                types[name] = reader.named_type(element)
        if root_type is None:
            raise NotSeresXsd(
                f"The root element <{model.root_element}> has no named complexType "
                f"{model.name!r} in the schema.",
                code="root_type_missing",
                type=model.name,
            )
        model.types = list(types.values())

    # -- schema level ------------------------------------------------------------

    def read_schema_attributes(self) -> None:
        """Report schema attributes SERES does not write, or writes differently."""
        for name, value in self.schema.attrib.items():
            if name == f"{{{XML_NS}}}lang":
                continue
            if name not in _SCHEMA_ATTRIBUTES:
                self.reader.unsupported_attribute(name, "schema")
            elif name in _EXPECTED_FORMS and value != _EXPECTED_FORMS[name]:
                self.reader.warn(
                    "unsupported_value",
                    f"unsupported value {name}={value!r} in schema; SERES writes "
                    f"{_EXPECTED_FORMS[name]!r}",
                    attribute=name,
                    value=value,
                    context="schema",
                )

    def read_header(self, annotation: etree._Element) -> None:
        """Read the generator's header: xsd:attribute name/fixed pairs in the documentation."""
        for documentation in annotation:
            if documentation.tag != XS + "documentation":
                self.reader.unsupported(documentation, "the schema header")
                continue
            if (documentation.text or "").strip():
                self.reader.warn(
                    "unsupported_construct",
                    "unsupported construct free text in the schema header",
                    construct="text",
                    context="the schema header",
                )
            for item in documentation:
                if item.tag == XS + "attribute" and item.get("name") is not None:
                    self.header[item.get("name")] = item.get("fixed", "")
                else:
                    self.reader.unsupported(item, "the schema header")

    def read_import(self, element: etree._Element) -> None:
        """Accept the import of seres.xsd; report any other import."""
        namespace = element.get("namespace")
        if namespace != SERES_NS:
            self.reader.warn(
                "unsupported_import",
                f"unsupported construct xsd:import of namespace {namespace} in schema",
                construct="xsd:import",
                namespace=namespace or "",
                context="schema",
            )

    def read_global_attribute(self, element: etree._Element) -> None:
        """Accept the standard variant's global dataFormat declarations as SERES writes them.

        Generation writes them as ``name`` and ``type="xsd:string"`` alone, so anything
        else about them is reported.
        """
        context = f"attribute {element.get('name')} in schema"
        self.reader.only(element, ("name", "type"), context)
        type_name = self.reader.reference(element, element.get("type", "xsd:string"), context)
        if type_name != "xsd:string":
            self._not_as_seres_writes("type", element.get("type", ""), context, "xsd:string")
        for child in element:
            self.reader.unsupported(child, context)

    def _not_as_seres_writes(self, attribute: str, value: str, context: str, usual: str) -> None:
        self.reader.warn(
            "unsupported_value",
            f"unsupported value {attribute}={value!r} in {context}; SERES writes {usual!r}",
            attribute=attribute,
            value=value,
            context=context,
        )

    def find_root(self, elements: list[etree._Element], root_name: str) -> etree._Element:
        """Return the global root element; report other global elements."""
        root = None
        for element in elements:
            if element.get("name") == root_name and root is None:
                root = element
            else:
                self.reader.unsupported(element, f"schema (global element {element.get('name')})")
        if root is None:
            raise NotSeresXsd(
                f"The schema has no global element <{root_name}>, so it is not a SERES "
                "message specification.",
                code="no_root_element",
                element=root_name,
            )
        if root.get("type") is None:
            raise NotSeresXsd(
                f"The root element <{root_name}> has no named type; SERES names every type.",
                code="root_type_missing",
                type="",
            )
        for name in root.attrib:
            if name not in ("name", "type"):
                self.reader.unsupported_attribute(name, f"element {root_name}")
        for child in root:
            self.reader.unsupported(child, f"element {root_name}")
        return root

    # -- the root type -------------------------------------------------------------

    def read_root_type(self, element: etree._Element, model: MessageModel) -> ComplexType:
        """Read the Meldingsmodell type: its parts and the fixed dataFormat attributes."""
        reader = self.reader
        attributes: list[etree._Element] = []
        root_type = reader.complex_type(element, attributes)
        model.kind = root_type.kind
        model.guid = root_type.guid
        model.description = root_type.description
        model.documentation = root_type.documentation
        model.extra = root_type.extra
        model.parts = root_type.properties
        if root_type.base:
            reader.warn(
                "unsupported_construct",
                f"unsupported construct xsd:complexContent in type {root_type.name}",
                construct="xsd:complexContent",
                context=f"type {root_type.name}",
            )
        if not root_type.any_attribute:
            reader.warn(
                "unsupported_construct",
                f"unsupported construct a root type without xsd:anyAttribute in type "
                f"{root_type.name}; SERES writes one, and so does generation",
                construct="xsd:anyAttribute",
                context=f"type {root_type.name}",
            )
        seen: set[str] = set()
        namespaces: list[str] = []
        for child in attributes:
            decl = reader.attribute(child, root=True)
            context = f"attribute {decl.name} in type {root_type.name}"
            if decl.name in DATA_FORMAT_ATTRIBUTES:
                if decl.name in seen:
                    reader.unsupported(child, f"type {root_type.name} (a second {decl.name})")
                    continue
                seen.add(decl.name)
                namespaces.append(decl.namespace)
                if decl.namespace != namespaces[0]:
                    reader.warn(
                        "unsupported_value",
                        f"unsupported value: {context} is in namespace "
                        f"{decl.namespace or 'none'!r}, the other dataFormat attributes in "
                        f"{namespaces[0] or 'none'!r}; the model holds one namespace for them",
                        attribute=decl.name,
                        value=decl.namespace,
                        context=context,
                    )
                # Generation writes each as required, fixed, xsd:string, with nothing else.
                if decl.use != "required":
                    self._not_as_seres_writes("use", decl.use, context, "required")
                if decl.type != "xsd:string":
                    self._not_as_seres_writes("type", decl.type, context, "xsd:string")
                if decl.kind or decl.guid or decl.description or decl.extra:
                    reader.warn(
                        "unsupported_attribute",
                        f"unsupported seres attributes on {context}",
                        attribute="seres:*",
                        context=context,
                    )
                if decl.documentation:
                    reader.warn(
                        "unsupported_construct",
                        f"unsupported construct xsd:annotation in {context}",
                        construct="xsd:annotation",
                        context=context,
                    )
            if decl.name == "dataFormatProvider":
                if decl.fixed != DATA_FORMAT_PROVIDER:
                    reader.warn(
                        "unsupported_value",
                        f"dataFormatProvider is {decl.fixed!r}, not {DATA_FORMAT_PROVIDER!r}",
                        attribute="dataFormatProvider",
                        value=decl.fixed or "",
                        context=f"type {root_type.name}",
                    )
            elif decl.name == "dataFormatId":
                model.data_format_id = decl.fixed
            elif decl.name == "dataFormatVersion":
                model.data_format_version = decl.fixed
            else:
                reader.unsupported(child, f"type {root_type.name}")
        model.data_format_namespace = namespaces[0] if namespaces else NO_NAMESPACE
        self.provider_missing = "dataFormatProvider" not in seen
        return root_type

    def read_identity(self, model: MessageModel) -> None:
        """Fill domain, version, namespace, language and settings from header and namespace."""
        model.variant = STANDARD if self.target_namespace else ALTINN
        apply_identity(
            model, self.header, self.target_namespace, self.schema.get(f"{{{XML_NS}}}lang")
        )
        if self.provider_missing:
            self.reader.warn(
                "missing_metadata",
                "the file does not give the model's dataFormatProvider",
                field="dataFormatProvider",
            )
        for field_name, label in (
            ("domain", "domain"),
            ("data_format_id", "dataFormatId"),
            ("data_format_version", "dataFormatVersion"),
        ):
            if not getattr(model, field_name):
                self.reader.warn(
                    "missing_metadata",
                    f"the file does not give the model's {label}",
                    field=label,
                )

    def check_references(self, model: MessageModel) -> None:
        """Report type references that name no type in the schema."""
        known = set(model.types_by_name())

        def check(name: str | None, context: str) -> None:
            if name and not name.startswith("xsd:") and name not in known:
                self.reader.warn(
                    "unresolved_type",
                    f"type {name} used in {context} is not defined in the schema",
                    type=name,
                    context=context,
                )

        for prop in model.parts:
            check(prop.type, f"element {prop.name} in type {model.name}")
        for item in model.types:
            check(item.base, f"type {item.name}")
            for prop in getattr(item, "properties", ()):
                check(prop.type, f"element {prop.name} in type {item.name}")
                for attribute in prop.attributes:
                    check(attribute.type, f"attribute {attribute.name} in type {item.name}")
