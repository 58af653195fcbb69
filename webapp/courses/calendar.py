"""The published courses as iCalendar (RFC 5545), beside the refresh schedule's feed."""

import datetime as dt

from icalendar import Event

from directory.courses.rules import Course
from webapp.schedule.calendar import UID_DOMAIN, new_calendar


def feed(courses: list[Course], title: str, describe, place, now) -> bytes:
    """One all-day event per course (its days); a refresh day inside it is in its text.
    ``describe(course)`` and ``place(course)`` give its text and place in the page's language."""
    calendar = new_calendar("Kurs", title)
    for course in courses:
        event = Event()
        event.add("uid", f"course-{course.name}@{UID_DOMAIN}")
        event.add("dtstamp", now)
        event.add("summary", course.title)
        event.add("dtstart", course.start)
        event.add("dtend", course.end + dt.timedelta(days=1))
        event.add("location", place(course))
        event.add("description", describe(course))
        event.add("status", "CONFIRMED")
        calendar.add_component(event)
    return calendar.to_ical()
