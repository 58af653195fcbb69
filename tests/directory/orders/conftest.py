"""Fixtures of the order tests: the person acting, as the workflow sees them."""

import pytest

from directory.access import access_of
from directory.orders import workflow as wf
from tests.support import delete_tree


@pytest.fixture
def user_of(webapp, tree):
    def make(dn):
        return wf.Actor.of(dn, access_of(webapp, tree, dn))

    return make


@pytest.fixture
def lmv_owner(make_person, tree):
    """A throw-away owner of Legemiddelverket (the role is emptied again with them)."""
    return make_person(groups=(tree.owners("Legemiddelverket"),))


@pytest.fixture
def desk(user_of, accounts):
    return user_of(accounts["brukerservice"].dn)


@pytest.fixture
def leftovers(manager):
    """DNs a test's provisioning made, removed afterwards (children before parents)."""
    dns: list[str] = []
    yield dns
    for dn in dns:
        if manager.exists(dn):
            delete_tree(manager, dn)
