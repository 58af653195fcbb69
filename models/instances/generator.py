"""Random valid messages from a schema's global root element."""

import random

import xmlschema

from models.instances.simple_values import random_value
from models.instances.tree import NIL, Node, split

# Past this depth optional elements are left out, so recursive types end.
_MAX_DEPTH = 12


class Generator:
    """Draw random valid messages from an xmlschema schema's global root element."""

    def __init__(self, schema: xmlschema.XMLSchema, root: str, seed: int = 0) -> None:
        self.schema = schema
        self.root = next(
            element for name, element in schema.elements.items() if split(name)[1] == root
        )
        self.rng = random.Random(seed)  # noqa: S311 - test data, not secrets

    def message(self) -> Node:
        """Return one random message (a tree; see ``to_xml``)."""
        return self.element(self.root, 0)

    def element(self, decl, depth: int) -> Node:
        rng = self.rng
        node = Node(split(decl.name), decl=decl)
        kind = decl.type
        self.attributes(node, kind)
        if decl.nillable and rng.random() < 0.15:
            node.attributes[NIL] = rng.choice(["true", "1"])
            return node
        if kind.is_simple():
            node.text = random_value(rng, kind)
        elif kind.has_simple_content():
            node.text = random_value(rng, kind.content)
        else:
            self.content(node, kind.content, depth + 1)
        return node

    def attributes(self, node: Node, kind) -> None:
        for name, attribute in getattr(kind, "attributes", {}).items():
            if name is None:
                continue  # xsd:anyAttribute: nothing is needed there
            if attribute.use == "required" or self.rng.random() < 0.5:
                if attribute.fixed is not None:
                    value = attribute.fixed
                else:
                    value = random_value(self.rng, attribute.type)
                node.attributes[split(name)] = value

    def content(self, node: Node, group, depth: int) -> None:
        rng = self.rng
        if group.model == "choice":
            items = [rng.choice(list(group))] if len(group) else []
        else:
            items = list(group)
        for item in items:
            for _ in range(self.count(item, depth)):
                if hasattr(item, "model"):
                    self.content(node, item, depth)
                else:
                    node.children.append(self.element(item, depth))

    def count(self, item, depth: int) -> int:
        low, high = item.min_occurs, item.max_occurs
        if depth > _MAX_DEPTH:
            return low
        top = low + 3 if high is None else min(high, low + 3)
        # Leave optional elements out often; sometimes fill up to maxOccurs.
        choice = self.rng.random()
        if choice < 0.3:
            return low
        if choice < 0.5 and high is not None:
            return high if high <= 50 else top
        return self.rng.randint(low, max(low, top))
