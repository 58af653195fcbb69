"""The schedule, computed without a server: every 14 days, Oslo time, with changes."""

from datetime import datetime, timedelta

import pytest

from directory.errors import InvalidValue
from directory.sync.schedule import (
    OSLO,
    Change,
    latest_due,
    occurrences,
    parse_local,
)

FIRST = parse_local("2026-03-02T18:00")


def test_dates_come_every_14_days_at_the_same_oslo_time_across_summer_time():
    """18:00 in Oslo stays 18:00 when summer time starts (29 March 2026)."""
    found = occurrences(FIRST, {}, FIRST, 3)
    assert [o.when.isoformat() for o in found] == [
        "2026-03-02T18:00:00+01:00",
        "2026-03-16T18:00:00+01:00",
        "2026-03-30T18:00:00+02:00",
    ]


def test_moved_and_cancelled_dates_are_listed_with_their_reasons():
    """A cancelled date stays listed; a moved one is listed at its new time."""
    changes = {
        "2026-03-16": Change("2026-03-16", "Vedlikehold"),
        "2026-03-30": Change("2026-03-30", "Kurs", parse_local("2026-04-20T09:00")),
    }
    found = occurrences(FIRST, changes, FIRST, 4)
    assert [(o.date, o.status, o.reason) for o in found] == [
        ("2026-03-02", "planned", ""),
        ("2026-03-16", "cancelled", "Vedlikehold"),
        ("2026-04-13", "planned", ""),
        ("2026-03-30", "moved", "Kurs"),
    ]


@pytest.mark.parametrize(
    ("now", "due"),
    [
        ("2026-03-02T17:59", None),
        ("2026-03-02T18:00", "2026-03-02"),
        ("2026-03-15T12:00", "2026-03-02"),
        ("2026-03-16T18:30", "2026-03-16"),
    ],
)
def test_the_latest_date_whose_time_has_come_is_due(now, due):
    """Before the first date nothing is due; afterwards the latest come date."""
    found = latest_due(FIRST, {}, parse_local(now))
    assert (found.date if found else None) == due


def test_a_cancelled_date_is_never_due_and_a_moved_one_is_due_at_its_new_time():
    """Cancelled: the previous date stays the latest due; moved: due only when its time comes."""
    cancelled = {"2026-03-16": Change("2026-03-16", "x")}
    assert latest_due(FIRST, cancelled, parse_local("2026-03-16T19:00")).date == "2026-03-02"
    moved = {"2026-03-16": Change("2026-03-16", "x", parse_local("2026-03-17T08:00"))}
    assert latest_due(FIRST, moved, parse_local("2026-03-16T19:00")).date == "2026-03-02"
    assert latest_due(FIRST, moved, parse_local("2026-03-17T08:00")).date == "2026-03-16"


@pytest.mark.parametrize("text", ["", "tomorrow", "2026-13-01T18:00", "18:00"])
def test_a_time_that_is_not_a_date_and_time_is_refused(text):
    """parse_local refuses with a clear InvalidValue."""
    with pytest.raises(InvalidValue, match="not a date and time"):
        parse_local(text)


def test_times_are_oslo_time_unless_given_with_an_offset():
    """A naive time is Oslo's; an explicit UTC time is converted."""
    assert parse_local("2026-06-01T18:00").utcoffset() == timedelta(hours=2)
    assert parse_local("2026-06-01T16:00+00:00") == datetime(2026, 6, 1, 18, 0, tzinfo=OSLO)


@pytest.mark.parametrize("text", ["2027-03-28T02:30", "2027-03-28T02:00", "2027-03-28 02:59"])
def test_a_time_skipped_when_summer_time_starts_is_refused(text):
    """02:00-02:59 on the last Sunday of March does not exist in Oslo: refused, saying so."""
    with pytest.raises(InvalidValue, match="does not exist in Norway"):
        parse_local(text)


def test_a_time_repeated_when_summer_time_ends_is_the_first_of_the_two():
    """02:30 on the last Sunday of October happens twice: summer time's, unless an offset says otherwise."""
    assert parse_local("2027-10-31T02:30").utcoffset() == timedelta(hours=2)
    assert parse_local("2027-10-31T02:30+01:00").utcoffset() == timedelta(hours=1)
    assert parse_local("2027-03-28T03:00").utcoffset() == timedelta(hours=2)
