"""Asking for a code or a link answers alike for any name: as slow, and failing alike."""

import logging
import time

from tests.support import ask_code, comparable, post_form

FAILED_CODE = "Vi fikk ikke sendt koden"
FAILED_MAIL = "Vi fikk ikke sendt e-posten"


def timed_post(client, url: str, data: dict) -> tuple[object, float]:
    """POST a form; return the answer and the seconds the POST alone took."""
    page = client.get(url).get_data(as_text=True)
    started = time.perf_counter()
    response = post_form(client, url, data, page=page)
    return response, time.perf_counter() - started


def errors_logged(caplog) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.levelno == logging.ERROR and r.name == "webapp.auth.sending"
    ]


def test_a_code_for_an_unknown_name_takes_as_long_as_a_real_send(client, person, sms_gateway):
    """With a gateway that takes 0.3 s, an unknown name's answer waits after one real send."""
    sms_gateway.delay = 0.3
    assert ask_code(client, person.username).status_code == 200
    answer, took = timed_post(client, "/login", {"username": "no-such-" + person.username})
    assert answer.status_code == 200 and took >= 0.2
    assert len(sms_gateway.requests) == 1


def test_while_sms_fails_an_unknown_name_gets_the_failure_a_real_name_gets(
    client, person, sms_gateway, caplog
):
    """Gateway answering 500: the same 503 page for both; each is logged, the stand-in as such."""
    sms_gateway.status = 500
    unknown = "no-such-" + person.username
    with caplog.at_level(logging.ERROR):
        real = ask_code(client, person.username)
        other = ask_code(client, unknown)
    assert real.status_code == 503 and FAILED_CODE in real.get_data(as_text=True)
    assert comparable(real, person.username) == comparable(other, unknown)
    sent, stand_in = errors_logged(caplog)
    assert "sending a sign-in code failed" in sent and "no real send" not in sent
    assert "sending a sign-in code failed" in stand_in and "no real send" in stand_in
    assert unknown not in stand_in and len(sms_gateway.requests) == 1


def test_once_a_real_sms_is_sent_again_unknown_names_get_the_normal_answer(
    client, person, sms_gateway
):
    """The gateway is back: unknown names fail until a real send succeeds, then get 200."""
    unknown = "no-such-" + person.username
    sms_gateway.status = 500
    assert ask_code(client, person.username).status_code == 503
    sms_gateway.status = 200
    assert ask_code(client, unknown).status_code == 503
    assert ask_code(client, person.username).status_code == 200
    real, other = ask_code(client, person.username), ask_code(client, unknown)
    assert comparable(real, person.username) == comparable(other, unknown)
    assert other.status_code == 200


def test_a_link_for_an_unknown_name_takes_as_long_as_a_real_mail(client, person, smtp_inbox):
    """With a mail server that takes 0.3 s, an unknown name's answer waits after one real link."""
    smtp_inbox.delay = 0.3
    assert post_form(client, "/forgot", {"username": person.username}).status_code == 200
    answer, took = timed_post(client, "/forgot", {"username": "no-such-" + person.username})
    assert answer.status_code == 200 and took >= 0.2
    assert len(smtp_inbox.messages) == 1


def test_while_mail_fails_an_unknown_name_gets_the_failure_a_real_name_gets(
    client, person, smtp_inbox, caplog
):
    """Mail server refusing: the same 503 page for both, until a real link goes out again."""
    unknown = "no-such-" + person.username
    smtp_inbox.refuse = True
    with caplog.at_level(logging.ERROR):
        real = post_form(client, "/forgot", {"username": person.username})
        other = post_form(client, "/forgot", {"username": unknown})
    assert real.status_code == 503 and FAILED_MAIL in real.get_data(as_text=True)
    assert comparable(real, person.username) == comparable(other, unknown)
    sent, stand_in = errors_logged(caplog)
    assert "sending a recovery link failed" in sent and "no real send" not in sent
    assert "sending a recovery link failed" in stand_in and "no real send" in stand_in
    smtp_inbox.refuse = False
    assert post_form(client, "/forgot", {"username": unknown}).status_code == 503
    real = post_form(client, "/forgot", {"username": person.username})
    other = post_form(client, "/forgot", {"username": unknown})
    assert real.status_code == other.status_code == 200
    assert comparable(real, person.username) == comparable(other, unknown)
    assert len(smtp_inbox.messages) == 1


def test_a_person_without_a_mobile_gets_the_answer_of_an_unknown_name(
    client, person, manager, sms_gateway
):
    """No number: nothing is sent, and the page is that of any name (not a failed send)."""
    from directory.connection import DELETE

    manager.modify(person.dn, {"mobile": [(DELETE, [])]})
    unknown = "no-such-" + person.username
    real, other = ask_code(client, person.username), ask_code(client, unknown)
    assert real.status_code == 200
    assert comparable(real, person.username) == comparable(other, unknown)
    assert sms_gateway.requests == []
