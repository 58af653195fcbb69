"""The published refresh schedule: every 14 days from a first date, Oslo time.

A date is known by the day it was first published for (``YYYY-MM-DD``); the
service desk may move it to another time or cancel it, with a reason that is
published. Those changes are entries under ``ou=schedule,ou=sync``.
"""

import re
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from directory.connection import ADD, DELETE, REPLACE, Ldap
from directory.errors import AlreadyExists, Conflict, InvalidValue
from directory.sync import runs
from directory.sync.lock import from_generalized, to_generalized
from directory.tree import Tree

OSLO = ZoneInfo("Europe/Oslo")
PERIOD = timedelta(days=14)
# A Monday evening, after working hours, when courses are not running.
DEFAULT_FIRST = "2026-01-05T18:00"
CHANGE_CLASSES = ("seresSyncChange",)
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MAX_REASON = 1024


class NonexistentTime(InvalidValue):
    """A wall-clock time skipped in Oslo when summer time starts."""


class NotScheduled(InvalidValue):
    """Not one of the regular refresh dates."""


class CannotChange(InvalidValue):
    """A scheduled date that may no longer be moved or cancelled."""


class DatePassed(CannotChange):
    """The date's time (moved or planned) has passed."""


class DateHasRun(CannotChange):
    """A refresh of the date has finished."""


def parse_local(text: str) -> datetime:
    """Parse ``YYYY-MM-DDTHH:MM`` (or with a space) as Oslo time; refuse anything else.

    A time in the hour skipped when summer time starts does not exist and is
    refused. A time in the hour repeated when it ends is the first of the two
    (summer time, +02:00); an explicit offset chooses the other.
    """
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise InvalidValue(f"not a date and time (YYYY-MM-DDTHH:MM): {text!r}") from None
    if moment.tzinfo is not None:
        return moment.astimezone(OSLO)
    local = moment.replace(tzinfo=OSLO)  # fold=0: the first of a repeated hour
    if local.astimezone(UTC).astimezone(OSLO).replace(tzinfo=None) != moment:
        raise NonexistentTime(
            f"{text.strip()} does not exist in Norway: the clocks are put forward an hour"
            " then (summer time starts); choose another time"
        )
    return local


def parse_date(text: str) -> date:
    if not DATE.match(text.strip()):
        raise InvalidValue(f"not a date (YYYY-MM-DD): {text!r}")
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidValue(f"not a date (YYYY-MM-DD): {text!r}") from None


def regular(first: datetime, index: int) -> datetime:
    """The ``index``-th regular date: the same Oslo wall-clock time every 14 days."""
    day = first.date() + index * PERIOD
    return datetime.combine(day, first.timetz().replace(tzinfo=None), tzinfo=OSLO)


@dataclass(frozen=True)
class Change:
    date: str
    reason: str
    moved_to: datetime | None = None  # None: cancelled
    revision: int = 1  # 1 for the first change of the date, one more for each after it


@dataclass(frozen=True)
class Occurrence:
    """One published date: planned, moved (``when`` is the new time) or cancelled."""

    date: str  # the first published day, YYYY-MM-DD: its identity
    planned: datetime
    when: datetime | None  # None when cancelled
    reason: str = ""
    revision: int = 0  # how many times it has been changed (the feed's SEQUENCE)

    @property
    def status(self) -> str:
        if self.when is None:
            return "cancelled"
        return "moved" if self.when != self.planned else "planned"

    @property
    def shown(self) -> datetime:
        """The time to list it under."""
        return self.when or self.planned


def is_scheduled(first: datetime, day: date) -> bool:
    """True if ``day`` is one of the regular dates."""
    offset = (day - first.date()).days
    return offset >= 0 and offset % PERIOD.days == 0


def occurrences(
    first: datetime, changes: dict[str, Change], since: datetime, count: int
) -> list[Occurrence]:
    """Return ``count`` dates whose time (moved or planned) is at or after ``since``.

    Cancelled dates are included (with their reason) so they can be shown.
    """
    found: list[Occurrence] = []
    # A date moved forward may come after later regular dates: look a little ahead.
    start = max(0, (since.astimezone(OSLO).date() - first.date()).days // PERIOD.days - 2)
    index = start
    while len(found) < count + 4 and index < start + count + 200:
        planned = regular(first, index)
        day = planned.date().isoformat()
        change = changes.get(day)
        if change is None:
            occurrence = Occurrence(day, planned, planned)
        else:
            occurrence = Occurrence(day, planned, change.moved_to, change.reason, change.revision)
        if occurrence.shown >= since:
            found.append(occurrence)
        index += 1
    return sorted(found, key=lambda o: o.shown)[:count]


def latest_due(first: datetime, changes: dict[str, Change], now: datetime) -> Occurrence | None:
    """Return the latest date whose (moved) time has come, if it is not cancelled."""
    candidates = occurrences(first, changes, now - 2 * PERIOD - timedelta(days=1), 8)
    come = [o for o in candidates if o.when is not None and o.when <= now]
    return max(come, key=lambda o: o.when) if come else None


# --- the service desk's changes, in the directory -----------------------------


CHANGE_ATTRIBUTES = ["cn", "seresSyncReason", "seresSyncMovedTo", "seresSyncRevision"]


def _change(values: dict) -> Change:
    moved = values.get("seresSyncMovedTo")
    revision = values.get("seresSyncRevision")
    return Change(
        values["cn"][0].decode(),
        values["seresSyncReason"][0].decode(),
        from_generalized(moved[0]).astimezone(OSLO) if moved else None,
        int(revision[0]) if revision else 1,  # written before revisions: published once
    )


def load_changes(ldap: Ldap, tree: Tree) -> dict[str, Change]:
    found = ldap.paged(
        tree.sync_schedule,
        "(objectClass=seresSyncChange)",
        CHANGE_ATTRIBUTES,
        scope="one",
        raw=True,
    )
    changes = (_change(values) for _, values in found)
    return {change.date: change for change in changes}


def load_change(ldap: Ldap, tree: Tree, day: str) -> Change | None:
    """The service desk's change of one date, if there is one."""
    values = ldap.read(tree.sync_change(day), CHANGE_ATTRIBUTES, raw=True)
    return _change(values) if values else None


def changeable(ldap: Ldap, tree: Tree, first: datetime, day: str, now: datetime) -> Occurrence:
    """Return the scheduled date ``day`` as it stands, if it may still be moved or cancelled.

    Refused (NotScheduled, DatePassed, DateHasRun) for a day that is not in
    the series, whose time has passed (the moved time when it was moved, so
    a date moved later stays changeable until then), or that has a finished
    run.
    """
    when = parse_date(day)
    if not is_scheduled(first, when):
        raise NotScheduled(f"{day} is not a scheduled refresh date")
    planned = regular(first, (when - first.date()).days // PERIOD.days)
    change = load_change(ldap, tree, day)
    if change is None:
        occurrence = Occurrence(day, planned, planned)
    else:
        occurrence = Occurrence(day, planned, change.moved_to, change.reason, change.revision)
    if occurrence.shown < now:
        raise DatePassed(f"{day} has passed; only coming dates can be changed")
    done = sorted(run.id for run in runs.runs_for_date(ldap, tree, day) if run.finished)
    if done:
        raise DateHasRun(
            f"{day} has already run (run {done[-1]}); a date that has run cannot be changed"
        )
    return occurrence


def _check_change(
    ldap: Ldap, tree: Tree, first: datetime, day: str, reason: str, now: datetime
) -> Occurrence:
    if not reason.strip():
        raise InvalidValue("give the reason; it is published")
    if len(reason) > MAX_REASON:
        raise InvalidValue(f"the reason is longer than {MAX_REASON} characters")
    return changeable(ldap, tree, first, day, now)


STORE_ATTEMPTS = 3


def _store(ldap: Ldap, tree: Tree, day: str, reason: str, moved_to: datetime | None) -> Change:
    """Publish the change of ``day``: added the first time, then modified in place.

    Each change raises the revision by one, compared and swapped: the modify
    removes the revision read, so of two changes at once the later reads
    again. A failed write leaves the published change as it was.
    """
    dn = tree.sync_change(day)
    moved = [to_generalized(moved_to)] if moved_to is not None else []
    change = Change(day, reason, moved_to.astimezone(OSLO) if moved_to else None)
    try:
        values = {"cn": day, "seresSyncReason": reason, "seresSyncRevision": "1"}
        ldap.add(dn, CHANGE_CLASSES, {**values, **({"seresSyncMovedTo": moved} if moved else {})})
        return change
    except AlreadyExists:
        pass
    for _ in range(STORE_ATTEMPTS):
        found = (ldap.read(dn, ["seresSyncRevision"], raw=True) or {}).get("seresSyncRevision")
        seen = found[0].decode() if found else ""
        revision = int(seen) + 1 if seen else 2  # one written before revisions: published once
        bump = ([(DELETE, [seen])] if seen else []) + [(ADD, [str(revision)])]
        try:
            ldap.modify(
                dn,
                {
                    "seresSyncReason": [(REPLACE, [reason])],
                    "seresSyncMovedTo": [(REPLACE, moved)],
                    "seresSyncRevision": bump,
                },
            )
        except InvalidValue:
            continue  # the revision read was replaced meanwhile: read it again
        return replace(change, revision=revision)
    raise Conflict(f"the change of {day} was changed by someone else meanwhile; try again")


def move(
    ldap: Ldap,
    tree: Tree,
    first: datetime,
    day: str,
    to: datetime,
    reason: str,
    now: datetime | None = None,
) -> Change:
    """Move the scheduled date ``day`` to the time ``to``, with a published reason."""
    now = now or datetime.now(UTC)
    _check_change(ldap, tree, first, day, reason, now)
    if to < now:
        raise InvalidValue("the new time has passed")
    return _store(ldap, tree, day, reason.strip(), to)


def cancel(
    ldap: Ldap,
    tree: Tree,
    first: datetime,
    day: str,
    reason: str,
    now: datetime | None = None,
) -> Change:
    """Cancel the scheduled date ``day``, with a published reason."""
    _check_change(ldap, tree, first, day, reason, now or datetime.now(UTC))
    return _store(ldap, tree, day, reason.strip(), None)


def first_from_env(environ) -> datetime:
    """The first date and time of the series: ``SERES_SYNC_FIRST`` (Oslo time)."""
    try:
        return parse_local(environ.get("SERES_SYNC_FIRST") or DEFAULT_FIRST)
    except InvalidValue as exc:
        raise InvalidValue(f"SERES_SYNC_FIRST: {exc}") from None
