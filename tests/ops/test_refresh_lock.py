"""A refresh lock left by a killed run: taken over at once on the same host; `seres sync unlock`."""

import socket
import subprocess
from datetime import UTC, datetime

import pytest
from click.testing import CliRunner

from directory.cli import main
from directory.sync import runs
from directory.sync.lock import LockHeld, acquire


@pytest.fixture
def sync(bound, tree, manager):
    """The sync account; the lock and the records a test made are removed after it."""
    before = {run.id for run in runs.all_runs(manager, tree)}
    yield bound("sync")
    if manager.exists(tree.sync_lock):
        manager.delete(tree.sync_lock)
    for run in runs.all_runs(manager, tree):
        if run.id not in before:
            manager.delete(tree.sync_run(run.id))


def dead_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def test_a_lock_held_by_a_dead_process_on_this_host_is_taken_over_at_once(sync, tree):
    """A killed run no longer blocks the next for the lock's 30 minutes."""
    acquire(sync, tree, holder=f"{socket.gethostname()}:{dead_pid()}:killed")
    lock = acquire(sync, tree, holder="next")
    assert sync.read(tree.sync_lock, ["seresSyncHolder"])["seresSyncHolder"] == ["next"]
    lock.release()


def test_a_lock_held_by_a_live_process_or_another_host_still_blocks(sync, tree):
    for holder in (f"{socket.gethostname()}:1:alive", f"elsewhere.example:{dead_pid()}:x"):
        first = acquire(sync, tree, holder=holder)
        with pytest.raises(LockHeld):
            acquire(sync, tree, holder="next")
        first.release()


def unlock(slapd, accounts, *args):
    env = {"SERES_SYNC_URLS": slapd.url, "SERES_SYNC_PASSWORD": accounts["sync"].password}
    return CliRunner().invoke(main, ["sync", "unlock", *args], env=env)


def test_seres_sync_unlock_removes_the_lock_and_records_who_did(sync, tree, slapd, accounts):
    acquire(sync, tree, holder="other.example:4242:abc")
    out = unlock(slapd, accounts, "--reason", "the run on other.example died")
    assert out.exit_code == 0, out.output
    assert "removed the lock of other.example:4242:abc" in out.output
    assert not sync.exists(tree.sync_lock)
    record = runs.last_runs(sync, tree, 1)[0]
    assert record.result == runs.UNLOCKED
    assert record.end <= datetime.now(UTC)
    assert "lock of other.example:4242:abc" in record.messages[0]
    assert "the run on other.example died" in record.messages[0]
    assert unlock(slapd, accounts).output.strip() == "no refresh holds the lock"
