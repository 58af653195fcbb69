"""The refresh: read both environments, diff them domain by domain, apply.

Scope: the subtrees of production's domains, and course domains that are
not course-only. A course-only domain and everything below it are never
read for writing; groups and memberships are not read at all. A domain new
to the course environment gets its empty writers group.
"""

import contextlib
import functools
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from directory.connection import Ldap
from directory.domains import DOMAIN_FILTER, check_domain_name
from directory.errors import AlreadyExists, DirectoryError, InvalidValue, NoSuchEntry
from directory.groups import create_group
from directory.sync import incremental, runs
from directory.sync import lock as locks
from directory.sync.apply import apply
from directory.sync.diff import Add, Attributes, Operation, diff, key
from directory.tree import COURSE, PRODUCTION, Tree

# Operational attributes are left out by asking for "*"; hasSubordinates is
# not wanted either. structuralObjectClass is read to be compared, never
# written (see diff). Entries are read raw, so values are copied byte for byte.
USER_ATTRIBUTES = ["*", "structuralObjectClass"]


def relative(dn: str, base: str) -> str:
    """``cn=m,cn=D,<base>`` -> ``cn=m,cn=D``."""
    if not dn.lower().endswith("," + base.lower()):
        raise ValueError(f"{dn!r} is not below {base!r}")
    return dn[: -len(base) - 1]


def domains_of(ldap: Ldap, tree: Tree, env: str) -> dict[str, tuple[str, bool]]:
    """Return ``{lower name: (name, course_only)}`` of one environment."""
    found = ldap.paged(tree.domains(env), DOMAIN_FILTER, ["cn", "seresCourseOnly"], scope="one")
    out = {}
    for dn, values in found:
        name = relative(dn, tree.domains(env)).partition("=")[2]
        course_only = str((values.get("seresCourseOnly") or ["FALSE"])[0]).upper() == "TRUE"
        out[name.lower()] = (name, course_only)
    return out


def subtree(ldap: Ldap, tree: Tree, env: str, name: str) -> list[tuple[str, Attributes]]:
    """Return one domain's entries (DNs relative to ou=domains), sorted by key.

    Memory holds one domain at a time: a tree of many domains streams.
    """
    base = tree.domains(env)
    found = ldap.paged(tree.domain(env, name), attributes=USER_ATTRIBUTES, raw=True)
    try:
        entries = [(relative(dn, base), attributes) for dn, attributes in found]
    except NoSuchEntry:  # the domain is on the other side only
        return []
    entries.sort(key=lambda entry: key(entry[0]))
    return entries


@dataclass
class DomainPlan:
    """What a refresh does to one domain."""

    name: str
    added: int = 0
    modified: int = 0
    deleted: int = 0
    skipped: str = ""  # why the domain is left alone, if it is

    @property
    def changes(self) -> int:
        return self.added + self.modified + self.deleted


def scope(
    prod: Ldap, course: Ldap, tree: Tree, domain: str | None = None
) -> tuple[list[str], list[str]]:
    """Return (domains to refresh, course-only domains left alone), sorted by key."""
    wanted = domains_of(prod, tree, PRODUCTION)
    current = domains_of(course, tree, COURSE)
    if domain is not None:
        check_domain_name(domain)
        if domain.lower() not in wanted and domain.lower() not in current:
            raise InvalidValue(f"no domain {domain!r} in production or the course environment")
        wanted = {k: v for k, v in wanted.items() if k == domain.lower()}
        current = {k: v for k, v in current.items() if k == domain.lower()}
    names = {**{k: v[0] for k, v in current.items()}, **{k: v[0] for k, v in wanted.items()}}
    protected = sorted(v[0] for k, v in current.items() if v[1])
    refresh = [names[k] for k in names if not (k in current and current[k][1])]
    order = lambda name: key(f"cn={name}")  # noqa: E731
    return sorted(refresh, key=order), sorted(protected, key=order)


class Refused(DirectoryError):
    """The refresh would remove most of the course's domains: production may be empty or wrong."""


def removal_refusal(production: int, copied: int, removing: list[str]) -> str:
    """Why removing these course domains needs force, or "" (pure).

    ``production`` counts production's domains, ``copied`` the course's
    domains that are not course-only, ``removing`` names those a refresh
    would remove. Production showing no domains at all (a wrong identity,
    an empty replica), or the removal of more than half of the copies, is
    more likely a fault than a decision.
    """
    if not removing:
        return ""
    names = ", ".join(removing[:5]) + (", ..." if len(removing) > 5 else "")
    if production == 0:
        return f"production has no domains, so every course copy would be removed ({names})"
    if len(removing) > copied / 2:
        return (
            f"it would remove {len(removing)} of the {copied} domains copied from production"
            f" ({names})"
        )
    return ""


def removal_check(prod: Ldap, course: Ldap, tree: Tree, domain: str | None = None) -> str:
    """Why this refresh's removals of whole domains need force, or "" (see removal_refusal)."""
    wanted = domains_of(prod, tree, PRODUCTION)
    found = domains_of(course, tree, COURSE).items()
    copied = {k: name for k, (name, course_only) in found if not course_only}
    only = None if domain is None else domain.lower()
    removing = [n for k, n in sorted(copied.items()) if k not in wanted and only in (None, k)]
    return removal_refusal(len(wanted), len(copied), removing)


def operations(prod: Ldap, course: Ldap, tree: Tree, name: str) -> Iterator[Operation]:
    """The operations that make the course copy of domain ``name`` equal production's."""
    return diff(subtree(prod, tree, PRODUCTION, name), subtree(course, tree, COURSE, name))


def plan(
    prod: Ldap, course: Ldap, tree: Tree, domain: str | None = None
) -> Iterator[tuple[str, Iterator[Operation]]]:
    """Yield ``(domain, operations)`` for each domain in scope."""
    names, _ = scope(prod, course, tree, domain)
    for name in names:
        yield name, operations(prod, course, tree, name)


def count(ops) -> Counter:
    return Counter(op.kind for op in ops)


@dataclass
class RunResult:
    """The outcome of one refresh."""

    run_id: str
    trigger: str
    started: datetime
    ended: datetime | None = None
    domains: dict[str, Counter] = field(default_factory=dict)
    failures: list[tuple[str, str]] = field(default_factory=list)
    protected: list[str] = field(default_factory=list)
    kind: str = "full"  # or "incremental"
    why_full: str = ""
    completed: bool = False  # every domain in scope was gone through
    stopped: str = ""  # why the run stopped half-way: the exception's type and message
    refused: bool = False  # stopped before writing: it would remove too much

    @property
    def totals(self) -> Counter:
        total: Counter = Counter()
        for counts in self.domains.values():
            total.update(counts)
        return total

    @property
    def ok(self) -> bool:
        return self.completed and not self.failures

    @property
    def result(self) -> str:
        """What the run record says: ok, failed (entries not written), aborted (stopped
        half-way) or refused (stopped before writing: it would remove too much)."""
        if self.refused:
            return runs.REFUSED
        if not self.completed:
            return runs.ABORTED
        return runs.OK if not self.failures else runs.FAILED


def stop_reason(exc: BaseException) -> str:
    """``KeyboardInterrupt`` or ``Unavailable: ...``: what stopped a run."""
    text = str(exc)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def ensure_writers_group(course: Ldap, tree: Tree, name: str) -> None:
    """Give a domain new to the course environment its empty writers group."""
    with contextlib.suppress(AlreadyExists):
        create_group(
            course,
            tree,
            tree.writers(COURSE, name),
            f"writers-{name}",
            f"May write the domain {name} in course",
        )


def read_roots(
    ldap: Ldap, tree: Tree, env: str, roots: list[tuple[str, bool]]
) -> list[tuple[str, Attributes]]:
    """Read some entries (DNs relative to ou=domains; each alone or with its subtree), sorted."""
    base = tree.domains(env)
    entries = []
    for dn, with_subtree in roots:
        # One plain search each: a paged one costs a server round trip more
        # (about ten times slower for the usual leaf); subtrees here are small
        # (a domain-level change reads everything instead).
        scope_ = "sub" if with_subtree else "base"
        found = ldap.search(f"{dn},{base}", attributes=USER_ATTRIBUTES, scope=scope_, raw=True)
        entries.extend((relative(found_dn, base), attributes) for found_dn, attributes in found)
    entries.sort(key=lambda entry: key(entry[0]))
    return entries


def has_children(ldap: Ldap, tree: Tree, env: str, dn: str) -> bool:
    found = ldap.read(f"{dn},{tree.domains(env)}", ["hasSubordinates"])
    return bool(found) and str(found.get("hasSubordinates", ["FALSE"])[0]).upper() == "TRUE"


Work = list[tuple[str, Callable[[], Iterator[Operation]]]]


def incremental_work(
    prod: Ldap, course: Ldap, tree: Tree, base: runs.Run, names: list[str]
) -> tuple[Work | None, str]:
    """The domains to re-diff and how, from both accesslogs since ``base``; or why not."""
    for side, ldap, point in (
        ("production's", prod, base.prod_log),
        ("the course's", course, base.course_log),
    ):
        if not incremental.reaches_back(ldap, point):
            return None, f"{side} accesslog no longer reaches back to {point}"
    found = list(incremental.records(prod, tree.domains(PRODUCTION), base.prod_log))
    found += incremental.records(
        course, tree.domains(COURSE), base.course_log, exclude=course.bound_dn
    )
    changes = incremental.plan_changes(found)
    if changes.full:
        return None, changes.full
    for dn in changes.renamed:
        if has_children(prod, tree, PRODUCTION, dn) or has_children(course, tree, COURSE, dn):
            return None, f"a subtree was renamed ({dn})"
    by_domain = changes.by_domain()
    work: Work = []
    for name in names:
        roots = by_domain.get(name.lower())
        if roots:

            def ops(roots=roots) -> Iterator[Operation]:
                return diff(
                    read_roots(prod, tree, PRODUCTION, roots),
                    read_roots(course, tree, COURSE, roots),
                )

            work.append((name, ops))
    return work, ""


def refresh(
    prod: Ldap,
    course: Ldap,
    tree: Tree,
    domain: str | None = None,
    trigger: str = "manual",
    order_id: str = "",
    scheduled: str = "",
    on_done: Callable[[Operation, str | None], None] | None = None,
    on_domain: Callable[[str], None] | None = None,
    lock_expiry: timedelta = locks.DEFAULT_EXPIRY,
    full: bool = False,
    force: bool = False,
) -> RunResult:
    """Make the course copy of production's domains (or one domain) equal production.

    Takes the lock (LockHeld if another refresh runs), records the run in
    ``ou=runs,ou=sync``, and goes on past entries it cannot write: they are
    in the result's failures (result "failed"). Anything that stops the run
    half-way (a directory error, Ctrl-C, SystemExit, a bug) is recorded as
    "aborted" with the exception's type and the writes done so far, and
    raised again; the next run then reads everything. The order workflow
    calls this with ``trigger="order"`` and the order's id.

    Incremental when it safely can be (see :mod:`directory.sync.incremental`):
    only what either accesslog shows changed since the last run is re-diffed.
    ``full`` (and ``domain``) read everything in scope.

    A run that would remove every course copy of production's domains while
    production shows none, or more than half of them, is refused (Refused,
    recorded as "refused", nothing written) unless ``force`` is given.
    """
    names, protected = scope(prod, course, tree, domain)  # bad input: refused before writing
    lock = locks.acquire(course, tree, lock_expiry)
    try:
        started = datetime.now(UTC)
        run_id = runs.start_run(course, tree, trigger, domain or "", order_id, scheduled, started)
        result = RunResult(run_id, trigger, started, protected=protected)
        try:
            history = [run for run in runs.all_runs(course, tree) if run.id != run_id]
            why, previous = incremental.why_full(history, domain, full)
            # The points are taken before anything in the environments is read.
            prod_log = course_log = ""
            if domain is None:
                prod_log, course_log = incremental.newest(prod), incremental.newest(course)
            names, result.protected = scope(prod, course, tree, domain)
            work: Work | None = None
            if previous is not None:
                work, why = incremental_work(prod, course, tree, previous, names)
            if work is None:
                work = [
                    (name, lambda name=name: operations(prod, course, tree, name)) for name in names
                ]
                result.kind, result.why_full = "full", why
            else:
                result.kind = "incremental"
            runs.record_kind(
                course, tree, run_id, result.kind, result.why_full, prod_log, course_log
            )
            why_refused = "" if force else removal_check(prod, course, tree, domain)
            if why_refused:
                result.refused = True
                raise Refused(why_refused)
            base = tree.domains(COURSE)
            pipeline = course.pipeline()
            try:
                for name, ops in work:
                    # Reading a domain may write nothing for long: renew on time
                    # here too, and go on only while the lock is still ours.
                    lock.keep()
                    # Counted as the answers come in: a run stopped half-way
                    # records what it did.
                    counts = result.domains.setdefault(name, Counter())

                    def done(op: Operation, error: str | None, counts=counts, name=name) -> None:
                        if error is None:
                            counts[op.kind] += 1
                            if isinstance(op, Add) and len(key(op.dn)) == 1:
                                ensure_writers_group(course, tree, name)
                        else:
                            result.failures.append((f"{op.dn},{base}", error))
                        lock.renew_if_due()
                        if on_done is not None:
                            on_done(op, error)

                    apply(ops(), pipeline, base, done)
                    if on_domain is not None:
                        on_domain(name)
            finally:
                # Closing a connection whose server went away may fail too; what
                # stopped the run (if anything did) is what must come through.
                with contextlib.suppress(Exception):
                    pipeline.close()
            result.completed = True
        except BaseException as exc:
            # Ctrl-C, SystemExit, a directory that stopped answering, a bug:
            # recorded as aborted, never as done, so the next run reads everything.
            result.stopped = stop_reason(exc)
            raise
        finally:
            result.ended = datetime.now(UTC)
            totals = result.totals
            record = functools.partial(
                runs.finish_run,
                course,
                tree,
                run_id,
                result.result,
                totals["add"],
                totals["modify"],
                totals["delete"],
                result.failures,
                result.ended,
                stopped=result.stopped,
            )
            if result.stopped:
                # The exception that stopped the run matters more than failing to
                # record it; an unfinished record makes the next run full too.
                with contextlib.suppress(DirectoryError):
                    record()
            else:
                record()
    except BaseException:
        with contextlib.suppress(DirectoryError):
            lock.release()  # as above: the exception that stopped the run comes through
        raise
    lock.release()
    return result
