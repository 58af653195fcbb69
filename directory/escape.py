"""The one place that escapes values for DNs and search filters.

Every value from a person or a form that reaches a DN or a filter passes
through here, so it can never change the DN's shape or widen a search.
"""

from directory.errors import InvalidValue

_RDN_SPECIALS = frozenset('\\,+"<>;=')
_FILTER_SAFE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_@")


def _hex(char: str) -> str:
    return "".join(f"\\{b:02x}" for b in char.encode())


def rdn_value(value: str) -> str:
    """Escape one RDN value (RFC 4514); an empty value is refused.

    Besides RFC 4514's specials, characters that are not printable (controls,
    line separators) become hex pairs: ldap3 strips such characters from a
    DN string, which would name another entry. (ldap3's escape_rdn leaves
    them, and puts a bare backslash before NUL.)
    """
    if not value:
        raise InvalidValue("an empty name cannot be part of a DN")
    out = []
    for char in value:
        if not char.isprintable():
            out.append(_hex(char))
        elif char in _RDN_SPECIALS:
            out.append("\\" + char)
        else:
            out.append(char)
    if value[0] in "# ":
        out[0] = "\\" + out[0]
    if value[-1] == " ":
        out[-1] = "\\ "
    return "".join(out)


def filter_value(value: str) -> str:
    """Escape one assertion value for a search filter (RFC 4515).

    Everything but plain letters, digits and ``.-_@`` becomes ``\\XX`` hex
    pairs of its UTF-8 bytes. ldap3's escape_filter_chars escapes only
    ``*()\\`` and NUL, and ldap3's filter parser then strips characters
    Python counts as white space (U+0085, U+2028, a trailing space), so a
    value would silently change.
    """
    return "".join(char if char in _FILTER_SAFE else _hex(char) for char in value)


def rdn(attribute: str, value: str) -> str:
    """Return ``attribute=value`` with the value escaped."""
    return f"{attribute}={rdn_value(value)}"


def equals(attribute: str, value: str) -> str:
    """Return the filter ``(attribute=value)`` with the value escaped."""
    return f"({attribute}={filter_value(value)})"


def _unescape(value: str) -> str:
    r"""Undo RFC 4514 escapes: ``\,`` and ``\2C`` both mean a comma (UTF-8 hex pairs)."""
    out = bytearray()
    i = 0
    while i < len(value):
        char = value[i]
        if char == "\\" and i + 1 < len(value):
            pair = value[i + 1 : i + 3]
            if len(pair) == 2 and all(c in "0123456789abcdefABCDEF" for c in pair):
                out.append(int(pair, 16))
                i += 3
                continue
            out += value[i + 1].encode()
            i += 2
            continue
        out += char.encode()
        i += 1
    return out.decode("utf-8", errors="replace")


def first_rdn_value(dn: str) -> str:
    """The value of a DN's first RDN, unescaped: ``uid=a\\,b,ou=people,...`` gives ``a,b``."""
    token, i = "", 0
    while i < len(dn) and dn[i] != ",":
        token += dn[i : i + 2] if dn[i] == "\\" else dn[i]
        i += 2 if dn[i] == "\\" else 1
    return _unescape(token.partition("=")[2].strip())


def normalize_dn(dn: str) -> str:
    """Return one spelling of a DN, whichever escapes the server or a person chose.

    Attribute types and values are compared without regard to case, as the
    naming attributes of this tree (uid, cn, ou, dc) are case-insensitive.
    """
    # Split at unescaped "," and "+" (ldap3's parse_dn refuses a "#" inside
    # a value, which RFC 4514 allows and slapd returns).
    out, token, i = [], "", 0
    while i <= len(dn):
        char = dn[i] if i < len(dn) else ","
        if char == "\\":
            token += dn[i : i + 2]
            i += 2
            continue
        if char in ",+":
            attribute, _, value = token.partition("=")
            out.append(f"{attribute.strip().lower()}={rdn_value(_unescape(value)).lower()}{char}")
            token = ""
        else:
            token += char
        i += 1
    return "".join(out)[:-1]


def same_dn(a: str, b: str) -> bool:
    """True if two DN strings name the same entry."""
    return normalize_dn(a) == normalize_dn(b)
