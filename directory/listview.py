"""Sorted pages of a search (slapd's sssvlv overlay): a virtual list view.

Server-side sorting (RFC 2891) and the virtual list view
(draft-ietf-ldapext-ldapv3-vlv) through one :class:`~directory.connection.Ldap`:
one search returns a page and the list's length. ldap3 has no encoder for
these two controls; their ASN.1 is declared here with pyasn1 (ldap3's own
ASN.1 library) and encoded by its DER codec (BER that slapd reads).
"""

from collections.abc import Iterator
from contextlib import contextmanager

from ldap3 import Connection
from ldap3.core.exceptions import LDAPOperationResult
from pyasn1.codec.ber import decoder as ber_decoder
from pyasn1.codec.der import encoder as der_encoder
from pyasn1.type import namedtype, tag, univ

from directory.connection import PAGE_SIZE, SCOPES, Entry, Ldap, value_lists
from directory.errors import VLV_ERROR, NoSuchEntry, translated
from directory.metrics import timed

SORT_OID = "1.2.840.113556.1.4.473"
VLV_OID = "2.16.840.1.113730.3.4.9"
VLV_RESPONSE_OID = "2.16.840.1.113730.3.4.10"


def _context(number: int, constructed: bool = False) -> tag.Tag:
    """The implicit tag [number] of a control's field."""
    form = tag.tagFormatConstructed if constructed else tag.tagFormatSimple
    return tag.Tag(tag.tagClassContext, form, number)


class SortKey(univ.Sequence):
    """RFC 2891: SortKey ::= SEQUENCE { attributeType, orderingRule [0] OPTIONAL,
    reverseOrder [1] BOOLEAN DEFAULT FALSE }"""

    componentType = namedtype.NamedTypes(
        namedtype.NamedType("attributeType", univ.OctetString()),
        namedtype.OptionalNamedType(
            "orderingRule", univ.OctetString().subtype(implicitTag=_context(0))
        ),
        namedtype.DefaultedNamedType(
            "reverseOrder", univ.Boolean(False).subtype(implicitTag=_context(1))
        ),
    )


class SortKeyList(univ.SequenceOf):
    componentType = SortKey()


class ByOffset(univ.Sequence):
    componentType = namedtype.NamedTypes(
        namedtype.NamedType("offset", univ.Integer()),
        namedtype.NamedType("contentCount", univ.Integer()),
    )


class Target(univ.Choice):
    componentType = namedtype.NamedTypes(
        namedtype.NamedType(
            "byOffset", ByOffset().subtype(implicitTag=_context(0, constructed=True))
        ),
        namedtype.NamedType(
            "greaterThanOrEqual", univ.OctetString().subtype(implicitTag=_context(1))
        ),
    )


class VirtualListViewRequest(univ.Sequence):
    componentType = namedtype.NamedTypes(
        namedtype.NamedType("beforeCount", univ.Integer()),
        namedtype.NamedType("afterCount", univ.Integer()),
        namedtype.NamedType("target", Target()),
        namedtype.OptionalNamedType("contextID", univ.OctetString()),
    )


class VirtualListViewResponse(univ.Sequence):
    componentType = namedtype.NamedTypes(
        namedtype.NamedType("targetPosition", univ.Integer()),
        namedtype.NamedType("contentCount", univ.Integer()),
        namedtype.NamedType("virtualListViewResult", univ.Enumerated()),
        namedtype.OptionalNamedType("contextID", univ.OctetString()),
    )


def sort_control(keys: tuple[str, ...], reverse: bool = False) -> tuple[str, bool, bytes]:
    """Server-side sorting (RFC 2891) by ``keys`` in turn, as text without regard
    to case (cn and friends have no ordering rule of their own); critical:
    unsorted is an error."""
    key_list = SortKeyList()
    for i, name in enumerate(keys):
        key = SortKey()
        key["attributeType"] = name
        key["orderingRule"] = "caseIgnoreOrderingMatch"
        if reverse:
            key["reverseOrder"] = True
        key_list[i] = key
    return SORT_OID, True, der_encoder.encode(key_list)


def vlv_control(offset: int, count: int, context: bytes = b"") -> tuple[str, bool, bytes]:
    """A virtual list view (draft-ietf-ldapext-ldapv3-vlv): ``count`` entries from
    the 1-based ``offset`` of the sorted result; ``context`` continues a list
    the server keeps (same search, same snapshot)."""
    request = VirtualListViewRequest()
    request["beforeCount"] = 0
    request["afterCount"] = count - 1
    request["target"]["byOffset"]["offset"] = offset
    request["target"]["byOffset"]["contentCount"] = 0
    if context:
        request["contextID"] = context
    return VLV_OID, True, der_encoder.encode(request)


def vlv_answer(value: bytes | None) -> tuple[int, bytes]:
    """The list's length and its context from a list view's answer (0 and none if absent)."""
    if not value:
        return 0, b""
    answer, _ = ber_decoder.decode(value, asn1Spec=VirtualListViewResponse())
    context = answer["contextID"]
    return int(answer["contentCount"]), bytes(context) if context.isValue else b""


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
        (item["dn"], value_lists(item["attributes"]))
        for item in twin.response
        if item.get("type") == "searchResEntry"
    ]
    answer = (twin.result.get("controls") or {}).get(VLV_RESPONSE_OID) or {}
    total, context = vlv_answer(answer.get("value"))
    return entries, total, context


@contextmanager
def _twin(ldap: Ldap) -> Iterator[Connection]:
    """A second connection, bound as this one's identity with its password; closed after."""
    ldap.ensure_open()  # on the server that answers now, not one that has gone
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
