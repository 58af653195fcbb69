"""What the directory benches share: a throw-away directory from ldif/ plus
generated entries, served by its own slapd; bare ldap3 connections; rates.

In a folder below bench/, so that `make bench` (every bench/*.py) does not run it.
"""

import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ldap3 import NONE, Connection, Server

from directory.server.build import BuildOptions, build
from directory.server.slapd import Slapd, free_port
from tests.support import Account


@contextmanager
def seeded_slapd(name: str, manager_password: str, extra_ldif: str, what: str) -> Iterator[Slapd]:
    """Build a directory from ldif/ with ``extra_ldif`` in a temporary folder,
    serve it on a free port, and remove it all afterwards."""
    workdir = Path(tempfile.mkdtemp(prefix=f"bench-{name}-"))
    try:
        t0 = time.perf_counter()
        root = build(
            workdir / "slapd",
            BuildOptions(manager_password=manager_password, nosync=True, loglevel="none"),
            extra_ldif=extra_ldif,
        )
        print(f"loaded {what} in {time.perf_counter() - t0:.1f} s")
        with Slapd(root, port=free_port()) as server:
            yield server
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def bare_connection(server: Slapd, account: Account) -> Connection:
    """A plain ldap3 connection bound as ``account``: what the layer is measured against."""
    return Connection(
        Server("127.0.0.1", port=server.port, get_info=NONE),
        account.dn,
        account.password,
        auto_bind=True,
    )


def rate(fn, args: list, seconds: float) -> float:
    """Call ``fn`` over ``args`` (cycling) for about ``seconds``; return calls per second."""
    done, start = 0, time.perf_counter()
    while True:
        for arg in args:
            fn(arg)
        done += len(args)
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return done / elapsed
