"""The desk changes a person's mobile on the person's page; both numbers are told."""

from tests.support import csrf_token, web_sign_in


def post_contact(client, url: str, data: dict, page: str):
    """POST one of the page's two contact forms (prefixed fields, its own CSRF field)."""
    return client.post(url, data={"mobile-csrf_token": csrf_token(page), **data})


def test_the_desk_changes_a_mobile_and_both_numbers_are_told(
    client, binder, desk, make_person, manager, outbox
):
    """CSRF-checked form; 303; the new number stored; an SMS to the old and to the new number."""
    person = make_person()
    web_sign_in(client, binder, desk)
    url = f"/servicedesk/person/{person.username}"
    page = client.get(url).get_data(as_text=True)
    response = post_contact(
        client,
        f"{url}/mobile",
        {"mobile-value": "+47 912 34 567", "mobile-reason": "Ny telefon"},
        page,
    )
    assert response.status_code == 303
    assert manager.read(person.dn, ["mobile"])["mobile"] == ["+4791234567"]
    texts = [m for m in outbox() if m["kind"] == "sms"][-2:]
    assert {m["to"] for m in texts} == {"+4799999999", "+4791234567"}
    assert all("Ny telefon" in m["text"] and "+4791234567" in m["text"] for m in texts)


def test_a_bad_number_is_a_400_and_changes_nothing(client, binder, desk, make_person, manager):
    """The page comes back with the field's message in bokmål."""
    person = make_person()
    web_sign_in(client, binder, desk)
    url = f"/servicedesk/person/{person.username}"
    page = client.get(url).get_data(as_text=True)
    response = post_contact(
        client, f"{url}/mobile", {"mobile-value": "12", "mobile-reason": "x"}, page
    )
    assert response.status_code == 400
    assert "Dette er ikke et gyldig telefonnummer." in response.get_data(as_text=True)
    assert manager.read(person.dn, ["mobile"])["mobile"] == ["+4799999999"]


def test_a_post_without_the_csrf_token_changes_nothing(client, binder, desk, make_person, manager):
    """No token: 400, the number stays."""
    person = make_person()
    web_sign_in(client, binder, desk)
    response = client.post(
        f"/servicedesk/person/{person.username}/mobile",
        data={"mobile-value": "+4791234567", "mobile-reason": "x"},
    )
    assert response.status_code == 400
    assert manager.read(person.dn, ["mobile"])["mobile"] == ["+4799999999"]


def test_a_reason_too_long_comes_with_the_bad_number(client, binder, desk, make_person, manager):
    """Both fields' errors at once, not the length first and the number after."""
    person = make_person()
    web_sign_in(client, binder, desk)
    url = f"/servicedesk/person/{person.username}"
    page = client.get(url).get_data(as_text=True)
    data = {"mobile-value": "12", "mobile-reason": "x" * 501}
    response = post_contact(client, f"{url}/mobile", data, page)
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "Dette er ikke et gyldig telefonnummer." in text
    assert 'id="mobile-reason-error"' in text
    assert manager.read(person.dn, ["mobile"])["mobile"] == ["+4799999999"]
