"""Agreements that run out: warnings, suspended writers, restored on renewal (real slapd)."""

import datetime as dt
import json

import pytest
from click.testing import CliRunner

from directory.agencies import lapse, store, suspension
from directory.agencies.agreements import ALTINN, Agreement
from directory.cli import main
from directory.domains import create_domain
from directory.errors import InsufficientAccess
from directory.grants import store as grants
from directory.groups import create_group, members_of

pytestmark = pytest.mark.usefixtures("clean_grants")
NUMBER = "923609016"
DOMAIN = "Avtaleprove"
TODAY = dt.date.today()


@pytest.fixture
def agency(manager, tree, make_person):
    """An agency with one domain (both environments) and its owner; removed after."""
    owner = make_person(groups=(tree.readers("prod"),))
    store.add_agency(manager, tree, NUMBER, "Avtaleetaten")
    for env in ("prod", "course"):
        create_domain(manager, tree, env, DOMAIN, agency="Avtaleetaten", org_number=NUMBER)
    create_group(manager, tree, tree.owners(DOMAIN), f"owners-{DOMAIN}", members=(owner.dn,))
    yield owner
    for env in ("prod", "course"):
        group = tree.writers(env, DOMAIN)
        for dn, _ in manager.search(tree.domain(env, DOMAIN), "(objectClass=seresModel)", ["1.1"]):
            manager.delete(dn)
        for dn, _ in manager.search(group, "(objectClass=*)", ["1.1"], scope="one"):
            manager.delete(dn)
        manager.delete(group)
        manager.delete(tree.domain(env, DOMAIN))
    manager.delete(tree.owners(DOMAIN))
    store.delete_agency(manager, tree, NUMBER)


def agreement(manager, tree, end: dt.date | None, start=TODAY - dt.timedelta(days=400)):
    store.add_agreement(manager, tree, NUMBER, Agreement("TJU-1", ALTINN, start, end))


@pytest.fixture
def writer(make_person, tree, agency):
    """A writer of the agency's domain in both environments."""
    groups = []
    for env in ("prod", "course"):
        groups += [tree.readers(env), tree.writers(env, DOMAIN)]
    return make_person(groups=tuple(groups))


def writers(ldap, tree, env="prod"):
    return {m.lower() for m in members_of(ldap, tree, tree.writers(env, DOMAIN))}


def write_model(ldap, tree, name):
    """As a writer: a model below the domain (the generic writers' rule)."""
    ldap.add(f"cn={name},{tree.domain('prod', DOMAIN)}", ["seresModel"], {"cn": [name]})


def check(webapp, tree, notified=None, today=TODAY, **kwargs):
    return lapse.check(webapp, tree, today, notify=notified, org_numbers=(NUMBER,), **kwargs)


def test_a_lapsed_agreement_suspends_the_writers_who_then_cannot_write(
    webapp, manager, tree, binder, writer, notified
):
    """Ended yesterday: both environments' writers move to seresSuspendedMember, kept."""
    agreement(manager, tree, TODAY - dt.timedelta(days=1))
    person = binder.person(writer)
    try:
        write_model(person, tree, "Foer")
        report = check(webapp, tree, notified)
        assert [(a.org_number, len(m)) for a, m in report.suspended] == [(NUMBER, 2)]
        with pytest.raises(InsufficientAccess):
            write_model(person, tree, "Etter")
    finally:
        person.close()
    for env in ("prod", "course"):
        assert writer.dn.lower() not in writers(manager, tree, env)
        held = manager.read(tree.writers(env, DOMAIN), ["seresSuspendedMember"])
        assert [str(v).lower() for v in held["seresSuspendedMember"]] == [writer.dn.lower()]
        grant = grants.get_grant(manager, tree.writers(env, DOMAIN), writer.dn)
        assert grant.active and grant.events[-1].event == suspension.SUSPENDED
        assert grant.events[-1].actor == webapp.bound_dn
    assert store.get_agency(manager, tree, NUMBER).suspended is not None
    told = {to for kind, to in notified.kinds() if kind == lapse.GRANTS_SUSPENDED}
    assert f"{writer.username}@test.example" in told


def test_the_owner_and_the_desk_are_told_of_the_suspension(
    webapp, manager, tree, agency, writer, notified
):
    agreement(manager, tree, TODAY - dt.timedelta(days=1))
    check(webapp, tree, notified)
    told = {to for kind, to in notified.kinds() if kind == lapse.GRANTS_SUSPENDED}
    assert {f"{agency.username}@test.example", "brukerservice@seres.example"} <= told


def test_a_renewal_restores_the_writers_who_can_write_again(
    webapp, manager, tree, binder, writer, notified, make_person
):
    """The desk gives the agreement a later last day; settle() moves the writers back."""
    agreement(manager, tree, TODAY - dt.timedelta(days=1))
    check(webapp, tree)
    person = binder.person(writer)
    try:
        with pytest.raises(InsufficientAccess):
            write_model(person, tree, "Under")
        store.set_agreement_end(manager, tree, NUMBER, "TJU-1", TODAY + dt.timedelta(days=365))
        desk = make_person(groups=(tree.servicedesk,)).dn
        moved = lapse.settle(webapp, tree, NUMBER, desk, notify=notified)
        assert len(moved) == 2 and not any(m.dropped for m in moved)
        write_model(person, tree, "Fornyet")
    finally:
        person.close()
    for env in ("prod", "course"):
        assert writer.dn.lower() in writers(manager, tree, env)
        group = manager.read(tree.writers(env, DOMAIN), ["seresSuspendedMember", "member"])
        assert "seresSuspendedMember" not in group
        assert len(group["member"]) == 1  # the stand-in for nobody is gone
        grant = grants.get_grant(manager, tree.writers(env, DOMAIN), writer.dn)
        assert [e.event for e in grant.events][-2:] == ["suspended", "restored"]
    assert store.get_agency(manager, tree, NUMBER).suspended is None
    assert lapse.GRANTS_RESTORED in {kind for kind, _ in notified.kinds()}


def test_a_new_agreement_restores_at_the_next_check(webapp, manager, tree, writer):
    agreement(manager, tree, TODAY - dt.timedelta(days=1))
    check(webapp, tree)
    store.add_agreement(manager, tree, NUMBER, Agreement("TJU-2", ALTINN, TODAY, None))
    report = check(webapp, tree)
    assert [(a.org_number, len(m)) for a, m in report.restored] == [(NUMBER, 2)]
    assert writer.dn.lower() in writers(manager, tree, "course")


def test_the_check_is_idempotent(webapp, manager, tree, writer, notified):
    agreement(manager, tree, TODAY - dt.timedelta(days=1))
    check(webapp, tree, notified)
    notified.clear()
    again = check(webapp, tree, notified)
    assert (again.suspended, again.restored, again.warned, again.failed) == ([], [], [], [])
    assert notified == []


def test_a_writer_added_while_suspended_is_suspended_at_the_next_run(
    webapp, manager, tree, writer, make_person
):
    agreement(manager, tree, TODAY - dt.timedelta(days=1))
    check(webapp, tree)
    late = make_person(groups=(tree.readers("prod"), tree.writers("prod", DOMAIN)))
    report = check(webapp, tree)
    assert [m.member.lower() for _, moved in report.suspended for m in moved] == [late.dn.lower()]
    assert writers(manager, tree) == set()


def test_a_grant_that_ended_while_suspended_is_not_restored(webapp, manager, tree, writer):
    group = tree.writers("prod", DOMAIN)
    grants.record(
        webapp, group, writer.dn, grants.GRANTED, webapp.bound_dn,
        replace={"end": [grants.now_utc() + dt.timedelta(days=2)]},
    )  # fmt: skip
    agreement(manager, tree, TODAY - dt.timedelta(days=1))
    check(webapp, tree)
    later = grants.now_utc() + dt.timedelta(days=3)
    store.set_agreement_end(manager, tree, NUMBER, "TJU-1", None)
    report = lapse.check(webapp, tree, TODAY, org_numbers=(NUMBER,), now=later)
    dropped = [(m.env, m.dropped) for _, moved in report.restored for m in moved]
    assert sorted(dropped) == [("course", False), ("prod", True)]
    assert writer.dn.lower() not in writers(manager, tree, "prod")
    assert writer.dn.lower() in writers(manager, tree, "course")


def test_a_dry_run_reports_and_changes_nothing(webapp, manager, tree, writer, notified):
    agreement(manager, tree, TODAY - dt.timedelta(days=1))
    report = check(webapp, tree, notified, dry_run=True)
    assert [len(m) for _, m in report.suspended] == [2]
    assert writer.dn.lower() in writers(manager, tree)
    assert store.get_agency(manager, tree, NUMBER).suspended is None
    assert notified == []


def test_an_agency_that_never_had_an_agreement_is_left_alone(webapp, tree, writer, manager):
    """No agreement at all (an agency being set up) is no lapse: nobody is suspended."""
    report = check(webapp, tree)
    assert (report.suspended, report.warned) == ([], [])
    assert writer.dn.lower() in writers(manager, tree)


def test_owners_and_desk_are_warned_60_and_14_days_before_each_once(
    webapp, manager, tree, agency, writer, notified
):
    agreement(manager, tree, TODAY + dt.timedelta(days=50))
    to = {f"{agency.username}@test.example", "brukerservice@seres.example"}
    report = check(webapp, tree, notified)
    assert [(w.days, w.last_day) for w in report.warned] == [(60, TODAY + dt.timedelta(days=50))]
    assert {a for k, a in notified.kinds() if k == lapse.AGREEMENT_ENDING} >= to
    assert f"{writer.username}@test.example" not in {a for _, a in notified.kinds()}
    notified.clear()
    assert check(webapp, tree, notified).warned == [] and notified == []
    later = TODAY + dt.timedelta(days=40)
    assert [w.days for w in check(webapp, tree, notified, today=later).warned] == [14]
    assert {d["days"] for _, _, d in notified} == {14}
    notified.clear()
    assert check(webapp, tree, notified, today=later).warned == [] and notified == []
    assert writer.dn.lower() in writers(manager, tree)


def test_a_warning_first_found_within_14_days_goes_alone(webapp, manager, tree, agency):
    agreement(manager, tree, TODAY + dt.timedelta(days=10))
    assert [w.days for w in check(webapp, tree).warned] == [14]
    assert check(webapp, tree, today=TODAY + dt.timedelta(days=1)).warned == []
    assert set(store.get_agency(manager, tree, NUMBER).warned) == {
        f"{(TODAY + dt.timedelta(days=10)).isoformat()}:{d}" for d in (60, 14)
    }


def test_a_new_last_day_warns_afresh(webapp, manager, tree, agency):
    agreement(manager, tree, TODAY + dt.timedelta(days=10))
    check(webapp, tree)
    store.set_agreement_end(manager, tree, NUMBER, "TJU-1", TODAY + dt.timedelta(days=30))
    assert [w.days for w in check(webapp, tree).warned] == [60]


def test_a_suspended_writer_cannot_put_themselves_back(webapp, manager, tree, binder, writer):
    """slapd's rule: a person may only delete their own membership, never add it."""
    agreement(manager, tree, TODAY - dt.timedelta(days=1))
    check(webapp, tree)
    person = binder.person(writer)
    try:
        with pytest.raises(InsufficientAccess):
            person.modify(tree.writers("prod", DOMAIN), {"member": [("MODIFY_ADD", [writer.dn])]})
    finally:
        person.close()


def test_the_agency_s_people_see_since_when_it_is_suspended(webapp, manager, tree, binder, writer):
    agreement(manager, tree, TODAY - dt.timedelta(days=1))
    check(webapp, tree)
    store.add_member(manager, tree, NUMBER, writer.dn)
    person = binder.person(writer)
    try:
        assert store.get_agency(person, tree, NUMBER).suspended is not None
        with pytest.raises(InsufficientAccess):
            person.modify(
                store.agency_dn(tree, NUMBER), {"seresAgencySuspended": [("MODIFY_REPLACE", [])]}
            )
    finally:
        person.close()


@pytest.fixture
def run(slapd, accounts, tmp_path):
    """`seres` as the web app's service account, its mailer writing to an outbox."""

    def invoke(*args):
        env = {
            "SERES_LDAP_URLS": slapd.url,
            "SERES_LDAP_BIND_DN": accounts["webapp"].dn,
            "SERES_LDAP_PASSWORD": accounts["webapp"].password,
            "SERES_SECRET_KEY": "cli-test",
            "SERES_PUBLIC_URL": "https://tilgang.example",
            "SERES_NOTIFY": "outbox",
            "SERES_VAR": str(tmp_path),
        }
        return CliRunner(env=env).invoke(main, list(args))

    return invoke


def test_seres_agencies_check_dry_run_then_for_real(run, manager, tree, writer, tmp_path):
    agreement(manager, tree, TODAY - dt.timedelta(days=1))
    result = run("agencies", "check", "--dry-run", "--agency", NUMBER)
    assert result.exit_code == 0, result.output
    assert f"would suspend 2 write grants of {NUMBER} Avtaleetaten" in result.output
    assert writer.dn.lower() in writers(manager, tree)
    result = run("agencies", "check", "--agency", NUMBER)
    assert result.exit_code == 0, result.output
    assert "0 warned, 1 suspended, 0 restored, 0 failed" in result.output
    assert writer.dn.lower() not in writers(manager, tree)
    mails = [json.loads(p.read_text()) for p in sorted((tmp_path / "outbox").glob("*.json"))]
    assert any("Avtaleetaten" in m.get("subject", "") for m in mails)


def test_seres_agencies_check_refuses_a_bad_number(run):
    result = run("agencies", "check", "--agency", "12345")
    assert result.exit_code == 2
