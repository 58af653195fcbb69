"""Dates and times, the one way: Oslo time in the page's language (webapp.i18n.when/day)."""

from datetime import UTC, date, datetime

from flask_babel import force_locale

from webapp.i18n import day, when


def test_a_known_moment_is_shown_in_oslo_time_in_each_language(app):
    """Winter (UTC+1) and summer (UTC+2); the directory's generalized time; naive means UTC."""
    winter = datetime(2026, 11, 29, 2, 15, tzinfo=UTC)
    summer = datetime(2026, 7, 1, 22, 30, tzinfo=UTC)
    with app.test_request_context("/"):
        with force_locale("nb"):
            assert when(winter) == "29. nov. 2026, 03:15"
            assert when(summer) == "2. juli 2026, 00:30"
            assert when("20261129021500Z") == "29. nov. 2026, 03:15"
            assert when(winter.replace(tzinfo=None)) == "29. nov. 2026, 03:15"
            assert day(date(2026, 11, 30)) == "30. nov. 2026"
        with force_locale("en"):
            assert when(winter) == "Nov 29, 2026, 3:15\u202fAM"
            assert when(summer) == "Jul 2, 2026, 12:30\u202fAM"
            assert day(date(2026, 11, 30)) == "Nov 30, 2026"


def test_what_is_not_a_time_is_shown_as_it_is(app):
    with app.test_request_context("/"):
        assert when("") == "" and when(None) == "" and when("soon") == "soon"


def test_no_page_formats_a_time_by_hand():
    """strftime, UTC labels and the old filter are gone from the templates: one way."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "webapp"
    for template in root.rglob("*.html"):
        text = template.read_text().split("#}", 1)[-1]  # after the comment naming the inputs
        for forbidden in ("strftime", "ldap_time", "UTC", "datetimeformat"):
            assert forbidden not in text, (template, forbidden)
