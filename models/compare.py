"""Compare two SERES XSDs by structure, not text, and list how they differ."""

# Deliberately independent of the importer, so that a round trip through import and
# generation is checked by a second, separate reading of both files.
#
# Equivalent means: the same root element and type; the same named types; in each, the
# same elements in the same order with the same type, minOccurs, maxOccurs and nillable;
# the same facets and enumerations (enumerations and patterns in order); the same
# attributes; the same seres:* attributes (elementtype, guid, beskrivelse, ...) and
# documentation. Not compared: the generator header, xml:lang, the import of seres.xsd,
# the standard variant's global dataFormat attribute declarations, and how a QName is
# prefixed, so that the two variants of one model compare equal.

from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from models.conventions import SERES_NS, XSD_NS
from models.xml_input import parse_schema

XS = "{" + XSD_NS + "}"
_SERES = "{" + SERES_NS + "}"
_QNAME_ATTRIBUTES = ("type", "base", "ref", "itemType")
_DEFAULTS = {
    "element": {"minOccurs": "1", "maxOccurs": "1", "nillable": "false"},
    "attribute": {"use": "optional"},
}
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
_SKIPPED_TOP_LEVEL = (XS + "annotation", XS + "import", XS + "attribute")


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
    left_root, left_types = _top_level(parse_schema(left))
    right_root, right_types = _top_level(parse_schema(right))
    yield from _compare_items(left_root, right_root, "root")
    for name in left_types.keys() - right_types.keys():
        yield Difference(f"type {name}", "only on the left", name, None)
    for name in right_types.keys() - left_types.keys():
        yield Difference(f"type {name}", "only on the right", None, name)
    for name in left_types.keys() & right_types.keys():
        yield from _compare_items(left_types[name], right_types[name], f"type {name}")


def _top_level(schema: etree._Element) -> tuple[_Item | None, dict[str, _Item]]:
    target_namespace = schema.get("targetNamespace")
    root = None
    types: dict[str, _Item] = {}
    for child in schema:
        if child.tag in _SKIPPED_TOP_LEVEL:
            continue
        item = _normalise(child, target_namespace)
        if child.tag == XS + "element" and root is None:
            root = item
        else:
            types[item.attributes.get("name", item.tag)] = item
    return root, types


def _normalise(element: etree._Element, target_namespace: str | None) -> _Item:
    """Turn an element into an _Item with variant-neutral names and no default values."""
    tag = etree.QName(element).localname
    attributes = {}
    for name, value in element.attrib.items():
        if name.startswith(_SERES):
            attributes["seres:" + name[len(_SERES) :]] = value
        elif name in _QNAME_ATTRIBUTES:
            attributes[name] = _qname(element, value, target_namespace)
        elif not name.startswith("{"):
            attributes[name] = value
    for name, default in _DEFAULTS.get(tag, {}).items():
        if attributes.get(name) == default:
            del attributes[name]
    if tag == "attribute":
        # The standard variant refers to seres:guid; the Altinn variant declares "guid".
        if "ref" in attributes:
            attributes["name"] = attributes.pop("ref").rpartition(":")[2]
        if "fixed" in attributes:
            attributes.pop("type", None)
    text = None
    children = []
    for child in element:
        if child.tag == XS + "annotation":
            text = " ".join("".join(child.itertext()).split()) or None
        else:
            children.append(_normalise(child, target_namespace))
    if tag == "restriction":
        children.sort(key=lambda item: _FACET_RANK.get(item.tag, len(_FACET_RANK)))
    return _Item(tag, attributes, text, children)


def _qname(element: etree._Element, value: str, target_namespace: str | None) -> str:
    prefix, _, name = value.rpartition(":")
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
        yield Difference(path, "documentation", left.text, right.text)
    left_labels = [child.label() for child in left.children]
    right_labels = [child.label() for child in right.children]
    if left_labels != right_labels:
        yield Difference(path, "children", ", ".join(left_labels), ", ".join(right_labels))
        return
    for left_child, right_child in zip(left.children, right.children, strict=True):
        yield from _compare_items(left_child, right_child, f"{path}/{left_child.label()}")


def _label(item: _Item | None) -> str | None:
    return None if item is None else item.label()
