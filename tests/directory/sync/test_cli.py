"""`seres sync ...` as a person or a timer runs it: real processes, real servers."""

import os
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

import pytest
from click.testing import CliRunner

from directory.cli import main
from directory.connection import Servers
from directory.settings import Settings
from directory.sync import cli, engine, runs, schedule
from directory.sync.schedule import OSLO
from tests.directory.sync.conftest import snapshot
from tests.directory.sync.test_engine import COURSE_ONLY, pending, unwritable


def seres(pair, *args, **env) -> subprocess.CompletedProcess:
    """Run `seres` in a child process against the pair's servers."""
    return subprocess.run(
        [sys.executable, "-c", "from directory.cli import main; main()", *args],
        env={**os.environ, **pair.env(), **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_plan_counts_changes_per_domain_and_writes_nothing(unchanged_pair):
    """The dry run names each domain with its counts; the course is unchanged."""
    pair = unchanged_pair
    before = pending(pair)
    out = seres(pair, "sync", "plan")
    assert out.returncode == 0, out.stderr
    assert "Gammelt-domene: 0 to add, 0 to change, 7 to remove" in out.stdout
    assert "Nytt-domene: 9 to add, 0 to change, 0 to remove" in out.stdout
    assert "Kursdomene: left alone (course-only)" in out.stdout
    assert pending(pair) == before


def test_plan_prints_the_changes_as_ldif(unchanged_pair):
    """--ldif gives change records: add, modify and delete."""
    pair = unchanged_pair
    out = seres(pair, "sync", "plan", "--ldif", "--domain", "BUFdir")
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert (
        "dn: cn=model-2,cn=BUFdir,ou=domains,ou=course,dc=seres,dc=example\nchangetype: add\n"
        in text
    )
    assert "changetype: modify\nreplace: description\ndescription: Model 0 of BUFdir\n-\n" in text
    assert (
        "dn: cn=course-model,cn=BUFdir,ou=domains,ou=course,dc=seres,dc=example\n"
        "changetype: delete\n" in text
    )


def test_run_refreshes_and_exits_zero(pair):
    """`seres sync run` makes course equal production and says what it did."""
    out = seres(pair, "sync", "run")
    assert out.returncode == 0, out.stderr
    assert "Nytt-domene: 9 added, 0 changed, 0 removed" in out.stdout
    assert snapshot(pair.course, pair.tree, "course", skip=COURSE_ONLY) == snapshot(
        pair.prod, pair.tree, "prod"
    )


def test_run_reports_an_entry_it_cannot_write_and_exits_non_zero(pair):
    """Exit status 1, the entry on stderr, and the rest copied."""
    odd = f"cn=model-1,{pair.tree.domain('course', 'BUFdir')}"
    unwritable(pair, odd)
    out = seres(pair, "sync", "run")
    assert out.returncode == 1
    assert f"could not write {odd}" in out.stderr
    assert pending(pair, "Nytt-domene") == 0


def test_bad_input_gives_a_clear_message_and_writes_nothing(unchanged_pair):
    """A name that is not a domain, or no such domain: exit 2, no run recorded."""
    pair = unchanged_pair
    for name, message in (("a,b=c", "not a domain name"), ("Finnes-ikke", "no domain")):
        out = seres(pair, "sync", "run", "--domain", name)
        assert out.returncode == 2 and message in out.stderr, out.stderr
    assert runs.last_runs(pair.course, pair.tree) == []


def test_a_run_killed_at_any_point_is_repaired_by_the_next(pair):
    """SIGKILL after 1, 6 and 10 more answered writes; the expired lock does not block; the last run completes."""
    total = pending(pair)
    left = total
    for after in (1, 6, 10):
        out = seres(
            pair, "sync", "run", SERES_SYNC_KILL_AFTER=str(after), SERES_SYNC_LOCK_SECONDS="1"
        )
        assert out.returncode == -9, out.stderr
        now_left = pending(pair)
        assert 0 < now_left < left  # it did part of the work, then died
        left = now_left
        time.sleep(1.1)  # the dead run's lock expires
    out = seres(pair, "sync", "run")
    assert out.returncode == 0, out.stderr
    assert pending(pair) == 0
    assert snapshot(pair.course, pair.tree, "course", skip=COURSE_ONLY) == snapshot(
        pair.prod, pair.tree, "prod"
    )
    recorded = runs.last_runs(pair.course, pair.tree)
    assert [r.finished for r in recorded] == [True, False, False, False]


def test_due_refreshes_once_when_a_scheduled_date_has_come(pair):
    """The timer's command runs the come date once; the next call finds it done."""
    first = (datetime.now(OSLO) - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    out = seres(pair, "sync", "due", SERES_SYNC_FIRST=first)
    assert out.returncode == 0 and "is due" in out.stdout, out.stderr
    (run,) = runs.last_runs(pair.course, pair.tree)
    assert run.trigger == "schedule" and run.scheduled == first[:10]
    again = seres(pair, "sync", "due", SERES_SYNC_FIRST=first)
    assert again.returncode == 0 and "nothing to do" in again.stdout
    assert len(runs.last_runs(pair.course, pair.tree)) == 1


def test_due_does_nothing_before_the_first_date(unchanged_pair):
    """No date has come: no run."""
    pair = unchanged_pair
    first = (datetime.now(OSLO) + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    out = seres(pair, "sync", "due", SERES_SYNC_FIRST=first)
    assert out.returncode == 0 and "no scheduled refresh has come yet" in out.stdout
    assert runs.last_runs(pair.course, pair.tree) == []


def test_the_service_desk_moves_and_cancels_dates_with_published_reasons(pair):
    """move and cancel change the listed schedule; a date not in the series is refused."""
    start = datetime.now(OSLO).date() + timedelta(days=1)
    first = f"{start.isoformat()}T18:00"
    env = {"SERES_SYNC_FIRST": first}
    second = (start + timedelta(days=14)).isoformat()
    moved_to = f"{(start + timedelta(days=15)).isoformat()}T09:00"
    out = seres(pair, "sync", "move", second, "--to", moved_to, "--reason", "Kurs den dagen", **env)
    assert out.returncode == 0, out.stderr
    out = seres(pair, "sync", "cancel", start.isoformat(), "--reason", "Vedlikehold", **env)
    assert out.returncode == 0, out.stderr
    listed = seres(pair, "sync", "schedule", "--count", "3", **env).stdout.splitlines()
    assert listed[0] == f"{start.isoformat()}  cancelled: Vedlikehold"
    assert listed[1].startswith(f"{second}  {moved_to.replace('T', ' ')}  moved from")
    assert listed[1].endswith("Kurs den dagen")
    wrong = seres(
        pair, "sync", "cancel", (start + timedelta(days=1)).isoformat(), "--reason", "x", **env
    )
    assert wrong.returncode == 2 and "not a scheduled refresh date" in wrong.stderr
    empty = seres(pair, "sync", "cancel", second, "--reason", " ", **env)
    assert empty.returncode == 2 and "reason" in empty.stderr


def invoke(pair, *args, **env):
    """Run `seres` in this process (CliRunner), so a test can patch what it calls."""
    return CliRunner().invoke(main, list(args), env={**pair.env(), **env})


def record_run(pair, date: str, result: str, ago: timedelta, written: int = 0) -> str:
    """A finished scheduled run of ``date`` that ended ``ago`` with ``result``."""
    when = datetime.now(UTC) - ago
    run_id = runs.start_run(pair.course, pair.tree, "schedule", scheduled=date, now=when)
    stopped = "Unavailable: production stopped answering" if result == "aborted" else ""
    runs.finish_run(pair.course, pair.tree, run_id, result, written, 0, 0, [], when, stopped)
    return run_id


def test_due_retries_a_date_whose_run_was_aborted(pair):
    """A scheduled run stopped half-way is tried again at a later tick, not taken as done."""
    first = (datetime.now(OSLO) - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    record_run(pair, first[:10], "aborted", timedelta(minutes=20), written=3)
    out = seres(pair, "sync", "due", SERES_SYNC_FIRST=first)
    assert out.returncode == 0 and "is due (attempt 2 of 4" in out.stdout, out.stdout + out.stderr
    assert [r.result for r in runs.runs_for_date(pair.course, pair.tree, first[:10])].count(
        "ok"
    ) == 1
    assert pending(pair) == 0
    again = seres(pair, "sync", "due", SERES_SYNC_FIRST=first)
    assert again.returncode == 0 and "nothing to do" in again.stdout


def test_due_waits_between_attempts_and_gives_up_after_four(pair):
    """Just after a failed attempt `due` waits (exit 0); after four it gives up with the last status."""
    first = (datetime.now(OSLO) - timedelta(hours=8)).strftime("%Y-%m-%dT%H:%M")
    record_run(pair, first[:10], "failed", timedelta(minutes=2))
    out = seres(pair, "sync", "due", SERES_SYNC_FIRST=first)
    assert out.returncode == 0 and "waits: run" in out.stdout and "attempt 2 from" in out.stdout
    for hours in (7, 6, 5):
        record_run(pair, first[:10], "aborted", timedelta(hours=hours), written=1)
    out = seres(pair, "sync", "due", SERES_SYNC_FIRST=first)
    assert out.returncode == 1 and "given up until the next date" in out.stderr, out.stderr
    assert len(runs.runs_for_date(pair.course, pair.tree, first[:10])) == 4


@pytest.mark.parametrize("stop", [KeyboardInterrupt, RuntimeError])
def test_a_run_that_stops_after_writing_exits_3_and_is_recorded_aborted(pair, monkeypatch, stop):
    """Ctrl-C (or a bug) after some writes: status 3, its own message; the run record says aborted."""

    def stop_after_three(_environ):
        answered = []

        def hook(op, _error):
            answered.append(op)
            if len(answered) == 3:
                raise stop()

        return hook

    monkeypatch.setattr(cli, "_kill_hook", stop_after_three)
    out = invoke(pair, "sync", "run")
    assert out.exit_code == 3, (out.output, out.exception)
    assert "the refresh stopped after 3 writes" in out.stderr
    assert "partly refreshed" in out.stderr
    (run,) = runs.last_runs(pair.course, pair.tree)
    assert run.result == "aborted" and run.messages[0].startswith(f"stopped: {stop.__name__}")


def test_a_date_moved_later_can_be_changed_after_its_original_time(pair):
    """Its original time has passed but the moved time has not: moved again, then cancelled."""
    first = datetime.now(OSLO).replace(second=0, microsecond=0) - timedelta(hours=1)
    day = first.date().isoformat()
    env = {"SERES_SYNC_FIRST": first.strftime("%Y-%m-%dT%H:%M")}
    later = first + timedelta(days=1)
    schedule.move(pair.course, pair.tree, first, day, later, "Kurs", now=first - timedelta(hours=1))
    to = (first + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    out = seres(pair, "sync", "move", day, "--to", to, "--reason", "Kurs igjen", **env)
    assert out.returncode == 0, out.stderr
    out = seres(pair, "sync", "cancel", day, "--reason", "Vedlikehold", **env)
    assert out.returncode == 0, out.stderr
    assert schedule.load_changes(pair.course, pair.tree)[day].moved_to is None


def test_a_date_moved_earlier_that_has_run_cannot_be_moved_again(pair):
    """Moved to an hour ago and run: its (moved) time has passed, so moving it again is refused."""
    first = datetime.now(OSLO).replace(second=0, microsecond=0) + timedelta(days=1)
    day = first.date().isoformat()
    env = {"SERES_SYNC_FIRST": first.strftime("%Y-%m-%dT%H:%M")}
    earlier = first - timedelta(days=1, hours=1)
    schedule.move(pair.course, pair.tree, first, day, earlier, "Tidligere", now=earlier)
    record_run(pair, day, "ok", timedelta(minutes=30))
    to = (first + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    out = seres(pair, "sync", "move", day, "--to", to, "--reason", "Igjen", **env)
    assert out.returncode == 2 and "has passed" in out.stderr, out.stderr
    assert schedule.load_changes(pair.course, pair.tree)[day].moved_to == earlier


def test_a_date_that_has_a_finished_run_cannot_be_changed(pair):
    """Even before its time (a run recorded for it), move and cancel are refused and say why."""
    first = datetime.now(OSLO).replace(second=0, microsecond=0) + timedelta(days=1)
    day = first.date().isoformat()
    env = {"SERES_SYNC_FIRST": first.strftime("%Y-%m-%dT%H:%M")}
    run_id = record_run(pair, day, "ok", timedelta(minutes=1))
    out = seres(pair, "sync", "cancel", day, "--reason", "Vedlikehold", **env)
    assert out.returncode == 2 and f"has already run (run {run_id})" in out.stderr, out.stderr
    assert schedule.load_changes(pair.course, pair.tree) == {}


def test_a_time_that_does_not_exist_in_oslo_is_refused(unchanged_pair):
    """The hour skipped when summer time starts: exit 2, saying so; nothing stored."""
    pair = unchanged_pair
    first = datetime.now(OSLO).replace(second=0, microsecond=0) + timedelta(days=1)
    gap = f"{first.year + 1}-03-{last_sunday(first.year + 1, 3):02d}T02:30"
    env = {"SERES_SYNC_FIRST": first.strftime("%Y-%m-%dT%H:%M")}
    out = seres(pair, "sync", "move", first.date().isoformat(), "--to", gap, "--reason", "x", **env)
    assert out.returncode == 2 and "does not exist in Norway" in out.stderr, out.stderr
    assert schedule.load_changes(pair.course, pair.tree) == {}


def last_sunday(year: int, month: int) -> int:
    """The day of the month's last Sunday (summer time starts and ends then)."""
    day = datetime(year, month + 1, 1) - timedelta(days=1)
    return (day - timedelta(days=(day.weekday() + 1) % 7)).day


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (
            ("sync", "schedule"),
            {"SERES_SYNC_PASSWORD_FILE": "/nonexistent"},
            "SERES_SYNC_PASSWORD_FILE: cannot read /nonexistent",
        ),
        (
            ("sync", "plan"),
            {"SERES_SYNC_TIMEOUT": "x"},
            "SERES_SYNC_TIMEOUT must be a number of seconds",
        ),
        (
            ("sync", "run"),
            {"SERES_SYNC_COURSE_CONNECT_TIMEOUT": "-1"},
            "SERES_SYNC_COURSE_CONNECT_TIMEOUT must be a number of seconds",
        ),
        (
            ("sync", "run"),
            {"SERES_SYNC_URLS": "ldaps//x:abc"},
            "SERES_SYNC_URLS: not an LDAP URL",
        ),
        (
            ("sync", "run"),
            {"SERES_SYNC_PROD_URLS": "ldap://x:abc"},
            "SERES_SYNC_PROD_URLS: not an LDAP URL",
        ),
        (
            ("sync", "run"),
            {"SERES_SYNC_LOCK_SECONDS": "abc"},
            "SERES_SYNC_LOCK_SECONDS must be a number of seconds",
        ),
        (("sync", "due"), {"SERES_SYNC_FIRST": "mandag"}, "SERES_SYNC_FIRST: not a date"),
    ],
)
def test_bad_settings_are_named_with_exit_2_and_no_traceback(args, env, message):
    """Before connecting anywhere: the setting's name and what is wrong; never the password."""
    # Nothing answers here: a setting checked only after connecting would fail differently.
    settings = {"SERES_SYNC_URLS": "ldap://127.0.0.1:9", "SERES_SYNC_PASSWORD": "hemmelig-1234"}
    if "SERES_SYNC_PASSWORD_FILE" in env:
        settings["SERES_SYNC_PASSWORD"] = ""
    out = CliRunner().invoke(main, list(args), env={**settings, **env})
    assert out.exit_code == 2, (out.output, out.exception)
    assert isinstance(out.exception, SystemExit)  # a message, not a traceback
    assert message in out.stderr and "hemmelig-1234" not in out.output


def empty_production_domains(pair, accounts) -> None:
    """An empty replica: production's ou=domains holds nothing."""
    manager = accounts["manager"]
    base = pair.tree.domains("prod")
    with Servers(Settings((pair.prod_server.url,), manager.dn, manager.password)).service() as prod:
        found = [
            dn for dn, _ in prod.search(base, attributes=["1.1"]) if dn.lower() != base.lower()
        ]
        for dn in sorted(found, key=lambda dn: -dn.count(",")):
            prod.delete(dn)


def test_a_run_that_would_remove_every_copied_domain_is_refused_unless_forced(pair, accounts):
    """Production shows no domains: refused, recorded and reported, nothing removed; --force removes them."""
    empty_production_domains(pair, accounts)
    before = snapshot(pair.course, pair.tree, "course")
    out = seres(pair, "sync", "run")
    assert out.returncode == 2, out.stdout + out.stderr
    assert "production has no domains" in out.stderr and "--force" in out.stderr
    assert snapshot(pair.course, pair.tree, "course") == before
    (refused,) = runs.last_runs(pair.course, pair.tree)
    assert refused.finished and refused.result == "refused"
    assert "production has no domains" in refused.messages[0]
    due = seres(pair, "sync", "due", SERES_SYNC_FIRST=refused.start.strftime("%Y-%m-%dT%H:%M"))
    assert due.returncode == 2 and "refused" in due.stderr  # the timer never forces
    forced = seres(pair, "sync", "run", "--force")
    assert forced.returncode == 0, forced.stderr
    remaining = engine.domains_of(pair.course, pair.tree, "course")
    assert [name for name, _ in remaining.values()] == ["Kursdomene"]
