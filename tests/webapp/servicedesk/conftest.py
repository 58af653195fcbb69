"""Fixtures of the desk's tests: sign-in's throw-away person and outbox."""

import pytest

from tests.webapp.auth.conftest import outbox, person

__all__ = ["outbox", "person"]


@pytest.fixture
def desk(make_person, tree):
    """A throw-away member of the service desk."""
    return make_person(groups=(tree.servicedesk,))
