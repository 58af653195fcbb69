"""Sorted pages of a search (slapd's sssvlv overlay): a virtual list view.

Server-side sorting (RFC 2891) and the virtual list view
(draft-ietf-ldapext-ldapv3-vlv) through one :class:`~directory.connection.Ldap`:
one search returns a page and the list's length. ldap3 has no encoder for
these two controls, so the few BER elements they need are built here.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from ldap3 import Connection
from ldap3.core.exceptions import LDAPOperationResult

from directory.connection import PAGE_SIZE, SCOPES, Entry, Ldap, _plain
from directory.errors import VLV_ERROR, NoSuchEntry, translated
from directory.metrics import timed

SORT_OID = "1.2.840.113556.1.4.473"
VLV_OID = "2.16.840.1.113730.3.4.9"
VLV_RESPONSE_OID = "2.16.840.1.113730.3.4.10"


def _ber(tag: int, content: bytes) -> bytes:
    """One BER element: tag, definite length, content."""
    size = len(content)
    if size < 0x80:
        return bytes([tag, size]) + content
    length = size.to_bytes((size.bit_length() + 7) // 8, "big")
    return bytes([tag, 0x80 | len(length)]) + length + content


def _ber_integer(value: int) -> bytes:
    return _ber(0x02, value.to_bytes(value.bit_length() // 8 + 1, "big", signed=True))


def _ber_elements(data: bytes) -> list[tuple[int, bytes]]:
    """The (tag, content) pairs of a BER sequence's content (definite lengths only)."""
    out, i = [], 0
    while i < len(data):
        tag, size = data[i], data[i + 1]
        i += 2
        if size & 0x80:
            width = size & 0x7F
            size = int.from_bytes(data[i : i + width], "big")
            i += width
        out.append((tag, data[i : i + size]))
        i += size
    return out


def sort_control(keys: tuple[str, ...], reverse: bool = False) -> tuple[str, bool, bytes]:
    """Server-side sorting (RFC 2891) by ``keys`` in turn, as text without regard
    to case (cn and friends have no ordering rule of their own); critical:
    unsorted is an error."""
    rule = _ber(0x80, b"caseIgnoreOrderingMatch")
    flag = _ber(0x81, b"\xff") if reverse else b""
    key_list = b"".join(_ber(0x30, _ber(0x04, key.encode()) + rule + flag) for key in keys)
    return SORT_OID, True, _ber(0x30, key_list)


def vlv_control(offset: int, count: int, context: bytes = b"") -> tuple[str, bool, bytes]:
    """A virtual list view (draft-ietf-ldapext-ldapv3-vlv): ``count`` entries from
    the 1-based ``offset`` of the sorted result; ``context`` continues a list
    the server keeps (same search, same snapshot)."""
    target = _ber(0xA0, _ber_integer(offset) + _ber_integer(0))
    tail = _ber(0x04, context) if context else b""
    return VLV_OID, True, _ber(0x30, _ber_integer(0) + _ber_integer(count - 1) + target + tail)


def window(
    ldap: Ldap,
    base: str,
    search_filter: str,
    attributes: list[str] | tuple[str, ...],
    sort_by: tuple[str, ...],
    offset: int,
    count: int,
    scope: str = "sub",
    reverse: bool = False,
) -> tuple[list[Entry], int]:
    """Return ``count`` entries from the 1-based ``offset`` of the sorted
    result, and how many there are in all, in one search (slapd's sssvlv
    overlay sorts and cuts; no cookie to keep between pages).

    slapd keeps a list view until its connection closes (two per
    connection, 32 in all), so the search runs on a connection of its
    own, bound again as this identity: a service account (a person acts
    through it), not a person whose one-time code is spent.
    """
    with _twin(ldap) as twin:
        entries, total, _ = _view(
            ldap,
            twin,
            base,
            search_filter,
            attributes,
            sort_by,
            offset,
            count,
            scope,
            reverse=reverse,
        )
    return entries, total


def sorted_paged(
    ldap: Ldap,
    base: str,
    search_filter: str,
    attributes: list[str] | tuple[str, ...],
    sort_by: tuple[str, ...],
    scope: str = "sub",
    page_size: int = PAGE_SIZE,
) -> Iterator[Entry]:
    """Yield every entry found in sorted order, a list view's page at a time.

    The pages come from one sorted list that slapd keeps for the
    connection (the view's context), so the export is one snapshot.
    (slapd 2.5's sssvlv sends sorted *paged results* in reverse order.)
    """
    with _twin(ldap) as twin:
        offset, total, context = 1, 1, b""
        while offset <= total:
            entries, total, context = _view(
                ldap,
                twin,
                base,
                search_filter,
                attributes,
                sort_by,
                offset,
                page_size,
                scope,
                context,
            )
            yield from entries
            offset += page_size


def _view(
    ldap: Ldap,
    twin: Connection,
    base: str,
    search_filter: str,
    attributes,
    sort_by: tuple[str, ...],
    offset: int,
    count: int,
    scope: str,
    context: bytes = b"",
    reverse: bool = False,
) -> tuple[list[Entry], int, bytes]:
    """One list-view search: the entries, the list's length, its context."""
    controls = (ldap._controls() or []) + [
        sort_control(sort_by, reverse),
        vlv_control(offset, count, context),
    ]
    try:
        with timed("search"), translated():
            try:
                twin.search(
                    base,
                    search_filter,
                    search_scope=SCOPES[scope],
                    attributes=list(attributes),
                    controls=controls,
                )
            except LDAPOperationResult as exc:
                if exc.result != VLV_ERROR or offset == 1:
                    raise
                # Past the end: no entries, but still how many there are.
                _, total, context = _view(
                    ldap, twin, base, search_filter, ["1.1"], sort_by, 1, 1, scope, context, reverse
                )
                return [], total, context
    except NoSuchEntry:
        # As search(): a base that is missing, or hidden from this identity.
        return [], 0, b""
    entries = [
        (item["dn"], _plain(item["attributes"]))
        for item in twin.response
        if item.get("type") == "searchResEntry"
    ]
    answer = (twin.result.get("controls") or {}).get(VLV_RESPONSE_OID) or {}
    fields = _ber_elements(_ber_elements(answer.get("value") or b"\x30\x00")[0][1])
    total = int.from_bytes(fields[1][1], "big", signed=True) if len(fields) > 1 else 0
    context = fields[3][1] if len(fields) > 3 else b""
    return entries, total, context


@contextmanager
def _twin(ldap: Ldap) -> Iterator[Connection]:
    """A second connection, bound as this one's identity with its password; closed after."""
    connection = Connection(
        ldap.connection.server,
        user=ldap.connection.user,
        password=ldap.connection.password,
        raise_exceptions=True,
        receive_timeout=ldap.connection.receive_timeout,
        auto_referrals=False,
    )
    with timed("bind"), translated(connection):
        connection.bind()
    try:
        yield connection
    finally:
        connection.unbind()
