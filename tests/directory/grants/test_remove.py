"""Taking access back (directory.grants.remove): as the person who decides, recorded, told."""

import pytest

from directory.errors import InsufficientAccess
from directory.grants import store
from directory.grants.remove import ACCESS_REMOVED, LifecycleError, remove_access
from directory.groups import members_of


def is_member(ldap, tree, group, dn):
    return dn.lower() in {m.lower() for m in members_of(ldap, tree, group)}


pytestmark = pytest.mark.usefixtures("clean_grants")


def test_an_owner_removes_a_writer_with_a_reason_recorded_in_the_grant(
    webapp, owner, writer_of, manager, tree, notified
):
    """The membership goes; the grant entry says ended, by whom and why; the writer is told."""
    writer = writer_of()
    group = tree.writers("prod", "BUFdir")
    removed = remove_access(webapp, tree, group, writer.dn, owner.dn, "Left the project", notified)
    assert removed.groups == (group,)
    assert not is_member(manager, tree, group, writer.dn)
    grant = store.get_grant(manager, group, writer.dn)
    assert grant.ended is not None and not grant.active
    event = grant.events[-1]
    assert (event.event, event.actor, event.reason) == ("removed", owner.dn, "Left the project")
    assert notified.kinds() == [(ACCESS_REMOVED, f"{writer.username}@test.example")]
    assert notified[0][2]["domain"] == "BUFdir" and notified[0][2]["env"] == "prod"


def test_the_accesslog_names_the_owner_who_removed_the_writer(
    webapp, owner, writer_of, manager, tree
):
    """Proxied authorization: the change to the group is the owner's in cn=accesslog."""
    writer = writer_of()
    group = tree.writers("prod", "BUFdir")
    remove_access(webapp, tree, group, writer.dn, owner.dn, "No longer needed")
    found = manager.search(
        "cn=accesslog", f"(&(objectClass=auditModify)(reqDN={group}))", ["reqAuthzID", "reqMod"]
    )
    removal = f"member:- {writer.dn}"
    entry = next(v for _, v in found if any(removal in str(m) for m in v.get("reqMod", [])))
    assert entry["reqAuthzID"][0].lower() == owner.dn.lower()


def test_a_removal_without_a_reason_changes_nothing(webapp, owner, writer_of, manager, tree):
    """LifecycleError reason_required before any write."""
    writer = writer_of()
    group = tree.writers("prod", "BUFdir")
    with pytest.raises(LifecycleError) as caught:
        remove_access(webapp, tree, group, writer.dn, owner.dn, "   ")
    assert caught.value.code == "reason_required"
    assert is_member(manager, tree, group, writer.dn)
    assert store.get_grant(manager, group, writer.dn) is None


def test_an_owner_of_another_domain_is_refused_and_nothing_is_recorded(
    webapp, owner, writer_of, manager, tree
):
    """slapd refuses owners-BUFdir on Legemiddelverket's writers; no grant record is written."""
    writer = writer_of("Legemiddelverket")
    group = tree.writers("prod", "Legemiddelverket")
    with pytest.raises(InsufficientAccess):
        remove_access(webapp, tree, group, writer.dn, owner.dn, "Not mine to remove")
    assert is_member(manager, tree, group, writer.dn)
    assert store.get_grant(manager, group, writer.dn) is None


def test_removing_someone_who_is_not_a_writer_says_so(webapp, owner, make_person, tree):
    """not_member: there was nothing to take back."""
    person = make_person(groups=(tree.readers("prod"),))
    with pytest.raises(LifecycleError) as caught:
        remove_access(webapp, tree, tree.writers("prod", "BUFdir"), person.dn, owner.dn, "x")
    assert caught.value.code == "not_member"


def test_a_writer_gives_up_their_own_access(webapp, writer_of, manager, tree, notified):
    """As themselves; the record says so (self), and they are told."""
    writer = writer_of(envs=("prod", "course"))
    group = tree.writers("course", "BUFdir")
    remove_access(webapp, tree, group, writer.dn, writer.dn, "Done with the course", notified)
    assert not is_member(manager, tree, group, writer.dn)
    assert is_member(manager, tree, tree.writers("prod", "BUFdir"), writer.dn)
    assert store.get_grant(manager, group, writer.dn).events[-1].data["self"] is True
    assert notified[0][2]["by_self"] is True


def test_the_desk_removes_read_access_and_the_write_access_in_that_environment(
    webapp, make_person, writer_of, manager, tree
):
    """Leaving cn=readers leaves the environment's write groups too, each recorded."""
    desk = make_person(groups=(tree.servicedesk,))
    writer = writer_of(envs=("prod", "course"))
    readers = tree.readers("prod")
    removed = remove_access(webapp, tree, readers, writer.dn, desk.dn, "Left the agency")
    assert removed.groups == (tree.writers("prod", "BUFdir"), readers)
    assert not is_member(manager, tree, readers, writer.dn)
    assert not is_member(manager, tree, tree.writers("prod", "BUFdir"), writer.dn)
    assert is_member(manager, tree, tree.readers("course"), writer.dn)
    assert store.get_grant(manager, readers, writer.dn).events[-1].actor == desk.dn


def test_a_writer_cannot_take_away_another_persons_read_access(webapp, writer_of, manager, tree):
    """Only the desk (and the app's own account) removes members of cn=readers."""
    one, other = writer_of(), writer_of()
    with pytest.raises(InsufficientAccess):
        remove_access(webapp, tree, tree.readers("prod"), other.dn, one.dn, "mine now")
    assert is_member(manager, tree, tree.readers("prod"), other.dn)


def test_a_grants_history_is_read_by_the_owners_and_not_by_every_reader(
    webapp, owner, writer_of, make_person, as_person, tree
):
    """The reason stays among the desk, the tools and the domain's owners."""
    writer = writer_of()
    group = tree.writers("prod", "BUFdir")
    remove_access(webapp, tree, group, writer.dn, owner.dn, "Personal reason")
    reader = make_person(groups=(tree.readers("prod"),))
    assert store.get_grant(as_person(owner), group, writer.dn).events
    seen = store.get_grant(as_person(reader), group, writer.dn)
    assert seen is not None and seen.events == () and seen.ended is not None
