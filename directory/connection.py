"""The one connection helper: servers with failover, binds, proxied operations.

Every LDAP operation of the project goes through :class:`Ldap`, which turns
ldap3's errors into the project's own (:mod:`directory.errors`) and, when it
acts for a person, adds the proxied-authorization control (RFC 4370) so that
slapd applies that person's rights and the accesslog names the person.
"""

import ssl
from collections.abc import Iterator
from typing import Any

from ldap3 import (
    ASYNC,
    BASE,
    EXTERNAL,
    FIRST,
    LEVEL,
    MODIFY_ADD,
    MODIFY_DELETE,
    MODIFY_REPLACE,
    NONE,
    SASL,
    SUBTREE,
    Connection,
    Server,
    ServerPool,
    Tls,
)
from ldap3.operation.search import compile_filter, parse_filter
from ldap3.protocol.sasl.sasl import sasl_prep
from pyasn1.codec.ber import encoder as ber_encoder

from directory.errors import PPOLICY_OID, NoSuchEntry, translated
from directory.metrics import timed
from directory.settings import Settings

PROXY_AUTHZ_OID = "2.16.840.1.113730.3.4.18"
ASSERTION_OID = "1.3.6.1.1.12"
PAGE_SIZE = 500
SCOPES = {"base": BASE, "one": LEVEL, "sub": SUBTREE}
ADD, DELETE, REPLACE = MODIFY_ADD, MODIFY_DELETE, MODIFY_REPLACE

Entry = tuple[str, dict[str, list[Any]]]


class VerifiedTls(Tls):
    """TLS that checks the server's certificate: a trusted CA, and the URL's host name.

    ldap3 2.9.1 turns the context's own host name check off and checks the
    name after the handshake with ``ssl.match_hostname``, deprecated since
    Python 3.7 (a warning, so an error under pytest) and gone in 3.12 (the
    fallback then takes no IP addresses). Here Python's ssl checks both the
    chain and the name during the handshake, with one context for every
    connection (the CA store is read once). A refusal reaches the caller as
    :class:`directory.errors.Unavailable` naming the reason.
    """

    def __init__(self, ca_file: str | None = None):
        super().__init__(validate=ssl.CERT_REQUIRED, ca_certs_file=ca_file)
        # CERT_REQUIRED, check_hostname on, TLS 1.2 or later; the system's CAs without a file.
        self.context = ssl.create_default_context(cafile=ca_file)

    def wrap_socket(self, connection, do_handshake=False):
        connection.socket = self.context.wrap_socket(
            connection.socket,
            server_side=False,
            do_handshake_on_connect=do_handshake,
            server_hostname=connection.server.host,
        )


class AlwaysTried(Server):
    """A server that every connect tries.

    ldap3 marks an address unavailable after a failed connect and skips it
    for 5 s (RESET_AVAILABILITY_TIMEOUT), so a directory that came back was
    refused for seconds more. Each try is bounded by the connect timeout.
    """

    def candidate_addresses(self):
        if not self.ipc:
            for address in self.address_info:
                address[5] = address[6] = None
        return super().candidate_addresses()


# Seconds a pool leaves a server that did not answer before trying it again.
POOL_RETRY_SECONDS = 2


def server_pool(settings: Settings) -> Server | ServerPool:
    """Return the server, or a pool that tries servers in order and skips dead ones.

    Every ldaps:// server checks the certificate it is shown (:class:`VerifiedTls`).
    """
    tls = None
    if any(url.lower().startswith("ldaps:") for url in settings.urls):
        tls = VerifiedTls(settings.ca_file)
    servers = [
        # get_info=NONE: the default re-reads the whole schema at every bind.
        AlwaysTried(
            url if url.startswith("ldapi:") else url.rstrip("/"),
            get_info=NONE,
            connect_timeout=settings.connect_timeout,
            tls=tls if url.lower().startswith("ldaps:") else None,
        )
        for url in settings.urls
    ]
    if len(servers) == 1:
        # ldap3's availability check of a pool fails on ldapi sockets.
        return servers[0]
    return ServerPool(servers, FIRST, active=1, exhaust=POOL_RETRY_SECONDS)


class Servers:
    """The configured directory servers (settings, server pool) and ways to bind to them.

    Named for what it holds: `directory` is the package, and "directory" in the
    desk's pages is its people search.
    """

    def __init__(self, settings: Settings):
        self.settings = settings
        self.pool = server_pool(settings)

    def service(self) -> "Ldap":
        """Bind as the configured (service) identity."""
        return self.bind(self.settings.bind_dn, self.settings.password)

    def bind(self, dn: str, password: str) -> "Ldap":
        """Bind as any identity; a person's password is followed by the code."""
        connection = Connection(
            self.pool,
            user=dn,
            password=password,
            raise_exceptions=True,
            receive_timeout=int(self.settings.receive_timeout),
            read_only=False,
            auto_referrals=False,
        )
        return _bound(connection)

    def external(self) -> "Ldap":
        """Bind by SASL EXTERNAL: over ldapi, as the OS user (cn=config's administrator)."""
        connection = Connection(
            self.pool,
            authentication=SASL,
            sasl_mechanism=EXTERNAL,
            sasl_credentials="",
            raise_exceptions=True,
            receive_timeout=int(self.settings.receive_timeout),
        )
        return _bound(connection)


def prepared_password(password: str) -> str:
    """The password as every simple bind sends it: SASLprep'd (RFC 4013) by ldap3.

    Store this form, so that a bind with the text the person typed matches
    (a no-break space is sent as a space, a soft hyphen as nothing, full-width
    letters and ligatures as plain ones). Raises InvalidValue for what
    SASLprep refuses (control characters, U+FFFD, mixed directions, nothing
    left): no bind could send such a password.
    """
    with translated():
        return sasl_prep(password)


def _bound(connection: Connection) -> "Ldap":
    """Bind, or close the socket and raise the project's error.

    The bind asks for the password policy control, so a locked account
    raises :class:`directory.errors.AccountLocked`.
    """
    try:
        with timed("bind"), translated(connection):
            connection.bind(controls=[(PPOLICY_OID, False, None)])
    except BaseException:
        if not connection.closed:
            connection.unbind()
        # ldap3 leaves the socket of a refused connection open.
        if getattr(connection, "socket", None) is not None:
            connection.socket.close()
        raise
    return Ldap(connection)


def assertion_control(search_filter: str) -> tuple[str, bool, bytes]:
    """The assertion control (RFC 4528): the operation is carried out only if the
    entry matches ``search_filter`` (escape values with directory.escape)."""
    # As ldap3 parses a search filter (auto_escape and auto_encode on, no schema).
    parsed = parse_filter(search_filter, None, True, True, None, False)
    return ASSERTION_OID, True, ber_encoder.encode(compile_filter(parsed.elements[0]))


def value_lists(attributes: dict[str, Any]) -> dict[str, list[Any]]:
    """An ldap3 entry's attributes as the project passes them: a list of values
    for each, and no key for an attribute the entry lacks (or hides)."""
    out = {}
    for name, value in attributes.items():
        values = value if isinstance(value, list) else [value]
        if values:
            out[name] = values
    return out


class Ldap:
    """A bound connection; optionally acting for a person (proxied authorization)."""

    def __init__(self, connection: Connection, acting_for: str | None = None):
        self.connection = connection
        self.acting_for = acting_for

    def acting_as(self, person_dn: str) -> "Ldap":
        """Return the same connection, its operations carried out as ``person_dn``."""
        return Ldap(self.connection, acting_for=person_dn)

    @property
    def bound_dn(self) -> str:
        return self.connection.user

    def _controls(self) -> list | None:
        if self.acting_for is None:
            return None
        return [(PROXY_AUTHZ_OID, True, ("dn:" + self.acting_for).encode())]

    def search(
        self,
        base: str,
        search_filter: str = "(objectClass=*)",
        attributes: list[str] | tuple[str, ...] = ("*",),
        scope: str = "sub",
        size_limit: int = 0,
        raw: bool = False,
    ) -> list[Entry]:
        """Return the entries found; none (not an error) when the base is missing."""
        try:
            with timed("search"), translated():
                self.connection.search(
                    base,
                    search_filter,
                    search_scope=SCOPES[scope],
                    attributes=list(attributes),
                    size_limit=size_limit,
                    controls=self._controls(),
                )
        except NoSuchEntry:
            return []
        key = "raw_attributes" if raw else "attributes"
        return [
            (item["dn"], value_lists(item[key]))
            for item in self.connection.response
            if item.get("type") == "searchResEntry"
        ]

    def paged(
        self,
        base: str,
        search_filter: str = "(objectClass=*)",
        attributes: list[str] | tuple[str, ...] = ("*",),
        scope: str = "sub",
        page_size: int = PAGE_SIZE,
        raw: bool = False,
    ) -> Iterator[Entry]:
        """Yield entries page by page (RFC 2696), so memory stays flat."""
        key = "raw_attributes" if raw else "attributes"
        with translated():
            for item in self.connection.extend.standard.paged_search(
                base,
                search_filter,
                search_scope=SCOPES[scope],
                attributes=list(attributes),
                paged_size=page_size,
                controls=self._controls(),
                generator=True,
            ):
                if item.get("type") == "searchResEntry":
                    yield item["dn"], value_lists(item[key])

    def read(self, dn: str, attributes=("*",), raw: bool = False) -> dict[str, list[Any]] | None:
        """Return one entry's attributes, or None if it is missing or hidden."""
        found = self.search(dn, "(objectClass=*)", attributes, scope="base", raw=raw)
        return found[0][1] if found else None

    def exists(self, dn: str) -> bool:
        return bool(self.search(dn, "(objectClass=*)", ["1.1"], scope="base"))

    def add(self, dn: str, object_classes, attributes: dict[str, list]) -> None:
        with timed("add"), translated():
            self.connection.add(dn, list(object_classes), attributes, controls=self._controls())

    def modify(self, dn: str, changes: dict[str, list[tuple]]) -> None:
        """Apply ``{attribute: [(ADD|DELETE|REPLACE, [values])]}`` in one operation."""
        with timed("modify"), translated():
            self.connection.modify(dn, changes, controls=self._controls())

    def delete(self, dn: str, assertion: str | None = None) -> None:
        """Delete ``dn``; with ``assertion`` (a filter) only if the entry matches it.

        The assertion control (RFC 4528) makes the check and the delete one
        operation: Conflict if the entry no longer matches.
        """
        controls = self._controls() or []
        if assertion is not None:
            controls.append(assertion_control(assertion))
        with timed("delete"), translated():
            self.connection.delete(dn, controls=controls or None)

    def rename(self, dn: str, new_rdn: str, new_superior: str | None = None) -> None:
        with timed("rename"), translated():
            self.connection.modify_dn(
                dn, new_rdn, new_superior=new_superior, controls=self._controls()
            )

    def compare(self, dn: str, attribute: str, value: str) -> bool:
        with timed("compare"), translated():
            return self.connection.compare(dn, attribute, value, controls=self._controls())

    def pipeline(self) -> "Pipeline":
        """Open a second connection as the same identity that sends writes without waiting."""
        connection = Connection(
            self.connection.server,
            user=self.connection.user,
            password=self.connection.password,
            client_strategy=ASYNC,
            raise_exceptions=True,
            # No socket timeout: with one, ldap3's receiver thread spins at
            # 100% CPU forever once the socket is closed (it retries on the
            # error a timeout would raise). Answers still have their own
            # wait limit in get_response.
            receive_timeout=None,
            auto_referrals=False,
        )
        with translated():
            connection.bind()
        return Pipeline(connection)

    def close(self) -> None:
        self.connection.unbind()

    def __enter__(self) -> "Ldap":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class Pipeline:
    """Writes sent without waiting for each answer (ldap3's ASYNC strategy).

    slapd may carry out requests of one connection in any order, so the
    caller waits (:meth:`result`) for an entry's parent before adding a child.
    Each send returns a message id; :meth:`result` raises the project's error
    for that request, if it failed.
    """

    def __init__(self, connection: Connection):
        self.connection = connection

    def add(self, dn: str, object_classes, attributes: dict[str, list]) -> int:
        with translated():
            return self.connection.add(dn, list(object_classes), attributes)

    def modify(self, dn: str, changes: dict[str, list[tuple]]) -> int:
        with translated():
            return self.connection.modify(dn, changes)

    def delete(self, dn: str) -> int:
        with translated():
            return self.connection.delete(dn)

    def result(self, message_id: int) -> None:
        with translated():
            self.connection.get_response(message_id)

    def close(self) -> None:
        self.connection.unbind()
