"""Flashed messages: errors interrupt (role="alert"), the rest wait (role="status")."""

import re

from flask import flash, render_template

from webapp.models.versions import shortened


def test_error_flashes_are_alerts_and_the_others_status(app):
    with app.test_request_context("/"):
        flash("Something went wrong", "error")
        flash("Saved", "info")
        flash("Careful", "warning")
        html = render_template("base.html")
    alert = re.search(r'<div class="messages" role="alert">(.*?)</div>', html, re.S).group(1)
    status = re.search(r'<div class="messages" role="status">(.*?)</div>', html, re.S).group(1)
    assert "Something went wrong" in alert and "Saved" not in alert
    assert "Saved" in status and "Careful" in status and "Something went wrong" not in status


def test_only_information_makes_no_alert(app):
    with app.test_request_context("/"):
        flash("Saved", "info")
        html = render_template("base.html")
    assert 'role="alert"' not in html and 'role="status"' in html


def test_a_long_warning_is_cut_at_a_word_with_an_ellipsis():
    text = "Attributtet støttes ikke: " + " ".join(["elementet"] * 30)
    short = shortened(text, 60)
    assert len(short) <= 60 and short.endswith("elementet…")
    assert short[:-1] == text[: len(short) - 1]
    assert shortened("kort tekst", 60) == "kort tekst"
    assert shortened("x" * 100, 10) == "x" * 9 + "…"  # no space: cut where it must
