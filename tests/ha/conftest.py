"""Two real providers (multi-provider replication) and a Redis, on free loopback ports.

Built from ldif/ like `make run-ha`'s, once for the tests of this package.
"""

import os
import shutil
import signal
import subprocess
from pathlib import Path

import pytest

from directory.connection import Ldap, Servers
from directory.server.build import BuildOptions, build
from directory.server.replication import Replication
from directory.server.slapd import Slapd, free_port
from directory.settings import Settings
from directory.tree import Tree
from tests.support import Binder, eventually

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


class Providers:
    """The providers of one set: start, kill and restart them; bind to either."""

    def __init__(self, servers: list[Slapd], tree: Tree, accounts):
        self.servers = servers
        self.tree = tree
        self.accounts = accounts

    @property
    def urls(self) -> tuple[str, ...]:
        return tuple(s.url for s in self.servers)

    def settings(self, account: str, *urls: str) -> Settings:
        a = self.accounts[account]
        return Settings(urls or self.urls, a.dn, a.password, self.tree.suffix)

    def manager(self, index: int) -> Ldap:
        return Servers(self.settings("manager", self.urls[index])).service()

    def binder(self, index: int) -> Binder:
        return Binder(self.urls[index], self.tree, self.accounts["webapp"])

    def kill(self, index: int) -> None:
        """SIGKILL: no flush, no goodbye, as a crash or a pulled cable."""
        process = self.servers[index].process
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    def start(self, index: int) -> None:
        old = self.servers[index]
        self.servers[index] = Slapd(old.root, port=old.port).start()


def build_providers(base: Path, manager_password: str, count: int = 2) -> list[Slapd]:
    ports = [free_port() for _ in range(count)]
    urls = [f"ldap://127.0.0.1:{port}" for port in ports]
    servers = []
    for i, port in enumerate(ports):
        peers = tuple(u for j, u in enumerate(urls) if j != i)
        root = base / f"provider{i + 1}"
        options = BuildOptions(manager_password, nosync=True, provider=Replication(i + 1, peers))
        build(root, options)
        servers.append(Slapd(root, port=port))
    return servers


@pytest.fixture(scope="session")
def providers(tmp_path_factory, accounts, tree):
    servers = build_providers(tmp_path_factory.mktemp("ha"), accounts["manager"].password)
    for server in servers:
        server.start()
    set_ = Providers(servers, tree, accounts)
    yield set_
    for server in set_.servers:
        server.stop()


class Redis:
    """A private redis-server: loopback, a free port, a password, no disk."""

    def __init__(self, folder: Path):
        self.port = free_port()
        self.password = os.urandom(12).hex()
        self.process = subprocess.Popen(
            [
                REDIS_SERVER,
                "--bind", "127.0.0.1",
                "--port", str(self.port),
                "--requirepass", self.password,
                "--save", "",
                "--appendonly", "no",
                "--dir", str(folder),
            ],
            stdout=subprocess.DEVNULL,
            start_new_session=True,
        )  # fmt: skip

    @property
    def url(self) -> str:
        return f"redis://:{self.password}@127.0.0.1:{self.port}/0"

    def wait(self) -> "Redis":
        import redis

        client = redis.Redis.from_url(self.url)
        assert eventually(lambda: self._pings(client), 10), "redis-server did not answer"
        client.close()
        return self

    @staticmethod
    def _pings(client) -> bool:
        import redis

        try:
            return client.ping()
        except redis.ConnectionError:
            return False

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory):
    server = Redis(tmp_path_factory.mktemp("redis")).wait()
    yield server
    server.stop()
