"""A person as the desk sees them: access with when and by whom, lock, last sign-in."""

import datetime as dt

import pytest

from directory.connection import REPLACE
from directory.desk.person import profile
from directory.errors import InvalidCredentials
from directory.groups import add_member


@pytest.fixture
def as_desk(webapp, accounts):
    return webapp.acting_as(accounts["brukerservice"].dn)


def test_each_group_says_since_when_and_who_added_the_person(
    as_desk, webapp, manager, tree, make_person
):
    """A write group added by the manager shows its time and actor; no end date yet."""
    person = make_person()
    group = tree.writers("prod", "BUFdir")
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    add_member(manager, tree, group, person.dn)
    seen = profile(as_desk, webapp, tree, person.username)
    [grant] = [g for g in seen.grants if g.dn.lower() == group.lower()]
    assert (grant.name.casefold(), grant.kind, grant.granted_by, grant.ends) == (
        "writers-bufdir",
        "membership",
        "manager",
        None,
    )
    assert before <= grant.since <= dt.datetime.now(dt.UTC)


def test_a_lock_shows_only_when_locked_with_the_failures(
    as_desk, webapp, binder, tree, make_person
):
    """Not locked: no lock time; after five failures: since when, and the failures listed."""
    person = make_person()
    assert profile(as_desk, webapp, tree, person.username).locked_since is None
    for _ in range(5):
        with pytest.raises(InvalidCredentials):
            binder.servers().bind(person.dn, "wrong-password-000000")
    seen = profile(as_desk, webapp, tree, person.username)
    assert seen.locked_since is not None and not seen.disabled
    assert len(seen.failures) == 5


def test_the_last_sign_in_and_the_second_factor_come_from_the_token(
    as_desk, webapp, binder, manager, tree, make_person
):
    """Never signed in: none; after a bind: about now; the app's parameters say app."""
    person = make_person()
    assert profile(as_desk, webapp, tree, person.username).last_sign_in is None
    binder.person(person).close()
    seen = profile(as_desk, webapp, tree, person.username)
    assert seen.second_factor == "sms"
    assert abs(seen.last_sign_in - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=10)
    manager.modify(
        tree.token(person.username), {"oathTOTPParams": [(REPLACE, [tree.otp_params("app")])]}
    )
    assert profile(as_desk, webapp, tree, person.username).second_factor == "app"


def test_no_such_person_is_none(as_desk, webapp, tree):
    """An unknown username (or one with filter characters) finds nobody."""
    assert profile(as_desk, webapp, tree, "nobody-*)(uid=*") is None
