"""Check that a model can be written as a message specification."""

import re

from models.conventions import (
    ATTRIBUTE_NAMESPACES,
    BUILTIN_SIMPLE_TYPES,
    DATA_FORMAT_NAMESPACES,
    SERES_ATTRIBUTES,
    SERES_NS,
    STANDARD,
    VARIANTS,
)
from models.errors import Issue
from models.model import AttributeDecl, ComplexType, MessageModel, Property, SimpleType, Type

# An XML NCName (XML 1.0 fifth edition's NameStartChar and NameChar without ":"), within
# the Basic Multilingual Plane as xmlschema's \i and \c are; fullmatch, since "$" also
# matches before a trailing newline and \w takes "²", which no XML name may hold.
_NAME_START = (
    "A-Z_a-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff"
    "\u200c-\u200d\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd"
)
_NAME_CHAR = _NAME_START + "\\-.0-9\u00b7\u0300-\u036f\u203f-\u2040"
_NCNAME = re.compile(f"[{_NAME_START}][{_NAME_CHAR}]*")
_USES = ("optional", "required")
# A count (minOccurs, maxOccurs, a length or digits facet): ASCII digits only, since
# str.isdigit also accepts "²" and int() refuses it, and few enough that int() never hits
# Python's limit on long numbers.
_COUNT = re.compile(r"[0-9]{1,9}")


# Groups and class subtractions nested deeper than this are refused: a schema processor
# parses patterns recursively, and xmlschema runs out of stack at a few hundred levels.
MAX_PATTERN_DEPTH = 100


def pattern_depth(pattern: str) -> int:
    """Return how deep groups and character classes nest in an XSD pattern."""
    deepest = groups = classes = 0
    escaped = False
    for char in pattern:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "[":
            classes += 1
        elif char == "]":
            classes = max(classes - 1, 0)
        elif classes:
            continue
        elif char == "(":
            groups += 1
        elif char == ")":
            groups = max(groups - 1, 0)
        deepest = max(deepest, groups + classes)
    return deepest


def parse_count(value: str) -> int | None:
    """Return ``value`` as a whole number of at most nine ASCII digits, else None."""
    return int(value) if _COUNT.fullmatch(value) else None


def is_ncname(name: str) -> bool:
    """Tell whether ``name`` can name an element or a type."""
    return _NCNAME.fullmatch(name) is not None


def check_model(model: MessageModel, variant: str | None = None) -> list[Issue]:
    """Return every problem that stops ``model`` from becoming a valid XSD."""
    return _Checker(model, variant or model.variant).run()


class _Checker:
    def __init__(self, model: MessageModel, variant: str) -> None:
        self.model = model
        self.variant = variant
        self.types = model.types_by_name()
        self.issues: list[Issue] = []

    def problem(self, code: str, message: str, **params: str) -> None:
        self.issues.append(Issue(code, message, params))

    def run(self) -> list[Issue]:
        model = self.model
        if self.variant not in VARIANTS:
            self.problem(
                "unknown_variant", f"unknown variant {self.variant!r}", variant=self.variant
            )
        for label, value in (("model name", model.name), ("root element", model.root_element)):
            if not is_ncname(value):
                self.problem(
                    "invalid_name", f"{label} {value!r} is not a valid XML name", name=value
                )
        for label, value in (
            ("dataFormatId", model.data_format_id),
            ("dataFormatVersion", model.data_format_version),
        ):
            if not value:
                self.problem("missing_metadata", f"the model has no {label}", field=label)
        if model.data_format_namespace not in DATA_FORMAT_NAMESPACES:
            self.problem(
                "bad_namespace",
                f"the dataFormat attributes cannot be in namespace {model.data_format_namespace!r}",
                namespace=model.data_format_namespace,
            )
        if self.variant == STANDARD and not model.target_namespace:
            self.problem(
                "missing_namespace",
                "the standard variant needs a namespace: give the domain and version",
                field="namespace",
            )
        self.check_names()
        self.check_properties(model.parts, f"type {model.name}")
        for item in model.types:
            if isinstance(item, SimpleType):
                self.check_simple(item)
            else:
                self.check_complex(item)
        self.check_required_cycles()
        return self.issues

    def check_names(self) -> None:
        seen = {self.model.name}
        for item in self.model.types:
            if not is_ncname(item.name):
                self.problem(
                    "invalid_name",
                    f"type name {item.name!r} is not a valid XML name",
                    name=item.name,
                )
            elif item.name in seen:
                self.problem("duplicate_type", f"type {item.name} is defined twice", type=item.name)
            seen.add(item.name)

    def resolve(self, name: str | None, context: str) -> Type | str | None:
        """Return the named type, the builtin's name, or None after reporting it unknown."""
        if name is None:
            return None
        if name.startswith("xsd:"):
            builtin = name[4:]
            if builtin in BUILTIN_SIMPLE_TYPES or builtin == "anyType":
                return builtin
        elif name in self.types:
            return self.types[name]
        self.problem("unknown_type", f"{context} refers to unknown type {name!r}", type=name)
        return None

    def is_simple(self, target: Type | str | None) -> bool:
        if isinstance(target, str):
            return target != "anyType"
        return isinstance(target, SimpleType)

    def check_simple(self, item: SimpleType) -> None:
        context = f"type {item.name}"
        base = self.resolve(item.base, context)
        if base is not None and not self.is_simple(base):
            self.problem("bad_base", f"{context} must derive from a simple type", type=item.name)
        if (
            isinstance(base, SimpleType)
            and base.simple_content
            and not item.simple_content
            and item.base
        ):
            self.problem(
                "bad_base",
                f"{context} restricts {item.base}, which has attributes; restrict its base",
                type=item.name,
            )
        if item.simple_content and (item.codes or not item.facets.is_empty()):
            self.problem(
                "facets_on_extension",
                f"{context} has attributes, so its facets belong in its base type",
                type=item.name,
            )
        if not item.simple_content and item.attributes:
            self.problem(
                "attributes_on_restriction",
                f"{context} has attributes but is not marked simple_content",
                type=item.name,
            )
        for pattern in item.facets.patterns:
            if pattern_depth(pattern) > MAX_PATTERN_DEPTH:
                self.problem(
                    "pattern_too_deep",
                    f"{context}: a pattern nests groups or classes more than "
                    f"{MAX_PATTERN_DEPTH} deep",
                    type=item.name,
                    limit=str(MAX_PATTERN_DEPTH),
                )
        self.check_attributes(item.attributes, context)
        self.check_cycle(item)

    def check_complex(self, item: ComplexType) -> None:
        context = f"type {item.name}"
        if item.base is not None:
            base = self.resolve(item.base, context)
            if base is not None and not isinstance(base, ComplexType):
                self.problem("bad_base", f"{context} must extend an object type", type=item.name)
            self.check_cycle(item)
        self.check_properties(item.properties, context)

    def check_properties(self, properties: list[Property], context: str) -> None:
        names: set[str] = set()
        for prop in properties:
            where = f"element {prop.name} in {context}"
            if not is_ncname(prop.name):
                self.problem("invalid_name", f"{where}: not a valid XML name", name=prop.name)
            elif prop.name in names:
                self.problem("duplicate_element", f"{where} appears twice", element=prop.name)
            names.add(prop.name)
            target = self.resolve(prop.type, where)
            if prop.min_occurs < 0 or (
                prop.max_occurs is not None and prop.max_occurs < max(prop.min_occurs, 1)
            ):
                self.problem(
                    "bad_occurrence",
                    f"{where}: occurrences {prop.min_occurs}..{prop.max_occurs} are impossible",
                    element=prop.name,
                )
            if target == "anyType" and (prop.attributes or prop.any_attribute):
                self.problem("bad_base", f"{where}: cannot extend xsd:anyType", element=prop.name)
            self.check_attributes(prop.attributes, where)

    def check_attributes(self, attributes: list[AttributeDecl], context: str) -> None:
        names: set[tuple[str, str]] = set()
        for attribute in attributes:
            where = f"attribute {attribute.name} in {context}"
            qualified = (attribute.namespace, attribute.name)
            if not is_ncname(attribute.name):
                self.problem("invalid_name", f"{where}: not a valid XML name", name=attribute.name)
            elif qualified in names:
                self.problem("duplicate_attribute", f"{where} appears twice", name=attribute.name)
            names.add(qualified)
            if attribute.namespace not in ATTRIBUTE_NAMESPACES:
                self.problem(
                    "bad_namespace",
                    f"{where}: an attribute cannot be in namespace {attribute.namespace!r}",
                    namespace=attribute.namespace,
                )
            elif attribute.namespace == SERES_NS and (
                attribute.name not in SERES_ATTRIBUTES or attribute.type != "xsd:string"
            ):
                # A ref to seres.xsd takes its declaration as it is: a string.
                self.problem(
                    "bad_namespace",
                    f"{where}: seres.xsd declares no such attribute (or not with type "
                    f"{attribute.type})",
                    namespace=attribute.namespace,
                )
            if attribute.use not in _USES:
                self.problem(
                    "bad_use", f"{where}: use must be optional or required", use=attribute.use
                )
            target = self.resolve(attribute.type, where)
            if target is not None and not self.is_simple(target):
                self.problem(
                    "bad_base", f"{where}: an attribute needs a simple type", type=attribute.type
                )
            elif isinstance(target, SimpleType) and target.simple_content:
                self.problem(
                    "bad_base",
                    f"{where}: type {attribute.type} has attributes; use its base type",
                    type=attribute.type,
                )

    def check_cycle(self, item: Type) -> None:
        seen = {item.name}
        current = item
        while current.base and not current.base.startswith("xsd:"):
            current = self.types.get(current.base)
            if current is None:
                return
            if current.name in seen:
                self.problem("base_cycle", f"type {item.name} derives from itself", type=item.name)
                return
            seen.add(current.name)

    def check_required_cycles(self) -> None:
        """Report object types that require themselves: no finite message can hold them.

        An edge leads from a complex type to the complex type of each of its required
        elements, and to the type it extends (whose elements it holds). Each strongly
        connected group of types with a required element among its edges is one issue; a
        group held together by inheritance alone is a base_cycle, reported already.
        """
        edges: dict[str, list[tuple[str, bool]]] = {}
        for item in self.model.types:
            if not isinstance(item, ComplexType) or item.name in edges:
                continue
            targets = [
                (prop.type, True)
                for prop in item.properties
                if prop.min_occurs >= 1 and isinstance(self.types.get(prop.type), ComplexType)
            ]
            if isinstance(self.types.get(item.base or ""), ComplexType):
                targets.append((item.base, False))
            edges[item.name] = targets
        for group in _strongly_connected(edges):
            members = set(group)
            by_element = any(
                required and target in members for name in group for target, required in edges[name]
            )
            if by_element and (len(group) > 1 or any(t == group[0] for t, _ in edges[group[0]])):
                names = ", ".join(group)
                self.problem(
                    "required_cycle",
                    f"type {group[0]} requires itself through required elements ({names}); "
                    "no finite message can hold it: make one of them optional",
                    type=group[0],
                    types=names,
                )


def _strongly_connected(edges: dict[str, list[tuple[str, bool]]]) -> list[list[str]]:
    """Return the strongly connected groups of ``edges`` (Tarjan's, without recursion).

    Each group lists its types in the order of ``edges``.
    """
    order = {name: position for position, name in enumerate(edges)}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    for start in edges:
        if start in index:
            continue
        work = [(start, iter(edges[start]))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, targets = work[-1]
            for target, _required in targets:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(edges[target])))
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    group = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.append(member)
                        if member == node:
                            break
                    groups.append(sorted(group, key=order.__getitem__))
    return sorted(groups, key=lambda group: order[group[0]])
