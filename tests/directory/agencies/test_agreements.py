"""Which agreement is in force on a day, and why a domain is refused (no server)."""

import datetime as dt

import pytest

from directory.agencies.agreements import ALTINN, Agency, Agreement, why_not

DAY = dt.date(2026, 3, 2)


def agency(*agreements: Agreement) -> Agency:
    return Agency("986128433", "Testetaten", agreements=agreements)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (dt.date(2026, 3, 2), None, True),
        (dt.date(2025, 1, 1), dt.date(2026, 3, 2), True),
        (dt.date(2025, 1, 1), dt.date(2026, 3, 1), False),
        (dt.date(2026, 3, 3), None, False),
    ],
)
def test_an_agreement_is_in_force_from_its_first_to_its_last_day(start, end, expected):
    """Both days included; no end means until further notice."""
    assert Agreement("R-1", ALTINN, start, end).in_force(DAY) is expected


def test_a_domain_is_refused_without_a_recorded_agency_or_agreement():
    """Unknown agency and an agency without agreements get their own codes."""
    assert why_not(None, DAY) == "agency.unknown"
    assert why_not(agency(), DAY) == "agency.no_agreement"


def test_a_domain_is_refused_when_every_agreement_has_ended_or_not_begun():
    """An ended one says ended; a future one says not started; one in force passes."""
    ended = Agreement("R-1", ALTINN, dt.date(2020, 1, 1), dt.date(2025, 12, 31))
    future = Agreement("R-2", ALTINN, dt.date(2026, 4, 1))
    current = Agreement("R-3", ALTINN, dt.date(2026, 1, 1))
    assert why_not(agency(ended), DAY) == "agency.agreement_ended"
    assert why_not(agency(ended, future), DAY) == "agency.agreement_not_started"
    assert why_not(agency(ended, current), DAY) is None


def test_an_agreement_running_out_within_60_days_is_warned_of():
    """Its last day is said when it is at most 60 days ahead; not when a renewal follows."""
    ending = Agreement("R-1", ALTINN, dt.date(2025, 1, 1), DAY + dt.timedelta(days=60))
    assert agency(ending).lapses_soon(DAY) == DAY + dt.timedelta(days=60)
    later = Agreement("R-1", ALTINN, dt.date(2025, 1, 1), DAY + dt.timedelta(days=61))
    assert agency(later).lapses_soon(DAY) is None
    renewal = Agreement("R-2", ALTINN, DAY + dt.timedelta(days=61), None)
    assert agency(ending, renewal).lapses_soon(DAY) is None
    gap = Agreement("R-3", ALTINN, DAY + dt.timedelta(days=62), None)
    assert agency(ending, gap).lapses_soon(DAY) == DAY + dt.timedelta(days=60)
