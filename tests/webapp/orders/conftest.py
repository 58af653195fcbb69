"""Fixtures of the ordering tests: the app, people in their roles, signed-in clients."""

from pathlib import Path

import pytest

from tests.support import add_person, delete_tree, remove_people, web_sign_in


def new_app(settings, var: Path, sync_settings=None, **config):
    from webapp import create_app

    return create_app(
        {
            "SECRET_KEY": "test-secret-key",
            "SERES_LDAP": settings,
            "SERES_SYNC_PROD": sync_settings,
            "SERES_SYNC_COURSE": sync_settings,
            "SERES_DEV": False,
            "SERES_PUBLIC_URL": "http://localhost",
            "SESSION_COOKIE_SECURE": False,
            "SERES_VAR": str(var),
            # Many people sign in from one test address within a minute.
            "SERES_LIMIT_CODES_PER_ADDRESS": "100/minute",
            "SERES_LIMIT_ATTEMPTS_PER_ADDRESS": "100/minute",
            **config,
        }
    )


@pytest.fixture(scope="module")
def module_app(settings_for, accounts, tmp_path_factory):
    """One app for a module, so that people sign in once and stay signed in."""
    app = new_app(
        settings_for(accounts["webapp"]),
        tmp_path_factory.mktemp("var"),
        sync_settings=settings_for(accounts["sync"]),
    )
    yield app
    app.extensions["seres_service_pool"].close_all()


@pytest.fixture(scope="module")
def people(manager, tree):
    """Make people for the whole module: ``people.make(*groups)``; removed at the end."""

    class People:
        made: list[str] = []

        def make(self, *groups):
            account = add_person(manager, tree, tuple(groups))
            self.made.append(account.username)
            return account

    maker = People()
    maker.made = []
    yield maker
    remove_people(manager, tree, maker.made)


@pytest.fixture(scope="module")
def signed_in(module_app, binder):
    """A client signed in as the person, one per person for the module."""
    clients = {}

    def get(account):
        if account.username not in clients:
            client = module_app.test_client()
            response = web_sign_in(client, binder, account)
            assert response.status_code == 303, response.get_data(as_text=True)
            clients[account.username] = client
        return clients[account.username]

    return get


@pytest.fixture(scope="module")
def roles(people, tree):
    """People in the roles of ordering: the desk, BUFdir's owner and others."""

    class Roles:
        desk = people.make(tree.servicedesk, tree.readers("prod"), tree.readers("course"))
        owner = people.make(tree.owners("BUFdir"), tree.readers("prod"), tree.readers("course"))
        lmv_owner = people.make(tree.owners("Legemiddelverket"), tree.readers("prod"))
        writer = people.make(tree.readers("prod"), tree.writers("prod", "BUFdir"))
        reader = people.make(tree.readers("prod"))

    return Roles


@pytest.fixture
def orders_cleaned(manager, tree):
    """Remove every order after the test."""
    yield
    for dn, _ in manager.search(tree.orders, "(objectClass=seresOrder)", ["1.1"], scope="one"):
        manager.delete(dn)


@pytest.fixture
def cleanup(manager, tree):
    """Remove what provisioning made in a test: ``cleanup.people`` and ``cleanup.domains``."""

    class Made:
        people: list[str]
        domains: list[str]

    made = Made()
    made.people, made.domains = [], []
    yield made
    remove_people(manager, tree, made.people)
    for name in made.domains:
        for dn in (
            tree.owners(name),
            tree.writers("prod", name),
            tree.writers("course", name),
            tree.domain("prod", name),
            tree.domain("course", name),
        ):
            if manager.exists(dn):
                delete_tree(manager, dn)
