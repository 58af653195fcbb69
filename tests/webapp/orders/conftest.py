"""Fixtures of the ordering tests: the app, people in their roles, signed-in clients, forms."""

import json
import re
from pathlib import Path

import pytest

from directory import attrs
from tests.support import add_person, csrf_token, remove_people, web_sign_in


def new_app(settings, var: Path, **config):
    from webapp import create_app

    return create_app(
        {
            "SECRET_KEY": "test-secret-key",
            "SERES_LDAP": settings,
            "SERES_DEV": False,
            "SESSION_COOKIE_SECURE": False,
            "SERES_VAR": str(var),
            **config,
        }
    )


@pytest.fixture(scope="module")
def module_app(settings_for, accounts, tmp_path_factory):
    """One app for a module, so that people sign in once and stay signed in."""
    app = new_app(settings_for(accounts["webapp"]), tmp_path_factory.mktemp("var"))
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


def count(manager, base: str) -> int:
    return len(manager.search(base, "(objectClass=*)", ["1.1"], scope="one"))


def submit(client, url: str, data: dict):
    """GET the form, read its token, POST the data (a browser's round trip)."""
    page = client.get(url)
    assert page.status_code == 200, page.status_code
    return client.post(url, data={"csrf_token": csrf_token(page.get_data(as_text=True)), **data})


def order_id_of(response) -> str:
    assert response.status_code == 303, response.get_data(as_text=True)
    return response.headers["Location"].rsplit("/", 1)[1]


def press(client, order_id: str, action: str, **data):
    """Press an action's button on the order's page (its own CSRF token)."""
    page = client.get(f"/orders/{order_id}")
    html = page.get_data(as_text=True)
    found = re.search(
        rf'action="/orders/{order_id}/{action}"[^>]*>\s*<input name="csrf_token" type="hidden" value="([^"]+)"',
        html,
    )
    assert found, f"no {action} button on the page"
    return client.post(f"/orders/{order_id}/{action}", data={"csrf_token": found.group(1), **data})


def buttons(client, order_id: str) -> set[str]:
    html = client.get(f"/orders/{order_id}").get_data(as_text=True)
    return set(re.findall(rf'action="/orders/{order_id}/(\w+)"', html))


def mails(app) -> list[dict]:
    folder = Path(app.config["SERES_VAR"]) / "outbox"
    if not folder.is_dir():
        return []
    found = [json.loads(p.read_text()) for p in sorted(folder.glob("*.json"))]
    return [m for m in found if m["kind"] == "email"]


def state_of(manager, tree, order_id: str) -> str:
    values = manager.read(tree.order(order_id), [attrs.ORDER["state"]])
    return str(values[attrs.ORDER["state"]][0])
