"""Courses as values and their rules, without the directory: fields, seats, the
access window, refresh days inside a course. Errors are codes (webapp/courses/messages.py)."""

import datetime as dt
from dataclasses import dataclass, field

from directory.tree import COURSE_NAME

BASIC, CUSTOM = "basic", "custom"
KINDS = (BASIC, CUSTOM)
LANGUAGES = ("nb", "en")
MAX_SEATS = 500
MAX_TEXT = 256
# Course access holds this many days after the last course day (SERES_COURSE_MARGIN_DAYS).
DEFAULT_MARGIN_DAYS = 3


class Invalid(ValueError):
    """A course's fields or a sign-up refused: ``codes`` by field (or ``""`` for the whole)."""

    def __init__(self, codes: dict[str, str]):
        super().__init__(", ".join(f"{k or 'course'}: {v}" for k, v in codes.items()))
        self.codes = codes


@dataclass(frozen=True)
class Course:
    name: str
    title: str
    kind: str
    start: dt.date
    end: dt.date
    seats: int
    language: str
    place: str = ""
    online: bool = False
    domains: tuple[str, ...] = ()
    published: bool = False
    participants: tuple[str, ...] = field(default=(), compare=False)
    completed: tuple[str, ...] = field(default=(), compare=False)
    closed: bool = False
    warned: tuple[str, ...] = ()

    @property
    def seats_left(self) -> int:
        return max(0, self.seats - len(self.participants))

    def days(self) -> list[dt.date]:
        return [self.start + dt.timedelta(days=n) for n in range((self.end - self.start).days + 1)]

    def takes_part(self, person_dn: str) -> bool:
        return person_dn.lower() in {p.lower() for p in self.participants}

    def has_completed(self, person_dn: str) -> bool:
        return person_dn.lower() in {p.lower() for p in self.completed}


def check(data: dict) -> dict:
    """The checked fields of a new course (plain values); raise Invalid with codes."""
    codes: dict[str, str] = {}
    name = str(data.get("name") or "").strip()
    if not COURSE_NAME.fullmatch(name):
        codes["name"] = "name"
    title = str(data.get("title") or "").strip()
    if not title or len(title) > MAX_TEXT:
        codes["title"] = "title"
    if data.get("kind") not in KINDS:
        codes["kind"] = "kind"
    if data.get("language") not in LANGUAGES:
        codes["language"] = "language"
    start, end = data.get("start"), data.get("end")
    if not isinstance(start, dt.date):
        codes["start"] = "date"
    if not isinstance(end, dt.date):
        codes["end"] = "date"
    elif isinstance(start, dt.date) and end < start:
        codes["end"] = "end_before_start"
    elif isinstance(start, dt.date) and (end - start).days > 30:
        codes["end"] = "too_long"
    try:
        seats = int(data.get("seats"))
    except (TypeError, ValueError):
        seats = 0
    if not 1 <= seats <= MAX_SEATS:
        codes["seats"] = "seats"
    online = bool(data.get("online"))
    place = str(data.get("place") or "").strip()
    if not online and not place or len(place) > MAX_TEXT:
        codes["place"] = "place"
    domains = tuple(d.strip() for d in data.get("domains") or () if d.strip())
    if codes:
        raise Invalid(codes)
    return {
        "name": name,
        "title": title,
        "kind": data["kind"],
        "language": data["language"],
        "start": start,
        "end": end,
        "seats": seats,
        "online": online,
        "place": place,
        "domains": domains,
    }


def access_window(course: Course, margin_days: int) -> tuple[dt.date, dt.date]:
    """The first and the last day (Oslo) of a participant's course-environment access."""
    return course.start, course.end + dt.timedelta(days=margin_days)


def refresh_days_inside(course: Course, refresh_days: list[dt.date]) -> list[dt.date]:
    """The refresh days that fall on a day of the course."""
    return sorted({d for d in refresh_days if course.start <= d <= course.end})


def may_sign_up(course: Course, person_dn: str, today: dt.date) -> str | None:
    """Why ``person_dn`` may not be signed up now (a code), or None."""
    if not course.published:
        return "not_published"
    if course.takes_part(person_dn):
        return "already"
    if today > course.start:
        return "started"
    if course.seats_left < 1:
        return "full"
    return None
