"""`seres sync ...`: plan, run, the schedule, due (for a timer), move and cancel.

Exit status: 0 done; 1 the run went through but some entries could not be
written; 2 nothing was done (bad input or settings, the lock is held, the
directory refused or did not answer); 3 the run stopped half-way after writing
(interrupted, the directory stopped answering): the course is partly
refreshed until the next run.
"""

import functools
import getpass
import io
import os
import signal
import socket
import sys
import traceback
from collections import Counter
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta

import click

import ldif
from directory.clitools import fail
from directory.connection import DELETE, REPLACE, Ldap, Servers
from directory.errors import DirectoryError
from directory.settings import Settings, seconds
from directory.sync import engine, lock, runs, schedule
from directory.sync.apply import modification, object_classes
from directory.sync.connect import settings_from_env
from directory.sync.diff import Add, Modify, Operation
from directory.sync.lock import LockHeld
from directory.tree import COURSE, Tree

# Crash tests: the process kills itself (SIGKILL) after this many answered writes.
KILL_AFTER = "SERES_SYNC_KILL_AFTER"
DONE, PARTLY, NOTHING, STOPPED = 0, 1, 2, 3  # exit statuses (see above)


class Context:
    """Connections made on first use, closed when the command ends."""

    def __init__(self, stack: ExitStack):
        self.stack = stack
        self.environ = os.environ
        self._settings: dict[str, Settings] | None = None

    def settings(self, side: str) -> Settings:
        """One side's settings; both sides are read (and checked) before either connects."""
        if self._settings is None:
            self._settings = {s: settings_from_env(s, self.environ) for s in ("PROD", "COURSE")}
        return self._settings[side]

    @property
    def tree(self) -> Tree:
        return Tree(self.settings("COURSE").suffix)

    @functools.cached_property
    def prod(self) -> Ldap:
        return self.stack.enter_context(Servers(self.settings("PROD")).service())

    @functools.cached_property
    def course(self) -> Ldap:
        return self.stack.enter_context(Servers(self.settings("COURSE")).service())

    @property
    def first(self) -> datetime:
        return schedule.first_from_env(self.environ)

    @property
    def lock_expiry(self) -> timedelta:
        value = self.environ.get("SERES_SYNC_LOCK_SECONDS") or "1800"
        return timedelta(seconds=seconds("SERES_SYNC_LOCK_SECONDS", value))


@click.group("sync")
@click.pass_context
def sync(ctx: click.Context) -> None:
    """Refresh the course environment from production."""
    ctx.obj = Context(ctx.with_resource(ExitStack()))


def guarded(function):
    """Turn the directory's refusals into a clear message and exit status 2."""

    def run(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except LockHeld as exc:
            fail(str(exc))
        except engine.Refused as exc:
            fail(
                f"refused: {exc}; nothing was written. If that is right, "
                "run `seres sync run --force`"
            )
        except DirectoryError as exc:
            fail(f"{type(exc).__name__}: {exc}")

    run.__name__ = function.__name__
    run.__doc__ = function.__doc__
    return run


def _text(value) -> str:
    if isinstance(value, bytes):
        try:
            return value.decode()
        except UnicodeDecodeError:
            return value  # the LDIF writer base64-encodes bytes
    return value


def write_ldif(writer: ldif.LDIFWriter, op: Operation, base: str) -> None:
    """One change record (RFC 2849) for one operation."""
    dn = f"{op.dn},{base}"
    if isinstance(op, Add):
        classes, attributes = object_classes(op.attributes)
        record = [("objectClass", classes)]
        record += [(name, [_text(v) for v in values]) for name, values in attributes.items()]
        writer.unparse(dn, record)
    elif isinstance(op, Modify):
        ops = {REPLACE: 2, DELETE: 1}  # the LDIF writer's numbers: replace, delete
        record = [
            (ops[kind], name, [_text(v) for v in values])
            for name, changes in modification(op).items()
            for kind, values in changes
        ]
        writer.unparse(dn, record)
    else:
        writer.unparse(dn, {"changetype": ["delete"]})


@sync.command("plan")
@click.option("--domain", help="Only this domain.")
@click.option("--ldif", "as_ldif", is_flag=True, help="Print the changes as LDIF.")
@click.pass_obj
@guarded
def plan_command(obj: Context, domain: str | None, as_ldif: bool) -> None:
    """Show what a refresh would change, counted per domain (a dry run)."""
    tree = obj.tree
    names, protected = engine.scope(obj.prod, obj.course, tree, domain)
    base = tree.domains(COURSE)
    totals: Counter = Counter()
    lines = []
    for name in names:
        counts: Counter = Counter()
        out = io.BytesIO()
        writer = ldif.LDIFWriter(out)
        for op in engine.operations(obj.prod, obj.course, tree, name):
            counts[op.kind] += 1
            if as_ldif:
                write_ldif(writer, op, base)
        if as_ldif and out.tell():
            click.echo(out.getvalue().decode(), nl=False)
        totals.update(counts)
        lines.append(_counts_line(name, counts))
    for name in protected:
        lines.append(f"{name}: left alone (course-only)")
    why_refused = engine.removal_check(obj.prod, obj.course, tree, domain)
    if why_refused:
        click.echo(f"warning: a refresh would be refused: {why_refused} (unless --force)", err=True)
    prefix = "# " if as_ldif else ""
    for line in lines:
        click.echo(prefix + line)
    click.echo(prefix + _counts_line("total", totals))


def _counts_line(name: str, counts: Counter) -> str:
    return (
        f"{name}: {counts['add']} to add, {counts['modify']} to change, "
        f"{counts['delete']} to remove"
    )


def _kill_hook(environ) -> "callable | None":
    after = int(environ.get(KILL_AFTER) or 0)
    if after <= 0:
        return None
    done = [0]

    def hook(_op, _error) -> None:
        done[0] += 1
        if done[0] >= after:
            os.kill(os.getpid(), signal.SIGKILL)

    return hook


def run_refresh(
    obj: Context,
    domain: str | None,
    trigger: str,
    scheduled: str = "",
    full: bool = False,
    force: bool = False,
) -> int:
    """Run a refresh with a progress bar on a terminal; print the outcome; return the status."""
    lock_expiry = obj.lock_expiry  # a bad setting stops the run before it connects
    kill = _kill_hook(obj.environ)
    written = [0]

    def on_done(op: Operation, error: str | None) -> None:
        if error is None:
            written[0] += 1
        if kill is not None:
            kill(op, error)

    on_domain = None
    bar = None
    if sys.stdout.isatty():
        names, _ = engine.scope(obj.prod, obj.course, obj.tree, domain)
        bar = obj.stack.enter_context(
            click.progressbar(length=len(names), label="Refreshing domains")
        )
        on_domain = lambda _name: bar.update(1)  # noqa: E731
    try:
        result = engine.refresh(
            obj.prod,
            obj.course,
            obj.tree,
            domain=domain,
            trigger=trigger,
            scheduled=scheduled,
            on_done=on_done,
            on_domain=on_domain,
            lock_expiry=lock_expiry,
            full=full,
            force=force,
        )
    except (KeyboardInterrupt, Exception) as exc:
        if not written[0] and isinstance(exc, DirectoryError):
            raise  # nothing written: `guarded` says why, status 2
        if not isinstance(exc, DirectoryError | KeyboardInterrupt):
            traceback.print_exc()  # a bug: its traceback helps
        if bar is not None:
            bar.render_finish()
        if written[0]:
            fail(
                f"the refresh stopped after {written[0]} writes ({engine.stop_reason(exc)}): "
                "the course is partly refreshed; the next run repairs it",
                STOPPED,
            )
        fail(f"the refresh stopped before writing anything ({engine.stop_reason(exc)})")
    if bar is not None:
        bar.render_finish()
    for name, counts in result.domains.items():
        if sum(counts.values()):
            click.echo(
                f"{name}: {counts['add']} added, {counts['modify']} changed, "
                f"{counts['delete']} removed"
            )
    for name in result.protected:
        click.echo(f"{name}: left alone (course-only)")
    totals = result.totals
    how = "incremental" if result.kind == "incremental" else f"full: {result.why_full}"
    click.echo(
        f"run {result.run_id} ({how}): {totals['add']} added, {totals['modify']} changed, "
        f"{totals['delete']} removed, {len(result.failures)} failed"
    )
    for dn, error in result.failures:
        click.echo(f"could not write {dn}: {error}", err=True)
    return DONE if result.ok else PARTLY


@sync.command("run")
@click.option("--domain", help="Only this domain (read in full).")
@click.option("--full", is_flag=True, help="Read everything, not only what the logs show changed.")
@click.option(
    "--force",
    is_flag=True,
    help="Remove course domains even when production shows none or fewer than half of them.",
)
@click.pass_obj
@guarded
def run_command(obj: Context, domain: str | None, full: bool, force: bool) -> None:
    """Refresh the course environment (or one domain) from production."""
    sys.exit(run_refresh(obj, domain, "manual", full=full, force=force))


def _when(moment: datetime) -> str:
    return moment.astimezone(schedule.OSLO).strftime("%Y-%m-%d %H:%M")


@sync.command("schedule")
@click.option("--count", default=6, show_default=True, type=click.IntRange(1, 100))
@click.pass_obj
@guarded
def schedule_command(obj: Context, count: int) -> None:
    """List the coming refresh dates (Europe/Oslo), moved and cancelled ones too."""
    first = obj.first
    changes = schedule.load_changes(obj.course, obj.tree)
    for o in schedule.occurrences(first, changes, datetime.now(UTC), count):
        if o.status == "planned":
            click.echo(f"{o.date}  {_when(o.shown)}")
        elif o.status == "moved":
            click.echo(f"{o.date}  {_when(o.shown)}  moved from {_when(o.planned)}: {o.reason}")
        else:
            click.echo(f"{o.date}  cancelled: {o.reason}")


@sync.command("due")
@click.pass_obj
@guarded
def due_command(obj: Context) -> None:
    """Refresh if a scheduled date has come and has not run well yet (for a timer).

    A date whose run failed, stopped or died is tried again after a pause
    (15 minutes, 1 hour, 4 hours), at most four times in all; then `due`
    gives up on it and exits with the last attempt's status until the next
    date.
    """
    first, lock_expiry = obj.first, obj.lock_expiry  # settings first, then the directory
    changes = schedule.load_changes(obj.course, obj.tree)
    now = datetime.now(UTC)
    occurrence = schedule.latest_due(first, changes, now)
    if occurrence is None:
        click.echo("no scheduled refresh has come yet")
        return
    attempts = runs.runs_for_date(obj.course, obj.tree, occurrence.date)
    action, why, at = runs.next_attempt(attempts, now, lock_expiry)
    if action == runs.DONE:
        click.echo(f"the refresh of {occurrence.date} is done; nothing to do")
        return
    if action == runs.WAIT:
        click.echo(f"the refresh of {occurrence.date} waits: {why} from {_when(at)}")
        return
    if action == runs.GIVE_UP:
        last = max(attempts, key=lambda run: (run.start, run.id))
        fail(
            f"the refresh of {occurrence.date} is given up until the next date: {why}; "
            "see `seres sync run`",
            status_of(last),
        )
    click.echo(f"the refresh of {occurrence.date} is due ({why})")
    sys.exit(run_refresh(obj, None, "schedule", scheduled=occurrence.date))


def status_of(run: runs.Run) -> int:
    """The exit status a recorded run had (or would have had)."""
    if run.finished and run.result == runs.OK:
        return DONE
    if run.finished and run.result == runs.FAILED:
        return PARTLY
    if not run.finished or run.added + run.modified + run.deleted:
        return STOPPED  # a run that died has written an unknown part
    return NOTHING


@sync.command("move")
@click.argument("date")
@click.option("--to", "to", required=True, help="New date and time, Oslo time: YYYY-MM-DDTHH:MM")
@click.option("--reason", required=True, help="Why; it is published.")
@click.pass_obj
@guarded
def move_command(obj: Context, date: str, to: str, reason: str) -> None:
    """Move the scheduled refresh of DATE (YYYY-MM-DD) to another time."""
    first, moved_to = obj.first, schedule.parse_local(to)
    change = schedule.move(obj.course, obj.tree, first, date, moved_to, reason)
    click.echo(f"{date} moved to {_when(change.moved_to)}: {change.reason}")


@sync.command("cancel")
@click.argument("date")
@click.option("--reason", required=True, help="Why; it is published.")
@click.pass_obj
@guarded
def cancel_command(obj: Context, date: str, reason: str) -> None:
    """Cancel the scheduled refresh of DATE (YYYY-MM-DD)."""
    first = obj.first
    change = schedule.cancel(obj.course, obj.tree, first, date, reason)
    click.echo(f"{date} cancelled: {change.reason}")


@sync.command("unlock")
@click.option("--reason", default="", help="Why; kept in the record.")
@click.pass_obj
@guarded
def unlock_command(obj: Context, reason: str) -> None:
    """Remove the refresh lock, whoever holds it; the removal is recorded as a run.

    A lock of a dead process on this host is taken over by the next run by
    itself; this is for one held by a run that died on another host. Make
    sure that run is gone: two runs at once write over each other.
    """
    removed = lock.unlock(obj.course, obj.tree)
    if removed is None:
        click.echo("no refresh holds the lock")
        return
    holder, expires = removed
    by = f"{getpass.getuser()}@{socket.gethostname()}"
    run_id = runs.record_unlock(obj.course, obj.tree, holder, expires, by, reason)
    click.echo(f"removed the lock of {holder}; recorded as run {run_id}")
