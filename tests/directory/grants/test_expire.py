"""The timed job (directory.grants.expire): expired grants end, ending ones are announced."""

import datetime as dt

import pytest

from directory.grants import store
from directory.grants.expire import ACCESS_ENDING, ACCESS_EXPIRED, expire
from directory.groups import members_of

pytestmark = pytest.mark.usefixtures("clean_grants")
NOW = dt.datetime(2031, 5, 1, 12, 0, tzinfo=dt.UTC)


def is_member(ldap, tree, group, dn):
    return dn.lower() in {m.lower() for m in members_of(ldap, tree, group)}


@pytest.fixture
def granted(webapp, writer_of, tree):
    """A writer of BUFdir in production whose grant ends ``days`` after NOW."""

    def make(days: float | None, domain="BUFdir"):
        writer = writer_of(domain)
        end = [NOW + dt.timedelta(days=days)] if days is not None else []
        store.record(
            webapp, tree.writers("prod", domain), writer.dn, store.GRANTED, webapp.bound_dn,
            replace={"end": end, "order": ["0" * 32]},
        )  # fmt: skip
        return writer

    return make


def test_an_expired_grant_is_gone_after_the_job_and_the_person_is_told(
    webapp, granted, manager, tree, notified
):
    """The membership is deleted by the service account; the grant says expired."""
    writer = granted(-1)
    group = tree.writers("prod", "BUFdir")
    report = expire(webapp, tree, now=NOW, notify=notified)
    assert [d.grant.member for d in report.expired] == [writer.dn]
    assert not is_member(manager, tree, group, writer.dn)
    grant = store.get_grant(manager, group, writer.dn)
    assert not grant.active and grant.events[-1].event == "expired"
    assert grant.events[-1].actor == webapp.bound_dn
    assert notified.kinds() == [(ACCESS_EXPIRED, f"{writer.username}@test.example")]


def test_the_job_is_idempotent(webapp, granted, tree):
    """A second run finds nothing to do."""
    granted(-1)
    granted(10)
    first = expire(webapp, tree, now=NOW)
    assert (len(first.expired), len(first.warned)) == (1, 1)
    again = expire(webapp, tree, now=NOW)
    assert (again.expired, again.warned, again.failed) == ([], [], [])


def test_a_dry_run_reports_and_changes_nothing(webapp, granted, manager, tree, notified):
    """--dry-run: what would be done, nothing written, nobody told."""
    writer = granted(-1)
    report = expire(webapp, tree, now=NOW, dry_run=True, notify=notified)
    assert [d.grant.member for d in report.expired] == [writer.dn]
    assert is_member(manager, tree, tree.writers("prod", "BUFdir"), writer.dn)
    assert store.get_grant(manager, tree.writers("prod", "BUFdir"), writer.dn).active
    assert notified == []


def test_the_person_and_the_owners_are_warned_14_and_3_days_before_each_once(
    webapp, granted, make_person, tree, notified
):
    """Ten days left: the 14-day warning; again at two days left: the 3-day one; then quiet."""
    owner = make_person(groups=(tree.owners("BUFdir"),))
    writer = granted(10)
    expire(webapp, tree, now=NOW, notify=notified)
    to = {f"{writer.username}@test.example", f"{owner.username}@test.example"}
    assert {a for k, a in notified.kinds() if k == ACCESS_ENDING} >= to
    assert {d["days"] for _, _, d in notified} == {14}
    notified.clear()
    expire(webapp, tree, now=NOW + dt.timedelta(days=1), notify=notified)
    assert notified == []
    expire(webapp, tree, now=NOW + dt.timedelta(days=8), notify=notified)
    assert {d["days"] for _, _, d in notified} == {3}
    notified.clear()
    expire(webapp, tree, now=NOW + dt.timedelta(days=9), notify=notified)
    assert notified == []


def test_a_grant_first_seen_within_three_days_gets_only_that_warning(
    webapp, granted, manager, tree, notified
):
    """Both periods are then recorded as announced."""
    writer = granted(2)
    expire(webapp, tree, now=NOW, notify=notified)
    assert {d["days"] for _, _, d in notified} == {3}
    grant = store.get_grant(manager, tree.writers("prod", "BUFdir"), writer.dn)
    assert grant.warned == ("14", "3")


def test_a_grant_without_an_end_is_left_alone(webapp, granted, manager, tree):
    """Older memberships (no end date) never expire by themselves."""
    writer = granted(None)
    report = expire(webapp, tree, now=NOW + dt.timedelta(days=3650))
    assert writer.dn not in [d.grant.member for d in report.expired]
    assert is_member(manager, tree, tree.writers("prod", "BUFdir"), writer.dn)


def test_the_last_writers_expired_grant_leaves_the_stand_in(webapp, make_person, manager, tree):
    """The write group keeps cn=nobody when its only writer's grant expires."""
    from directory.domains import create_domain

    create_domain(manager, tree, "prod", "Eneste-skriver")
    group = tree.writers("prod", "Eneste-skriver")
    writer = make_person(groups=(tree.readers("prod"), group))
    try:
        store.record(
            webapp, group, writer.dn, store.GRANTED, webapp.bound_dn,
            replace={"end": [NOW - dt.timedelta(days=1)]},
        )  # fmt: skip
        report = expire(webapp, tree, now=NOW)
        assert [d.grant.member for d in report.expired] == [writer.dn] and not report.failed
        assert members_of(manager, tree, group) == []
        assert not store.get_grant(manager, group, writer.dn).active
    finally:
        for dn, _ in manager.search(group, store.GRANT_FILTER, ["1.1"], scope="one"):
            manager.delete(dn)
        manager.delete(group)
        manager.delete(tree.domain("prod", "Eneste-skriver"))
