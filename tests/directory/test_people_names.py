"""Histories name people by their full name: names_of reads each person's cn once."""

from ldap3 import MODIFY_REPLACE

from directory.people import names_of


def test_names_of_gives_people_their_full_name_and_leaves_out_the_rest(
    make_person, manager, webapp, tree
):
    """A person's DN gets the cn; a service account, a missing person and None do not."""
    person = make_person()
    manager.modify(person.dn, {"cn": [(MODIFY_REPLACE, ["Nora Nyansatt"])]})
    names = names_of(
        webapp,
        [person.dn, person.dn, tree.service("webapp"), tree.person("nobody-here"), None],
    )
    assert names == {person.dn: "Nora Nyansatt"}
