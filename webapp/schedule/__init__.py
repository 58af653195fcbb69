"""The public course refresh schedule: a page and an iCalendar feed."""
