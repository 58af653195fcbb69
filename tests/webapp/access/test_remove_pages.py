"""Taking access back on the web: owners, the desk, the person themselves (issue 12)."""

import pytest

from directory.grants import store
from directory.groups import members_of
from tests.support import post_form, web_sign_in


def is_member(ldap, tree, group, dn):
    return dn.lower() in {m.lower() for m in members_of(ldap, tree, group)}


pytestmark = pytest.mark.usefixtures("clean_grants")


@pytest.fixture
def owner(make_person, tree):
    return make_person(groups=(tree.owners("BUFdir"), tree.readers("prod")))


@pytest.fixture
def writer(make_person, tree):
    return make_person(groups=(tree.readers("prod"), tree.writers("prod", "BUFdir")))


def remove_url(writer, domain="BUFdir", env="prod"):
    return f"/domains/{env}/{domain}/writers/{writer.username}/remove"


def test_an_owner_removes_a_writer_from_the_domain_page_and_the_writer_is_told(
    client, binder, owner, writer, manager, tree, smtp_inbox
):
    """The page links to the removal; with a reason it is done, recorded and e-mailed."""
    web_sign_in(client, binder, owner)
    page = client.get("/domains/prod/BUFdir").get_data(as_text=True)
    assert f'href="{remove_url(writer)}"' in page
    response = post_form(client, remove_url(writer), {"reason": "Moved to another team"})
    assert response.status_code == 303
    group = tree.writers("prod", "BUFdir")
    assert not is_member(manager, tree, group, writer.dn)
    assert store.get_grant(manager, group, writer.dn).events[-1].reason == "Moved to another team"
    ((_, to, content),) = smtp_inbox.messages
    assert to == [f"{writer.username}@test.example"]
    assert "Moved to another team" in content


def test_a_removal_without_a_reason_is_shown_again_with_400_and_changes_nothing(
    client, binder, owner, writer, manager, tree
):
    """The reason is required, in the page's language."""
    web_sign_in(client, binder, owner)
    response = post_form(client, remove_url(writer), {"reason": ""})
    assert response.status_code == 400
    assert "Oppgi begrunnelsen." in response.get_data(as_text=True)
    assert is_member(manager, tree, tree.writers("prod", "BUFdir"), writer.dn)


def test_a_removal_without_the_csrf_token_changes_nothing(
    client, binder, owner, writer, manager, tree
):
    """CSRF stays on: a post without the token is refused."""
    web_sign_in(client, binder, owner)
    response = client.post(remove_url(writer), data={"reason": "forged"})
    assert response.status_code == 400
    assert is_member(manager, tree, tree.writers("prod", "BUFdir"), writer.dn)


def test_an_owner_of_another_domain_is_refused_by_the_directory(
    client, binder, owner, make_person, manager, tree
):
    """owners-BUFdir on Legemiddelverket's writers: slapd refuses, 403, nothing changes."""
    other = make_person(groups=(tree.readers("prod"), tree.writers("prod", "Legemiddelverket")))
    web_sign_in(client, binder, owner)
    page = client.get("/domains/prod/Legemiddelverket").get_data(as_text=True)
    assert remove_url(other, "Legemiddelverket") not in page
    response = post_form(client, remove_url(other, "Legemiddelverket"), {"reason": "not mine"})
    assert response.status_code == 403
    group = tree.writers("prod", "Legemiddelverket")
    assert is_member(manager, tree, group, other.dn)
    assert store.get_grant(manager, group, other.dn) is None


def test_a_writer_gives_up_their_own_write_access(client, binder, writer, manager, tree):
    """The writer's own row offers to give it up; afterwards they no longer write."""
    web_sign_in(client, binder, writer)
    page = client.get("/domains/prod/BUFdir").get_data(as_text=True)
    assert f'href="{remove_url(writer)}"' in page
    response = post_form(client, remove_url(writer), {"reason": "Finished"})
    assert response.status_code == 303
    assert not is_member(manager, tree, tree.writers("prod", "BUFdir"), writer.dn)


def test_removing_someone_who_does_not_write_the_domain_is_not_found(
    client, binder, owner, make_person
):
    """404: there is no such writer."""
    reader = make_person()
    web_sign_in(client, binder, owner)
    assert post_form(client, remove_url(reader), {"reason": "x"}).status_code == 404


def test_the_desk_removes_a_persons_read_access(client, binder, make_person, writer, manager, tree):
    """The desk's page: the person no longer reads production, nor writes there."""
    desk = make_person(groups=(tree.servicedesk,))
    web_sign_in(client, binder, desk)
    response = post_form(
        client,
        "/access/readers/remove",
        {"username": writer.username, "env": "prod", "reason": "Left the agency"},
    )
    assert response.status_code == 303
    assert not is_member(manager, tree, tree.readers("prod"), writer.dn)
    assert not is_member(manager, tree, tree.writers("prod", "BUFdir"), writer.dn)


def test_the_read_access_page_is_the_desks_alone(client, binder, owner):
    """Others get 403."""
    web_sign_in(client, binder, owner)
    assert client.get("/access/readers/remove").status_code == 403


def test_removing_read_access_someone_does_not_have_is_shown_again_with_400(
    client, binder, make_person, tree
):
    """The desk is told in the form; nothing happens."""
    desk = make_person(groups=(tree.servicedesk,))
    nobody = make_person()
    web_sign_in(client, binder, desk)
    response = post_form(
        client,
        "/access/readers/remove",
        {"username": nobody.username, "env": "prod", "reason": "x"},
    )
    assert response.status_code == 400


def test_the_desk_disables_a_leaver_on_the_web(client, binder, make_person, writer, manager, tree):
    """Locked for good and out of every group; the page is the desk's alone."""
    from directory.groups import groups_of
    from directory.people import password_state

    desk = make_person(groups=(tree.servicedesk,))
    web_sign_in(client, binder, desk)
    response = post_form(
        client, "/access/people/disable", {"username": writer.username, "reason": "Sluttet"}
    )
    assert response.status_code == 303
    assert password_state(manager, writer.dn)["locked"] is not None
    assert groups_of(manager, tree, writer.dn) == []


def test_disabling_without_a_reason_or_a_person_is_shown_again_with_400(
    client, binder, make_person, writer, manager, tree
):
    from directory.people import password_state

    desk = make_person(groups=(tree.servicedesk,))
    web_sign_in(client, binder, desk)
    page = client.get("/access/people/disable").get_data(as_text=True)
    response = post_form(
        client, "/access/people/disable", {"username": writer.username, "reason": ""}, page=page
    )
    assert response.status_code == 400
    response = post_form(
        client, "/access/people/disable", {"username": "finnes.ikke", "reason": "x"}, page=page
    )
    assert response.status_code == 400
    assert password_state(manager, writer.dn)["locked"] is None


def test_the_disable_page_is_the_desks_alone(client, binder, owner):
    web_sign_in(client, binder, owner)
    assert client.get("/access/people/disable").status_code == 403


def test_the_desk_sees_the_domains_that_need_owners(client, binder, make_person, tree):
    """Kursdomene's owners role is empty in the demo: listed first, as orphaned."""
    desk = make_person(groups=(tree.servicedesk,))
    web_sign_in(client, binder, desk)
    page = client.get("/access/owners")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert html.index('<th scope="row">Kursdomene</th>') < html.index('<th scope="row">BUFdir</th>')
