"""Run records under ``ou=runs,ou=sync``: written at start, completed at the end.

A record without an end is a run that died (or still runs); the next run
repairs what it left.
"""

import heapq
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from directory.connection import REPLACE, Ldap
from directory.escape import equals
from directory.sync.lock import from_generalized, to_generalized
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
]


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
        )


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
    values = {"cn": run_id, "seresSyncStart": to_generalized(now), "seresSyncTrigger": trigger}
    optional = {"seresSyncDomain": domain, "seresSyncOrder": order, "seresSyncScheduled": scheduled}
    values.update({name: value for name, value in optional.items() if value})
    ldap.add(tree.sync_run(run_id), RUN_CLASSES, values)
    return run_id


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
) -> None:
    """Record the end, the counts and the first problems of a run."""
    messages = [f"{dn}: {error}" for dn, error in failures[:MAX_MESSAGES]]
    if len(failures) > MAX_MESSAGES:
        messages.append(f"... and {len(failures) - MAX_MESSAGES} more")
    changes = {
        "seresSyncEnd": [(REPLACE, [to_generalized(now or datetime.now(UTC))])],
        "seresSyncResult": [(REPLACE, [result])],
        "seresSyncAdded": [(REPLACE, [str(added)])],
        "seresSyncModified": [(REPLACE, [str(modified)])],
        "seresSyncDeleted": [(REPLACE, [str(deleted)])],
        "seresSyncFailed": [(REPLACE, [str(len(failures))])],
        "seresSyncMessage": [(REPLACE, messages)],
    }
    ldap.modify(tree.sync_run(run_id), changes)


def get_run(ldap: Ldap, tree: Tree, run_id: str) -> Run | None:
    values = ldap.read(tree.sync_run(run_id), ATTRIBUTES, raw=True)
    return Run.from_entry(values) if values else None


def last_runs(ldap: Ldap, tree: Tree, count: int = 10) -> list[Run]:
    """Return the latest runs, newest first (a paged scan keeping only ``count``)."""
    found = ldap.paged(tree.sync_runs, RUN_FILTER, ATTRIBUTES, scope="one", raw=True)
    runs = (Run.from_entry(values) for _, values in found)
    return heapq.nlargest(count, runs, key=lambda run: (run.start, run.id))


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
