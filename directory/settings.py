"""Connection settings for one directory, from code or from the environment."""

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from directory.layout import DEFAULT_SUFFIX


@dataclass(frozen=True)
class Settings:
    """Where a directory is and who binds to it.

    ``urls`` lists servers in order of preference; the next is tried when
    one does not answer.
    """

    urls: tuple[str, ...]
    bind_dn: str
    password: str = field(repr=False)
    suffix: str = DEFAULT_SUFFIX
    connect_timeout: float = 5.0
    receive_timeout: float = 30.0

    @classmethod
    def from_env(cls, prefix: str = "SERES_LDAP_", environ: Mapping[str, str] | None = None):
        """Read ``<prefix>URLS``, ``BIND_DN``, ``PASSWORD`` (or ``PASSWORD_FILE``),
        ``SUFFIX``, ``CONNECT_TIMEOUT`` and ``TIMEOUT``."""
        env = os.environ if environ is None else environ

        def get(name: str, default: str | None = None) -> str | None:
            return env.get(prefix + name, default)

        password = get("PASSWORD")
        if password is None and get("PASSWORD_FILE"):
            with open(get("PASSWORD_FILE")) as f:
                password = f.read().strip()
        urls = get("URLS", "ldap://127.0.0.1:3389")
        return cls(
            urls=tuple(u for u in urls.replace(",", " ").split() if u),
            bind_dn=get("BIND_DN", f"cn=webapp,ou=services,{get('SUFFIX', DEFAULT_SUFFIX)}"),
            password=password or "",
            suffix=get("SUFFIX", DEFAULT_SUFFIX),
            connect_timeout=float(get("CONNECT_TIMEOUT", "5")),
            receive_timeout=float(get("TIMEOUT", "30")),
        )

    def with_identity(self, bind_dn: str, password: str) -> "Settings":
        """Return the same servers with another identity."""
        return Settings(
            self.urls, bind_dn, password, self.suffix, self.connect_timeout, self.receive_timeout
        )
