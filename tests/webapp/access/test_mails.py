"""The lifecycle's e-mails name the domain and the person, and end with the desk's sign-off."""

from directory.grants.expire import ACCESS_ENDING
from tests.webapp.orders.helpers import mails
from webapp.access.mails import send


def test_an_ending_access_e_mail_names_domain_and_person_and_signs_off(app):
    with app.test_request_context("/"):
        send(
            ACCESS_ENDING,
            "eier@bufdir.example",
            username="kari.nordmann",
            domain="BUFdir",
            env="prod",
            last_day="2026-03-31",
            days=14,
        )
    [mail] = mails(app)
    assert "kari.nordmann" in mail["body"] and "BUFdir" in mail["body"]
    assert mail["body"].endswith(
        "Med vennlig hilsen\nSERES brukerservice\nbrukerservice@seres.example\n"
    )
