"""The owners' and the persons' own trails, read through the web app's account, strictly scoped."""

import datetime as dt

import pytest

from directory.connection import REPLACE
from directory.desk import audit, notes, trails
from directory.desk.audit import Scope
from directory.desk.contact import change_contact
from directory.groups import add_member, remove_member
from directory.modelstore import store as modelstore
from directory.orders import store as orders
from directory.sync import runs

pytestmark = pytest.mark.usefixtures("clean_orders")
MODEL = "Melding-trail_M"


@pytest.fixture
def since():
    return Scope(since=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=2))


@pytest.fixture
def owner(make_person, tree):
    """A throw-away owner of BUFdir."""
    return make_person(groups=(tree.owners("BUFdir"),))


def _about(lines, dn):
    return [line for line in lines if line.target_dn.lower() == dn.lower()]


def test_an_owner_sees_their_domains_grants_and_not_another_domains(
    webapp, manager, tree, make_person, owner, since
):
    """The owner reads BUFdir's write group changes; another domain's are never in it."""
    person = make_person()
    add_member(manager, tree, tree.writers("prod", "BUFdir"), person.dn)
    add_member(manager, tree, tree.writers("prod", "Legemiddelverket"), person.dn)
    lines = trails.domain_trail(webapp, tree, owner.dn, "BUFdir", since)
    changes = [line.changes for line in _about(lines, tree.writers("prod", "BUFdir"))]
    assert (audit.Change("member", (), (f"Test {person.username}",)),) in changes
    assert _about(lines, tree.writers("prod", "Legemiddelverket")) == []
    assert all("legemiddelverket" not in line.target_dn.lower() for line in lines)


def test_an_owner_may_not_read_another_domains_trail(webapp, tree, owner, make_person):
    """Another domain's trail, or any domain's for a person who owns none, is refused."""
    with pytest.raises(trails.NotYours):
        trails.domain_trail(webapp, tree, owner.dn, "Legemiddelverket")
    with pytest.raises(trails.NotYours):
        trails.domain_trail(webapp, tree, make_person().dn, "BUFdir")


def test_an_owner_change_is_its_own_kind_in_the_domains_trail(
    webapp, manager, tree, make_person, owner, since
):
    """A new owner of the domain shows as an owners line, by name."""
    newcomer = make_person()
    add_member(manager, tree, tree.owners("BUFdir"), newcomer.dn)
    try:
        lines = trails.domain_trail(webapp, tree, owner.dn, "BUFdir", since)
        added = (audit.Change("member", (), (f"Test {newcomer.username}",)),)
        [line] = [x for x in _about(lines, tree.owners("BUFdir")) if x.changes == added]
        assert line.kind == audit.OWNERS
    finally:
        remove_member(manager, tree, tree.owners("BUFdir"), newcomer.dn)


def test_a_model_publication_is_a_line_of_its_own(bound, webapp, manager, tree, owner, since):
    """Publishing a version shows as a publication: working -> published."""
    writer = bound("skriver.bufdir")
    modelstore.save_working(
        writer, tree, "prod", "BUFdir", MODEL, {"name": "v1"}, "5703", "34553"
    )  # fmt: skip
    try:
        modelstore.publish(writer, tree, "prod", "BUFdir", MODEL, 1)
        lines = trails.domain_trail(webapp, tree, owner.dn, "BUFdir", since)
        [line] = [x for x in lines if x.kind == audit.PUBLICATION]
        assert line.target_dn.lower() == tree.model_version("prod", "BUFdir", MODEL, 1).lower()
        assert line.changes == (audit.Change("seresModelState", ("working",), ("published",)),)
        assert line.actor and "=" not in line.actor  # a name, not a DN
        assert line.target == f"{MODEL} 1"
    finally:
        dn = tree.model("prod", "BUFdir", MODEL)
        for child, _ in manager.search(dn, "(objectClass=*)", ["1.1"], scope="one"):
            manager.delete(child)
        manager.delete(dn)


def test_a_refresh_of_the_domain_and_of_all_domains_are_in_its_trail(
    manager, webapp, tree, owner, since
):
    """Runs of every domain and the domain's own extra ones; not another domain's."""
    ids = [
        runs.start_run(manager, tree, "manual"),
        runs.start_run(manager, tree, "order", domain="BUFdir"),
        runs.start_run(manager, tree, "order", domain="Legemiddelverket"),
    ]
    try:
        runs.finish_run(manager, tree, ids[1], runs.OK, 3, 1, 0, [])
        lines = trails.domain_trail(webapp, tree, owner.dn, "BUFdir", since)
        refreshes = [x for x in lines if x.kind == audit.REFRESH]
        assert sorted(x.target for x in refreshes) == ["", "BUFdir"]
        [own] = [x for x in refreshes if x.target == "BUFdir"]
        assert (own.action, own.reason) == (runs.OK, "order")
        assert audit.Change("added", (), ("3",)) in own.changes
    finally:
        for run_id in ids:
            manager.delete(tree.sync_run(run_id))


def test_a_persons_own_trail_has_their_grants_and_nobody_elses(
    webapp, manager, tree, make_person, since
):
    """Their own membership and contact changes are in it; another person's are not."""
    person, other = make_person(), make_person()
    add_member(manager, tree, tree.writers("prod", "BUFdir"), person.dn)
    add_member(manager, tree, tree.writers("prod", "BUFdir"), other.dn)
    manager.modify(other.dn, {"mobile": [(REPLACE, ["+4790000011"])]})
    lines = trails.own_trail(webapp, tree, person.dn, since)
    named = [c.new for line in lines for c in line.changes]
    assert (f"Test {person.username}",) in named
    assert (f"Test {other.username}",) not in named
    assert _about(lines, other.dn) == []


def test_a_person_does_not_read_the_values_of_others_they_changed(webapp, tree, make_person, since):
    """A desk person's own trail shows they changed someone's mobile, not the numbers."""
    desk, person = make_person(groups=(tree.servicedesk,)), make_person()
    webapp.acting_as(desk.dn).modify(person.dn, {"mobile": [(REPLACE, ["+4790000012"])]})
    [line] = _about(trails.own_trail(webapp, tree, desk.dn, since), person.dn)
    assert line.changes == (audit.Change("mobile"),)
    [theirs] = [
        x
        for x in _about(trails.own_trail(webapp, tree, person.dn, since), person.dn)
        if x.action == "modify"
    ]
    assert theirs.changes == (audit.Change("mobile", ("+4799999999",), ("+4790000012",)),)


def test_a_contact_changes_reason_is_a_line_of_the_persons_trail(webapp, tree, make_person, since):
    """The desk's reason is kept and shown in the person's and the desk's trail, no values."""
    desk, person = make_person(groups=(tree.servicedesk,)), make_person()
    change = change_contact(
        webapp.acting_as(desk.dn), tree, person.username, "mail", "ny@x.example", "ringte inn"
    )
    notes.record_contact_change(webapp, tree, desk.dn, change)
    for lines in (
        trails.own_trail(webapp, tree, person.dn, since),
        audit.trail(webapp.acting_as(desk.dn), tree, Scope(person_dn=person.dn)),
    ):
        [note] = [x for x in lines if x.source == "order"]
        assert (note.kind, note.action, note.reason) == ("person", notes.CHANGED, "ringte inn")
        assert (note.actor, note.target) == (f"Test {desk.username}", f"Test {person.username}")
        assert "ny@x.example" not in repr(note)


def test_a_contact_note_is_not_an_order(webapp, tree, make_person):
    """The desk's order lists never show a contact change's record."""
    desk, person = make_person(groups=(tree.servicedesk,)), make_person()
    change = change_contact(
        webapp.acting_as(desk.dn), tree, person.username, "mail", "ny2@x.example", "ringte"
    )
    note_id = notes.record_contact_change(webapp, tree, desk.dn, change)
    listed = orders.queue(webapp, tree, per_page=500).orders
    assert note_id not in {o.id for o in listed}


def test_the_trail_is_not_cut_at_the_directorys_default_size_limit(
    webapp, manager, tree, make_person, owner, since
):
    """600 changes of the domain's write group (over slapd's 500 a search) all show, to
    the owner (the web app's account) and to the desk (a user, proxied)."""
    person = make_person()
    group = tree.writers("prod", "BUFdir")
    for _ in range(300):
        add_member(manager, tree, group, person.dn)
        remove_member(manager, tree, group, person.dn)
    lines = _about(trails.domain_trail(webapp, tree, owner.dn, "BUFdir", since), group)
    assert len(lines) >= 600
    as_desk = webapp.acting_as(make_person(groups=(tree.servicedesk,)).dn)
    scope = Scope(domain="BUFdir", since=since.since)
    assert len(_about(audit.trail(as_desk, tree, scope), group)) >= 600
