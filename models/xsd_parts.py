"""The parts every SERES schema declaration has, read one at a time, and the reader's warnings.

References (QNames), seres:* annotations, xsd:documentation, xsd:anyAttribute and
occurrence counts; ``TypeReader`` (models/xsd_read.py) builds types from them.
"""

from lxml import etree

from models.checks import parse_count
from models.conventions import SERES_NS, XML_NS, XSD_NS
from models.errors import Issue
from models.model import Annotated, set_seres_attribute

XS = "{" + XSD_NS + "}"
_SERES = "{" + SERES_NS + "}"
# How attributes in well-known namespaces are named in messages; others in Clark notation.
_PREFIXES = {None: "", XML_NS: "xml:", SERES_NS: "seres:"}
# The only xsd:anyAttribute the model holds is the bare one SERES writes: these defaults.
_ANY_ATTRIBUTE_DEFAULTS = {"namespace": "##any", "processContents": "strict"}


def local(tag: str) -> str:
    """Return the local part of a Clark-notation tag."""
    return tag.rpartition("}")[2]


def describe(element: etree._Element) -> str:
    """Return how a schema element is named in messages, e.g. ``xsd:choice``."""
    qname = etree.QName(element)
    return f"xsd:{qname.localname}" if qname.namespace == XSD_NS else f"<{qname.text}>"


class Where:
    """Where a schema element sits, for messages; worked out only when a message needs it."""

    __slots__ = ("reader", "element", "text")

    def __init__(self, reader: "PartReader", element: etree._Element) -> None:
        self.reader = reader
        self.element = element
        self.text: str | None = None

    def __str__(self) -> str:
        if self.text is None:
            self.text = self.reader.context_of(self.element)
        return self.text


class PartReader:
    """Read the parts of schema elements, collecting warnings."""

    def __init__(self, target_namespace: str | None) -> None:
        self.target_namespace = target_namespace
        self.warnings: list[Issue] = []

    # -- reporting -------------------------------------------------------------

    def warn(self, code: str, message: str, **params: str) -> None:
        """Record a warning."""
        self.warnings.append(Issue(code, message, params))

    def unsupported(self, element: etree._Element, context: "str | Where") -> None:
        """Report a schema construct the model cannot hold."""
        construct = describe(element)
        self.warn(
            "unsupported_construct",
            f"unsupported construct {construct} in {context}",
            construct=construct,
            context=str(context),
        )

    def unsupported_attribute(self, name: str, context: "str | Where") -> None:
        """Report an attribute the model cannot hold."""
        qname = etree.QName(name)
        prefix = _PREFIXES.get(qname.namespace)
        shown = qname.text if prefix is None else prefix + qname.localname
        self.warn(
            "unsupported_attribute",
            f"unsupported attribute {shown} in {context}",
            attribute=shown,
            context=str(context),
        )

    def only(self, element: etree._Element, allowed: tuple, context: "str | Where") -> None:
        """Report every attribute of ``element`` outside ``allowed``, seres:* ones included."""
        for name in element.attrib:
            if name not in allowed:
                self.unsupported_attribute(name, f"{describe(element)} in {context}")

    # -- small readers ---------------------------------------------------------

    def reference(self, element: etree._Element, value: str, context: "str | Where") -> str:
        """Resolve a QName value to ``xsd:<name>``, a model type name, or ``seres:<name>``."""
        prefix, _, name = value.rpartition(":")
        if prefix and prefix not in element.nsmap:
            # Not "no namespace": a QName with an undeclared prefix names nothing.
            self.warn(
                "unresolved_reference",
                f"reference {value} in {context} uses the undeclared prefix {prefix}",
                reference=value,
                context=str(context),
            )
            return value
        namespace = element.nsmap.get(prefix or None)
        if namespace == XSD_NS:
            return "xsd:" + name
        if namespace == SERES_NS:
            return "seres:" + name
        if namespace == self.target_namespace:
            return name
        self.warn(
            "unresolved_reference",
            f"reference {value} in {context} is outside the schema's namespace",
            reference=value,
            context=str(context),
        )
        return value

    def annotations(self, target: Annotated, element: etree._Element, allowed: tuple) -> None:
        """Move seres:* attributes to ``target`` and report attributes outside ``allowed``."""
        for name, value in element.attrib.items():
            if name.startswith(_SERES):
                set_seres_attribute(target, name[len(_SERES) :], value)
            elif name not in allowed:
                self.unsupported_attribute(name, self.context_of(element))

    def documentation(
        self, annotation: etree._Element, context: "str | Where", before: str | None = None
    ) -> str | None:
        """Return the text of an xsd:annotation's documentation, reporting anything else.

        The model holds one plain text: attributes (``xml:lang``, ``source``), a second
        xsd:documentation (joined to the first) and a second xsd:annotation (joined to
        ``before``, the text so far) are reported.
        """
        if preceded_by_annotation(annotation):
            self.warn(
                "unsupported_construct",
                f"unsupported construct a second xsd:annotation in {context}; "
                "its text is joined to the first",
                construct="xsd:annotation",
                context=str(context),
            )
        self.only(annotation, (), context)
        texts = [before] if before else []
        documentations = 0
        for child in annotation:
            if child.tag == XS + "documentation" and len(child) == 0:
                self.only(child, (), context)
                documentations += 1
                if documentations == 2:
                    self.warn(
                        "unsupported_construct",
                        f"unsupported construct a second xsd:documentation in {context}; "
                        "its text is joined to the first",
                        construct="xsd:documentation",
                        context=str(context),
                    )
                texts.append((child.text or "").strip())
            else:
                self.unsupported(child, context)
        return "\n\n".join(text for text in texts if text) or None

    def any_attribute(self, element: etree._Element, context: "str | Where") -> bool:
        """Read an xsd:anyAttribute; only the bare one (any namespace, strict) is held."""
        for name, value in element.attrib.items():
            default = _ANY_ATTRIBUTE_DEFAULTS.get(name)
            if default is None:
                self.unsupported_attribute(name, f"xsd:anyAttribute in {context}")
            elif value != default:
                self.warn(
                    "unsupported_value",
                    f"unsupported value {name}={value!r} on xsd:anyAttribute in {context}; "
                    f"the model holds only {default!r}",
                    attribute=name,
                    value=value,
                    context=str(context),
                )
        for child in element:
            self.unsupported(child, f"xsd:anyAttribute in {context}")
        return True

    def context_of(self, element: etree._Element) -> str:
        """Name where ``element`` sits, for messages: "element x in type T" or "type T"."""
        parts = []
        node = element
        while node is not None and node.tag != XS + "schema":
            name = node.get("name") or node.get("value")
            if name is not None:
                kind = local(node.tag)
                if kind in ("complexType", "simpleType"):
                    kind = "type"
                parts.append(f"{kind} {name}")
            node = node.getparent()
        return " in ".join(parts) or "schema"

    def occurs(self, element: etree._Element, attribute: str, default: int | None) -> int | None:
        """Read minOccurs or maxOccurs; None means unbounded."""
        value = element.get(attribute)
        if value is None:
            return default
        if value == "unbounded" and attribute == "maxOccurs":
            return None
        count = parse_count(value)
        if count is not None:
            return count
        self.warn(
            "invalid_value",
            f"invalid {attribute}={value!r} in {self.context_of(element)}",
            attribute=attribute,
            value=value,
            context=self.context_of(element),
        )
        return default


def preceded_by_annotation(annotation: etree._Element) -> bool:
    previous = annotation.getprevious()
    while previous is not None:
        if previous.tag == XS + "annotation":
            return True
        previous = previous.getprevious()
    return False
