"""An owner chooses a daily digest instead of one e-mail per order or review event."""

import email
import re

import pytest

from directory import preferences
from directory.digest.service import DAILY_DIGEST
from tests.support import csrf_token, web_sign_in


@pytest.fixture
def owner(make_person, tree):
    return make_person(groups=(tree.owners("BUFdir"), tree.readers("prod")))


def test_an_owner_chooses_the_daily_digest_from_the_menu(client, binder, owner, webapp):
    """The menu links the page; the form (CSRF) stores the choice; the page shows it."""
    web_sign_in(client, binder, owner)
    assert "/account/notifications" in client.get("/").get_data(as_text=True)
    page = client.get("/account/notifications").get_data(as_text=True)
    assert "Én oppsummering om dagen" in page
    response = client.post(
        "/account/notifications", data={"csrf_token": csrf_token(page), "how": "daily"}
    )
    assert response.status_code == 303
    assert preferences.wants_digest(webapp, owner.dn) is True
    shown = client.get("/account/notifications").get_data(as_text=True)
    [daily] = re.findall(r'<input[^>]*value="daily"[^>]*>', shown)
    assert "checked" in daily


@pytest.mark.parametrize("with_token", [True, False])
def test_a_bad_choice_or_no_token_is_a_400_and_stores_nothing(
    client, binder, owner, webapp, with_token
):
    """A value not offered, or no CSRF token: 400, the choice stays one mail per event."""
    web_sign_in(client, binder, owner)
    page = client.get("/account/notifications").get_data(as_text=True)
    data = {"how": "hourly" if with_token else "daily"}
    if with_token:
        data["csrf_token"] = csrf_token(page)
    response = client.post("/account/notifications", data=data)
    assert response.status_code == 400
    if with_token:
        assert "Ikke et gyldig valg" in response.get_data(as_text=True)
    assert preferences.wants_digest(webapp, owner.dn) is False


def test_the_digest_is_mailed_in_bokmal_with_links(app, smtp_inbox):
    """Through real SMTP: the orders awaiting, the news and the review, each with its link."""
    from webapp.access import mails

    order_id = "0" * 32
    with app.test_request_context("/"):
        mails.send(
            DAILY_DIGEST,
            "eier@test.example",
            approvals=[[order_id, "access"]],
            steps=[[order_id, "access", "approved"]],
            reviews=[["BUFdir", "2031-06-01"]],
        )
    ((_, to, raw),) = smtp_inbox.messages
    assert to == ["eier@test.example"]
    content = email.message_from_string(raw).get_payload(decode=True).decode()
    assert "Bestillinger som venter på din godkjenning (1)" in content
    assert f"/orders/{order_id}" in content
    assert "BUFdir" in content and "2031-06-01" in content
    assert "/account/notifications" in content
