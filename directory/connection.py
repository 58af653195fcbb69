"""The one connection helper: servers with failover, binds, proxied operations.

Every LDAP operation of the project goes through :class:`Ldap`, which turns
ldap3's errors into the project's own (:mod:`directory.errors`) and, when it
acts for a person, adds the proxied-authorization control (RFC 4370) so that
slapd applies that person's rights and the accesslog names the person.
"""

import dataclasses
import select
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from ldap3 import (
    ASYNC,
    BASE,
    EXTERNAL,
    LEVEL,
    MODIFY_ADD,
    MODIFY_DELETE,
    MODIFY_REPLACE,
    SASL,
    SUBTREE,
    Connection,
)
from ldap3.operation.search import compile_filter, parse_filter
from ldap3.protocol.sasl.sasl import sasl_prep
from pyasn1.codec.ber import encoder as ber_encoder

from directory.errors import PPOLICY_OID, InvalidCredentials, NoSuchEntry, Unavailable, translated
from directory.metrics import timed
from directory.pipeline import Pipeline
from directory.serverpool import server_pool
from directory.settings import Settings

PROXY_AUTHZ_OID = "2.16.840.1.113730.3.4.18"
ASSERTION_OID = "1.3.6.1.1.12"
PAGE_SIZE = 500
SCOPES = {"base": BASE, "one": LEVEL, "sub": SUBTREE}
ADD, DELETE, REPLACE = MODIFY_ADD, MODIFY_DELETE, MODIFY_REPLACE

Entry = tuple[str, dict[str, list[Any]]]


class Servers:
    """The configured directory servers (settings, server pool) and ways to bind to them.

    Named for what it holds: `directory` is the package, and "directory" in the
    desk's pages is its people search.
    """

    def __init__(self, settings: Settings):
        self.settings = settings
        self.pool = server_pool(settings)

    def service(self) -> "Ldap":
        """Bind as the configured (service) identity.

        The connection binds again by itself when its server went away (see
        :class:`Ldap`). For a service account that is sending its password
        again; a person's (a CLI run as a person, password and code) is
        refused then, its code spent, and the operation ends as Unavailable.
        """
        ldap = self.bind(self.settings.bind_dn, self.settings.password)
        ldap.rebinds = True
        return ldap

    @contextmanager
    def others(self, ldap: "Ldap") -> Iterator[list["Ldap"]]:
        """Service connections to each configured server but the one ``ldap`` is on,
        acting for the same person, closed after. A server that does not answer is
        left out."""
        here = (ldap.connection.server.host, ldap.connection.server.port)
        opened: list[Ldap] = []
        try:
            for url in self.settings.urls:
                settings = dataclasses.replace(self.settings, urls=(url,))
                server = server_pool(settings)
                if (server.host, server.port) == here:
                    continue
                try:
                    opened.append(Servers(settings).service())
                except Unavailable:
                    continue
            yield [o.acting_as(ldap.acting_for) if ldap.acting_for else o for o in opened]
        finally:
            for other in opened:
                other.close()

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


def _bind(connection: Connection) -> None:
    """Bind (opening the connection if it is closed), or close the socket and raise the
    project's error.

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


def _bound(connection: Connection) -> "Ldap":
    _bind(connection)
    return Ldap(connection)


def peer_closed(connection: Connection) -> bool:
    """Has the server closed (or reset) this connection while it lay idle?

    An LDAP server sends nothing unasked but a notice of disconnection, so
    anything to read on an idle connection (the end of the stream, a reset,
    that notice) means it is over. Checked without waiting, before a request
    is sent: nothing of the request has reached any server yet.
    """
    if connection.closed or connection.socket is None:
        return True
    try:
        readable, _, _ = select.select([connection.socket], [], [], 0)
    except (OSError, ValueError):
        return True
    return bool(readable)


def _reopen(connection: Connection) -> None:
    """Drop the connection's socket and bind again as the same identity: the server
    pool gives the first server that answers (another provider if this one died)."""
    if not connection.closed:
        try:
            connection.strategy.close()
        except Exception:  # noqa: BLE001 - a dead socket may fail to close; it is dropped anyway
            connection.closed = True
    try:
        _bind(connection)
    except InvalidCredentials as exc:
        raise Unavailable("the connection was lost, and binding again was refused") from exc


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
    """A bound connection; optionally acting for a person (proxied authorization).

    With ``rebinds`` (a service account's connection, :meth:`Servers.service`)
    a server that went away costs no error when it can be helped:

    - before each operation, a connection the server has closed
      (:func:`peer_closed`) is opened and bound again first, on the first
      provider that answers; nothing had been sent, so this holds for writes too;
    - a read (search, compare) that fails because the connection broke is
      sent once more on a new connection. A write is never sent twice: it
      may have been applied before the answer was lost. A timeout is not
      tried again either (a stalled server would double the wait).
    """

    def __init__(self, connection: Connection, acting_for: str | None = None, rebinds=False):
        self.connection = connection
        self.acting_for = acting_for
        self.rebinds = rebinds

    def acting_as(self, person_dn: str) -> "Ldap":
        """Return the same connection, its operations carried out as ``person_dn``."""
        return Ldap(self.connection, acting_for=person_dn, rebinds=self.rebinds)

    def ensure_open(self) -> None:
        """Bind again first if the server closed this connection (only with ``rebinds``)."""
        if self.rebinds and peer_closed(self.connection):
            _reopen(self.connection)

    def _read(self, operation: Callable[[], Any]) -> Any:
        """Run a read; once more on a new connection if the connection broke (``rebinds``)."""
        self.ensure_open()
        try:
            return operation()
        except Unavailable as exc:
            if not self.rebinds or isinstance(exc.__cause__, TimeoutError):
                raise
        _reopen(self.connection)
        return operation()

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

        def send() -> None:
            with timed("search"), translated():
                self.connection.search(
                    base,
                    search_filter,
                    search_scope=SCOPES[scope],
                    attributes=list(attributes),
                    size_limit=size_limit,
                    controls=self._controls(),
                )

        try:
            self._read(send)
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
        self.ensure_open()
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
        self.ensure_open()
        with timed("add"), translated():
            self.connection.add(dn, list(object_classes), attributes, controls=self._controls())

    def modify(self, dn: str, changes: dict[str, list[tuple]]) -> None:
        """Apply ``{attribute: [(ADD|DELETE|REPLACE, [values])]}`` in one operation."""
        self.ensure_open()
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
        self.ensure_open()
        with timed("delete"), translated():
            self.connection.delete(dn, controls=controls or None)

    def rename(self, dn: str, new_rdn: str, new_superior: str | None = None) -> None:
        self.ensure_open()
        with timed("rename"), translated():
            self.connection.modify_dn(
                dn, new_rdn, new_superior=new_superior, controls=self._controls()
            )

    def compare(self, dn: str, attribute: str, value: str) -> bool:
        def send() -> bool:
            with timed("compare"), translated():
                return self.connection.compare(dn, attribute, value, controls=self._controls())

        return self._read(send)

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
