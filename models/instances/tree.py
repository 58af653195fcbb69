"""A message as a tree of nodes, and the tree written as XML."""

from collections.abc import Iterator
from dataclasses import dataclass, field

from models.conventions import SERES_NS, XSI_NS
from models.xml_writer import escape_attribute, escape_text

NIL = (XSI_NS, "nil")


@dataclass
class Node:
    """An element of a message: a (namespace, name) pair, attributes, text, children."""

    name: tuple[str, str]
    attributes: dict[tuple[str, str], str] = field(default_factory=dict)
    text: str | None = None
    children: list["Node"] = field(default_factory=list)
    decl: object = None  # the xmlschema element declaration it was drawn from

    def copy(self) -> "Node":
        """Return a deep copy that shares the declarations."""
        return Node(
            self.name,
            dict(self.attributes),
            self.text,
            [child.copy() for child in self.children],
            self.decl,
        )

    def walk(self) -> Iterator["Node"]:
        """Yield this node and every node below it, depth first."""
        yield self
        for child in self.children:
            yield from child.walk()


def split(name: str) -> tuple[str, str]:
    if name.startswith("{"):
        namespace, _, local = name[1:].partition("}")
        return namespace, local
    return "", name


# -- writing ---------------------------------------------------------------------------


def to_xml(node: Node) -> str:
    """Write a message tree as XML text, declaring every namespace it uses on the root."""
    prefixes = {"": "", XSI_NS: "xsi", SERES_NS: "seres"}
    for item in node.walk():
        for namespace, _ in [item.name, *item.attributes]:
            if namespace not in prefixes:
                prefixes[namespace] = f"n{len(prefixes)}"
    default = node.name[0]
    declarations = "".join(
        f' xmlns:{prefix}="{escape_attribute(namespace)}"'
        for namespace, prefix in prefixes.items()
        if prefix
    )
    if default:
        declarations += f' xmlns="{escape_attribute(default)}"'
    parts: list[str] = ['<?xml version="1.0" encoding="utf-8"?>\n']
    _write(node, prefixes, default, declarations, parts)
    return "".join(parts)


def _write(node: Node, prefixes: dict, default: str, extra: str, parts: list[str]) -> None:
    namespace, local = node.name
    if namespace == default:
        tag = local
    elif not namespace:
        # Unqualified below a default namespace: undeclare it here.
        tag = local
        extra += ' xmlns=""'
        default = ""
    else:
        tag = f"{prefixes[namespace]}:{local}"
    attributes = "".join(
        f' {prefixes[ns] + ":" if ns else ""}{name}="{escape_attribute(value)}"'
        for (ns, name), value in node.attributes.items()
    )
    parts.append(f"<{tag}{extra}{attributes}>")
    if node.text is not None:
        parts.append(escape_text(node.text))
    for child in node.children:
        _write(child, prefixes, default, "", parts)
    parts.append(f"</{tag}>")


def retarget(node: Node, source: str, target: str) -> Node:
    """Move a message from one variant's namespace to another's (elements, and attributes
    qualified by the source namespace); unqualified attributes stay unqualified."""
    copy = node.copy()
    for item in copy.walk():
        if item.name[0] == source:
            item.name = (target, item.name[1])
        if source:
            item.attributes = {
                ((target if ns == source else ns), name): value
                for (ns, name), value in item.attributes.items()
            }
    return copy
