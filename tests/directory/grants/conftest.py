"""People for the lifecycle's tests: a domain's owner, its writers, a reader."""

import pytest


@pytest.fixture
def as_person(binder):
    """Bind as a throw-away person (password and code), closed after the test."""
    opened = []

    def bind(account):
        ldap = binder.person(account)
        opened.append(ldap)
        return ldap

    yield bind
    for ldap in opened:
        ldap.close()


@pytest.fixture
def owner(make_person, tree):
    """An owner of BUFdir, who reads production."""
    return make_person(groups=(tree.owners("BUFdir"), tree.readers("prod")))


@pytest.fixture
def writer_of(make_person, tree):
    """A person who reads and writes ``domain`` in the given environments."""

    def make(domain="BUFdir", envs=("prod",)):
        groups = []
        for env in envs:
            groups += [tree.readers(env), tree.writers(env, domain)]
        return make_person(groups=tuple(groups))

    return make
