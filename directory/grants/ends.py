"""When write grants end: the operator's days, the order's end date, the end moment.

A grant ordered "until 2027-03-01" holds through that day in Oslo: it ends
at the following midnight, Oslo time (stored in UTC).
"""

import datetime as dt

from directory.errors import InvalidValue
from directory.sync.schedule import OSLO


def days(name: str, value) -> int:
    """A whole number of days above 0, or InvalidValue naming the setting."""
    try:
        number = int(str(value).strip())
    except ValueError:
        number = 0
    if number < 1:
        raise InvalidValue(f"{name} must be a whole number of days above 0, not {value!r}")
    return number


def end_of(day: dt.date) -> dt.datetime:
    """The moment a grant that holds through ``day`` (in Oslo) ends, in UTC."""
    midnight = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=OSLO)
    return midnight.astimezone(dt.UTC)


def oslo_day(moment: dt.datetime) -> dt.date:
    """The day in Oslo at ``moment``."""
    return moment.astimezone(OSLO).date()


def last_day(end: dt.datetime) -> dt.date:
    """The last day (in Oslo) a grant ending at ``end`` holds."""
    return oslo_day(end - dt.timedelta(seconds=1))
