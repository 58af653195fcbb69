"""Sending a code, a link or a notice, and a sign-in attempt: one call each, outside any view."""

from directory.connection import DELETE
from webapp.auth import sending


def test_send_code_sends_one_sms_and_counts_it_for_the_name(app, person, outbox):
    """Sent for a real name; a second call past a limit of one is refused, nothing sent."""
    app.config["SERES_LIMIT_CODES_PER_PERSON"] = "1/hour"
    with app.test_request_context():
        first = sending.send_code(person.username)
        second = sending.send_code(person.username)
    assert first == sending.Sent(200) and first.sent
    assert second.status == 429 and second.refusal.name == "CODES_PER_PERSON"
    assert [m["kind"] for m in outbox()] == ["sms"]


def test_send_recovery_link_answers_alike_and_sends_only_to_a_real_person(app, person, outbox):
    """200 for both names; one e-mail, to the real person's address."""
    with app.test_request_context():
        real = sending.send_recovery_link(person.username)
        unknown = sending.send_recovery_link("no-such-" + person.username)
    assert real == unknown == sending.Sent(200)
    assert [m["to"] for m in outbox()] == [f"{person.username}@test.example"]


def test_send_link_says_false_for_a_person_without_an_address(app, person, manager, outbox):
    """No e-mail address: no link, and the caller is told."""
    manager.modify(person.dn, {"mail": [(DELETE, [])]})
    with app.test_request_context():
        assert sending.send_link("activate", person.username) is False
    assert outbox() == []


def test_tell_needs_an_address_or_a_mobile(app, person, manager, outbox):
    """Neither e-mail nor mobile: nothing sent, False; with a mobile only, an SMS."""
    manager.modify(person.dn, {"mail": [(DELETE, [])]})
    with app.test_request_context():
        assert sending.tell(person.username, sending.APP) is True
        manager.modify(person.dn, {"mobile": [(DELETE, [])]})
        assert sending.tell(person.username, sending.APP) is False
    assert [m["kind"] for m in outbox()] == ["sms"]


def test_one_sign_in_attempt_is_one_call(app, person, binder):
    """attempts.attempt: signed in with the right code; refused by the address's limit next."""
    from webapp.auth import attempts

    app.config["SERES_LIMIT_ATTEMPTS_PER_ADDRESS"] = "1/minute"
    code = binder.next_code(person.username, person.otp_secret)
    with app.test_request_context():
        signed_in = attempts.attempt(person.username, person.password, code)
        refused = attempts.attempt(person.username, person.password, code)
    assert signed_in.person is not None and signed_in.person.dn == person.dn
    assert refused.person is None and refused.refusal.name == "ATTEMPTS_PER_ADDRESS"
