"""The schedule as iCalendar (RFC 5545), made with the icalendar library."""

from datetime import timedelta

from icalendar import Calendar, Event

from directory.sync.schedule import Occurrence

DURATION = timedelta(hours=2)
UID_DOMAIN = "kursmiljo.seres.example"


def new_calendar(prodid: str, title: str) -> Calendar:
    """An empty calendar of SERES's (this feed's and the courses')."""
    calendar = Calendar()
    calendar.add("prodid", f"-//SERES//{prodid}//NB")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", title)
    calendar.add("x-wr-timezone", "Europe/Oslo")
    return calendar


def feed(occurrences: list[Occurrence], title: str, summary: str, now, notes=None) -> bytes:
    """One event per date; its UID is stable (the first published day), so a
    moved or cancelled date updates the subscriber's event instead of adding one.
    ``notes``: more text for a date's description, by its identity (a course that day)."""
    calendar = new_calendar("Oppdateringer av kursmiljoet", title)
    for occurrence in occurrences:
        event = Event()
        event.add("uid", f"refresh-{occurrence.date}@{UID_DOMAIN}")
        event.add("dtstamp", now)
        event.add("summary", summary)
        event.add("dtstart", occurrence.shown)
        event.add("dtend", occurrence.shown + DURATION)
        if occurrence.status == "cancelled":
            event.add("status", "CANCELLED")
        else:
            event.add("status", "CONFIRMED")
        if occurrence.revision:
            # Raised by every change (RFC 5545 3.8.7.4), so a subscriber's
            # calendar takes the newest one, also a date put back as planned.
            event.add("sequence", occurrence.revision)
        text = "\n".join(t for t in (occurrence.reason, (notes or {}).get(occurrence.date)) if t)
        if text:
            event.add("description", text)
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
