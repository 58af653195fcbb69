"""Groups never go empty: the stand-in for nobody comes and goes."""

from directory.groups import add_member, create_group, members_of, remove_member
from tests.support import eventually


def test_an_empty_group_holds_only_the_stand_in(manager, tree):
    """A group created with no members has the stand-in, and members_of hides it."""
    dn = f"cn=empty-test,{tree.roles}"
    create_group(manager, tree, dn, "empty-test")
    try:
        assert manager.read(dn, ["member"])["member"] == [tree.nobody]
        assert members_of(manager, tree, dn) == []
    finally:
        manager.delete(dn)


def test_the_first_member_replaces_the_stand_in_and_the_last_brings_it_back(
    manager, tree, make_person
):
    """Adding to an empty group drops the stand-in; removing the last member restores it."""
    dn = f"cn=cycle-test,{tree.roles}"
    create_group(manager, tree, dn, "cycle-test")
    person = make_person()
    try:
        assert add_member(manager, tree, dn, person.dn) is True
        assert manager.read(dn, ["member"])["member"] == [person.dn]
        assert add_member(manager, tree, dn, person.dn) is False
        assert remove_member(manager, tree, dn, person.dn) is True
        assert manager.read(dn, ["member"])["member"] == [tree.nobody]
        assert remove_member(manager, tree, dn, person.dn) is False
    finally:
        manager.delete(dn)


def test_deleting_a_person_removes_them_from_their_groups(manager, tree, make_person):
    """refint removes a deleted person's member values (in its background task, just after)."""
    dn = f"cn=refint-test,{tree.roles}"
    person = make_person()
    create_group(manager, tree, dn, "refint-test", members=(person.dn,))
    try:
        manager.delete(person.dn)
        assert eventually(lambda: members_of(manager, tree, dn) == [])
    finally:
        manager.delete(dn)
