"""The incremental refresh: only what either accesslog shows changed, or a full one."""

import time
from datetime import UTC, datetime, timedelta

import pytest

from directory.connection import DELETE, REPLACE, Servers
from directory.errors import InsufficientAccess
from directory.settings import Settings
from directory.sync import engine, incremental, runs
from directory.sync.incremental import Record, plan_changes, why_full
from directory.sync.runs import Run
from tests.directory.sync.conftest import snapshot
from tests.directory.sync.test_cli import seres
from tests.directory.sync.test_engine import COURSE_ONLY, pending, unwritable

T0 = datetime(2026, 1, 5, 17, 0, tzinfo=UTC)


def as_manager(server, accounts):
    manager = accounts["manager"]
    return Servers(Settings((server.url,), manager.dn, manager.password)).service()


def as_course_writer(pair, accounts):
    """skriver.bufdir writing in course through the web app (proxied authorization)."""
    webapp = accounts["webapp"]
    ldap = Servers(Settings((pair.course_server.url,), webapp.dn, webapp.password)).service()
    return ldap, ldap.acting_as(accounts["skriver.bufdir"].dn)


def touch_production_log(prod_manager) -> None:
    """A write outside ou=domains, as a live production has: its accesslog is not empty."""
    prod_manager.modify("ou=people,dc=seres,dc=example", {"description": [(REPLACE, ["Personer"])]})


def equal(pair, skip: tuple[str, ...] = ()) -> bool:
    return snapshot(pair.course, pair.tree, "course", skip=COURSE_ONLY + skip) == snapshot(
        pair.prod, pair.tree, "prod", skip=skip
    )


def app(name: str, **extra) -> tuple[list[str], dict]:
    return ["applicationProcess"], {"cn": name, **extra}


# Pure: logged writes -> entries to re-diff, or why everything must be read.
@pytest.mark.parametrize(
    ("records", "roots", "full"),
    [
        ([Record("modify", "cn=m,cn=D")], {"cn=m,cn=D": False}, ""),
        ([Record("add", "cn=m,cn=D")], {"cn=m,cn=D": True}, ""),
        ([Record("delete", "cn=e,cn=m,cn=D")], {"cn=e,cn=m,cn=D": True}, ""),
        (
            [Record("modrdn", "cn=a,cn=m,cn=D", "cn=b,cn=m,cn=D")],
            {"cn=a,cn=m,cn=D": True, "cn=b,cn=m,cn=D": True},
            "",
        ),
        (
            [Record("modify", "cn=m,cn=D"), Record("delete", "cn=m,cn=D")],
            {"cn=m,cn=D": True},
            "",
        ),
        ([Record("add", "cn=D")], None, "a domain-level change (add of cn=D)"),
        ([Record("modify", "cn=D")], None, "a domain-level change (modify of cn=D)"),
        ([Record("modify", "")], None, "a domain-level change (modify of ou=domains)"),
        (
            [Record("modrdn", "cn=m,cn=D", "cn=E")],
            None,
            "a domain-level change (modrdn of cn=m,cn=D)",
        ),
        (
            [Record("modrdn", "", "cn=m,cn=D", outside=True)],
            None,
            "a modrdn moved an entry into or out of ou=domains",
        ),
    ],
)
def test_logged_writes_name_the_entries_to_re_diff_or_why_to_read_everything(records, roots, full):
    """Modify: the entry; add, delete, rename: the subtree; a domain-level change: full."""
    changes = plan_changes(records)
    assert changes.full == full
    if roots is not None:
        assert {dn: subtree for dn, subtree in changes.roots.values()} == roots


def test_entries_below_a_subtree_to_re_diff_are_not_read_twice():
    """A modified entry under an added subtree is covered by it; domains are grouped."""
    changes = plan_changes(
        [
            Record("modify", "cn=e,cn=m,cn=D"),
            Record("add", "cn=m,cn=D"),
            Record("modify", "cn=x,cn=E"),
            Record("modify", "cn=a,cn=D"),
        ]
    )
    assert changes.by_domain() == {
        "d": [("cn=a,cn=D", False), ("cn=m,cn=D", True)],
        "e": [("cn=x,cn=E", False)],
    }


def run(start_minutes: int, **fields) -> Run:
    values = {"id": f"r{start_minutes}", "end": T0 + timedelta(minutes=start_minutes + 1)}
    values.update(result="ok", prod_log="20260105170000.000001Z", course_log="20260105170000.1Z")
    values.update(fields)
    return Run(start=T0 + timedelta(minutes=start_minutes), trigger="manual", **values)


@pytest.mark.parametrize(
    ("history", "domain", "forced", "why"),
    [
        ([run(0)], None, False, ""),
        ([run(0)], None, True, "asked for (--full)"),
        ([run(0)], "BUFdir", False, "a refresh of one domain"),
        ([], None, False, "no earlier successful refresh of every domain with log points"),
        (
            [run(0, prod_log="")],
            None,
            False,
            "no earlier successful refresh of every domain with log points",
        ),
        ([run(5, end=None), run(0)], None, False, "run r5 did not finish"),
        ([run(5, result="failed"), run(0)], None, False, "run r5 failed"),
        ([run(5, domain="BUFdir", result="failed"), run(0)], None, False, "run r5 failed"),
        ([run(5, domain="BUFdir"), run(0)], None, False, ""),
        ([run(0, id="r0b", end=None), run(0)], None, False, "run r0b did not finish"),
        ([run(0), run(-5, end=None)], None, False, ""),
    ],
)
def test_only_a_successful_whole_run_with_nothing_failed_since_allows_incremental(
    history, domain, forced, why
):
    """The base is the newest good run of every domain; a failed or unfinished one since (or at the same second) forces full."""
    assert why_full(history, domain, forced)[0] == why


def log_record_at(manager, moment: datetime) -> str:
    """Add a record to the accesslog (as its rootdn) whose reqStart is ``moment``; return it."""
    point = moment.strftime("%Y%m%d%H%M%S.%fZ")
    manager.add(
        f"reqStart={point},cn=accesslog",
        ["auditObject"],
        {
            "reqStart": point,
            "reqType": "modify",
            "reqSession": "0",
            "reqDN": "ou=people,dc=seres,dc=example",
        },
    )
    return point


def test_the_newest_log_point_is_found_and_every_point_is_found_again(pair, accounts):
    """newest() gives the greatest reqStart; reaches_back() finds each record, whole seconds too."""
    second = datetime.now(UTC).replace(microsecond=0)
    with as_manager(pair.course_server, accounts) as manager:
        # Records at a whole second (fraction .000000), which slapd's ordering
        # match misses: one before the others, and the newest.
        whole = [log_record_at(manager, second - timedelta(seconds=1))]
        for _ in range(3):
            touch_production_log(manager)
        whole.append(log_record_at(manager, second + timedelta(seconds=2)))
        found = manager.search(
            "cn=accesslog", "(reqStart>=19700101000000Z)", ["reqStart"], scope="one"
        )
    points = sorted(str(values["reqStart"][0]) for _, values in found)
    assert set(whole) <= set(points) and all(point.endswith(".000000Z") for point in whole)
    assert incremental.newest(pair.course) == points[-1] == whole[-1]
    assert all(incremental.reaches_back(pair.course, point) for point in points)
    assert not incremental.reaches_back(pair.course, "19991231235959.000000Z")
    assert incremental.newest(pair.prod) == ""


def test_production_and_course_writer_changes_are_repaired_by_an_incremental_refresh(
    pair, accounts
):
    """Adds, modifies, deletes (entries and subtrees) and a rename in production, and a course writer's edits: course equals production after an incremental run."""
    tree = pair.tree
    bufdir, nytt = tree.domain("prod", "BUFdir"), tree.domain("prod", "Nytt-domene")
    course_bufdir = tree.domain("course", "BUFdir")
    with as_manager(pair.prod_server, accounts) as prod:
        touch_production_log(prod)
        first = engine.refresh(pair.prod, pair.course, tree)
        assert (first.kind, first.ok) == ("full", True)
        prod.modify(f"cn=element-0,cn=model-0,{bufdir}", {"description": [(REPLACE, ["endret"])]})
        prod.add(f"cn=model-9,{bufdir}", *app("model-9", description="Ny"))
        for e in range(2):
            prod.add(f"cn=element-{e},cn=model-9,{bufdir}", *app(f"element-{e}"))
        prod.delete(f"cn=element-3,cn=model-0,{bufdir}")
        for e in range(3):
            prod.delete(f"cn=element-{e},cn=model-1,{nytt}")
        prod.delete(f"cn=model-1,{nytt}")
        prod.rename(f"cn=element-1,cn=model-2,{bufdir}", "cn=element-ny")
    connection, writer = as_course_writer(pair, accounts)
    with connection:
        writer.modify(f"cn=model-2,{course_bufdir}", {"description": [(REPLACE, ["kurs"])]})
        # What a writer may add below a domain: a model and its versions.
        writer.add(f"cn=kursmodell,{course_bufdir}", ["seresModel"], {"cn": "kursmodell"})
        writer.add(
            f"cn=del,cn=kursmodell,{course_bufdir}",
            ["seresModelVersion"],
            {"cn": "del", "seresModelState": "working"},
        )
        writer.delete(f"cn=element-2,cn=model-2,{course_bufdir}")
    course_only = pair.course.search(tree.domain("course", "Kursdomene"), raw=True)
    assert not equal(pair)
    second = engine.refresh(pair.prod, pair.course, tree)
    assert (second.kind, second.ok) == ("incremental", True)
    assert equal(pair) and pending(pair) == 0
    assert set(second.domains) == {"BUFdir", "Nytt-domene"}
    assert pair.course.search(tree.domain("course", "Kursdomene"), raw=True) == course_only
    recorded = runs.get_run(pair.course, tree, second.run_id)
    assert recorded.kind == "incremental" and recorded.prod_log and recorded.course_log
    nothing = engine.refresh(pair.prod, pair.course, tree)
    # Records within MARGIN of the point are read again: re-checked, nothing to do.
    assert nothing.kind == "incremental" and sum(nothing.totals.values()) == 0 and equal(pair)
    with as_manager(pair.prod_server, accounts) as prod:
        by_sync = prod.search("cn=accesslog", f"(reqAuthzID={accounts['sync'].dn})", ["reqDN"])
    assert by_sync == []  # production is never written


def test_every_condition_not_provably_safe_falls_back_to_a_full_refresh(
    pair, accounts, monkeypatch
):
    """Each condition in turn: the run is full for that reason, and course ends equal production."""
    tree = pair.tree
    bufdir = tree.domain("prod", "BUFdir")
    course_bufdir = tree.domain("course", "BUFdir")
    prod = as_manager(pair.prod_server, accounts)
    course = pair.manager_course
    odd = f"cn=model-2,{course_bufdir}"

    def purge_course_log() -> None:
        point = runs.last_runs(pair.course, tree, 1)[0].course_log
        # Compared here: slapd's (reqStart<=...) misses a record at a whole second.
        log = course.search(
            "cn=accesslog", "(reqStart>=19700101000000Z)", ["reqStart"], scope="one"
        )
        for dn, values in log:
            if str(values["reqStart"][0]) <= point:
                course.delete(dn)

    def fail_a_run() -> None:
        unwritable(pair, odd)
        assert not engine.refresh(pair.prod, pair.course, tree).ok
        course.modify(
            odd,
            {"objectClass": [(DELETE, ["simpleSecurityObject"])], "userPassword": [(DELETE, [])]},
        )

    steps = [
        ("no earlier run", lambda: None, {}, "no earlier successful refresh"),
        (
            "production's log empty at the last run",
            lambda: touch_production_log(prod),
            {},
            "no earlier successful refresh",
        ),
        ("asked for", lambda: None, {"full": True}, "asked for (--full)"),
        ("one domain", lambda: None, {"domain": "BUFdir"}, "a refresh of one domain"),
        ("failed", fail_a_run, {}, "failed"),
        ("killed", lambda: runs.start_run(pair.course, tree, "manual"), {}, "did not finish"),
        ("purged", purge_course_log, {}, "the course's accesslog no longer reaches back"),
        (
            "subtree renamed",
            lambda: prod.rename(f"cn=model-0,{bufdir}", "cn=model-0b"),
            {},
            "a subtree was renamed",
        ),
        (
            "domain added in production",
            lambda: prod.add(tree.domain("prod", "Tredje"), ["seresDomain"], {"cn": "Tredje"}),
            {},
            "domain-level",
        ),
        (
            "domain removed in production",
            lambda: prod.delete(tree.domain("prod", "Tredje")),
            {},
            "domain-level",
        ),
        (
            "course-only flag set in course",
            lambda: course.modify(course_bufdir, {"seresCourseOnly": [(REPLACE, ["TRUE"])]}),
            {},
            "domain-level",
        ),
        (
            "course-only flag cleared in course",
            lambda: course.modify(course_bufdir, {"seresCourseOnly": [(REPLACE, [])]}),
            {},
            "domain-level",
        ),
    ]
    with prod:
        for label, action, options, why in steps:
            action()
            result = engine.refresh(pair.prod, pair.course, tree, **options)
            recorded = runs.get_run(pair.course, tree, result.run_id)
            assert (result.kind, recorded.kind) == ("full", "full"), label
            assert why in result.why_full and recorded.why_full == result.why_full, label
            assert result.ok, label
            if "domain" not in options:
                # BUFdir is course-only while the flag is set: left alone, its entry differs.
                assert equal(pair, ("cn=bufdir",) if "flag set" in label else ()), label
    # Records within MARGIN of a point are read again, so the last domain-level
    # change keeps forcing full runs for that long; without the margin, not.
    monkeypatch.setattr(incremental, "MARGIN", timedelta(0))
    settled = engine.refresh(pair.prod, pair.course, tree)
    assert (settled.kind, settled.why_full) == ("incremental", "") and equal(pair)


def test_a_killed_incremental_run_is_followed_by_a_full_one_that_ends_equal(pair, accounts):
    """`seres sync run` killed mid-way (incremental): the next is full and course equals production; --full forces one."""
    bufdir = pair.tree.domain("prod", "BUFdir")
    with as_manager(pair.prod_server, accounts) as prod:
        touch_production_log(prod)
        out = seres(pair, "sync", "run")
        assert out.returncode == 0 and "(full: no earlier" in out.stdout, out.stderr
        prod.add(f"cn=model-9,{bufdir}", *app("model-9"))
        for e in range(100):  # enough that the run dies with work left
            prod.add(f"cn=element-{e},cn=model-9,{bufdir}", *app(f"element-{e}"))
    killed = seres(pair, "sync", "run", SERES_SYNC_KILL_AFTER="3", SERES_SYNC_LOCK_SECONDS="1")
    assert killed.returncode == -9, killed.stderr
    dead = runs.last_runs(pair.course, pair.tree, 1)[0]
    assert dead.kind == "incremental" and not dead.finished
    assert pending(pair) > 0
    time.sleep(1.1)  # the dead run's lock expires
    out = seres(pair, "sync", "run")
    assert out.returncode == 0 and f"(full: run {dead.id} did not finish)" in out.stdout
    assert equal(pair)
    assert "(incremental)" in seres(pair, "sync", "run").stdout
    assert "(full: asked for (--full))" in seres(pair, "sync", "run", "--full").stdout
    assert equal(pair)


def test_the_sync_account_reads_the_accesslog_and_no_one_else_gains_access(pair, accounts):
    """sync reads which entries cn=accesslog says were written, not the values, and cannot change it; nor can the web app's account (which reads the records as the desk does, for the owners' and persons' trails)."""
    engine.refresh(pair.prod, pair.course, pair.tree)
    found = pair.course.search(
        "cn=accesslog", "(reqStart>=19700101000000Z)", ["reqDN"], scope="one"
    )
    assert found
    with pytest.raises(InsufficientAccess):
        pair.course.delete(found[0][0])
    # Which entries were written, by whom and when; never the values written.
    seen = pair.course.read(found[0][0], ["*"])
    assert {"reqStart", "reqDN", "reqType"} <= set(seen) and "reqMod" not in seen
    with as_manager(pair.course_server, accounts) as manager:
        assert "reqMod" in manager.read(found[0][0], ["*"])
    webapp = accounts["webapp"]
    with Servers(Settings((pair.course_server.url,), webapp.dn, webapp.password)).service() as ldap:
        records = ldap.search("cn=accesslog", "(objectClass=auditWriteObject)", ["1.1"], "one")
        assert records
        with pytest.raises(InsufficientAccess):
            ldap.delete(records[0][0])


@pytest.mark.parametrize("stop", [KeyboardInterrupt, RuntimeError])
def test_a_run_stopped_half_way_is_recorded_aborted_and_the_next_reads_everything(
    pair, accounts, monkeypatch, stop
):
    """Ctrl-C or a bug mid-run: recorded aborted (the exception's type, the writes done), re-raised; the next run is full and ends equal."""
    # Without the margin an incremental run would not re-read the stopped run's work.
    monkeypatch.setattr(incremental, "MARGIN", timedelta(0))
    bufdir = pair.tree.domain("prod", "BUFdir")
    with as_manager(pair.prod_server, accounts) as prod:
        touch_production_log(prod)
        assert engine.refresh(pair.prod, pair.course, pair.tree).ok
        prod.add(f"cn=model-9,{bufdir}", *app("model-9"))
        for e in range(150):  # more than the applier sends before waiting
            prod.add(f"cn=element-{e},cn=model-9,{bufdir}", *app(f"element-{e}"))
    answered = []

    def on_done(op, error) -> None:
        answered.append(op)
        if len(answered) == 5:
            raise stop("stopped by the test")

    with pytest.raises(stop):
        engine.refresh(pair.prod, pair.course, pair.tree, on_done=on_done)
    stopped = runs.last_runs(pair.course, pair.tree, 1)[0]
    assert stopped.finished and stopped.result == "aborted"
    assert stopped.messages[0].startswith(f"stopped: {stop.__name__}")
    assert (stopped.added, stopped.failed) == (5, 0)  # counted as the writes were done
    assert not equal(pair)
    after = engine.refresh(pair.prod, pair.course, pair.tree)
    assert (after.kind, after.why_full) == ("full", f"run {stopped.id} was aborted")
    assert after.ok and equal(pair)
