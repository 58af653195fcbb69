"""The one place that escapes values for DNs and search filters.

Every value from a person or a form that reaches a DN or a filter passes
through here, so it can never change the DN's shape or widen a search.
"""

from ldap3.utils.conv import escape_filter_chars
from ldap3.utils.dn import escape_rdn

from directory.errors import InvalidValue


def rdn_value(value: str) -> str:
    """Escape one RDN value (RFC 4514); an empty value is refused."""
    if not value:
        raise InvalidValue("an empty name cannot be part of a DN")
    # ldap3 puts a backslash before NUL; RFC 4514 wants it as hex pair \00.
    return escape_rdn(value).replace("\\\x00", "\\00")


def filter_value(value: str) -> str:
    """Escape one assertion value for a search filter (RFC 4515)."""
    return escape_filter_chars(value)


def rdn(attribute: str, value: str) -> str:
    """Return ``attribute=value`` with the value escaped."""
    return f"{attribute}={rdn_value(value)}"


def equals(attribute: str, value: str) -> str:
    """Return the filter ``(attribute=value)`` with the value escaped."""
    return f"({attribute}={filter_value(value)})"
