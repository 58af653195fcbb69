"""Compare two SERES XSDs by structure, not text, and list how they differ."""

# Deliberately independent of the importer, so that a round trip through import and
# generation is checked by a second, separate reading of both files.
#
# Equivalent means: the same root element and type; the same named types and other
# top-level declarations; in each, the same elements in the same order with the same
# type, minOccurs, maxOccurs and nillable; the same facets and enumerations (enumerations
# and patterns in order); the same attributes with the same type (an attribute by ref has
# the type of what it refers to); every other attribute, in any namespace, with defaults
# made explicit; the same annotations and documentation (attributes too; text with
# whitespace folded). Not compared: the generator header (the schema's first annotation),
# xml:lang and targetNamespace on the schema, the import of seres.xsd, the standard
# variant's plain global dataFormat attribute declarations (name and xsd:string alone),
# and how a QName is prefixed, so that the two variants of one model compare equal.

from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from models.conventions import DATA_FORMAT_ATTRIBUTES, SERES_NS, XML_NS, XSD_NS
from models.xml_input import parse_schema

XS = "{" + XSD_NS + "}"
_SERES = "{" + SERES_NS + "}"
_QNAME_ATTRIBUTES = ("type", "base", "ref", "itemType")
_DEFAULTS = {
    "schema": {"elementFormDefault": "unqualified", "attributeFormDefault": "unqualified"},
    "element": {"minOccurs": "1", "maxOccurs": "1", "nillable": "false"},
    "attribute": {"use": "optional"},
    "anyAttribute": {"namespace": "##any", "processContents": "strict"},
    "complexType": {"mixed": "false"},
    "complexContent": {"mixed": "false"},
}
# How an attribute in the target namespace is named when compared.
_TARGET = "##targetNamespace"
# Every attribute seres.xsd declares has type xsd:string.
_SERES_ATTRIBUTE_TYPE = "xsd:string"
# The schema's own attributes that differ between the two variants of one model.
_SCHEMA_SKIPPED = ("targetNamespace", f"{{{XML_NS}}}lang")
# Non-enumeration facets may come in any order; these sort them into one.
_FACET_RANK = {
    name: rank
    for rank, name in enumerate(
        [
            "length",
            "minLength",
            "maxLength",
            "pattern",
            "enumeration",
            "whiteSpace",
            "totalDigits",
            "fractionDigits",
            "minInclusive",
            "minExclusive",
            "maxInclusive",
            "maxExclusive",
        ]
    )
}


@dataclass(frozen=True)
class Difference:
    """One structural difference: where, what, and the two values."""

    path: str
    what: str
    left: str | None
    right: str | None

    def __str__(self) -> str:
        return f"{self.path}: {self.what}: {self.left!r} != {self.right!r}"


@dataclass
class _Item:
    """A normalised schema component: tag, attributes, documentation text, children."""

    tag: str
    attributes: dict[str, str]
    text: str | None
    children: list["_Item"]

    def label(self) -> str:
        # Enumerations are known by their value; other facets by their kind alone.
        name = self.attributes.get("value" if self.tag == "enumeration" else "name")
        return f"{self.tag}[{name}]" if name is not None else self.tag


def differences(left: bytes | str, right: bytes | str) -> Iterator[Difference]:
    """Yield every structural difference between two SERES XSDs."""
    left_schema, right_schema = parse_schema(left), parse_schema(right)
    yield from _compare_items(_schema_item(left_schema), _schema_item(right_schema), "schema")
    # An attribute in the model's own namespace is unqualified where there is none (the
    # Altinn variant), just as elements are: compared so across variants.
    both_qualified = bool(left_schema.get("targetNamespace")) and bool(
        right_schema.get("targetNamespace")
    )
    left_root, left_types = _top_level(left_schema, both_qualified)
    right_root, right_types = _top_level(right_schema, both_qualified)
    yield from _compare_items(left_root, right_root, "root")
    # Keyed "type T", "attribute a", "element e", ...: top-level order is free.
    for key in sorted(left_types.keys() - right_types.keys()):
        yield Difference(key, "only on the left", key.partition(" ")[2], None)
    for key in sorted(right_types.keys() - left_types.keys()):
        yield Difference(key, "only on the right", None, key.partition(" ")[2])
    for key in sorted(left_types.keys() & right_types.keys()):
        yield from _compare_items(left_types[key], right_types[key], key)


def _schema_item(schema: etree._Element) -> _Item:
    """The schema's own attributes, except those that differ between the variants."""
    item = _Normaliser(schema, {}).item(schema, children=False)
    for name in _SCHEMA_SKIPPED:
        item.attributes.pop(name, None)
    return item


def _top_level(schema: etree._Element, qualified: bool) -> tuple[_Item | None, dict[str, _Item]]:
    declared = {
        child.get("name"): child
        for child in schema
        if child.tag == XS + "attribute" and child.get("name") is not None
    }
    normaliser = _Normaliser(schema, declared, qualified)
    root = None
    types: dict[str, _Item] = {}
    for index, child in enumerate(schema):
        if child.tag == XS + "annotation" and index == 0:
            continue  # the generator header
        if child.tag == XS + "import" and child.get("namespace") == SERES_NS:
            continue
        item = normaliser.item(child)
        if child.tag == XS + "attribute" and _is_plain_data_format(item):
            continue  # the standard variant's; their types reach the root through ref
        if child.tag == XS + "element" and root is None:
            root = item
            continue
        kind = "type" if item.tag in ("complexType", "simpleType") else item.tag
        types[f"{kind} {item.attributes.get('name', '')}".rstrip()] = item
    return root, types


def _is_plain_data_format(item: _Item) -> bool:
    return (
        item.attributes == {"name": item.attributes.get("name"), "type": "xsd:string"}
        and item.attributes["name"] in DATA_FORMAT_ATTRIBUTES
        and not item.children
    )


class _Normaliser:
    """Turns schema elements into _Items with variant-neutral names and no default values."""

    def __init__(
        self,
        schema: etree._Element,
        declared: dict[str, etree._Element],
        qualified: bool = False,
    ) -> None:
        self.target_namespace = schema.get("targetNamespace")
        self.declared = declared  # global attribute declarations, by name
        # Whether an attribute in the target namespace counts as qualified (see differences).
        self.qualified = qualified and bool(self.target_namespace)
        self.attribute_form = schema.get("attributeFormDefault", "unqualified")

    def item(self, element: etree._Element, *, children: bool = True) -> _Item:
        tag = etree.QName(element).localname
        attributes = {}
        for name, value in element.attrib.items():
            if name.startswith(_SERES):
                attributes["seres:" + name[len(_SERES) :]] = value
            elif name in _QNAME_ATTRIBUTES:
                attributes[name] = _qname(element, value, self.target_namespace)
            elif name.startswith(f"{{{XML_NS}}}"):
                attributes["xml:" + etree.QName(name).localname] = value
            else:
                attributes[name] = value  # other namespaces stay in Clark notation
        for name, default in _DEFAULTS.get(tag, {}).items():
            if attributes.get(name) == default:
                del attributes[name]
        if (
            tag == "attribute"
            and element.getparent() is not None
            and (etree.QName(element.getparent()).localname != "schema")
        ):
            self.attribute(element, attributes)
        text = None
        items = []
        if tag == "documentation":
            text = " ".join("".join(element.itertext()).split()) or None
        elif children:
            items = [self.item(child) for child in element]
        if tag == "restriction":
            items.sort(key=lambda item: _FACET_RANK.get(item.tag, len(_FACET_RANK)))
        return _Item(tag, attributes, text, items)

    def attribute(self, element: etree._Element, attributes: dict[str, str]) -> None:
        """Give an attribute its name and type whether declared in place or by ref."""
        # An attribute compares by the name and namespace it has in messages, and the type
        # its declaration gives it, whether declared in place or by ref.
        ref = attributes.pop("ref", None)
        form = attributes.pop("form", self.attribute_form)
        namespace = None
        if element.getparent().tag == XS + "schema":
            form = "unqualified"  # a global declaration: its namespace is the schema's
        if ref is not None:
            prefix, _, name = ref.rpartition(":")
            attributes["name"] = name
            if prefix == "seres":
                namespace = SERES_NS
                attributes["type"] = _SERES_ATTRIBUTE_TYPE
            elif ref == name:
                namespace = _TARGET if self.target_namespace else None
                if name in self.declared:
                    declared = self.declared[name].get("type")
                    if declared is not None:
                        attributes["type"] = _qname(self.declared[name], declared, None)
            else:
                namespace = prefix  # a QName left as it was: outside the schema
        else:
            if form == "qualified" and self.target_namespace:
                namespace = _TARGET
            if "type" not in attributes and element.find(XS + "simpleType") is None:
                attributes["type"] = "xsd:anySimpleType"  # what XSD gives an untyped one
        if namespace == _TARGET and not self.qualified:
            namespace = None
        if namespace is not None:
            attributes["namespace"] = namespace


def _qname(element: etree._Element, value: str, target_namespace: str | None) -> str:
    prefix, _, name = value.rpartition(":")
    if prefix and prefix not in element.nsmap:
        return value  # an undeclared prefix names nothing; never "no namespace"
    namespace = element.nsmap.get(prefix or None)
    if namespace == XSD_NS:
        return "xsd:" + name
    if namespace == SERES_NS:
        return "seres:" + name
    if namespace == target_namespace:
        return name
    return value


def _compare_items(left: _Item | None, right: _Item | None, path: str) -> Iterator[Difference]:
    if left is None or right is None:
        if left is not right:
            yield Difference(path, "missing on one side", _label(left), _label(right))
        return
    if left.tag != right.tag:
        yield Difference(path, "construct", left.tag, right.tag)
        return
    for name in sorted(left.attributes.keys() | right.attributes.keys()):
        if left.attributes.get(name) != right.attributes.get(name):
            yield Difference(path, name, left.attributes.get(name), right.attributes.get(name))
    if left.text != right.text:
        yield Difference(path, "text", left.text, right.text)
    left_labels = [child.label() for child in left.children]
    right_labels = [child.label() for child in right.children]
    if left_labels != right_labels:
        yield Difference(path, "children", ", ".join(left_labels), ", ".join(right_labels))
        return
    for left_child, right_child in zip(left.children, right.children, strict=True):
        yield from _compare_items(left_child, right_child, f"{path}/{left_child.label()}")


def _label(item: _Item | None) -> str | None:
    return None if item is None else item.label()
