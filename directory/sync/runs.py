"""Run records under ``ou=runs,ou=sync``: written at start, completed at the end.

A record without an end is a run that died (or still runs); the next run
repairs what it left.
"""

import heapq
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from directory.connection import REPLACE, Ldap
from directory.escape import equals
from directory.sync.lock import from_generalized
from directory.tree import Tree

RUN_CLASSES = ("seresSyncRun",)
RUN_FILTER = "(objectClass=seresSyncRun)"
TRIGGERS = ("schedule", "manual", "order")
MAX_MESSAGES = 50
ATTRIBUTES = [
    "cn",
    "seresSyncStart",
    "seresSyncEnd",
    "seresSyncTrigger",
    "seresSyncResult",
    "seresSyncAdded",
    "seresSyncModified",
    "seresSyncDeleted",
    "seresSyncFailed",
    "seresSyncDomain",
    "seresSyncOrder",
    "seresSyncScheduled",
    "seresSyncMessage",
    "seresSyncKind",
    "seresSyncWhyFull",
    "seresSyncProdLog",
    "seresSyncCourseLog",
]
KINDS = ("full", "incremental")
# How a finished run ended: every entry written; some entries could not be
# written (the run went through all the same); stopped half-way (interrupted,
# the directory stopped answering, a bug: partly done); refused before writing
# anything (it would have removed most of the course's domains).
OK, FAILED, ABORTED, REFUSED = "ok", "failed", "aborted", "refused"
# Not a refresh: the record of an operator removing the lock (`seres sync unlock`).
UNLOCKED = "unlocked"


@dataclass(frozen=True)
class Run:
    """One recorded refresh."""

    id: str
    start: datetime
    trigger: str
    end: datetime | None = None
    result: str = ""
    added: int = 0
    modified: int = 0
    deleted: int = 0
    failed: int = 0
    domain: str = ""
    order: str = ""
    scheduled: str = ""
    messages: tuple[str, ...] = ()
    kind: str = ""  # full or incremental; empty if the run died before it knew
    why_full: str = ""
    prod_log: str = ""  # the newest reqStart of each side's accesslog at the start
    course_log: str = ""

    @property
    def finished(self) -> bool:
        return self.end is not None

    @classmethod
    def from_entry(cls, values: dict) -> "Run":
        def text(name: str) -> str:
            found = values.get(name) or []
            return found[0].decode() if found else ""

        def number(name: str) -> int:
            return int(text(name) or 0)

        return cls(
            id=text("cn"),
            start=from_generalized(text("seresSyncStart")),
            trigger=text("seresSyncTrigger"),
            end=from_generalized(text("seresSyncEnd")) if text("seresSyncEnd") else None,
            result=text("seresSyncResult"),
            added=number("seresSyncAdded"),
            modified=number("seresSyncModified"),
            deleted=number("seresSyncDeleted"),
            failed=number("seresSyncFailed"),
            domain=text("seresSyncDomain"),
            order=text("seresSyncOrder"),
            scheduled=text("seresSyncScheduled"),
            messages=tuple(v.decode() for v in values.get("seresSyncMessage") or ()),
            kind=text("seresSyncKind"),
            why_full=text("seresSyncWhyFull"),
            prod_log=text("seresSyncProdLog"),
            course_log=text("seresSyncCourseLog"),
        )


def precise(moment: datetime) -> str:
    """GeneralizedTime to the microsecond: runs a moment apart are told apart."""
    return moment.astimezone(UTC).strftime("%Y%m%d%H%M%S.%fZ")


def start_run(
    ldap: Ldap,
    tree: Tree,
    trigger: str,
    domain: str = "",
    order: str = "",
    scheduled: str = "",
    now: datetime | None = None,
) -> str:
    """Record that a run starts; return its id."""
    if trigger not in TRIGGERS:
        raise ValueError(f"unknown trigger {trigger!r}")
    now = now or datetime.now(UTC)
    run_id = f"{now:%Y%m%dT%H%M%S}-{secrets.token_hex(3)}"
    values = {"cn": run_id, "seresSyncStart": precise(now), "seresSyncTrigger": trigger}
    optional = {"seresSyncDomain": domain, "seresSyncOrder": order, "seresSyncScheduled": scheduled}
    values.update({name: value for name, value in optional.items() if value})
    ldap.add(tree.sync_run(run_id), RUN_CLASSES, values)
    return run_id


def record_kind(
    ldap: Ldap,
    tree: Tree,
    run_id: str,
    kind: str,
    why_full: str = "",
    prod_log: str = "",
    course_log: str = "",
) -> None:
    """Record how a run works and where each side's accesslog stood when it started."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    values = {
        "seresSyncKind": kind,
        "seresSyncWhyFull": why_full,
        "seresSyncProdLog": prod_log,
        "seresSyncCourseLog": course_log,
    }
    changes = {name: [(REPLACE, [value] if value else [])] for name, value in values.items()}
    ldap.modify(tree.sync_run(run_id), changes)


def finish_run(
    ldap: Ldap,
    tree: Tree,
    run_id: str,
    result: str,
    added: int,
    modified: int,
    deleted: int,
    failures: list[tuple[str, str]],
    now: datetime | None = None,
    stopped: str = "",
) -> None:
    """Record the end, the counts and the first problems of a run.

    ``stopped`` (why a run stopped half-way) comes first among the messages.
    """
    messages = [f"stopped: {stopped}"] if stopped else []
    messages += [f"{dn}: {error}" for dn, error in failures[:MAX_MESSAGES]]
    if len(failures) > MAX_MESSAGES:
        messages.append(f"... and {len(failures) - MAX_MESSAGES} more")
    changes = {
        "seresSyncEnd": [(REPLACE, [precise(now or datetime.now(UTC))])],
        "seresSyncResult": [(REPLACE, [result])],
        "seresSyncAdded": [(REPLACE, [str(added)])],
        "seresSyncModified": [(REPLACE, [str(modified)])],
        "seresSyncDeleted": [(REPLACE, [str(deleted)])],
        "seresSyncFailed": [(REPLACE, [str(len(failures))])],
        "seresSyncMessage": [(REPLACE, messages)],
    }
    ldap.modify(tree.sync_run(run_id), changes)


def record_unlock(
    ldap: Ldap, tree: Tree, holder: str, expires: str, by: str, reason: str = ""
) -> str:
    """Record that ``by`` removed the lock of ``holder``; return the record's id.

    A record that wrote nothing, like a refused run: it does not count as an
    attempt of a scheduled date, and an incremental refresh looks past it.
    """
    run_id = start_run(ldap, tree, "manual")
    why = f": {reason}" if reason else ""
    message = f"lock of {holder} (expiring {expires}) removed by {by}{why}"
    changes = {
        "seresSyncEnd": [(REPLACE, [precise(datetime.now(UTC))])],
        "seresSyncResult": [(REPLACE, [UNLOCKED])],
        "seresSyncMessage": [(REPLACE, [message])],
    }
    ldap.modify(tree.sync_run(run_id), changes)
    return run_id


def get_run(ldap: Ldap, tree: Tree, run_id: str) -> Run | None:
    values = ldap.read(tree.sync_run(run_id), ATTRIBUTES, raw=True)
    return Run.from_entry(values) if values else None


def last_runs(ldap: Ldap, tree: Tree, count: int = 10) -> list[Run]:
    """Return the latest runs, newest first (a paged scan keeping only ``count``)."""
    found = ldap.paged(tree.sync_runs, RUN_FILTER, ATTRIBUTES, scope="one", raw=True)
    runs = (Run.from_entry(values) for _, values in found)
    return heapq.nlargest(count, runs, key=lambda run: (run.start, run.id))


def all_runs(ldap: Ldap, tree: Tree) -> list[Run]:
    """Return every recorded run, newest first."""
    found = ldap.paged(tree.sync_runs, RUN_FILTER, ATTRIBUTES, scope="one", raw=True)
    return sorted(
        (Run.from_entry(v) for _, v in found), key=lambda r: (r.start, r.id), reverse=True
    )


def runs_for_date(ldap: Ldap, tree: Tree, date: str) -> list[Run]:
    """Return the runs recorded for one scheduled date."""
    found = ldap.search(
        tree.sync_runs,
        f"(&{RUN_FILTER}{equals('seresSyncScheduled', date)})",
        ATTRIBUTES,
        scope="one",
        raw=True,
    )
    return [Run.from_entry(values) for _, values in found]


# --- `seres sync due`: whether to (re)try a scheduled date ---------------------

# A scheduled date is tried at most this many times; after an attempt that
# did not end ok, the next waits this long (the timer looks every 15 minutes).
MAX_ATTEMPTS = 4
RETRY_AFTER = (timedelta(minutes=15), timedelta(hours=1), timedelta(hours=4))
DONE, RUN, WAIT, GIVE_UP = "done", "run", "wait", "give up"


def next_attempt(
    attempts: list[Run], now: datetime, running_for: timedelta = timedelta(0)
) -> tuple[str, str, datetime | None]:
    """Return (DONE, RUN, WAIT or GIVE_UP; why; when WAIT ends) for a date whose time has come.

    ``attempts`` are the runs recorded for the date. It is done once a run
    ended ok. Otherwise (failed, aborted, or never finished) it is tried
    again after RETRY_AFTER, at most MAX_ATTEMPTS times in all. A run that
    has not finished may still be running: its retry waits at least
    ``running_for`` (the lock's expiry) after its start.
    """
    if any(run.finished and run.result == OK for run in attempts):
        return DONE, "done", None
    if not attempts:
        return RUN, "due", None
    last = max(attempts, key=lambda run: (run.start, run.id))
    ended = f"ended {last.result}" if last.finished else "did not finish"
    if len(attempts) >= MAX_ATTEMPTS:
        return GIVE_UP, f"tried {len(attempts)} times, the last (run {last.id}) {ended}", None
    wait = RETRY_AFTER[min(len(attempts), len(RETRY_AFTER)) - 1]
    at = last.end + wait if last.finished else last.start + max(wait, running_for)
    if now < at:
        return WAIT, f"run {last.id} {ended}; attempt {len(attempts) + 1}", at
    return RUN, f"attempt {len(attempts) + 1} of {MAX_ATTEMPTS}: run {last.id} {ended}", None
