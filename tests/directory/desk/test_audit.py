"""The audit trail: the accesslog and the order history joined, read as the desk."""

import datetime as dt
import json
import shutil
import subprocess

import pytest

from directory.access import access_of
from directory.connection import REPLACE
from directory.desk import audit
from directory.desk.audit import Scope
from directory.groups import add_member, remove_member
from directory.orders import store as orders
from directory.orders import workflow as wf
from directory.people import set_password
from directory.server.build import BuildOptions, config_ldif

pytestmark = pytest.mark.usefixtures("clean_orders")


@pytest.fixture
def as_desk(webapp, accounts):
    """The web app acting for the desk person, as the desk's pages read the trail."""
    return webapp.acting_as(accounts["brukerservice"].dn)


@pytest.fixture
def since():
    return dt.datetime.now(dt.UTC) - dt.timedelta(seconds=2)


def _mine(lines, dn, action=None):
    """The lines about one entry (of one action), newest first."""
    return [
        line
        for line in lines
        if line.target_dn.lower() == dn.lower() and action in (None, line.action)
    ]


def test_an_ldapmodify_by_the_desk_shows_its_actor_and_old_and_new(
    as_desk, binder, slapd, tree, make_person, since
):
    """A change made with ldapmodify outside the app names the desk person and the values."""
    desk = make_person(groups=(tree.servicedesk,))
    person = make_person()
    code = binder.next_code(desk.username, desk.otp_secret)
    change = f"dn: {person.dn}\nchangetype: modify\nreplace: mobile\nmobile: +4791112222\n"
    subprocess.run(
        [
            shutil.which("ldapmodify"),
            "-x",
            "-H",
            slapd.url,
            "-D",
            desk.dn,
            "-w",
            desk.password + code,
        ],
        input=change,
        text=True,
        check=True,
        capture_output=True,
    )
    [line] = _mine(
        audit.trail(as_desk, tree, Scope(person_dn=person.dn, since=since)), person.dn, "modify"
    )
    assert (line.actor_dn.lower(), line.actor) == (desk.dn.lower(), f"Test {desk.username}")
    assert (line.kind, line.action, line.source) == ("person", "modify", "directory")
    assert line.changes == (audit.Change("mobile", ("+4799999999",), ("+4791112222",)),)


def test_a_write_by_the_web_app_for_a_person_names_the_person(
    as_desk, webapp, tree, make_person, since
):
    """Proxied authorization: the accesslog and so the trail name the person, not cn=webapp."""
    desk = make_person(groups=(tree.servicedesk,))
    person = make_person()
    webapp.acting_as(desk.dn).modify(person.dn, {"mail": [(REPLACE, ["ny@x.example"])]})
    [line] = _mine(
        audit.trail(as_desk, tree, Scope(person_dn=person.dn, since=since)), person.dn, "modify"
    )
    assert line.actor_dn.lower() == desk.dn.lower()
    assert line.changes == (
        audit.Change("mail", (f"{person.username}@test.example",), ("ny@x.example",)),
    )


def test_membership_changes_name_the_person_in_the_person_and_domain_trails(
    as_desk, manager, tree, make_person, since
):
    """Joining and leaving a write group: old -> new by name, in the person's and the domain's trail."""
    person = make_person()
    group = tree.writers("prod", "BUFdir")
    add_member(manager, tree, group, person.dn)
    remove_member(manager, tree, group, person.dn)
    for scope in (Scope(person_dn=person.dn, since=since), Scope(domain="BUFdir", since=since)):
        lines = _mine(audit.trail(as_desk, tree, scope), group)
        changes = [line.changes for line in lines]
        name = f"Test {person.username}"
        assert (audit.Change("member", (), (name,)),) in changes
        assert (audit.Change("member", (name,), ()),) in changes
        assert {line.kind for line in lines} == {"membership"}
    other = audit.trail(as_desk, tree, Scope(domain="Legemiddelverket", since=since))
    assert _mine(other, group) == []


def test_no_secret_or_hash_reaches_the_trail(as_desk, webapp, tree, make_person, since):
    """A password change is a line (who, when, what entry) without any value."""
    person = make_person()
    set_password(webapp, person.dn, "Fjell-og-Fjord-2099")
    lines = _mine(audit.trail(as_desk, tree, Scope(person_dn=person.dn, since=since)), person.dn)
    assert [(line.action, line.changes) for line in lines] == [("modify", ()), ("add", ())]
    exported = "".join(audit.to_json_lines(lines)) + "".join(audit.to_csv(lines))
    assert "ARGON2" not in exported and "userPassword" not in exported


def test_order_steps_join_the_trail_with_their_reasons(as_desk, webapp, tree, accounts, since):
    """Each step of an order is a line: who, what, why, and the order's id."""
    owner = wf.Actor.of(
        accounts["eier.bufdir"].dn, access_of(webapp, tree, accounts["eier.bufdir"].dn)
    )
    details = {
        "service_owner": "BUFdir",
        "access": "read",
        "write_domains": [],
        "environments": "prod",
        "given_name": "Nina",
        "surname": "Nybruker",
        "mail": "nina.nybruker@bufdir.example",
        "mobile": "412 34 567",
    }
    order = orders.submit(webapp, tree, owner, wf.ACCESS, details)
    orders.act(webapp, tree, order, owner, wf.WITHDRAW, "ikke nødvendig")
    lines = audit.trail(
        as_desk, tree, Scope(domain="BUFdir", since=since, kinds=frozenset({"order"}))
    )
    steps = [(x.action, x.actor, x.reason, x.order_id) for x in lines if x.order_id == order.id]
    assert steps == [
        (wf.WITHDRAWN, "Ola Eiersen", "ikke nødvendig", order.id),
        (wf.SUBMITTED, "Ola Eiersen", "", order.id),
    ]
    assert (
        audit.trail(
            as_desk,
            tree,
            Scope(domain="Regnskapsregisteret", since=since, kinds=frozenset({"order"})),
        )
        == []
    )


def test_the_desk_filters_by_time_actor_and_kind(as_desk, webapp, manager, tree, make_person):
    """Lines before ``since``, by another actor or of another kind are left out."""
    desk = make_person(groups=(tree.servicedesk,))
    person = make_person()
    before = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    webapp.acting_as(desk.dn).modify(person.dn, {"mobile": [(REPLACE, ["+4790000000"])]})
    manager.modify(person.dn, {"mobile": [(REPLACE, ["+4790000001"])]})
    by_desk = audit.trail(as_desk, tree, Scope(since=before, actor_dn=desk.dn))
    assert [line.changes[0].new for line in _mine(by_desk, person.dn)] == [("+4790000000",)]
    assert len(_mine(audit.trail(as_desk, tree, Scope(since=before)), person.dn, "modify")) == 2
    later = audit.trail(as_desk, tree, Scope(since=dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)))
    assert _mine(later, person.dn) == []
    roles_only = audit.trail(as_desk, tree, Scope(since=before, kinds=frozenset({"role"})))
    assert _mine(roles_only, person.dn) == []


def test_exports_are_csv_and_json_lines(as_desk, webapp, tree, make_person, since):
    """One CSV row and one JSON object per line, time in UTC, changes spelled out."""
    desk = make_person(groups=(tree.servicedesk,))
    person = make_person()
    webapp.acting_as(desk.dn).modify(person.dn, {"mobile": [(REPLACE, ["+4790000002"])]})
    lines = _mine(
        audit.trail(as_desk, tree, Scope(person_dn=person.dn, since=since)), person.dn, "modify"
    )
    [record] = [json.loads(text) for text in audit.to_json_lines(lines)]
    assert record["actor"] == f"Test {desk.username}"
    assert record["changes"] == [
        {"attribute": "mobile", "old": ["+4799999999"], "new": ["+4790000002"]}
    ]
    assert record["at"].endswith("Z")
    rows = "".join(audit.to_csv(lines)).splitlines()
    assert rows[0].startswith("at,source,kind,action,actor")
    assert (
        "mobile: '+4799999999 -> +4790000002" in rows[1]
        or "mobile: +4799999999 -> +4790000002" in rows[1]
    )


def test_the_people_nobody_else_sees_the_trail(bound, tree):
    """A person who is not the desk reads nothing of the accesslog."""
    assert (
        bound("leser.prod").search(audit.ACCESSLOG, "(objectClass=*)", ["reqDN"], scope="one") == []
    )


def test_the_accesslog_keeps_records_as_long_as_the_operator_sets(tmp_path):
    """The retention is a build option, written into olcAccessLogPurge (default five years)."""
    assert "olcAccessLogPurge: 1827+00:00 1+00:00" in config_ldif(tmp_path, BuildOptions("x"))
    assert "olcAccessLogPurge: 30+00:00 1+00:00" in config_ldif(
        tmp_path, BuildOptions("x", accesslog_days=30)
    )
