"""Fixtures of the order tests: the person acting, as the workflow sees them."""

import pytest

from directory.access import access_of
from directory.orders import workflow as wf


@pytest.fixture
def user_of(webapp, tree):
    def make(dn):
        return wf.Actor.of(dn, access_of(webapp, tree, dn))

    return make


@pytest.fixture
def lmv_owner(make_person, tree):
    """A throw-away owner of Legemiddelverket (the role is emptied again with them)."""
    return make_person(groups=(tree.owners("Legemiddelverket"),))
