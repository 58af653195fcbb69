"""Random XML messages from a schema, valid and deliberately invalid, for equivalence checks.

Two schemas are equivalent at the level that matters when they accept and refuse the
same messages. ``equivalence`` draws random valid messages from one schema (absent
optional elements, repeats up to maxOccurs, xsi:nil, codes, facet boundaries, patterns)
and mutates them in many ways that the schema must refuse, then counts how many the
other schemas accept and refuse alike. It walks xmlschema's components, so it works on
any schema xmlschema builds, SERES's own files included.
"""

import random
import string
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

import xmlschema

from models.conventions import DECIMAL_TYPES, INTEGER_TYPES, SERES_NS, XSD_NS, XSI_NS
from models.errors import SampleUnavailable
from models.regex_example import example
from models.validation import instance_errors
from models.xml_writer import escape_attribute, escape_text

_XS = "{" + XSD_NS + "}"
_NIL = (XSI_NS, "nil")
_OTHER_NS = "http://example.invalid/ikke-modellen"
_LETTERS = string.ascii_letters + string.digits + "æøåÆØÅ"
_NUMBER_TYPES = INTEGER_TYPES | DECIMAL_TYPES
_STRING_TYPES = frozenset(["string", "normalizedString", "token"])
# Past this depth optional elements are left out, so recursive types end.
_MAX_DEPTH = 12


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


def _split(name: str) -> tuple[str, str]:
    if name.startswith("{"):
        namespace, _, local = name[1:].partition("}")
        return namespace, local
    return "", name


# -- simple values -------------------------------------------------------------------


@dataclass
class Facets:
    """The facets that apply to a simple type, gathered along its derivation."""

    builtin: str = "string"
    enumeration: list[str] | None = None
    patterns: list[list[str]] = field(default_factory=list)
    length: int | None = None
    min_length: int | None = None
    max_length: int | None = None
    min_inclusive: Decimal | None = None
    max_inclusive: Decimal | None = None
    min_exclusive: Decimal | None = None
    max_exclusive: Decimal | None = None
    total_digits: int | None = None
    fraction_digits: int | None = None


def facets_of(simple_type) -> Facets:
    """Gather the facets of an xmlschema atomic type (the most derived value wins)."""
    found = Facets(enumeration=simple_type.enumeration)
    current = simple_type
    while current is not None:
        if type(current).__name__ == "XsdAtomicBuiltin":
            found.builtin = current.local_name
            break
        patterns = getattr(current, "patterns", None)
        if patterns:
            found.patterns.append(list(patterns.regexps))
        for key, facet in (getattr(current, "facets", None) or {}).items():
            if facet is None or not key or not key.startswith(_XS):
                continue
            attribute = {
                "length": "length",
                "minLength": "min_length",
                "maxLength": "max_length",
                "minInclusive": "min_inclusive",
                "maxInclusive": "max_inclusive",
                "minExclusive": "min_exclusive",
                "maxExclusive": "max_exclusive",
                "totalDigits": "total_digits",
                "fractionDigits": "fraction_digits",
            }.get(key[len(_XS) :])
            if attribute and getattr(found, attribute) is None:
                value = facet.value
                if attribute.startswith(("min_in", "max_in", "min_ex", "max_ex")):
                    try:
                        value = Decimal(str(value))
                    except ArithmeticError:
                        continue  # a date bound: left to the validity filter
                setattr(found, attribute, value)
        current = getattr(current, "base_type", None)
    return found


def _text_candidates(rng: random.Random, facets: Facets) -> Iterator[str]:
    low = facets.length if facets.length is not None else (facets.min_length or 0)
    high = facets.length if facets.length is not None else facets.max_length
    top = high if high is not None else low + 30
    if facets.patterns:
        for regexps in facets.patterns:
            for pattern in rng.sample(regexps, len(regexps)):
                try:
                    yield example(pattern, low, high)
                except (SampleUnavailable, RecursionError):
                    continue
    sizes = [low, top, rng.randint(low, max(low, min(top, low + 40)))]
    rng.shuffle(sizes)  # boundaries as often as values between them
    for size in sizes:
        yield "".join(rng.choice(_LETTERS) for _ in range(min(size, 5000)))


def _number_candidates(rng: random.Random, facets: Facets) -> Iterator[str]:
    integer = facets.builtin in INTEGER_TYPES
    digits = facets.total_digits or 9
    fraction = 0 if integer else min(facets.fraction_digits or 2, digits - 1)
    step = Decimal(1).scaleb(-fraction)
    low = facets.min_inclusive
    if low is None and facets.min_exclusive is not None:
        low = facets.min_exclusive + step
    high = facets.max_inclusive
    if high is None and facets.max_exclusive is not None:
        high = facets.max_exclusive - step
    biggest = Decimal(10) ** (digits - fraction) - step
    low = -biggest if low is None else low
    high = biggest if high is None else high
    values = [low, high, low + (high - low) * Decimal(rng.random())]
    rng.shuffle(values)  # boundaries as often as values between them
    for value in values:
        value = value.quantize(step, rounding="ROUND_FLOOR" if value > 0 else "ROUND_CEILING")
        yield str(int(value)) if integer else format(value, "f")
    yield str(rng.randint(0, 9))


def _other_candidates(rng: random.Random, builtin: str) -> Iterator[str]:
    year = rng.randint(1900, 2100)
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    time = f"{rng.randint(0, 23):02}:{rng.randint(0, 59):02}:{rng.randint(0, 59):02}"
    yield {
        "boolean": rng.choice(["true", "false", "1", "0"]),
        "date": f"{year}-{month:02}-{day:02}",
        "dateTime": f"{year}-{month:02}-{day:02}T{time}",
        "time": time,
        "gYear": str(year),
        "gYearMonth": f"{year}-{month:02}",
        "gMonth": f"--{month:02}",
        "gDay": f"---{day:02}",
        "gMonthDay": f"--{month:02}-{day:02}",
        "anyURI": f"https://example.no/{year}",
        "base64Binary": "U0VSRVM=",
        "hexBinary": "0A1B",
        "duration": f"P{month}M{day}D",
        "language": "nb",
    }.get(builtin, "a")


def random_value(rng: random.Random, simple_type) -> str:
    """Return a random lexical value that ``simple_type`` accepts."""
    facets = facets_of(simple_type)
    candidates: list[str] = []
    if facets.enumeration:
        candidates += rng.sample(facets.enumeration, len(facets.enumeration))
    elif facets.builtin in _NUMBER_TYPES:
        candidates += _number_candidates(rng, facets)
    elif facets.builtin in _STRING_TYPES or facets.patterns:
        candidates += _text_candidates(rng, facets)
    candidates += _other_candidates(rng, facets.builtin)
    for candidate in candidates:
        if simple_type.is_valid(candidate):
            return candidate
    raise SampleUnavailable(f"no value found for type {simple_type.local_name}", code="no_value")


# -- valid messages ------------------------------------------------------------------


class Generator:
    """Draw random valid messages from an xmlschema schema's global root element."""

    def __init__(self, schema: xmlschema.XMLSchema, root: str, seed: int = 0) -> None:
        self.schema = schema
        self.root = next(
            element for name, element in schema.elements.items() if _split(name)[1] == root
        )
        self.rng = random.Random(seed)  # noqa: S311 - test data, not secrets

    def message(self) -> Node:
        """Return one random message (a tree; see ``to_xml``)."""
        return self.element(self.root, 0)

    def element(self, decl, depth: int) -> Node:
        rng = self.rng
        node = Node(_split(decl.name), decl=decl)
        kind = decl.type
        self.attributes(node, kind)
        if decl.nillable and rng.random() < 0.15:
            node.attributes[_NIL] = rng.choice(["true", "1"])
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
                node.attributes[_split(name)] = value

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


# -- invalid messages ------------------------------------------------------------------


def _simple(node: Node):
    """Return the simple type of a node's text, or None."""
    kind = getattr(node.decl, "type", None)
    if kind is None or node.attributes.get(_NIL) in ("true", "1"):
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
        test = lambda f: f.builtin not in _STRING_TYPES and not f.enumeration  # noqa: E731
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
                if _simple(node) is None and node.attributes.get(_NIL) is None
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
            found.attributes[_NIL] = "true"
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
            found.attributes[_NIL] = "true"
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
        if name != _NIL and test(_attribute_decl(node, name))
    ]


def _is_required(decl) -> bool:
    return getattr(decl, "use", None) == "required"


def _is_fixed(decl) -> bool:
    return getattr(decl, "fixed", None) is not None


def _any_attribute(node: Node) -> bool:
    attributes = getattr(getattr(node.decl, "type", None), "attributes", None) or {}
    return None in attributes


# -- equivalence ---------------------------------------------------------------------


@dataclass
class Tally:
    """How one other schema treated the messages of the original."""

    valid_total: int = 0
    valid_accepted: int = 0
    invalid_total: int = 0
    invalid_refused: int = 0
    kinds: set[str] = field(default_factory=set)  # the mutations among the invalid ones
    failures: list[str] = field(default_factory=list)  # a few examples, for messages


@dataclass
class Other:
    """A schema to compare with the original, and the namespace its messages are in."""

    name: str
    schema: xmlschema.XMLSchema
    namespace: str


def equivalence(
    original: xmlschema.XMLSchema,
    others: list[Other],
    *,
    root: str = "melding",
    valid: int = 100,
    invalid: int = 100,
    seed: int = 0,
) -> dict[str, Tally]:
    """Check that ``others`` accept the original's valid messages and refuse its invalid
    ones; return a tally per other schema.

    Invalid messages are mutations of valid ones that the original refuses; kinds are
    taken in turn, so every kind that fits the schema is among them.
    """
    generator = Generator(original, root, seed)
    mutator = Mutator(seed)
    source = _split(generator.root.name)[0]
    tallies = {other.name: Tally() for other in others}
    messages: list[Node] = []
    for _ in range(valid):
        message = generator.message()
        errors = instance_errors(original, to_xml(message))
        if errors:  # the generator's fault, never the other schemas': say so
            raise AssertionError(f"a generated message is invalid: {errors[:3]}")
        messages.append(message)
        for other in others:
            tally = tallies[other.name]
            tally.valid_total += 1
            text = to_xml(retarget(message, source, other.namespace))
            problems = instance_errors(other.schema, text)
            if problems:
                _note(tally, f"valid message refused: {problems[0]}")
            else:
                tally.valid_accepted += 1
    kinds = mutator.kinds()
    made = attempts = 0
    while made < invalid and attempts < invalid * 20:
        kind = kinds[attempts % len(kinds)]
        base = messages[attempts % len(messages)] if messages else generator.message()
        attempts += 1
        mutant = mutator.mutate(base, kind)
        if mutant is None or not instance_errors(original, to_xml(mutant)):
            continue  # nowhere to apply it, or the original still accepts it
        made += 1
        for other in others:
            tally = tallies[other.name]
            tally.invalid_total += 1
            tally.kinds.add(kind)
            text = to_xml(retarget(mutant, source, other.namespace))
            if instance_errors(other.schema, text):
                tally.invalid_refused += 1
            else:
                _note(tally, f"invalid message ({kind}) accepted")
    return tallies


def _note(tally: Tally, failure: str) -> None:
    if len(tally.failures) < 5:
        tally.failures.append(failure)
