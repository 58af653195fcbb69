"""One real slapd for the whole test session, built from ldif/ like `make run`'s."""

import contextlib
import time

import pytest

from directory.connection import Ldap, Servers
from directory.server.build import BuildOptions, build
from directory.server.slapd import Slapd, free_port
from directory.settings import Settings
from directory.tree import Tree
from tests.support import (
    Account,
    Binder,
    add_person,
    demo_accounts,
    forget_training,
    record_training,
    remove_people,
)


@pytest.fixture(scope="session")
def accounts() -> dict[str, Account]:
    return demo_accounts()


@pytest.fixture(scope="session")
def slapd(tmp_path_factory, accounts) -> Slapd:
    root = tmp_path_factory.mktemp("directory") / "slapd"
    build(root, BuildOptions(manager_password=accounts["manager"].password, nosync=True))
    server = Slapd(root, port=free_port()).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def tree() -> Tree:
    return Tree()


@pytest.fixture(scope="session")
def binder(slapd, tree, accounts) -> Binder:
    return Binder(slapd.url, tree, accounts["webapp"])


@pytest.fixture(scope="session")
def settings_for(slapd, tree):
    def make(account: Account) -> Settings:
        return Settings((slapd.url,), account.dn, account.password, tree.suffix)

    return make


@pytest.fixture(scope="session")
def manager(binder, accounts) -> Ldap:
    ldap = binder.service(accounts["manager"])
    yield ldap
    ldap.close()


@pytest.fixture(scope="session")
def webapp(binder, accounts) -> Ldap:
    ldap = binder.service(accounts["webapp"])
    yield ldap
    ldap.close()


# slapd closes a connection idle for 600 s (olcIdleTimeout). On a loaded machine the suite
# can run for half an hour and a module may leave the session's connections idle that long.
_RECHECK_SECONDS = 300
_checked: dict[int, float] = {}


@pytest.fixture(autouse=True)
def _session_connections_open(request):
    """Before a test that uses them, open again a session connection not used for 300 s."""
    for name in ("manager", "webapp"):
        if name not in request.fixturenames:
            continue
        ldap = request.getfixturevalue(name)
        if time.monotonic() - _checked.get(id(ldap), time.monotonic()) > _RECHECK_SECONDS:
            connection = ldap.connection
            with contextlib.suppress(Exception):
                connection.unbind()
            connection.open()
            assert connection.bind(), f"the session's {name} connection cannot bind again"
        _checked[id(ldap)] = time.monotonic()


# slapd closes a connection idle for olcIdleTimeout (600 s); on a loaded machine a
# full run takes long enough that a demo person's connection, last used by an
# early test, is gone when a late one asks: bind again (a new code) well before.
BOUND_IDLE = 400


@pytest.fixture(scope="session")
def bound(binder, accounts):
    """Connections as the demo people, one each for the session.

    Each person binds once (again only when the connection has idled
    BOUND_IDLE seconds): a person's codes are single-use, and a window holds
    only a few steps ahead of now.
    """
    cache: dict[str, tuple[Ldap, float]] = {}

    def get(username: str) -> Ldap:
        ldap, used = cache.get(username, (None, 0.0))
        if ldap is None or time.monotonic() - used > BOUND_IDLE:
            if ldap is not None:
                ldap.close()
            account = accounts[username]
            ldap = binder.person(account) if account.kind == "person" else binder.service(account)
        cache[username] = (ldap, time.monotonic())
        return ldap

    yield get
    for ldap, _ in cache.values():
        ldap.close()


@pytest.fixture
def make_person(manager, tree):
    """Create throw-away people with tokens; remove them after the test."""
    made: list[str] = []

    def make(
        groups: tuple[str, ...] = (), username: str | None = None, password: str | None = None
    ) -> Account:
        account = add_person(manager, tree, groups, username, password)
        made.append(account.username)
        return account

    yield make
    remove_people(manager, tree, made)


@pytest.fixture
def trained(manager, tree):
    """Record completed training for people (write access in production needs it); the
    record goes after the test. ``trained(username)``: also for an account an order makes."""
    recorded: list[str] = []

    def record(username: str) -> str:
        recorded.append(username)
        return record_training(manager, tree, username)

    yield record
    for username in recorded:
        forget_training(manager, tree, username)


@pytest.fixture
def courses(manager, tree):
    """Names of the courses a test makes (append them); removed after the test."""
    made: list[str] = []
    yield made
    for name in made:
        if manager.exists(tree.course(name)):
            manager.delete(tree.course(name))


@pytest.fixture(scope="session")
def directory_as(slapd, tree):
    def make(account: Account) -> Servers:
        return Servers(Settings((slapd.url,), account.dn, account.password, tree.suffix))

    return make


@pytest.fixture
def app_config(settings_for, accounts, tmp_path) -> dict:
    """The settings of the test app, for a test that makes another app with a change."""
    return {
        "SECRET_KEY": "test-secret-key",
        "SERES_LDAP": settings_for(accounts["webapp"]),
        "SERES_SYNC_PROD": settings_for(accounts["sync"]),
        "SERES_SYNC_COURSE": settings_for(accounts["sync"]),
        "SERES_DEV": False,
        "SERES_PUBLIC_URL": "http://localhost",
        "SESSION_COOKIE_SECURE": False,
        "SERES_VAR": str(tmp_path),
    }


@pytest.fixture
def app(app_config):
    """The web app over the session's slapd, as `make run` configures it."""
    from webapp import create_app

    app = create_app(app_config)
    yield app
    app.extensions["seres_service_pool"].close_all()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def clean_orders(manager, tree):
    """Remove every order a test made (orders exist only in tests' own entries)."""
    yield
    for dn, _ in manager.search(tree.orders, "(objectClass=seresOrder)", ["1.1"], scope="one"):
        manager.delete(dn)


@pytest.fixture
def clean_grants(manager, tree):
    """Remove every grant entry a test made (below the groups of both environments)."""
    yield
    for env in ("prod", "course"):
        for dn, _ in manager.search(tree.groups(env), "(objectClass=seresGrant)", ["1.1"]):
            manager.delete(dn)


@pytest.fixture
def notified():
    """A notifier that records (kind, to, data) instead of sending e-mail."""

    class Recorder(list):
        def __call__(self, kind: str, to: str, **data) -> None:
            self.append((kind, to, data))

        def kinds(self) -> list[tuple[str, str]]:
            return [(kind, to) for kind, to, _ in self]

    return Recorder()
