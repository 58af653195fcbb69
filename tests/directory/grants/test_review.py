"""Recertification (directory.grants.review): owners confirm writers; the deadline decides the rest."""

import datetime as dt

import pytest

from directory.connection import REPLACE
from directory.domains import create_domain
from directory.errors import InsufficientAccess
from directory.grants import closing, review, store
from directory.groups import create_group, members_of

NOW = dt.datetime(2031, 5, 1, 12, 0, tzinfo=dt.UTC)
DEADLINE = NOW + dt.timedelta(days=30)
AFTER = DEADLINE + dt.timedelta(hours=1)
DOMAIN = "Til-gjennomgang"


@pytest.fixture
def domain(manager, tree, owner):
    """A domain of its own (both environments), owned by ``owner``; removed after."""
    for env in ("prod", "course"):
        create_domain(manager, tree, env, DOMAIN)
    create_group(manager, tree, tree.owners(DOMAIN), f"owners-{DOMAIN}", members=(owner.dn,))
    yield DOMAIN
    for env in ("prod", "course"):
        group = tree.writers(env, DOMAIN)
        for dn, _ in manager.search(group, "(objectClass=*)", ["1.1"], scope="one"):
            manager.delete(dn)
        manager.delete(group)
        manager.delete(tree.domain(env, DOMAIN))
    manager.delete(tree.owners(DOMAIN))


def writers(manager, tree, env="prod"):
    return {m.lower() for m in members_of(manager, tree, tree.writers(env, DOMAIN))}


def test_an_unanswered_review_removes_what_was_not_confirmed(
    webapp, manager, tree, domain, writer_of, owner
):
    """Remove mode: the confirmed writer stays, the other is gone and the grant says why."""
    kept, dropped = writer_of(domain, ("prod", "course")), writer_of(domain)
    review.start(webapp, tree, domain, DEADLINE, now=NOW)
    for env in ("prod", "course"):
        review.confirm(webapp, tree, domain, env, kept.dn, owner.dn, now=NOW)
    report = closing.close(webapp, tree, review.REMOVE, now=AFTER, domain=domain)
    assert [h.person for h in report.removed] == [dropped.dn]
    assert report.closed == [domain]
    assert writers(manager, tree) == {kept.dn.lower()}
    assert writers(manager, tree, "course") == {kept.dn.lower()}
    grant = store.get_grant(manager, tree.writers("prod", domain), dropped.dn)
    assert not grant.active and grant.events[-1].reason == review.UNANSWERED_REASON
    kept_grant = store.get_grant(manager, tree.writers("prod", domain), kept.dn)
    assert kept_grant.confirmed_by.lower() == owner.dn.lower()
    assert [s.state for s in review.status(manager, tree, AFTER, domain)] == ["closed"]


def test_flag_mode_only_flags_what_was_not_confirmed(webapp, manager, tree, domain, writer_of):
    """Flag mode: nobody loses access; the grant records the unanswered review's deadline."""
    writer = writer_of(domain)
    review.start(webapp, tree, domain, DEADLINE, now=NOW)
    report = closing.close(webapp, tree, review.FLAG, now=AFTER, domain=domain)
    assert [h.person for h in report.flagged] == [writer.dn]
    assert writers(manager, tree) == {writer.dn.lower()}
    grant = store.get_grant(manager, tree.writers("prod", domain), writer.dn)
    assert grant.active and grant.unconfirmed == DEADLINE
    assert grant.events[-1].event == store.UNCONFIRMED


def test_a_review_before_its_deadline_closes_nothing(webapp, manager, tree, domain, writer_of):
    """Open, not late: close leaves the writer and the review as they are; dry run writes nothing."""
    writer = writer_of(domain)
    review.start(webapp, tree, domain, DEADLINE, now=NOW)
    report = closing.close(webapp, tree, review.REMOVE, now=NOW, domain=domain)
    assert report.removed == [] and report.closed == []
    dry = closing.close(webapp, tree, review.REMOVE, now=AFTER, dry_run=True, domain=domain)
    assert [h.person for h in dry.removed] == [writer.dn]
    assert writers(manager, tree) == {writer.dn.lower()}
    [late] = review.status(manager, tree, AFTER, domain)
    assert (late.state, late.confirmed, late.pending) == ("late", 0, 1)


def test_an_owner_cannot_review_another_domain(webapp, tree, domain, writer_of, owner, make_person):
    """slapd refuses an owner of another domain the confirmation, not only the page."""
    writer = writer_of(domain)
    stranger = make_person(groups=(tree.owners("BUFdir"), tree.readers("prod")))
    review.start(webapp, tree, domain, DEADLINE, now=NOW)
    with pytest.raises(InsufficientAccess):
        review.confirm(webapp, tree, domain, "prod", writer.dn, stranger.dn, now=NOW)


def test_due_lists_domains_not_reviewed_within_the_period(webapp, tree, domain):
    """A review begun now is not due again before SERES_REVIEW_MONTHS have passed."""
    review.start(webapp, tree, domain, DEADLINE, now=NOW)
    assert domain not in review.due(webapp, tree, 6, now=NOW + dt.timedelta(days=150))
    assert domain in review.due(webapp, tree, 6, now=NOW + dt.timedelta(days=190))


@pytest.mark.parametrize("value", ["", "delete", "0", "x"])
def test_bad_review_settings_are_refused(value):
    from directory.errors import InvalidValue

    with pytest.raises(InvalidValue):
        review.unanswered(value)
    if value != "delete":
        with pytest.raises(InvalidValue):
            review.months(value)


def test_owners_are_reminded_when_a_review_starts_and_before_its_deadline_each_once(
    webapp, tree, domain, owner, notified
):
    """A started review is announced at once; a week before the deadline, once more."""
    review.start(webapp, tree, domain, DEADLINE, now=NOW)
    address = f"{owner.username}@test.example"
    review.remind(webapp, tree, notified, now=NOW)
    review.remind(webapp, tree, notified, now=NOW + dt.timedelta(days=1))
    assert notified.kinds() == [(review.REVIEW_STARTED, address)]
    review.remind(webapp, tree, notified, now=DEADLINE - dt.timedelta(days=6))
    review.remind(webapp, tree, notified, now=DEADLINE - dt.timedelta(days=5))
    assert notified.kinds() == [
        (review.REVIEW_STARTED, address),
        (review.REVIEW_REMINDER, address),
    ]


@pytest.mark.parametrize("count", [2, 12])
def test_the_review_page_needs_six_ldap_searches_whatever_the_number_of_writers(
    webapp, tree, domain, writer_of, monkeypatch, count
):
    """The review (one read), per environment the group and its grants, the last sign-ins."""
    from ldap3 import Connection

    for _ in range(count):
        writer_of(domain, ("prod", "course"))
    searches = []
    real = Connection.search

    def counted(self, *args, **kwargs):
        searches.append(args[:2])
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Connection, "search", counted)
    _, rows = review.page(webapp, tree, domain)
    assert len(rows) == 2 * count
    assert len(searches) == 6


def test_closing_every_late_review_at_once_empties_a_group_nobody_confirmed(
    webapp, manager, tree, domain, writer_of, monkeypatch
):
    """The whole-directory path (more late reviews than FEW): every writer removed in one
    batch, the stand-in in the emptied group, each grant recorded (legacy ones made)."""
    monkeypatch.setattr(closing, "FEW", 0)
    gone = [writer_of(domain, ("prod", "course")) for _ in range(3)]
    review.start(webapp, tree, domain, DEADLINE, now=NOW)
    report = closing.close(webapp, tree, review.REMOVE, now=AFTER)
    assert {h.person.lower() for h in report.removed if h.domain == domain} == {
        w.dn.lower() for w in gone
    }
    assert domain in report.closed and not report.failed
    for env in ("prod", "course"):
        assert writers(manager, tree, env) == set()
        members = manager.read(tree.writers(env, domain), ["member"])["member"]
        assert [str(m).lower() for m in members] == [tree.nobody.lower()]
        for w in gone:
            grant = store.get_grant(manager, tree.writers(env, domain), w.dn)
            assert not grant.active and grant.events[-1].reason == review.UNANSWERED_REASON


def test_the_review_page_shows_each_writers_last_sign_in_from_their_token(
    webapp, manager, tree, domain, writer_of
):
    """The OTP token's last used step (set here as the manager); blank for one never used."""
    used, unused = writer_of(domain), writer_of(domain)
    when = dt.datetime(2031, 4, 2, 8, 30, tzinfo=dt.UTC)
    step = int(when.timestamp()) // 60
    manager.modify(tree.token(used.username), {"oathTOTPLastTimeStep": [(REPLACE, [step])]})
    _, rows = review.page(webapp, tree, domain)
    seen = {r.holding.username: r.last_sign_in for r in rows}
    assert seen[used.username] == when and seen[unused.username] is None
