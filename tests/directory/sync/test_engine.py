"""The refresh against two real servers: production's and the course's."""

from datetime import timedelta

import pytest

from directory.connection import ADD, REPLACE, Servers
from directory.escape import equals
from directory.settings import Settings
from directory.sync import engine, runs
from directory.sync import lock as lock_module
from directory.sync.lock import LockHeld, acquire
from tests.directory.sync.conftest import snapshot

COURSE_ONLY = ("cn=kursdomene",)


def pending(pair, domain=None) -> int:
    return sum(1 for _, ops in engine.plan(pair.prod, pair.course, pair.tree, domain) for _ in ops)


def test_a_refresh_makes_every_production_domain_in_course_equal_production(pair):
    """Added, changed and removed entries: afterwards the copies are equal and nothing is left to do."""
    assert pending(pair) > 0
    result = engine.refresh(pair.prod, pair.course, pair.tree)
    assert result.ok and result.failures == []
    assert snapshot(pair.course, pair.tree, "course", skip=COURSE_ONLY) == snapshot(
        pair.prod, pair.tree, "prod"
    )
    assert pending(pair) == 0
    totals = result.totals
    assert totals["add"] > 0 and totals["modify"] > 0 and totals["delete"] > 0


def test_a_domain_removed_from_production_is_removed_from_course(pair):
    """Gammelt-domene exists only in course and is not course-only: its whole subtree goes."""
    engine.refresh(pair.prod, pair.course, pair.tree)
    assert not pair.course.exists(pair.tree.domain("course", "Gammelt-domene"))


def test_course_only_domains_groups_and_memberships_are_left_alone(pair):
    """Kursdomene's subtree and every group in ou=course are as before (one new writers group aside)."""
    tree = pair.tree
    course_only = pair.course.search(tree.domain("course", "Kursdomene"), raw=True)
    groups = pair.course.search(tree.groups("course"), raw=True)
    result = engine.refresh(pair.prod, pair.course, tree)
    assert result.protected == ["Kursdomene"]
    assert pair.course.search(tree.domain("course", "Kursdomene"), raw=True) == course_only
    new_group = tree.writers("course", "Nytt-domene").lower()
    after = [(dn, a) for dn, a in pair.course.search(tree.groups("course"), raw=True)]
    assert [g for g in after if g[0].lower() != new_group] == groups


def test_a_domain_new_to_course_gets_its_empty_writers_group(pair):
    """writers-Nytt-domene is created holding only the stand-in for nobody."""
    engine.refresh(pair.prod, pair.course, pair.tree)
    group = pair.course.read(pair.tree.writers("course", "Nytt-domene"), ["member"])
    assert [m.lower() for m in group["member"]] == [pair.tree.nobody.lower()]


def test_a_refresh_of_one_domain_changes_only_that_domain(pair):
    """--domain Nytt-domene copies it; BUFdir and Gammelt-domene still differ."""
    before = pending(pair)
    result = engine.refresh(pair.prod, pair.course, pair.tree, domain="Nytt-domene")
    assert list(result.domains) == ["Nytt-domene"]
    assert pending(pair, "Nytt-domene") == 0
    assert pending(pair) == before - result.totals["add"] > 0


def test_the_run_is_recorded_with_trigger_counts_and_result(pair):
    """A run entry in ou=sync: start, end, trigger, order, counts, result."""
    result = engine.refresh(pair.prod, pair.course, pair.tree, trigger="order", order_id="o-17")
    run = runs.get_run(pair.course, pair.tree, result.run_id)
    assert run.trigger == "order" and run.order == "o-17" and run.result == "ok"
    assert run.finished and run.end >= run.start
    totals = result.totals
    assert (run.added, run.modified, run.deleted, run.failed) == (
        totals["add"],
        totals["modify"],
        totals["delete"],
        0,
    )
    assert runs.last_runs(pair.course, pair.tree, 1)[0].id == result.run_id


def test_an_entry_of_another_structural_class_is_replaced_with_productions_subtree(pair):
    """slapd refuses to change a structural class: the course entry and its subtree are replaced."""
    tree = pair.tree
    odd = f"cn=model-2,{tree.domain('course', 'BUFdir')}"
    pair.manager_course.add(odd, ["device"], {"cn": "model-2"})
    pair.manager_course.add(f"cn=part,{odd}", ["device"], {"cn": "part"})
    result = engine.refresh(pair.prod, pair.course, tree)
    assert result.ok, result.failures
    assert snapshot(pair.course, tree, "course", skip=COURSE_ONLY) == snapshot(
        pair.prod, tree, "prod"
    )
    assert pair.course.read(odd, ["objectClass"])["objectClass"] == ["seresModel"]
    assert pending(pair) == 0


def unwritable(pair, dn: str) -> None:
    """Make a course entry the refresh cannot repair: an auxiliary class whose password the
    sync account can neither see nor remove, so dropping the class is an objectClassViolation."""
    pair.manager_course.modify(
        dn, {"objectClass": [(ADD, ["simpleSecurityObject"])], "userPassword": [(ADD, ["x"])]}
    )


def test_an_entry_that_cannot_be_written_is_reported_and_the_run_goes_on(pair):
    """A course entry the sync account cannot change is a failure; the rest is copied."""
    tree = pair.tree
    odd = f"cn=model-1,{tree.domain('course', 'BUFdir')}"
    unwritable(pair, odd)
    result = engine.refresh(pair.prod, pair.course, tree)
    assert not result.ok
    assert [dn.lower() for dn, _ in result.failures] == [odd.lower()]
    assert pair.course.exists(f"cn=element-3,{odd}")  # its children are copied all the same
    assert not pair.course.exists(tree.domain("course", "Gammelt-domene"))
    run = runs.get_run(pair.course, tree, result.run_id)
    assert run.result == "failed" and run.failed == 1 and odd.lower() in run.messages[0].lower()


def test_a_refresh_waits_for_no_one_while_another_holds_the_lock(pair):
    """While the lock is held a refresh raises LockHeld and writes nothing."""
    held = acquire(pair.course, pair.tree)
    before = pending(pair)
    with pytest.raises(LockHeld):
        engine.refresh(pair.prod, pair.course, pair.tree)
    assert pending(pair) == before
    held.release()
    assert engine.refresh(pair.prod, pair.course, pair.tree).ok


def test_production_is_never_written(pair, accounts):
    """Production's accesslog holds no write by the sync account after a refresh; the course's does."""
    engine.refresh(pair.prod, pair.course, pair.tree)
    manager = accounts["manager"]
    # reqAuthzID is a DN: the filter names the account's DN as it is (no "dn:" prefix).
    by_sync = equals("reqAuthzID", accounts["sync"].dn)

    def log(server, search_filter: str) -> list:
        settings = Settings((server.url,), manager.dn, manager.password)
        with Servers(settings).service() as ldap:
            return ldap.search("cn=accesslog", search_filter, ["reqDN"], scope="one")

    assert log(pair.course_server, by_sync) != []  # the filter finds the refresh's writes
    assert log(pair.prod_server, by_sync) == []
    # Nothing at all was written on production's server.
    assert log(pair.prod_server, "(objectClass=auditWriteObject)") == []


@pytest.mark.parametrize(
    ("production", "copied", "removing", "why"),
    [
        (4, 4, [], ""),
        (3, 4, ["A"], ""),
        (2, 4, ["A", "B"], ""),  # half: a big clean-up is still allowed
        (1, 4, ["A", "B", "C"], "it would remove 3 of the 4 domains copied from production"),
        (0, 4, ["A", "B", "C", "D"], "production has no domains"),
        (0, 1, ["A"], "production has no domains"),
        (5, 1, ["A"], "it would remove 1 of the 1 domains copied from production"),
        (0, 0, [], ""),
    ],
)
def test_removing_most_copied_domains_is_refused(production, copied, removing, why):
    """More than half of the course's copies of production domains, or all when production shows none."""
    assert engine.removal_refusal(production, copied, removing).startswith(why)


def test_a_run_whose_lock_is_taken_over_stops_before_the_next_domain(pair):
    """Checked before each domain: LockHeld, recorded aborted, the other holder's lock left alone."""
    tree = pair.tree
    seen = []

    def take_over_after_the_first(name: str) -> None:
        seen.append(name)
        if len(seen) == 1:
            pair.manager_course.modify(tree.sync_lock, {"seresSyncHolder": [(REPLACE, ["other"])]})

    with pytest.raises(LockHeld):
        engine.refresh(pair.prod, pair.course, tree, on_domain=take_over_after_the_first)
    assert len(seen) == 1
    (run,) = runs.last_runs(pair.course, tree)
    assert run.result == "aborted" and "LockHeld" in run.messages[0]
    assert pair.course.read(tree.sync_lock, ["seresSyncHolder"])["seresSyncHolder"] == ["other"]


def test_the_lock_is_renewed_between_domains_of_a_run_that_writes_nothing(pair, monkeypatch):
    """Reading domain after domain with nothing to write still renews the lock on time."""
    assert engine.refresh(pair.prod, pair.course, pair.tree).ok
    renewals = []
    renew = lock_module.Lock.renew

    def counted(self, now=None):
        renewals.append(now)
        return renew(self, now)

    monkeypatch.setattr(lock_module.Lock, "renew", counted)
    # An expiry so short that a third of it has passed before each domain.
    result = engine.refresh(
        pair.prod, pair.course, pair.tree, full=True, lock_expiry=timedelta(microseconds=3)
    )
    assert result.ok and sum(result.totals.values()) == 0
    assert len(renewals) >= len(result.domains) > 1


def test_what_stopped_a_run_comes_through_when_the_course_server_is_gone_too(pair):
    """Ctrl-C as the course's server goes away: KeyboardInterrupt, not an error from recording it."""
    answered = []

    def on_done(op, error) -> None:
        answered.append(op)
        if len(answered) == 5:
            pair.course_server.stop()
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        engine.refresh(pair.prod, pair.course, pair.tree, on_done=on_done)
    pair.course_server.start()
