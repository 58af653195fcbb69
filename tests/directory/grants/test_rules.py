"""slapd's rules for taking write access back (issue 12): owners, the person, nobody else."""

import pytest

from directory.connection import ADD, DELETE
from directory.errors import InsufficientAccess
from directory.groups import add_member, members_of, remove_member


@pytest.mark.parametrize("env", ["prod", "course"])
def test_an_owner_removes_a_writer_of_their_domain_in_either_environment(
    as_person, owner, writer_of, manager, tree, env
):
    """owners-BUFdir may delete members of cn=writers-BUFdir in both environments."""
    writer = writer_of(envs=(env,))
    group = tree.writers(env, "BUFdir")
    assert remove_member(as_person(owner), tree, group, writer.dn)
    assert writer.dn.lower() not in {m.lower() for m in members_of(manager, tree, group)}


def test_a_removed_writer_can_no_longer_write_the_domain_at_their_next_bind(
    as_person, owner, writer_of, tree
):
    """The owner takes the membership away; the writer's next bind is refused a model."""
    writer = writer_of()
    model = f"cn=after-removal,{tree.domain('prod', 'BUFdir')}"
    first = as_person(writer)
    first.add(model, ["seresModel"], {"cn": "after-removal"})
    first.delete(model)
    remove_member(as_person(owner), tree, tree.writers("prod", "BUFdir"), writer.dn)
    with pytest.raises(InsufficientAccess):
        as_person(writer).add(model, ["seresModel"], {"cn": "after-removal"})


@pytest.mark.parametrize("env", ["prod", "course"])
def test_an_owner_cannot_remove_writers_of_another_domain(as_person, owner, writer_of, tree, env):
    """slapd refuses owners-BUFdir on cn=writers-Legemiddelverket, not only the view."""
    writer = writer_of("Legemiddelverket", envs=(env,))
    with pytest.raises(InsufficientAccess):
        as_person(owner).modify(
            tree.writers(env, "Legemiddelverket"), {"member": [(DELETE, [writer.dn])]}
        )


def test_an_owner_adds_nobody_to_their_domains_write_group(as_person, owner, make_person, tree):
    """Adding is provisioning's, after an approved order: the owner is refused."""
    newcomer = make_person(groups=(tree.readers("prod"),))
    with pytest.raises(InsufficientAccess):
        add_member(as_person(owner), tree, tree.writers("prod", "BUFdir"), newcomer.dn)


def test_an_owner_removes_the_last_writer_and_the_stand_in_takes_the_place(
    as_person, owner, make_person, manager, tree
):
    """The group must keep a member: cn=nobody comes in, which the owner may add."""
    from directory.domains import create_domain
    from directory.groups import create_group

    create_domain(manager, tree, "course", "Siste-skriver")
    group = tree.writers("course", "Siste-skriver")
    create_group(
        manager, tree, tree.owners("Siste-skriver"), "owners-Siste-skriver", members=(owner.dn,)
    )
    writer = make_person(groups=(tree.readers("course"), group))
    try:
        assert remove_member(as_person(owner), tree, group, writer.dn)
        assert members_of(manager, tree, group) == []
    finally:
        for dn in (group, tree.domain("course", "Siste-skriver"), tree.owners("Siste-skriver")):
            manager.delete(dn)


def test_a_writer_gives_up_their_own_write_access(as_person, writer_of, manager, tree):
    """A person may delete their own DN from a write group."""
    writer = writer_of()
    group = tree.writers("prod", "BUFdir")
    assert remove_member(as_person(writer), tree, group, writer.dn)
    assert writer.dn.lower() not in {m.lower() for m in members_of(manager, tree, group)}


def test_a_writer_cannot_remove_another_writer(as_person, writer_of, tree):
    """Only their own DN: another member's is refused."""
    one, other = writer_of(), writer_of()
    with pytest.raises(InsufficientAccess):
        as_person(one).modify(tree.writers("prod", "BUFdir"), {"member": [(DELETE, [other.dn])]})


def test_a_writer_cannot_add_themselves_to_another_write_group(as_person, writer_of, tree):
    """Self may delete, never add."""
    writer = writer_of()
    with pytest.raises(InsufficientAccess):
        as_person(writer).modify(
            tree.writers("prod", "Legemiddelverket"), {"member": [(ADD, [writer.dn])]}
        )


def test_readers_still_see_every_writer_of_a_domain(as_person, make_person, writer_of, tree):
    """The new rule keeps what readers read: all members, not only themselves."""
    writer = writer_of()
    reader = make_person(groups=(tree.readers("prod"),))
    members = members_of(as_person(reader), tree, tree.writers("prod", "BUFdir"))
    assert writer.dn.lower() in {m.lower() for m in members}


def test_the_only_writer_gives_up_their_access_and_the_stand_in_takes_the_place(
    as_person, make_person, manager, tree
):
    """The last member may put cn=nobody in their own place, as they leave."""
    from directory.domains import create_domain

    create_domain(manager, tree, "course", "Alene-skriver")
    group = tree.writers("course", "Alene-skriver")
    writer = make_person(groups=(tree.readers("course"), group))
    try:
        assert remove_member(as_person(writer), tree, group, writer.dn)
        assert members_of(manager, tree, group) == []
    finally:
        manager.delete(group)
        manager.delete(tree.domain("course", "Alene-skriver"))
