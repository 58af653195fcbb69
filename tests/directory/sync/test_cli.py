"""`seres sync ...` as a person or a timer runs it: real processes, real servers."""

import os
import subprocess
import sys
import time
from datetime import datetime, timedelta

from directory.sync import runs
from directory.sync.schedule import OSLO
from tests.directory.sync.conftest import snapshot
from tests.directory.sync.test_engine import COURSE_ONLY, pending


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
    odd = f"cn=model-2,{pair.tree.domain('course', 'BUFdir')}"
    pair.manager_course.add(odd, ["device"], {"cn": "model-2"})
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
