"""The refresh lock in the directory: one holder, expiry, compare-and-swap takeover."""

from datetime import UTC, datetime, timedelta

import pytest

from directory.connection import REPLACE
from directory.sync.lock import LockHeld, acquire, take_over, to_generalized


@pytest.fixture
def sync(bound, tree, manager):
    """The sync account; the lock is removed after the test."""
    yield bound("sync")
    if manager.exists(tree.sync_lock):
        manager.delete(tree.sync_lock)


def test_a_second_refresh_cannot_take_a_held_lock(sync, tree):
    """The add of cn=lock fails for the second one: LockHeld names the holder."""
    lock = acquire(sync, tree, holder="first")
    with pytest.raises(LockHeld, match="first"):
        acquire(sync, tree, holder="second")
    lock.release()
    acquire(sync, tree, holder="second").release()
    assert not sync.exists(tree.sync_lock)


def test_an_expired_lock_is_taken_over(sync, tree):
    """A crashed holder blocks only until its expiry."""
    now = datetime.now(UTC)
    acquire(sync, tree, timedelta(seconds=1), now=now, holder="crashed")
    later = now + timedelta(seconds=2)
    lock = acquire(sync, tree, now=later, holder="next")
    values = sync.read(tree.sync_lock, ["seresSyncHolder"])
    assert values["seresSyncHolder"] == ["next"] and lock.holder == "next"


def test_only_one_of_two_takeovers_of_the_same_expired_lock_wins(sync, tree):
    """The modify removes the expiry value read; the second finds it gone."""
    now = datetime.now(UTC)
    old = acquire(sync, tree, timedelta(seconds=1), now=now, holder="crashed").expires
    take_over(sync, tree, old, "a", to_generalized(now + timedelta(minutes=5)))
    with pytest.raises(LockHeld):
        take_over(sync, tree, old, "b", to_generalized(now + timedelta(minutes=5)))
    assert sync.read(tree.sync_lock, ["seresSyncHolder"])["seresSyncHolder"] == ["a"]


def test_a_holder_whose_lock_was_taken_over_does_not_release_it(sync, tree):
    """Renewing fails and releasing leaves the new holder's lock in place."""
    now = datetime.now(UTC)
    first = acquire(sync, tree, timedelta(seconds=1), now=now, holder="slow")
    acquire(sync, tree, now=now + timedelta(seconds=2), holder="new")
    with pytest.raises(LockHeld):
        first.renew()
    first.release()
    assert sync.read(tree.sync_lock, ["seresSyncHolder"])["seresSyncHolder"] == ["new"]


def test_people_cannot_take_the_lock(bound, tree):
    """Only the refresh's accounts write ou=sync; a course reader is refused."""
    from directory.errors import InsufficientAccess

    with pytest.raises(InsufficientAccess):
        acquire(bound("kurs.deltaker"), tree)


class TakenOverBeforeDelete:
    """The sync connection, but another refresh takes the lock over just before a delete is sent."""

    def __init__(self, ldap, take):
        self.ldap, self.take = ldap, take

    def __getattr__(self, name):
        return getattr(self.ldap, name)

    def delete(self, dn, *args, **kwargs):
        self.take()
        return self.ldap.delete(dn, *args, **kwargs)


def test_release_never_deletes_a_lock_taken_over_after_it_was_read(sync, tree, manager):
    """Release is one delete that asserts this holder's value: a takeover just before it wins."""

    def take() -> None:
        manager.modify(tree.sync_lock, {"seresSyncHolder": [(REPLACE, ["other"])]})

    lock = acquire(TakenOverBeforeDelete(sync, take), tree, holder="mine")
    lock.release()
    assert sync.read(tree.sync_lock, ["seresSyncHolder"])["seresSyncHolder"] == ["other"]


def test_keep_renews_once_a_third_of_the_expiry_has_passed(sync, tree):
    """Before that it only checks the lock is still ours; no clock is waited for."""
    now = datetime.now(UTC)
    lock = acquire(sync, tree, timedelta(minutes=30), now=now, holder="mine")
    first = lock.expires
    lock.keep(now + timedelta(minutes=9))
    assert stored_expiry(sync, tree) == first
    lock.keep(now + timedelta(minutes=11))
    assert stored_expiry(sync, tree) == to_generalized(now + timedelta(minutes=41)) == lock.expires
    lock.keep(now + timedelta(minutes=12))  # renewed a minute ago: not yet again
    assert stored_expiry(sync, tree) == lock.expires
    lock.release()


def test_keep_raises_when_the_lock_is_no_longer_ours(sync, tree, manager):
    """Taken over (or removed) meanwhile: LockHeld, even when no renewal is due."""
    now = datetime.now(UTC)
    lock = acquire(sync, tree, timedelta(minutes=30), now=now, holder="mine")
    manager.modify(tree.sync_lock, {"seresSyncHolder": [(REPLACE, ["other"])]})
    with pytest.raises(LockHeld):
        lock.keep(now + timedelta(minutes=1))
    manager.delete(tree.sync_lock)
    with pytest.raises(LockHeld):
        lock.keep(now + timedelta(minutes=1))


def stored_expiry(ldap, tree) -> str:
    return ldap.read(tree.sync_lock, ["seresSyncExpires"], raw=True)["seresSyncExpires"][0].decode()
