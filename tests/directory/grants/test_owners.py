"""Owners (directory.grants.owners): fewer than two flagged, none orphaned."""

from directory.domains import create_domain
from directory.grants.owners import ownership
from directory.groups import create_group


def test_domains_with_fewer_than_two_owners_are_flagged_and_none_is_orphaned(
    manager, make_person, tree
):
    """BUFdir has its demo owner; a second makes it whole; a new domain has none."""
    create_domain(manager, tree, "prod", "Uten-eier")
    second = make_person(groups=(tree.owners("Legemiddelverket"),))
    try:
        found = {o.domain: o for o in ownership(manager, tree)}
        assert found["Uten-eier"].orphaned and found["Uten-eier"].flagged
        assert found["BUFdir"].flagged and not found["BUFdir"].orphaned
        lmv = found["Legemiddelverket"]
        assert second.username in lmv.owners and (lmv.flagged is (len(lmv.owners) < 2))
    finally:
        manager.delete(tree.writers("prod", "Uten-eier"))
        manager.delete(tree.domain("prod", "Uten-eier"))


def test_an_orphaned_domain_gets_owners_from_the_role(manager, make_person, tree):
    """Once the desk names owners (the role), the domain is no longer orphaned."""
    create_domain(manager, tree, "prod", "Ny-eier")
    one, two = make_person(), make_person()
    create_group(manager, tree, tree.owners("Ny-eier"), "owners-Ny-eier", members=(one.dn, two.dn))
    try:
        found = {o.domain: o for o in ownership(manager, tree)}["Ny-eier"]
        assert not found.flagged and set(found.owners) == {one.username, two.username}
    finally:
        for dn in (
            tree.owners("Ny-eier"),
            tree.writers("prod", "Ny-eier"),
            tree.domain("prod", "Ny-eier"),
        ):
            manager.delete(dn)
