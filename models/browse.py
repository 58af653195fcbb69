"""Finding one's way in a large model: its types in groups, and a filter over them.

A model such as RA-0678_M has some sixty types; a third are the helper types
SERES writes to hold a simple type's restriction (Tegnrestriksjon,
Tallrestriksjon, Verdirestriksjon), rarely what a person looks for. Pure
functions over a :class:`~models.model.MessageModel`, for the pages and the
property form alike.
"""

from models.conventions import (
    CHARACTER_RESTRICTION,
    MESSAGE_PART,
    NUMBER_RESTRICTION,
    VALUE_RESTRICTION,
)
from models.model import ComplexType, MessageModel, Type

HELPER_KINDS = (CHARACTER_RESTRICTION, NUMBER_RESTRICTION, VALUE_RESTRICTION)
# The groups, in the order pages show them.
PARTS, COMPLEX, SIMPLE, HELPERS = "parts", "complex", "simple", "helpers"
GROUPS = (PARTS, COMPLEX, SIMPLE, HELPERS)
MAX_FILTER = 100


def group_of(item: Type) -> str:
    """Which group a type belongs to: message parts, complex, simple (and code lists), helpers."""
    if isinstance(item, ComplexType):
        return PARTS if item.kind == MESSAGE_PART else COMPLEX
    return HELPERS if item.kind in HELPER_KINDS else SIMPLE


def grouped(types: list[Type]) -> list[tuple[str, list[Type]]]:
    """The types in their groups (in ``GROUPS`` order, each as in the model); none left empty."""
    found: dict[str, list[Type]] = {group: [] for group in GROUPS}
    for item in types:
        found[group_of(item)].append(item)
    return [(group, items) for group, items in found.items() if items]


def _words(item: Type) -> list[str]:
    """What a filter looks in: the type's name, kind, base, description, its elements'
    names and types, its codes' values."""
    words = [item.name, item.kind or "", item.base or "", item.description or ""]
    for prop in getattr(item, "properties", []):
        words += [prop.name, prop.type]
    for code in getattr(item, "codes", []):
        words += [code.value, code.description or ""]
    return words


def matching(model: MessageModel, text: str) -> list[Type]:
    """The model's types in which ``text`` appears (case and accents as typed, any case)."""
    wanted = text.strip().casefold()
    if not wanted:
        return list(model.types)
    return [item for item in model.types if any(wanted in w.casefold() for w in _words(item))]
