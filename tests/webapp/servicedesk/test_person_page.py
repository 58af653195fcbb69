"""The desk's page of a person: access with when and by whom, lock only when locked."""

import pytest

from directory.errors import InvalidCredentials
from directory.groups import add_member
from tests.support import post_form, web_sign_in


def test_the_page_lists_access_with_who_granted_it(
    client, binder, desk, make_person, manager, tree
):
    """A write group shows who added the person; an unlocked account shows no lock line."""
    person = make_person()
    add_member(manager, tree, tree.writers("prod", "BUFdir"), person.dn)
    web_sign_in(client, binder, desk)
    page = client.get(f"/servicedesk/person/{person.username}").get_data(as_text=True)
    assert "writers-bufdir" in page.lower()
    assert "manager" in page
    assert "Låst ute" not in page
    assert "ingen sluttdato" in page
    assert f"/servicedesk/audit?person={person.username}" in page


def test_a_locked_account_says_since_when(client, binder, desk, make_person):
    """After five failed sign-ins the page says the account is locked, and lists the failures."""
    person = make_person()
    for _ in range(5):
        with pytest.raises(InvalidCredentials):
            binder.servers().bind(person.dn, "wrong-password-000000")
    web_sign_in(client, binder, desk)
    page = client.get(f"/servicedesk/person/{person.username}").get_data(as_text=True)
    assert "Låst ute" in page and "Nylige mislykkede innlogginger" in page


@pytest.mark.parametrize("username", ["nobody-here", "a*)(uid=*"])
def test_an_unknown_person_is_404(client, binder, desk, username):
    """No such person, or a name no person could have: 404."""
    web_sign_in(client, binder, desk)
    assert client.get(f"/servicedesk/person/{username}").status_code == 404


def test_only_the_desk_sees_a_persons_page(client, binder, make_person):
    """Anyone else gets 403."""
    other = make_person()
    web_sign_in(client, binder, other)
    assert client.get(f"/servicedesk/person/{other.username}").status_code == 403


def test_every_person_sees_their_own_account_activity(client, binder, make_person, manager, tree):
    """Own page: last sign-in, second factor and groups, without the desk's links."""
    person = make_person(groups=(tree.readers("prod"),))
    web_sign_in(client, binder, person)
    page = client.get("/account/activity").get_data(as_text=True)
    assert "Min kontoaktivitet" in page
    assert "readers" in page
    assert "Siste innlogging" in page and "aldri" not in page.split("Siste innlogging")[1][:200]
    assert "/servicedesk/people" not in page


def test_the_activity_page_needs_a_sign_in(client):
    """A visitor is sent to sign in."""
    assert client.get("/account/activity").status_code in (302, 303)


def test_sign_out_everywhere_ends_the_other_browsers_session(app, client, binder, make_person):
    """Two browsers signed in; the button in one ends both (CSRF-checked)."""
    person = make_person()
    other = app.test_client()
    web_sign_in(client, binder, person)
    web_sign_in(other, binder, person, ask=False)
    assert other.get("/account/activity").status_code == 200
    page = client.get("/account/activity").get_data(as_text=True)
    assert client.post("/account/sign-out-everywhere").status_code == 400
    response = post_form(client, "/account/sign-out-everywhere", {}, page)
    assert response.status_code == 303
    assert other.get("/account/activity").status_code in (302, 303)
    assert client.get("/account/activity").status_code in (302, 303)
