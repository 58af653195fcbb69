"""Connection settings for one directory, from code or from the environment."""

import os
import ssl
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

from directory.errors import InvalidValue
from directory.tree import DEFAULT_SUFFIX, Tree

DEFAULT_URL = "ldap://127.0.0.1:3389"
SCHEMES = ("ldap", "ldaps", "ldapi")


def seconds(name: str, value: str) -> float:
    """A positive number of seconds, or InvalidValue naming the setting."""
    try:
        number = float(value)
    except ValueError:
        number = float("nan")
    if not number > 0 or number == float("inf"):
        raise InvalidValue(f"{name} must be a number of seconds above 0, not {value!r}")
    return number


def check_url(name: str, url: str) -> str:
    """An ldap://, ldaps:// (host, optional numeric port) or ldapi:// URL, or InvalidValue."""
    problem = ""
    try:
        parts = urlsplit(url)
        if parts.scheme.lower() not in SCHEMES:
            problem = "it must start with ldap://, ldaps:// or ldapi://"
        elif parts.scheme.lower() != "ldapi":
            if not parts.hostname:
                problem = "it names no host"
            parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError as exc:
        problem = str(exc)
    if problem:
        raise InvalidValue(f"{name}: not an LDAP URL ({problem}): {url!r}")
    return url


def checked_ca_file(name: str, path: str) -> str:
    """A readable file of PEM CA certificates, or InvalidValue naming the setting."""
    try:
        ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT).load_verify_locations(cafile=path)
    except OSError as exc:
        reason = "no PEM certificate in it" if isinstance(exc, ssl.SSLError) else exc.strerror
        raise InvalidValue(f"{name}: cannot read CA certificates from {path}: {reason}") from None
    return path


@dataclass(frozen=True)
class Settings:
    """Where a directory is and who binds to it.

    ``urls`` lists servers in order of preference; the next is tried when
    one does not answer. An ldaps:// server's certificate must be signed by
    a CA in ``ca_file`` (PEM), or in the system's store when it is None, and
    name the URL's host.
    """

    urls: tuple[str, ...]
    bind_dn: str
    password: str = field(repr=False)
    suffix: str = DEFAULT_SUFFIX
    connect_timeout: float = 3.0
    receive_timeout: float = 30.0
    ca_file: str | None = None

    @classmethod
    def from_env(
        cls,
        prefix: str = "SERES_LDAP_",
        environ: Mapping[str, str] | None = None,
        name_of: Callable[[str], str] | None = None,
        timeout: str = "30",
    ):
        """Read ``<prefix>URLS``, ``BIND_DN``, ``PASSWORD`` (or ``PASSWORD_FILE``),
        ``SUFFIX``, ``CONNECT_TIMEOUT`` (3 s), ``TIMEOUT`` (an operation's answer;
        ``timeout`` by default) and ``CA_FILE``.

        A value that cannot be used raises InvalidValue naming the variable
        (``name_of(name)``, by default ``<prefix><name>``), never a password.
        """
        env = os.environ if environ is None else environ
        label = name_of or (lambda name: prefix + name)

        def get(name: str, default: str | None = None) -> str | None:
            return env.get(prefix + name, default)

        password = get("PASSWORD")
        if not password and get("PASSWORD_FILE"):
            path = get("PASSWORD_FILE")
            try:
                with open(path) as f:
                    password = f.read().strip()
            except (OSError, UnicodeDecodeError) as exc:
                reason = exc.strerror if isinstance(exc, OSError) else "not text"
                raise InvalidValue(
                    f"{label('PASSWORD_FILE')}: cannot read {path}: {reason}"
                ) from None
        urls = tuple(u for u in get("URLS", DEFAULT_URL).replace(",", " ").split() if u)
        for url in urls:
            check_url(label("URLS"), url)
        return cls(
            urls=urls,
            bind_dn=get("BIND_DN", Tree(get("SUFFIX", DEFAULT_SUFFIX)).service("webapp")),
            password=password or "",
            suffix=get("SUFFIX", DEFAULT_SUFFIX),
            connect_timeout=seconds(label("CONNECT_TIMEOUT"), get("CONNECT_TIMEOUT", "3")),
            receive_timeout=seconds(label("TIMEOUT"), get("TIMEOUT", timeout)),
            ca_file=checked_ca_file(label("CA_FILE"), get("CA_FILE")) if get("CA_FILE") else None,
        )

    def with_identity(self, bind_dn: str, password: str) -> "Settings":
        """Return the same servers with another identity."""
        return replace(self, bind_dn=bind_dn, password=password)
