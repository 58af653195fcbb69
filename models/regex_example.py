"""Make a string that matches an XML Schema pattern facet, for sample messages."""

# XSD regular expressions differ from Python's (always anchored, no ^ or $ anchors, the
# \i and \c classes, class subtraction), so they get their own small parser for the common
# subset: literals, escapes, classes, groups, alternation and quantifiers.

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from models.errors import SampleUnavailable

_SINGLE_ESCAPES = {"n": "\n", "r": "\r", "t": "\t"}
_SINGLE_ESCAPES.update({c: c for c in "\\|.-^?*+{}()[]"})
_PREFERRED = "a0A1bB_-. "
_DIGITS = frozenset("0123456789")
# Beyond these a pattern gets no sample value rather than a crash or a huge string: deeper
# groups would exhaust Python's recursion, and a larger minimum repeat is no sample value.
_MAX_DEPTH = 100
_MAX_REPEAT = 10000


def _is_name_start(char: str) -> bool:
    return char in ":_" or unicodedata.category(char)[0] == "L"


def _is_name_char(char: str) -> bool:
    return _is_name_start(char) or char in "-." or unicodedata.category(char) in ("Nd", "Mn")


def _is_word(char: str) -> bool:
    # XSD's \w: everything but punctuation, separators and "other" characters.
    return unicodedata.category(char)[0] not in "PZC"


_CLASS_ESCAPES: dict[str, Callable[[str], bool]] = {
    "d": lambda c: unicodedata.category(c) == "Nd",
    "s": lambda c: c in " \t\n\r",
    "w": _is_word,
    "i": _is_name_start,
    "c": _is_name_char,
}


@dataclass
class _Chars:
    """A set of characters, known by a membership test."""

    contains: Callable[[str], bool]
    hints: str = ""  # characters worth trying first (range starts, literals)

    def pick(self) -> str:
        for char in _PREFERRED + self.hints:
            if self.contains(char):
                return char
        for code in range(32, 0x3000):
            if self.contains(chr(code)):
                return chr(code)
        raise SampleUnavailable("no character matches a class in the pattern", code="pattern")


@dataclass
class _Repeat:
    node: object
    low: int
    high: int | None


@dataclass
class _Sequence:
    items: list


@dataclass
class _Choice:
    branches: list


class _Parser:
    """Recursive descent over the XSD regular expression grammar."""

    def __init__(self, pattern: str) -> None:
        self.text = pattern
        self.pos = 0
        self.depth = 0

    def fail(self, what: str) -> SampleUnavailable:
        return SampleUnavailable(
            f"pattern {self.text!r} uses {what}, which sample values do not support",
            code="pattern",
            pattern=self.text,
        )

    def peek(self) -> str | None:
        return self.text[self.pos] if self.pos < len(self.text) else None

    def take(self) -> str:
        if self.pos >= len(self.text):
            raise self.fail("an unexpected end")
        char = self.text[self.pos]
        self.pos += 1
        return char

    def parse(self) -> object:
        node = self.choice()
        if self.pos != len(self.text):
            raise self.fail(f"an unexpected {self.text[self.pos]!r}")
        return node

    def choice(self) -> object:
        branches = [self.sequence()]
        while self.peek() == "|":
            self.take()
            branches.append(self.sequence())
        return branches[0] if len(branches) == 1 else _Choice(branches)

    def sequence(self) -> _Sequence:
        items = []
        while self.peek() not in (None, "|", ")"):
            atom = self.atom()
            items.append(self.quantifier(atom))
        return _Sequence(items)

    def quantifier(self, atom: object) -> object:
        char = self.peek()
        if char == "?":
            self.take()
            return _Repeat(atom, 0, 1)
        if char == "*":
            self.take()
            return _Repeat(atom, 0, None)
        if char == "+":
            self.take()
            return _Repeat(atom, 1, None)
        if char == "{":
            self.take()
            low = self.number()
            high: int | None = low
            if self.peek() == ",":
                self.take()
                high = self.number() if self.peek() != "}" else None
            if self.take() != "}":
                raise self.fail("a malformed quantifier")
            if low > _MAX_REPEAT:
                raise self.fail(f"a repetition of more than {_MAX_REPEAT}")
            return _Repeat(atom, low, high)
        return atom

    def number(self) -> int:
        start = self.pos
        while self.peek() in _DIGITS:
            self.pos += 1
        if not 0 < self.pos - start <= 9:
            # Only ASCII digits ("²" is a digit to str.isdigit but not to int()), and few
            # enough for int().
            raise self.fail("a malformed quantifier")
        return int(self.text[start : self.pos])

    def atom(self) -> object:
        char = self.take()
        if char == "(":
            self.depth += 1
            if self.depth > _MAX_DEPTH:
                raise self.fail(f"groups nested more than {_MAX_DEPTH} deep")
            node = self.choice()
            if self.take() != ")":
                raise self.fail("an unclosed group")
            self.depth -= 1
            return node
        if char == "[":
            return self.char_class()
        if char == ".":
            return _Chars(lambda c: c not in "\n\r")
        if char == "\\":
            return self.escape()
        if char in "?*+{}]":
            raise self.fail(f"a bare {char!r}")
        return char

    def escape(self) -> object:
        char = self.take()
        if char in _SINGLE_ESCAPES:
            return _SINGLE_ESCAPES[char]
        if char.lower() in _CLASS_ESCAPES:
            test = _CLASS_ESCAPES[char.lower()]
            return _Chars(test if char.islower() else lambda c: not test(c))
        if char in "pP":
            test = self.category()
            return _Chars(test if char == "p" else lambda c: not test(c))
        raise self.fail(f"the escape \\{char}")

    def category(self) -> Callable[[str], bool]:
        if self.take() != "{":
            raise self.fail("a malformed \\p")
        end = self.text.find("}", self.pos)
        if end < 0:
            raise self.fail("a malformed \\p")
        name = self.text[self.pos : end]
        self.pos = end + 1
        if name.startswith("Is") or not name.isalpha() or len(name) > 2:
            raise self.fail(f"the Unicode block or category {name}")
        return lambda c: unicodedata.category(c).startswith(name)

    def char_class(self) -> _Chars:
        negated = self.peek() == "^"
        if negated:
            self.take()
        tests: list[Callable[[str], bool]] = []
        hints = ""
        subtract = None
        first = True
        while True:
            char = self.peek()
            if char is None:
                raise self.fail("an unclosed class")
            if char == "]" and not first:
                self.take()
                break
            if char == "-" and self.text.startswith("-[", self.pos):
                self.take()
                self.take()
                self.depth += 1
                if self.depth > _MAX_DEPTH:
                    raise self.fail(f"classes nested more than {_MAX_DEPTH} deep")
                subtract = self.char_class()
                self.depth -= 1
                if self.take() != "]":
                    raise self.fail("a malformed class subtraction")
                break
            first = False
            low = self.class_char()
            if isinstance(low, _Chars):
                tests.append(low.contains)
                continue
            if self.peek() == "-" and self.text[self.pos + 1 : self.pos + 2] not in ("]", "["):
                self.take()
                high = self.class_char()
                if isinstance(high, _Chars):
                    raise self.fail("a range ending in a class")
                tests.append(lambda c, lo=low, hi=high: lo <= c <= hi)
                hints += low + high
            else:
                tests.append(lambda c, one=low: c == one)
                hints += low

        def contains(c: str) -> bool:
            inside = any(test(c) for test in tests) != negated
            return inside and not (subtract is not None and subtract.contains(c))

        return _Chars(contains, hints)

    def class_char(self) -> "str | _Chars":
        char = self.take()
        if char == "\\":
            escaped = self.escape()
            return escaped
        return char


def _generate(node: object, extra: int) -> str:
    if isinstance(node, str):
        return node
    if isinstance(node, _Chars):
        return node.pick()
    if isinstance(node, _Sequence):
        return "".join(_generate(item, extra) for item in node.items)
    if isinstance(node, _Choice):
        return _generate(node.branches[0], extra)
    count = node.low + extra if node.high is None else min(node.low + extra, node.high)
    return "".join(_generate(node.node, extra) for _ in range(count))


def example(pattern: str, min_length: int = 0, max_length: int | None = None) -> str:
    """Return a string matching ``pattern`` whose length is within the bounds if possible."""
    tree = _Parser(pattern).parse()
    best = _generate(tree, 0)
    for extra in range(0, 64):
        candidate = _generate(tree, extra)
        if len(candidate) >= min_length and (max_length is None or len(candidate) <= max_length):
            return candidate
        if max_length is not None and len(candidate) > max_length:
            break
    return best
