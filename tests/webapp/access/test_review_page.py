"""A domain's review page (issue 12 item 3): owners keep or remove each writer in one form."""

import datetime as dt

import pytest

from directory.domains import create_domain
from directory.grants import review, store
from directory.groups import create_group, members_of
from tests.support import post_form, web_sign_in

DOMAIN = "Gjennomgang-web"
URL = f"/domains/{DOMAIN}/review"


@pytest.fixture
def domain(manager, tree, make_person):
    """A domain of its own (both environments) and its owner; removed after."""
    owner = make_person(groups=(tree.readers("prod"),))
    for env in ("prod", "course"):
        create_domain(manager, tree, env, DOMAIN)
    create_group(manager, tree, tree.owners(DOMAIN), f"owners-{DOMAIN}", members=(owner.dn,))
    yield owner
    for env in ("prod", "course"):
        group = tree.writers(env, DOMAIN)
        for dn, _ in manager.search(group, "(objectClass=*)", ["1.1"], scope="one"):
            manager.delete(dn)
        manager.delete(group)
        manager.delete(tree.domain(env, DOMAIN))
    manager.delete(tree.owners(DOMAIN))


@pytest.fixture
def writer(make_person, tree, domain):
    return make_person(groups=(tree.readers("prod"), tree.writers("prod", DOMAIN)))


def writes(manager, tree, person):
    return person.dn.lower() in {
        m.lower() for m in members_of(manager, tree, tree.writers("prod", DOMAIN))
    }


def test_an_owner_keeps_one_writer_and_removes_another_in_one_form(
    client, binder, domain, writer, make_person, manager, tree, webapp
):
    """One POST: the kept writer is confirmed by the owner, the other loses write access."""
    other = make_person(groups=(tree.readers("prod"), tree.writers("prod", DOMAIN)))
    review.start(webapp, tree, DOMAIN)
    web_sign_in(client, binder, domain)
    page = client.get(URL).get_data(as_text=True)
    assert "Gjennomgang av" in page and writer.username in page
    assert "Siste innlogging" in page
    response = post_form(
        client,
        URL,
        {f"decision-prod-{writer.username}": "keep", f"decision-prod-{other.username}": "remove"},
        page,
    )
    assert response.status_code == 303
    assert writes(manager, tree, writer) and not writes(manager, tree, other)
    grant = store.get_grant(manager, tree.writers("prod", DOMAIN), writer.dn)
    assert grant.confirmed_by.lower() == domain.dn.lower()
    [state] = review.status(manager, tree, domain=DOMAIN)
    assert (state.confirmed, state.pending) == (1, 0)


def test_the_review_page_in_english(client, binder, domain, writer):
    web_sign_in(client, binder, domain)
    client.get("/language/en")
    page = client.get(URL).get_data(as_text=True)
    assert f"Review of {DOMAIN}" in page and "Last sign-in" in page


def test_a_decision_on_someone_who_does_not_write_the_domain_is_400_and_changes_nothing(
    client, binder, domain, writer, make_person, manager, tree
):
    stranger = make_person(groups=(tree.readers("prod"),))
    web_sign_in(client, binder, domain)
    response = post_form(
        client,
        URL,
        {
            f"decision-prod-{writer.username}": "keep",
            f"decision-prod-{stranger.username}": "remove",
        },
    )
    assert response.status_code == 400
    assert "Velg behold eller fjern" in response.get_data(as_text=True)
    grant = store.get_grant(manager, tree.writers("prod", DOMAIN), writer.dn)
    assert grant is None and writes(manager, tree, writer)


@pytest.mark.parametrize("value", ["", "delete"])
def test_a_decision_other_than_keep_or_remove_is_400(client, binder, domain, writer, value):
    web_sign_in(client, binder, domain)
    response = post_form(client, URL, {f"decision-prod-{writer.username}": value})
    assert response.status_code == 400


def test_the_review_form_without_the_csrf_token_changes_nothing(
    client, binder, domain, writer, manager, tree
):
    web_sign_in(client, binder, domain)
    response = client.post(URL, data={f"decision-prod-{writer.username}": "remove"})
    assert response.status_code == 400
    assert writes(manager, tree, writer)


def test_an_owner_of_another_domain_cannot_open_the_review(
    client, binder, make_person, tree, domain
):
    stranger = make_person(groups=(tree.owners("BUFdir"), tree.readers("prod")))
    web_sign_in(client, binder, stranger)
    assert client.get(URL).status_code == 403


def test_the_desk_sees_which_domains_are_late(client, binder, make_person, tree, webapp, domain):
    review.start(webapp, tree, DOMAIN, now=dt.datetime.now(dt.UTC) - dt.timedelta(days=60))
    desk = make_person(groups=(tree.servicedesk,))
    web_sign_in(client, binder, desk)
    page = client.get("/access/reviews").get_data(as_text=True)
    assert f'href="{URL}"' in page


def test_the_owners_are_mailed_in_bokmal_with_the_review_pages_link(
    app, smtp_inbox, domain, webapp, tree
):
    """The reminder goes through real SMTP, in bokmål, linking to the review page."""
    from webapp.access import mails

    review.start(webapp, tree, DOMAIN)
    with app.test_request_context("/"):
        review.remind(webapp, tree, mails.send)
    ((_, to, content),) = smtp_inbox.messages
    assert to == [f"{domain.username}@test.example"]
    assert "gjennom skrivetilgangen" in content and URL in content
