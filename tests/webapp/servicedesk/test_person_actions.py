"""The desk's actions on a person's page: unlock, disable, enable, back to SMS; each with a reason."""

import pytest

from directory import otp
from directory.connection import DELETE
from directory.desk import audit
from directory.errors import InvalidCredentials
from directory.grants import store
from directory.grants.leavers import LOCKED_FOR_GOOD
from tests.support import post_form, web_sign_in


def act(client, username: str, action: str, reason: str, page: str | None = None):
    url = f"/servicedesk/person/{username}"
    page = page or client.get(url).get_data(as_text=True)
    return post_form(client, f"{url}/{action}", {f"{action}-reason": reason}, page)


def test_the_desk_disables_a_person_with_a_reason(
    app, client, binder, desk, make_person, manager, webapp, tree, clean_grants
):
    """Locked for good, every group gone with the reason in its history, sessions ended;
    the audit trail names the desk person for the lock."""
    person = make_person(groups=(tree.readers("prod"), tree.writers("prod", "BUFdir")))
    theirs = app.test_client()
    web_sign_in(theirs, binder, person)
    web_sign_in(client, binder, desk)
    response = act(client, person.username, "disable", "Sluttet i BUFdir")
    assert response.status_code == 303
    values = manager.read(person.dn, ["pwdAccountLockedTime", "memberOf"])
    assert values["pwdAccountLockedTime"] == [LOCKED_FOR_GOOD]
    assert not values.get("memberOf")
    grant = store.get_grant(webapp, tree.writers("prod", "BUFdir"), person.dn)
    assert any(e.reason == "Sluttet i BUFdir" for e in grant.events)
    assert theirs.get("/account/activity").status_code in (302, 303)
    lines = audit.trail(manager, tree, audit.Scope(person_dn=person.dn))
    lock = [
        line for line in lines if any(c.attribute == "pwdAccountLockedTime" for c in line.changes)
    ]
    assert lock and lock[0].actor_dn.lower() == desk.dn.lower()
    page = client.get(f"/servicedesk/person/{person.username}").get_data(as_text=True)
    assert "Aktiver kontoen" in page and "Deaktiver kontoen" not in page


def test_disabling_without_a_reason_is_a_400_and_changes_nothing(
    client, binder, desk, make_person, manager, tree
):
    """The reason's message in bokmål; the person keeps their groups and can sign in."""
    person = make_person(groups=(tree.readers("prod"),))
    web_sign_in(client, binder, desk)
    response = act(client, person.username, "disable", "  ")
    assert response.status_code == 400
    assert "Oppgi en begrunnelse." in response.get_data(as_text=True)
    values = manager.read(person.dn, ["pwdAccountLockedTime", "memberOf"])
    assert not values.get("pwdAccountLockedTime") and values.get("memberOf")


def test_an_action_without_the_csrf_token_changes_nothing(
    client, binder, desk, make_person, manager
):
    """No token: 400, not locked."""
    person = make_person()
    web_sign_in(client, binder, desk)
    response = client.post(
        f"/servicedesk/person/{person.username}/disable", data={"disable-reason": "x"}
    )
    assert response.status_code == 400
    assert not manager.read(person.dn, ["pwdAccountLockedTime"]).get("pwdAccountLockedTime")


def test_the_desk_enables_a_disabled_person_without_access(
    client, binder, desk, make_person, manager, tree, clean_grants
):
    """Enabled: the person signs in again, with no group back."""
    person = make_person(groups=(tree.readers("prod"),))
    web_sign_in(client, binder, desk)
    assert act(client, person.username, "disable", "Permisjon").status_code == 303
    response = act(client, person.username, "enable", "Tilbake fra permisjon")
    assert response.status_code == 303
    values = manager.read(person.dn, ["pwdAccountLockedTime", "memberOf"])
    assert not values.get("pwdAccountLockedTime") and not values.get("memberOf")
    binder.person(person).close()  # binds with password and code again


def test_the_desk_switches_an_app_user_back_to_sms(
    client, binder, desk, make_person, webapp, tree, outbox
):
    """The token becomes an SMS token; the person is told; the page offers no switch again."""
    person = make_person()
    otp.set_token(webapp, tree, person.username, otp.new_secret(), "app")
    web_sign_in(client, binder, desk)
    page = client.get(f"/servicedesk/person/{person.username}").get_data(as_text=True)
    assert "Bytt til koder på SMS" in page
    response = act(client, person.username, "sms", "Mistet telefonen", page)
    assert response.status_code == 303
    token = otp.read_token(webapp, tree, person.username)
    assert not otp.uses_app(tree, token)
    assert any(m["kind"] == "email" and "SMS" in m["body"] for m in outbox())
    page = client.get(f"/servicedesk/person/{person.username}").get_data(as_text=True)
    assert "Bytt til koder på SMS" not in page


def test_back_to_sms_without_a_mobile_is_a_400(
    client, binder, desk, make_person, manager, webapp, tree
):
    """No number to send to: the token stays the app's."""
    person = make_person()
    otp.set_token(webapp, tree, person.username, otp.new_secret(), "app")
    manager.modify(person.dn, {"mobile": [(DELETE, [])]})
    web_sign_in(client, binder, desk)
    response = act(client, person.username, "sms", "Mistet telefonen")
    assert response.status_code == 400
    assert otp.uses_app(tree, otp.read_token(webapp, tree, person.username))


def test_unlock_is_offered_only_when_locked(client, binder, desk, make_person, manager):
    """An unlocked account shows no unlock; a locked one does, and unlocking ends the lock."""
    person = make_person()
    web_sign_in(client, binder, desk)
    page = client.get(f"/servicedesk/person/{person.username}").get_data(as_text=True)
    assert "Lås opp kontoen" not in page
    for _ in range(5):
        with pytest.raises(InvalidCredentials):
            binder.servers().bind(person.dn, "wrong-password-000000")
    page = client.get(f"/servicedesk/person/{person.username}").get_data(as_text=True)
    assert "Lås opp kontoen" in page
    assert act(client, person.username, "unlock", "Ringte inn", page).status_code == 303
    assert not manager.read(person.dn, ["pwdAccountLockedTime"]).get("pwdAccountLockedTime")


def test_only_the_desk_may_act(client, binder, make_person, manager):
    """Anyone else: 403, nothing locked."""
    person, other = make_person(), make_person()
    web_sign_in(client, binder, other)
    page = client.get("/account/activity").get_data(as_text=True)
    response = post_form(
        client, f"/servicedesk/person/{person.username}/disable", {"disable-reason": "x"}, page
    )
    assert response.status_code == 403
    assert not manager.read(person.dn, ["pwdAccountLockedTime"]).get("pwdAccountLockedTime")


def test_the_desk_sees_the_persons_sessions_and_sign_ins(app, client, binder, desk, make_person):
    """The person's browser is listed with its address, without a button to end it."""
    person = make_person()
    theirs = app.test_client()
    theirs.environ_base["HTTP_USER_AGENT"] = "curl/8.5.0"
    web_sign_in(theirs, binder, person)
    web_sign_in(client, binder, desk)
    page = client.get(f"/servicedesk/person/{person.username}").get_data(as_text=True)
    sessions = page.split("Hvor personen er logget inn nå")[-1].split("</table>")[0]
    assert "curl" in sessions and "127.0.0.1" in sessions
    assert 'name="sid"' not in page
    assert "logget inn" in page.split("Nylige innlogginger i denne webappen")[1]
