"""Values with DN and filter specials go in and out intact and never widen a search."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from directory.domains import check_domain_name
from directory.errors import InvalidValue
from directory.escape import equals, normalize_dn, rdn_value, same_dn
from directory.groups import add_member, groups_of, members_of
from directory.people import find_person

SPECIALS = [
    'komma,pluss+"sitat"\\<>;=',
    "#leading-hash",
    " leading and trailing space ",
    "stjerne*(parentes)\\bakstrek",
    "nul\x00tegn",
    "Ærlig Øystein Åsen",
    "*",
    "a)(uid=*",
]


@pytest.fixture
def person_named(manager, tree):
    made = []

    def make(username: str, cn: str | None = None):
        dn = tree.person(username)
        manager.add(dn, ["inetOrgPerson"], {"uid": username, "cn": cn or username, "sn": "S"})
        made.append(dn)
        return dn

    yield make
    for dn in made:
        manager.delete(dn)


@pytest.mark.parametrize("value", SPECIALS)
def test_a_username_with_specials_is_found_exactly_and_intact(bound, tree, person_named, value):
    """The person comes back with the very same uid and cn; no other person matches."""
    person_named(value, cn=f"Navn {value}")
    person = find_person(bound("tools"), tree, value)
    assert person is not None
    assert person.username == value
    assert person.name == f"Navn {value}"


@pytest.mark.parametrize("value", ["*", "a*", "*)(objectClass=*", "\\2a", "brukerservice)(uid=*"])
def test_a_filter_special_never_widens_a_search(bound, tree, value):
    """Wildcards and injected filter parts match nothing when no uid is literally that."""
    assert find_person(bound("tools"), tree, value) is None


def test_a_member_dn_with_specials_goes_in_and_out_of_a_group(manager, bound, tree, person_named):
    """add_member / members_of / groups_of keep a DN with escaped specials intact."""
    dn = person_named('x,y+z"<>;=#')
    group = tree.writers("course", "Kursdomene")
    add_member(manager, tree, group, dn)
    try:
        assert any(same_dn(dn, m) for m in members_of(bound("tools"), tree, group))
        assert any(same_dn(group, g.dn) for g in groups_of(bound("tools"), tree, dn))
    finally:
        from directory.groups import remove_member

        remove_member(manager, tree, group, dn)


@pytest.mark.parametrize("name", ["BUFdir", "Lærlingordning", "A1", "skatt-2024"])
def test_domain_names_of_letters_digits_and_hyphens_are_accepted(name):
    """Letters including æøå, digits and inner hyphens are a domain name."""
    assert check_domain_name(name) == name


@pytest.mark.parametrize(
    "name",
    [
        "",
        "A",
        "-start",
        "slutt-",
        "med,komma",
        "med mellomrom",
        "under_strek",
        "x" * 65,
        "a*b",
        "a=b",
        "nul\x00",
    ],
)
def test_domain_names_that_the_access_rules_cannot_carry_are_refused(name):
    """The generic write rule's regex cannot cope with escaped specials: refuse them."""
    with pytest.raises(InvalidValue):
        check_domain_name(name)


def test_an_empty_rdn_value_is_refused():
    """An empty name cannot become part of a DN."""
    with pytest.raises(InvalidValue):
        rdn_value("")


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
# Values of spaces only are left out: LDAP's insignificant-space rules make
# them match differently; usernames are never like that (the forms refuse them).
@given(st.text(min_size=1, max_size=40).filter(lambda v: v.strip()))
def test_any_text_round_trips_through_a_dn_and_a_filter(bound, tree, manager, value):
    """Any text as a uid: stored, found by an escaped filter, and only that entry matches."""
    dn = tree.person(value)
    try:
        manager.add(dn, ["inetOrgPerson"], {"uid": value, "cn": "c", "sn": "s"})
    except InvalidValue:
        # slapd refuses some values outright (e.g. only spaces): nothing was written.
        assert not manager.exists(dn)
        return
    try:
        found = bound("tools").search(tree.people, equals("uid", value), ["uid"], scope="one")
        assert [values["uid"] for _, values in found] == [[value]]
        assert [same_dn(found_dn, dn) for found_dn, _ in found] == [True]
    finally:
        manager.delete(dn)


def test_one_dn_spelled_with_different_escapes_is_the_same_dn():
    """The server's hex escapes and ours name one entry."""
    assert same_dn(
        r"uid=x\,y\+z,ou=people,dc=seres,dc=example", r"UID=x\2Cy\2Bz,OU=people,DC=seres,DC=example"
    )
    assert normalize_dn(r"cn=\C3\A6,dc=x") == normalize_dn("cn=æ,dc=x")
    assert not same_dn("uid=a,ou=people,dc=x", "uid=b,ou=people,dc=x")
