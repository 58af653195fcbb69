"""Leavers (directory.grants.leavers): the desk disables a person, every access goes."""

import pytest

from directory.connection import ADD
from directory.errors import AccountLocked, InsufficientAccess
from directory.grants import store
from directory.grants.leavers import disable_person
from directory.grants.remove import LifecycleError
from directory.groups import groups_of
from directory.people import password_state

pytestmark = pytest.mark.usefixtures("clean_grants")


def test_the_desk_disables_a_leaver_who_can_no_longer_bind_nor_holds_any_access(
    webapp, make_person, writer_of, binder, manager, tree
):
    """Locked for good (ppolicy), out of every group and role, each grant recorded."""
    desk = make_person(groups=(tree.servicedesk,))
    leaver = writer_of(envs=("prod", "course"))
    manager.modify(tree.owners("Legemiddelverket"), {"member": [(ADD, [leaver.dn])]})
    binder.person(leaver).close()
    done = disable_person(webapp, tree, leaver.dn, desk.dn, "Sluttet 1. mars")
    assert tree.owners("Legemiddelverket") in done.roles
    assert groups_of(manager, tree, leaver.dn) == []
    grant = store.get_grant(manager, tree.writers("course", "BUFdir"), leaver.dn)
    assert (grant.events[-1].actor, grant.events[-1].reason) == (desk.dn, "Sluttet 1. mars")
    assert password_state(manager, leaver.dn)["locked"] is not None
    with pytest.raises(AccountLocked):
        binder.person(leaver)


def test_disabling_needs_a_reason(webapp, make_person, writer_of, manager, tree):
    desk = make_person(groups=(tree.servicedesk,))
    leaver = writer_of()
    with pytest.raises(LifecycleError):
        disable_person(webapp, tree, leaver.dn, desk.dn, " ")
    assert password_state(manager, leaver.dn)["locked"] is None


def test_only_the_desk_may_disable_a_person(webapp, owner, writer_of, manager, tree):
    """slapd refuses an owner's lock; nothing changes."""
    leaver = writer_of()
    with pytest.raises(InsufficientAccess):
        disable_person(webapp, tree, leaver.dn, owner.dn, "not theirs")
    assert password_state(manager, leaver.dn)["locked"] is None
    assert groups_of(manager, tree, leaver.dn)
