"""Enquiries without sign-in: a public form, rate limited, in the same queue, answered by mail."""

import email

import pytest

from directory.enquiries import store
from directory.orders import store as orders
from tests.support import csrf_token, post_form, web_sign_in

QUESTION = {
    "name": "Kari Nordmann",
    "email": "kari@etaten.example",
    "topic": "agreement",
    "text": "Hvordan får vi en avtale med SERES?",
}


def body(raw: str) -> str:
    return email.message_from_string(raw).get_payload()


@pytest.fixture
def desk_client(app, make_person, binder, tree):
    desk = make_person(groups=(tree.servicedesk,))
    client = app.test_client()
    assert web_sign_in(client, binder, desk).status_code == 303
    client.desk = desk
    return client


def ask(client, data=QUESTION):
    return post_form(client, "/enquiries/ask", data)


def queued(webapp, tree):
    return orders.queue(webapp, tree, kind="enquiry").orders


def test_an_enquiry_without_sign_in_lands_in_the_desks_queue(
    client, desk_client, smtp_inbox, webapp, tree, clean_orders
):
    """No account needed: the desk is mailed, the enquiry holds the name and address."""
    response = ask(client)
    assert response.status_code == 303 and response.headers["Location"].endswith("/start")
    [enquiry] = queued(webapp, tree)
    assert enquiry.state == "ready" and enquiry.topic == "agreement"
    assert (enquiry.details["name"], enquiry.details["email"]) == (
        "Kari Nordmann",
        QUESTION["email"],
    )
    assert enquiry.orderer.lower() == webapp.bound_dn.lower()
    to_desk = [t for _f, t, _m in smtp_inbox.messages if f"{desk_client.desk.username}@" in str(t)]
    assert len(to_desk) == 1
    page = desk_client.get(f"/enquiries/{enquiry.id}").get_data(as_text=True)
    assert "Kari Nordmann &lt;kari@etaten.example&gt;" in page


def test_the_answer_to_an_enquiry_without_sign_in_is_mailed_to_the_address_given(
    client, desk_client, smtp_inbox, webapp, tree, clean_orders
):
    ask(client)
    [enquiry] = queued(webapp, tree)
    url = f"/enquiries/{enquiry.id}"
    page = desk_client.get(url).get_data(as_text=True)
    response = desk_client.post(
        f"{url}/answer", data={"csrf_token": csrf_token(page), "answer": "Send oss et brev."}
    )
    assert response.status_code == 303
    assert store.get_enquiry(webapp, tree, enquiry.id).state == "completed"
    answers = [body(m) for _f, to, m in smtp_inbox.messages if QUESTION["email"] in str(to)]
    assert len(answers) == 1 and "Send oss et brev." in answers[0]
    assert "/enquiries/" not in answers[0]  # a page they cannot open without an account


def test_a_wrong_public_enquiry_is_shown_again_with_400_and_nothing_is_stored(
    client, webapp, tree, clean_orders
):
    response = ask(client, {**QUESTION, "email": "ikke en adresse", "name": "", "text": ""})
    assert response.status_code == 400
    assert queued(webapp, tree) == ()
    html = response.get_data(as_text=True)
    assert 'aria-invalid="true"' in html or "error" in html


def test_a_public_enquiry_with_a_file_is_refused(client, webapp, tree, clean_orders):
    import io

    page = client.get("/enquiries/ask").get_data(as_text=True)
    response = client.post(
        "/enquiries/ask",
        data={"csrf_token": csrf_token(page), **QUESTION, "file": (io.BytesIO(b"x"), "a.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert queued(webapp, tree) == ()


def test_a_public_enquiry_without_csrf_token_is_refused(client, webapp, tree, clean_orders):
    client.get("/enquiries/ask")
    assert client.post("/enquiries/ask", data=QUESTION).status_code == 400
    assert queued(webapp, tree) == ()


def test_public_enquiries_are_limited_per_address(app, client, webapp, tree, clean_orders):
    """Two allowed from one address; the third is refused with the limit in words (429)."""
    app.config["SERES_LIMIT_ENQUIRIES_PER_ADDRESS"] = "2/hour"
    assert ask(client).status_code == 303
    assert ask(client).status_code == 303
    response = ask(client)
    assert response.status_code == 429
    assert "nettverksadresse" in response.get_data(as_text=True)
    assert len(queued(webapp, tree)) == 2
    other = app.test_client()
    page = other.get("/enquiries/ask").get_data(as_text=True)
    response = other.post(
        "/enquiries/ask",
        data={"csrf_token": csrf_token(page), **QUESTION},
        environ_base={"REMOTE_ADDR": "192.0.2.7"},
    )
    assert response.status_code == 303


def test_public_enquiries_are_limited_in_all(app, client, webapp, tree, clean_orders):
    app.config["SERES_LIMIT_ENQUIRIES"] = "1/hour"
    assert ask(client).status_code == 303
    other = app.test_client()
    page = other.get("/enquiries/ask").get_data(as_text=True)
    response = other.post(
        "/enquiries/ask",
        data={"csrf_token": csrf_token(page), **QUESTION},
        environ_base={"REMOTE_ADDR": "192.0.2.8"},
    )
    assert response.status_code == 429
    assert len(queued(webapp, tree)) == 1


def test_the_answer_is_the_same_whether_the_address_has_an_account_or_not(
    client, webapp, tree, clean_orders, accounts
):
    """No user enumeration: a known person's address and an unknown one get the same page."""
    known = ask(client, {**QUESTION, "email": "brukerservice@seres.example"})
    unknown = ask(client, {**QUESTION, "email": "ingen@ukjent.example"})
    assert (known.status_code, known.headers["Location"]) == (
        unknown.status_code,
        unknown.headers["Location"],
    )
    first = client.get(known.headers["Location"]).get_data(as_text=True)
    assert "Henvendelsen er sendt" in first or "sendt til SERES brukerservice" in first


def test_the_desk_filters_its_queue_by_enquiry_topic(
    client, desk_client, webapp, tree, clean_orders
):
    ask(client)
    ask(client, {**QUESTION, "topic": "course", "text": "Når er neste kurs?"})
    page = desk_client.get("/orders/queue?type=enquiry&topic=course").get_data(as_text=True)
    [course] = [e for e in queued(webapp, tree) if e.topic == "course"]
    [agreement] = [e for e in queued(webapp, tree) if e.topic == "agreement"]
    assert course.id in page and agreement.id not in page
    assert orders.queue(webapp, tree, topic="agreement").orders == (agreement,)
    response = desk_client.get("/orders/queue?topic=nonsense")
    assert response.status_code == 400
