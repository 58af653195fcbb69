"""Generate a sample XML message (instance) that a model's XSD accepts."""

from models.conventions import (
    DATA_FORMAT_ATTRIBUTES,
    DATA_FORMAT_PROVIDER,
    SERES_NS,
    STANDARD,
    TARGET_NAMESPACE,
)
from models.errors import SampleUnavailable
from models.model import AttributeDecl, ComplexType, MessageModel, Property, SimpleType
from models.values import value_for
from models.xml_writer import Node, serialize


def sample_instance(model: MessageModel, variant: str | None = None) -> bytes:
    """Return a UTF-8 XML message for the model, with every optional element filled in once."""
    return _Sample(model, variant or model.variant).document()


class _Sample:
    """One message: walks the types from the root, filling values from the facets."""

    # Written with our own writer because lxml refuses namespace IRIs with non-ASCII
    # letters, which SERES uses (http://seres.no/xsd/StatistiskSentralbyrå/...).

    def __init__(self, model: MessageModel, variant: str) -> None:
        self.model = model
        self.variant = variant
        self.types = model.types_by_name()
        self.namespace = model.target_namespace if variant == STANDARD else None
        self.values: dict[str, str] = {}

    def document(self) -> bytes:
        model = self.model
        root = Node(model.root_element)
        if self.namespace:
            # Elements are qualified by the default namespace. The dataFormat attributes are
            # global attributes of the model's namespace there, so they need a prefix: "m".
            root.attributes += [("xmlns", self.namespace), ("xmlns:m", self.namespace)]
        root.attributes.append(("xmlns:seres", SERES_NS))
        prefix = ""
        if model.data_format_namespace == SERES_NS:
            prefix = "seres:"
        elif model.data_format_namespace == TARGET_NAMESPACE and self.namespace:
            prefix = "m:"
        values = (DATA_FORMAT_PROVIDER, model.data_format_id, model.data_format_version)
        for name, value in zip(DATA_FORMAT_ATTRIBUTES, values, strict=True):
            root.attributes.append((prefix + name, value or ""))
        self.fill(root, model.parts, [model.name])
        text = '<?xml version="1.0" encoding="utf-8"?>\n' + serialize(root) + "\n"
        return text.encode("utf-8")

    def value(self, type_name: str) -> str:
        if type_name not in self.values:
            self.values[type_name] = value_for(self.model, type_name)
        return self.values[type_name]

    def fill(self, parent: Node, properties: list[Property], stack: list[str]) -> None:
        for prop in properties:
            target = self.types.get(prop.type)
            if isinstance(target, ComplexType) and target.name in stack:
                if prop.min_occurs == 0:
                    continue  # a recursive relation: stop where the model allows it
                raise SampleUnavailable(
                    f"type {target.name} requires itself through element {prop.name}",
                    code="required_recursion",
                    type=target.name,
                )
            if prop.max_occurs == 0:
                continue
            for _ in range(max(prop.min_occurs, 1)):
                self.element(parent, prop, target, stack)

    def element(
        self,
        parent: Node,
        prop: Property,
        target: ComplexType | SimpleType | None,
        stack: list[str],
    ) -> None:
        element = parent.add(prop.name)
        if isinstance(target, ComplexType):
            self.fill(element, self.inherited(target), [*stack, target.name])
        elif isinstance(target, SimpleType) and target.simple_content:
            element.text = self.value(target.base)
            self.attributes(element, target.attributes)
        else:
            element.text = self.value(prop.type)
        self.attributes(element, prop.attributes)

    def inherited(self, complex_type: ComplexType) -> list[Property]:
        """Return the properties of a type after those of the types it extends."""
        chain = [complex_type]
        while chain[-1].base and isinstance(self.types.get(chain[-1].base), ComplexType):
            chain.append(self.types[chain[-1].base])
        return [prop for item in reversed(chain) for prop in item.properties]

    def attributes(self, element: Node, attributes: list[AttributeDecl]) -> None:
        for attribute in attributes:
            name = attribute.name
            if attribute.namespace == SERES_NS:
                name = "seres:" + name
            value = attribute.fixed if attribute.fixed is not None else self.value(attribute.type)
            element.attributes.append((name, value))
