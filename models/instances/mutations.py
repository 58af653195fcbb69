"""Valid messages made invalid in one named way each (facets, codes, namespaces, counts, ...)."""

import random
from collections.abc import Callable

from models.conventions import SERES_NS
from models.instances.simple_values import STRING_TYPES, Facets, facets_of
from models.instances.tree import NIL, Node

_OTHER_NS = "http://example.invalid/ikke-modellen"


def _simple(node: Node):
    """Return the simple type of a node's text, or None."""
    kind = getattr(node.decl, "type", None)
    if kind is None or node.attributes.get(NIL) in ("true", "1"):
        return None
    if kind.is_simple():
        return kind
    if kind.has_simple_content():
        return kind.content
    return None


def _with_facets(message: Node, test: Callable[[Facets], bool]) -> list[tuple[Node, Facets]]:
    found = []
    for node in message.walk():
        simple = _simple(node)
        if simple is not None and not node.children:
            facets = facets_of(simple)
            if test(facets):
                found.append((node, facets))
    return found


def _parents(message: Node) -> list[tuple[Node, Node]]:
    return [(parent, child) for parent in message.walk() for child in parent.children]


class Mutator:
    """Make a valid message invalid in one named way."""

    def __init__(self, seed: int = 0) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - test data, not secrets

    def kinds(self) -> list[str]:
        """Return the names of the mutations, in the order they are tried."""
        return [name[len("m_") :] for name in dir(self) if name.startswith("m_")]

    def mutate(self, message: Node, kind: str) -> Node | None:
        """Return a changed copy of ``message``, or None when it has no place for ``kind``."""
        copy = message.copy()
        return copy if getattr(self, "m_" + kind)(copy) else None

    def pick(self, items: list):
        return self.rng.choice(items) if items else None

    def m_too_long(self, message: Node) -> bool:
        found = self.pick(_with_facets(message, lambda f: (f.max_length or f.length) is not None))
        if found:
            node, facets = found
            size = (facets.length if facets.length is not None else facets.max_length) + 1
            node.text = (node.text or "a") * size
            node.text = node.text[:size].ljust(size, "a")
        return bool(found)

    def m_too_short(self, message: Node) -> bool:
        found = self.pick(_with_facets(message, lambda f: (f.length or f.min_length or 0) > 0))
        if found:
            node, facets = found
            size = (facets.length if facets.length is not None else facets.min_length) - 1
            node.text = (node.text or "")[:size]
        return bool(found)

    def m_pattern(self, message: Node) -> bool:
        found = self.pick(_with_facets(message, lambda f: bool(f.patterns)))
        if found:
            node, _ = found
            node.text = "§" + (node.text or "")[1:]
        return bool(found)

    def m_above_maximum(self, message: Node) -> bool:
        test = lambda f: f.max_inclusive is not None or f.max_exclusive is not None  # noqa: E731
        found = self.pick(_with_facets(message, test))
        if found:
            node, facets = found
            if facets.max_inclusive is not None:
                node.text = str(facets.max_inclusive + 1)
            else:
                node.text = str(facets.max_exclusive)
        return bool(found)

    def m_below_minimum(self, message: Node) -> bool:
        test = lambda f: f.min_inclusive is not None or f.min_exclusive is not None  # noqa: E731
        found = self.pick(_with_facets(message, test))
        if found:
            node, facets = found
            if facets.min_inclusive is not None:
                node.text = str(facets.min_inclusive - 1)
            else:
                node.text = str(facets.min_exclusive)
        return bool(found)

    def m_total_digits(self, message: Node) -> bool:
        found = self.pick(_with_facets(message, lambda f: f.total_digits is not None))
        if found:
            node, facets = found
            node.text = "1" * (facets.total_digits + 1)
        return bool(found)

    def m_fraction_digits(self, message: Node) -> bool:
        test = lambda f: f.fraction_digits is not None and f.builtin == "decimal"  # noqa: E731
        found = self.pick(_with_facets(message, test))
        if found:
            node, facets = found
            node.text = "0." + "1" * (facets.fraction_digits + 1)
        return bool(found)

    def m_wrong_code(self, message: Node) -> bool:
        found = self.pick(_with_facets(message, lambda f: bool(f.enumeration)))
        if found:
            node, facets = found
            node.text = "UKJENT-" + "".join(facets.enumeration)[:20]
        return bool(found)

    def m_wrong_lexical_value(self, message: Node) -> bool:
        test = lambda f: f.builtin not in STRING_TYPES and not f.enumeration  # noqa: E731
        found = self.pick(_with_facets(message, test))
        if found:
            found[0].text = "ikke en verdi"
        return bool(found)

    def m_missing_required_element(self, message: Node) -> bool:
        candidates = [
            (parent, child)
            for parent, child in _parents(message)
            if child.decl is not None
            and child.decl.min_occurs >= 1
            and sum(1 for other in parent.children if other.name == child.name)
            <= child.decl.min_occurs
        ]
        found = self.pick(candidates)
        if found:
            found[0].children.remove(found[1])
        return bool(found)

    def m_past_max_occurs(self, message: Node) -> bool:
        candidates = [
            (parent, child)
            for parent, child in _parents(message)
            if child.decl is not None
            and child.decl.max_occurs is not None
            and child.decl.max_occurs <= 50
        ]
        found = self.pick(candidates)
        if found:
            parent, child = found
            present = sum(1 for other in parent.children if other.name == child.name)
            at = parent.children.index(child)
            for _ in range(child.decl.max_occurs + 1 - present):
                parent.children.insert(at, child.copy())
        return bool(found)

    def m_wrong_element_namespace(self, message: Node) -> bool:
        found = self.pick([child for _, child in _parents(message)])
        if found:
            found.name = (_OTHER_NS, found.name[1])
        return bool(found)

    def m_unknown_element(self, message: Node) -> bool:
        found = self.pick(
            [
                node
                for node in message.walk()
                if _simple(node) is None and node.attributes.get(NIL) is None
            ]
        )
        if found:
            at = self.rng.randint(0, len(found.children))
            found.children.insert(at, Node((message.name[0], "ukjentElement"), text="x"))
        return bool(found)

    def m_swapped_elements(self, message: Node) -> bool:
        candidates = [
            (node, index)
            for node in message.walk()
            for index in range(len(node.children) - 1)
            if node.children[index].name != node.children[index + 1].name
        ]
        found = self.pick(candidates)
        if found:
            node, index = found
            children = node.children
            children[index], children[index + 1] = children[index + 1], children[index]
        return bool(found)

    def m_nil_not_nillable(self, message: Node) -> bool:
        found = self.pick(
            [child for _, child in _parents(message) if child.decl and not child.decl.nillable]
        )
        if found:
            found.attributes[NIL] = "true"
            found.children, found.text = [], None
        return bool(found)

    def m_nil_with_content(self, message: Node) -> bool:
        found = self.pick(
            [
                child
                for _, child in _parents(message)
                if child.decl and child.decl.nillable and (child.text or child.children)
            ]
        )
        if found:
            found.attributes[NIL] = "true"
        return bool(found)

    def m_missing_required_attribute(self, message: Node) -> bool:
        found = self.pick(_attributes_where(message, _is_required))
        if found:
            del found[0].attributes[found[1]]
        return bool(found)

    def m_wrong_fixed_value(self, message: Node) -> bool:
        found = self.pick(_attributes_where(message, _is_fixed))
        if found:
            node, name = found
            node.attributes[name] = node.attributes[name] + "-endret"
        return bool(found)

    def m_wrong_attribute_namespace(self, message: Node) -> bool:
        found = self.pick(_attributes_where(message, _is_required))
        if found:
            node, (namespace, local) = found
            # Out of SERES's namespace into none; else into a foreign one (the model's own
            # and none are one in the Altinn variant, which has no namespace).
            moved = "" if namespace == SERES_NS else _OTHER_NS
            node.attributes[(moved, local)] = node.attributes.pop((namespace, local))
        return bool(found)

    def m_unknown_attribute(self, message: Node) -> bool:
        found = self.pick(
            [
                child
                for _, child in _parents(message)
                if child.decl is not None and not _any_attribute(child)
            ]
        )
        if found:
            found.attributes[("", "ukjentAttributt")] = "x"
        return bool(found)

    def m_renamed_element(self, message: Node) -> bool:
        found = self.pick([child for _, child in _parents(message)])
        if found:
            namespace, local = found.name
            found.name = (namespace, local.swapcase())
        return bool(found)

    def m_padded_code(self, message: Node) -> bool:
        test = lambda f: bool(f.enumeration) and f.builtin == "string"  # noqa: E731
        found = self.pick(_with_facets(message, test))
        if found:
            found[0].text = f" {found[0].text} "
        return bool(found)

    def m_text_in_element_only_content(self, message: Node) -> bool:
        found = self.pick([node for node in message.walk() if node.children])
        if found:
            found.text = "løs tekst"
        return bool(found)

    def m_wrong_root_name(self, message: Node) -> bool:
        message.name = (message.name[0], message.name[1] + "X")
        return True


def _attribute_decl(node: Node, name: tuple[str, str]):
    attributes = getattr(getattr(node.decl, "type", None), "attributes", None) or {}
    namespace, local = name
    return attributes.get(f"{{{namespace}}}{local}" if namespace else local)


def _attributes_where(message: Node, test: Callable) -> list[tuple[Node, tuple[str, str]]]:
    """Return (node, attribute name) for each attribute of the message that passes."""
    return [
        (node, name)
        for node in message.walk()
        for name in node.attributes
        if name != NIL and test(_attribute_decl(node, name))
    ]


def _is_required(decl) -> bool:
    return getattr(decl, "use", None) == "required"


def _is_fixed(decl) -> bool:
    return getattr(decl, "fixed", None) is not None


def _any_attribute(node: Node) -> bool:
    attributes = getattr(getattr(node.decl, "type", None), "attributes", None) or {}
    return None in attributes
