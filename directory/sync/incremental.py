"""What changed since the last refresh, from each server's accesslog.

A refresh records, in its run record, the newest ``reqStart`` of the
accesslog (``cn=accesslog``) of production's server and of the course's
server when it started. The next refresh reads the log records after those
points on both sides, under each side's ``ou=domains`` (production's
changes to copy; the course's changes by course participants, to revert),
and diffs only the entries they name: an entry modified is read alone; an
entry added, deleted or renamed is read with its subtree, on both sides.
After a successful run course equals production, so every later difference
was made by a write that is in one of the two logs.

Whenever that cannot be relied on, the refresh reads everything (see
:func:`why_full` and :func:`plan_changes`): no earlier successful run of the
whole scope with both points recorded, a failed, aborted or unfinished run since, a
log that no longer reaches back to its point, a change to ``ou=domains`` or
a domain entry itself (a domain added or removed, a course-only flag
changed), or a rename that took a subtree along. The course-side records of
the refresh's own account are left out (its writes made course equal
production). Records are read from ``MARGIN`` before the point, so a write
logged late (a record's reqStart is when the write began) is not missed.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from directory.connection import Ldap
from directory.escape import filter_value, rdn
from directory.sync.diff import Key, is_under, key
from directory.sync.runs import ABORTED, OK, REFUSED, UNLOCKED, Run

LOG = "cn=accesslog"
MARGIN = timedelta(minutes=5)
RECORD_ATTRIBUTES = ["reqStart", "reqType", "reqDN", "reqNewRDN", "reqNewSuperior"]


def _micros(point: str) -> int:
    """``20261129030717.596141Z`` -> microseconds since 1970."""
    whole, _, fraction = point.rstrip("Z").partition(".")
    moment = datetime.strptime(whole, "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    seconds = int((moment - datetime(1970, 1, 1, tzinfo=UTC)).total_seconds())
    return seconds * 1_000_000 + int((fraction or "0").ljust(6, "0")[:6])


def _point(micros: int) -> str:
    moment = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=micros)
    return moment.strftime("%Y%m%d%H%M%S.%fZ")


def _some(ldap: Ldap, search_filter: str) -> str | None:
    """One reqStart of a record matching the filter (the server's choice), or None."""
    found = ldap.search(LOG, search_filter, ["reqStart"], scope="one", size_limit=1, raw=True)
    return found[0][1]["reqStart"][0].decode() if found else None


def newest(ldap: Ldap) -> str:
    """Return the newest reqStart in the server's accesslog ("" if the log is empty).

    The server cannot sort the log, so this narrows a time range: there is a
    record at ``low`` and none at or after ``high``; each step asks for one
    record at or after the middle (searches of at most one entry, served by
    the reqStart index), about 45 for a year of log.
    """
    text = _some(ldap, "(reqStart>=19700101000000Z)")
    if text is None:
        return ""
    low = _micros(text)
    step = 86_400 * 1_000_000
    while _some(ldap, f"(reqStart>={_point(low + step)})") is not None:
        step *= 2
    high = low + step
    while high - low > 1:
        middle = (low + high) // 2
        found = _some(ldap, f"(reqStart>={_point(middle)})")
        if found is None:
            high = middle
        else:
            text, low = found, _micros(found)
    return text


def reaches_back(ldap: Ldap, point: str) -> bool:
    """True if the log still holds the record at ``point`` (so nothing after it was purged).

    Read by its DN rather than with ``(reqStart<=point)``: slapd's ordering
    match misses a record whose fraction is all zeros in that filter.
    """
    return ldap.read(f"{rdn('reqStart', point)},{LOG}", ["1.1"]) is not None


@dataclass(frozen=True)
class Record:
    """One logged write: its type and DNs relative to ``ou=domains`` ("" if outside)."""

    kind: str  # add, delete, modify, modrdn
    dn: str
    new_dn: str = ""
    outside: bool = False  # the record's DN or its new DN is outside ou=domains


def _relative(dn: str, base: str) -> str | None:
    if dn.lower() == base.lower():
        return ""
    if dn.lower().endswith("," + base.lower()):
        return dn[: -len(base) - 1]
    return None


def records(ldap: Ldap, base: str, since: str, exclude: str = "") -> Iterable[Record]:
    """Yield the records under ``base`` logged after ``since`` - MARGIN.

    ``exclude`` is an identity whose writes are left out (the refresh's own).
    Renames into ``base`` from elsewhere are found by their new superior.
    """
    # The record at ``since`` itself was in the log when the point was taken.
    start = _point(_micros(since) - int(MARGIN.total_seconds() * 1_000_000) + 1)
    where = filter_value(base)
    search_filter = (
        f"(&(reqStart>={start})"
        f"(|(reqDN:dnSubtreeMatch:={where})(reqNewSuperior:dnSubtreeMatch:={where}))"
        + (f"(!(reqAuthzID={filter_value(exclude)}))" if exclude else "")
        + ")"
    )
    for _, values in ldap.paged(LOG, search_filter, RECORD_ATTRIBUTES, scope="one"):
        kind = str(values["reqType"][0]).lower()
        dn = str(values["reqDN"][0])
        relative = _relative(dn, base)
        new_dn = ""
        outside = relative is None
        if kind == "modrdn":
            new_rdn = str(values["reqNewRDN"][0])
            superior = values.get("reqNewSuperior")
            parent = str(superior[0]) if superior else dn.split(",", 1)[1]
            target = _relative(f"{new_rdn},{parent}", base)
            outside = outside or target is None
            new_dn = target or ""
        yield Record(kind, relative or "", new_dn, outside)


@dataclass
class Changes:
    """The entries to re-diff, per domain key: ``{key: (dn, with_subtree)}``; or why not."""

    roots: dict[Key, tuple[str, bool]] = field(default_factory=dict)
    renamed: list[str] = field(default_factory=list)  # new DNs of renamed entries
    full: str = ""  # non-empty: read everything, for this reason

    def by_domain(self) -> dict[str, list[tuple[str, bool]]]:
        """The roots grouped by domain (lower-case name), sorted, none below another subtree."""
        out: dict[str, list[tuple[str, bool]]] = {}
        kept: list[tuple[Key, str, bool]] = []
        for k in sorted(self.roots):
            dn, subtree = self.roots[k]
            if kept and kept[-1][2] and is_under(k, kept[-1][0]):
                continue
            kept.append((k, dn, subtree))
            out.setdefault(k[0].partition("=")[2], []).append((dn, subtree))
        return out


def plan_changes(records_: Iterable[Record]) -> Changes:
    """Turn logged writes into the entries to re-diff (pure)."""
    changes = Changes()

    def note(dn: str, subtree: bool) -> None:
        k = key(dn)
        _, had = changes.roots.get(k, (dn, False))
        changes.roots[k] = (dn, had or subtree)

    for record in records_:
        if record.outside:
            changes.full = f"a {record.kind} moved an entry into or out of ou=domains"
        elif len(key(record.dn)) <= 1 or (record.kind == "modrdn" and len(key(record.new_dn)) <= 1):
            changes.full = f"a domain-level change ({record.kind} of {record.dn or 'ou=domains'})"
        elif record.kind == "modify":
            note(record.dn, False)
        elif record.kind in ("add", "delete"):
            note(record.dn, True)
        elif record.kind == "modrdn":
            note(record.dn, True)
            note(record.new_dn, True)
            changes.renamed.append(record.new_dn)
        else:
            changes.full = f"an unknown write in the log ({record.kind})"
        if changes.full:
            return changes
    return changes


def why_full(history: list[Run], now_domain: str | None, forced: bool) -> tuple[str, Run | None]:
    """Return (why the refresh must read everything, or ""; the run to continue from).

    ``history`` is every recorded run, newest first. The base is the newest
    finished, successful run of the whole scope with both log points; every
    run that started at or after it must have finished successfully too.
    """
    if forced:
        return "asked for (--full)", None
    if now_domain:
        return "a refresh of one domain", None
    base = next(
        (
            r
            for r in history
            if r.finished and r.result == OK and not r.domain and r.prod_log and r.course_log
        ),
        None,
    )
    if base is None:
        return "no earlier successful refresh of every domain with log points", None
    for run in history:
        if run is base or run.start < base.start or run.result in (REFUSED, UNLOCKED):
            continue  # a refused run, or an unlock, wrote nothing
        if not run.finished:
            return f"run {run.id} did not finish", None
        if run.result == ABORTED:
            return f"run {run.id} was aborted", None
        if run.result != OK:
            return f"run {run.id} failed", None
    return "", base
