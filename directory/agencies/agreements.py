"""Agencies and agreements as values, and which agreement is in force on a day."""

import datetime as dt
from dataclasses import dataclass

ALTINN = "altinn"  # service development in Altinn
OUTSIDE = "outside"  # SERES used outside Altinn
KINDS = (ALTINN, OUTSIDE)
# How long before the last day covered by agreements the pages warn.
WARN_DAYS = 60


def to_ldap_date(day: dt.date) -> str:
    """A date as GeneralizedTime (midnight; the date is what counts)."""
    return day.strftime("%Y%m%d") + "000000Z"


def from_ldap_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    return dt.datetime.strptime(str(value)[:8], "%Y%m%d").date()


@dataclass(frozen=True)
class Agreement:
    reference: str
    kind: str
    start: dt.date
    end: dt.date | None = None
    contact: str = ""

    def in_force(self, day: dt.date) -> bool:
        """True from the start day to the end day, both included (no end: open)."""
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Agency:
    org_number: str
    name: str
    members: tuple[str, ...] = ()
    agreements: tuple[Agreement, ...] = ()
    # Warnings sent that the agreements run out ("<last day>:<days>"), and
    # since when the agency's writers are suspended (docs/agencies.md).
    warned: tuple[str, ...] = ()
    suspended: dt.datetime | None = None

    def in_force(self, day: dt.date) -> tuple[Agreement, ...]:
        return tuple(a for a in self.agreements if a.in_force(day))

    def covered_until(self, day: dt.date) -> dt.date | None:
        """The last day from ``day`` on without a gap in the agreements (None: no end).

        Raises ValueError when no agreement is in force on ``day``.
        """
        if not self.in_force(day):
            raise ValueError("no agreement in force")
        last = day - dt.timedelta(days=1)
        while True:
            following = [
                a
                for a in self.agreements
                if a.start <= last + dt.timedelta(days=1) and (a.end is None or a.end > last)
            ]
            if not following:
                return last
            if any(a.end is None for a in following):
                return None
            last = max(a.end for a in following)

    def lapsed(self, day: dt.date) -> bool:
        """True when agreements ended before ``day`` and none is in force on it."""
        return not self.in_force(day) and any(
            a.end is not None and a.end < day for a in self.agreements
        )

    def lapses_soon(self, day: dt.date, days: int = WARN_DAYS) -> dt.date | None:
        """The last day covered, if agreements in force on ``day`` run out within ``days``."""
        if not self.in_force(day):
            return None
        last = self.covered_until(day)
        return last if last is not None and (last - day).days <= days else None


def why_not(agency: Agency | None, day: dt.date) -> str | None:
    """Why an agency may not have a new domain on ``day`` (a code), or None if it may.

    ``agency.unknown``: not recorded; ``agency.no_agreement``: no agreement at
    all; ``agency.agreement_ended``: every agreement ended before ``day``;
    ``agency.agreement_not_started``: the agreements start later.
    """
    if agency is None:
        return "agency.unknown"
    if not agency.agreements:
        return "agency.no_agreement"
    if agency.in_force(day):
        return None
    if any(a.start > day for a in agency.agreements):
        return "agency.agreement_not_started"
    return "agency.agreement_ended"
