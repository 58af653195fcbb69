"""Enquiries: asked on a form, in the desk's queue, answered on the page and by e-mail."""

import email
import io

import pytest

from directory.enquiries import store
from directory.orders import store as orders
from tests.support import csrf_token, post_form, web_sign_in


def body(raw: str) -> str:
    """The text of a message as the SMTP server got it (8-bit UTF-8, one part)."""
    message = email.message_from_string(raw)
    assert message.get_content_type() == "text/plain"
    return message.get_payload()


@pytest.fixture
def asker(make_person):
    return make_person()


@pytest.fixture
def signed_in(app, binder):
    def sign_in(account):
        client = app.test_client()
        assert web_sign_in(client, binder, account).status_code == 303
        return client

    return sign_in


@pytest.fixture
def desk(make_person, tree):
    return make_person(groups=(tree.servicedesk,))


QUESTION = {"topic": "agreement", "domain": "", "text": "Hvordan får vi en avtale?\nHilsen oss"}


def ask(client, data=QUESTION):
    return post_form(client, "/enquiries/new", data)


def test_an_enquiry_lands_in_the_desks_queue_and_the_desk_is_mailed(
    signed_in, asker, desk, smtp_inbox, webapp, tree, clean_orders
):
    """Open (ready for the desk) in the order queue; the desk gets an e-mail with the link."""
    response = ask(signed_in(asker))
    assert response.status_code == 303
    enquiry_id = response.headers["Location"].rsplit("/", 1)[1]
    queued = orders.queue(webapp, tree, state="ready").orders
    assert [(o.id, o.type) for o in queued] == [(enquiry_id, "enquiry")]
    assert queued[0].details["text"] == QUESTION["text"]
    to_desk = [
        body(m) for _f, to, m in smtp_inbox.messages if f"{desk.username}@test.example" in to
    ]
    assert len(to_desk) == 1 and f"/enquiries/{enquiry_id}" in to_desk[0]
    queue_page = signed_in(desk).get("/orders/queue").get_data(as_text=True)
    assert "Henvendelse" in queue_page and enquiry_id in queue_page


def test_the_desk_answers_on_the_page_and_the_answer_is_mailed(
    signed_in, asker, desk, smtp_inbox, webapp, tree, clean_orders
):
    """The answer is in the history, the state is completed, and the asker gets the text."""
    enquiry_id = ask(signed_in(asker)).headers["Location"].rsplit("/", 1)[1]
    desk_client = signed_in(desk)
    url = f"/enquiries/{enquiry_id}"
    page = desk_client.get(url).get_data(as_text=True)
    response = desk_client.post(
        f"{url}/answer", data={"csrf_token": csrf_token(page), "answer": "Fyll ut skjemaet."}
    )
    assert response.status_code == 303
    enquiry = store.get_enquiry(webapp, tree, enquiry_id)
    assert enquiry.state == "completed"
    assert [(e.event, e.reason) for e in enquiry.events][-1] == ("answered", "Fyll ut skjemaet.")
    to_asker = [
        body(m) for _f, to, m in smtp_inbox.messages if f"{asker.username}@test.example" in to
    ]
    assert len(to_asker) == 1 and "Fyll ut skjemaet." in to_asker[0]


def test_attachments_are_refused_and_nothing_is_stored(
    signed_in, asker, webapp, tree, clean_orders
):
    """A file with the form: 400, the words say why, no enquiry."""
    client = signed_in(asker)
    page = client.get("/enquiries/new").get_data(as_text=True)
    data = {"csrf_token": csrf_token(page), **QUESTION, "file": (io.BytesIO(b"x"), "a.pdf")}
    response = client.post("/enquiries/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "Vedlegg kan ikke sendes her" in response.get_data(as_text=True)
    assert orders.queue(webapp, tree).orders == ()


def test_an_enquiry_without_a_question_is_shown_again_with_400(signed_in, asker, webapp, tree):
    """Topic and text are required; a domain must be a domain name."""
    response = ask(signed_in(asker), {"topic": "", "domain": "ikke et domene", "text": ""})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Velg et emne." in html and "Skriv spørsmålet ditt." in html
    assert orders.queue(webapp, tree).orders == ()


def test_only_the_asker_and_the_desk_see_an_enquiry(signed_in, asker, make_person, clean_orders):
    """Another person gets 404; the asker may withdraw it while it is open."""
    client = signed_in(asker)
    url = ask(client).headers["Location"]
    assert signed_in(make_person()).get(url).status_code == 404
    page = client.get(url).get_data(as_text=True)
    response = client.post(f"{url}/withdraw", data={"csrf_token": csrf_token(page)})
    assert response.status_code == 303
    assert "Trukket tilbake" in client.get(url).get_data(as_text=True)


def test_the_order_page_of_an_enquiry_leads_to_its_own_page(signed_in, asker, clean_orders):
    """Reached from the order lists, /orders/<id> sends an enquiry to /enquiries/<id>."""
    client = signed_in(asker)
    url = ask(client).headers["Location"]
    enquiry_id = url.rsplit("/", 1)[1]
    response = client.get(f"/orders/{enquiry_id}")
    assert response.status_code == 303 and response.headers["Location"].endswith(url)


def test_the_history_names_people_by_name_not_username(signed_in, asker, clean_orders):
    client = signed_in(asker)
    enquiry_id = ask(client).headers["Location"].rsplit("/", 1)[1]
    page = client.get(f"/enquiries/{enquiry_id}").get_data(as_text=True)
    assert f"<td>Test {asker.username}</td>" in page
