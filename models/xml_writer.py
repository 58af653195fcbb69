"""Write XML keeping attribute order and SERES's layout (``<a b="c" />``)."""

# lxml cannot put the space before ``/>``, choose indentation per variant, or accept
# namespace IRIs with Norwegian letters; and SERES's output is easier to compare by eye
# when ours looks the same.

import re
from dataclasses import dataclass, field

# Most values need no escaping; one search is cheaper than a chain of replaces.
_TEXT_SPECIAL = re.compile(r"[&<>]")
_ATTRIBUTE_SPECIAL = re.compile(r'[&<>"\n\r\t]')


@dataclass(slots=True)
class Node:
    """An element: a prefixed tag, attributes in order (None values are left out), children."""

    tag: str
    attributes: list[tuple[str, str | None]] = field(default_factory=list)
    children: list["Node"] = field(default_factory=list)
    text: str | None = None

    def add(self, tag: str, *attributes: tuple[str, str | None]) -> "Node":
        """Append a child element and return it."""
        child = Node(tag, list(attributes))
        self.children.append(child)
        return child


def escape_text(value: str) -> str:
    """Escape character data."""
    if _TEXT_SPECIAL.search(value) is None:
        return value
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def escape_attribute(value: str) -> str:
    """Escape an attribute value; whitespace characters become references to survive parsing."""
    if _ATTRIBUTE_SPECIAL.search(value) is None:
        return value
    value = escape_text(value).replace('"', "&quot;")
    if "\n" in value or "\r" in value or "\t" in value:
        value = value.replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    return value


def serialize(node: Node, indent: str = "  ") -> str:
    """Return the element as indented text, one element per line."""
    lines: list[str] = []
    _write(node, 0, indent, lines)
    return "\n".join(lines)


def _write(node: Node, depth: int, indent: str, lines: list[str]) -> None:
    pad = indent * depth
    attributes = "".join(
        f' {name}="{escape_attribute(value)}"'
        for name, value in node.attributes
        if value is not None
    )
    if node.text is not None:
        lines.append(f"{pad}<{node.tag}{attributes}>{escape_text(node.text)}</{node.tag}>")
    elif not node.children:
        lines.append(f"{pad}<{node.tag}{attributes} />")
    else:
        lines.append(f"{pad}<{node.tag}{attributes}>")
        for child in node.children:
            _write(child, depth + 1, indent, lines)
        lines.append(f"{pad}</{node.tag}>")
