"""Dormant and never-activated accounts (directory.grants.accounts) against the real slapd."""

import datetime as dt

import pytest
from click.testing import CliRunner

from directory.cli import main
from directory.connection import REPLACE
from directory.entries import parse_time
from directory.errors import AccountLocked, InvalidCredentials, InvalidValue
from directory.grants import accounts, store
from directory.groups import groups_of
from directory.people import password_state

pytestmark = pytest.mark.usefixtures("clean_grants")


@pytest.fixture
def demo(request):
    """The demo accounts (the session's ``accounts``; this module's name is taken)."""
    return request.getfixturevalue("accounts")


def sent_to(box):
    def notify(kind, to, **data):
        box.append((kind, to, data))

    return notify


def last_signed_in(manager, tree, account, days_ago: float) -> None:
    """Set, as the manager, the person's last used SMS code to ``days_ago`` days ago."""
    moment = dt.datetime.now(dt.UTC) - dt.timedelta(days=days_ago)
    step = int(moment.timestamp()) // 60
    manager.modify(tree.token(account.username), {"oathTOTPLastTimeStep": [(REPLACE, [step])]})


def end_of(manager, dn):
    values = manager.read(dn, [accounts.END]) or {}
    found = values.get(accounts.END)
    return parse_time(str(found[0])) if found else None


def mail_of(account):
    return f"{account.username}@test.example"


def names(items):
    return {getattr(i, "username", None) or i[0].username for i in items}


def test_a_dormant_account_is_warned_by_mail_then_disabled_by_the_timed_job(
    webapp, manager, tree, writer_of, binder
):
    """No sign-in for the days set: told, an end 14 days on; at the end locked and out of all."""
    person = writer_of()
    last_signed_in(manager, tree, person, days_ago=200)
    box = []
    report = accounts.run(webapp, tree, days=180, notify=sent_to(box))
    assert person.username in names(report.warned)
    assert (accounts.ACCOUNT_DORMANT, mail_of(person)) in {(k, to) for k, to, _ in box}
    end = end_of(manager, person.dn)
    assert dt.timedelta(days=14) <= end - store.now_utc() <= dt.timedelta(days=16)
    again = accounts.run(webapp, tree, days=180, notify=sent_to(box))
    assert person.username not in names(again.warned)
    assert person.username in names(again.pending)
    assert len([m for m in box if m[1] == mail_of(person)]) == 1
    later = accounts.run(webapp, tree, days=180, now=end + dt.timedelta(minutes=1))
    assert person.username in names(later.disabled)
    assert groups_of(manager, tree, person.dn) == []
    with pytest.raises((AccountLocked, InvalidCredentials)):
        binder.person(person)
    grant = store.get_grant(manager, tree.writers("prod", "BUFdir"), person.dn)
    assert "dormant" in grant.events[-1].reason


def test_a_dormant_account_that_signs_in_after_the_warning_keeps_it(
    webapp, manager, tree, make_person, binder
):
    """A sign-in before the end: the next run clears the end, and nothing is disabled."""
    person = make_person(groups=(tree.readers("prod"),))
    last_signed_in(manager, tree, person, days_ago=200)
    accounts.run(webapp, tree, days=180)
    assert end_of(manager, person.dn) is not None
    binder.person(person).close()
    report = accounts.run(webapp, tree, days=180)
    assert person.username in names(report.cleared)
    assert end_of(manager, person.dn) is None
    assert groups_of(manager, tree, person.dn)


def test_an_account_used_recently_is_not_dormant(webapp, manager, tree, make_person):
    person = make_person()
    last_signed_in(manager, tree, person, days_ago=100)
    report = accounts.run(webapp, tree, days=180)
    assert person.username not in names(report.warned)
    assert end_of(manager, person.dn) is None


def test_the_dry_run_lists_dormant_accounts_and_changes_nothing(webapp, manager, tree, make_person):
    person = make_person(groups=(tree.readers("prod"),))
    last_signed_in(manager, tree, person, days_ago=400)
    box = []
    report = accounts.run(webapp, tree, days=180, dry_run=True, notify=sent_to(box))
    assert person.username in names(report.warned)
    assert end_of(manager, person.dn) is None and box == []
    yesterday = store.generalized(store.now_utc() - dt.timedelta(days=1))
    manager.modify(person.dn, {accounts.END: [(REPLACE, [yesterday])]})
    report = accounts.run(webapp, tree, days=180, dry_run=True)
    assert person.username in names(report.disabled)
    assert password_state(manager, person.dn)["locked"] is None
    assert groups_of(manager, tree, person.dn)


def test_a_never_activated_account_expires_with_its_activation_link(
    webapp, manager, tree, make_person
):
    """The link's end is the account's; after it the job disables it, saying why."""
    person = make_person(groups=(tree.readers("prod"),))
    until = store.now_utc() + dt.timedelta(hours=72)
    assert accounts.awaits_activation(webapp, person.dn, until, False)
    assert accounts.run(webapp, tree, days=180).disabled == []
    report = accounts.run(webapp, tree, days=180, now=until + dt.timedelta(minutes=1))
    assert [(a.username, reason) for a, reason in report.disabled if a.dn == person.dn] == [
        (person.username, accounts.NEVER_ACTIVATED_REASON)
    ]
    assert password_state(manager, person.dn)["locked"] is not None
    assert groups_of(manager, tree, person.dn) == []


def test_an_activation_link_leaves_an_account_in_use_alone(webapp, manager, tree, make_person):
    person = make_person()
    until = store.now_utc() + dt.timedelta(hours=72)
    assert not accounts.awaits_activation(webapp, person.dn, until, True)
    assert end_of(manager, person.dn) is None


def test_using_the_link_clears_the_accounts_end(webapp, manager, tree, make_person):
    person = make_person()
    accounts.awaits_activation(webapp, person.dn, store.now_utc(), False)
    accounts.activated(webapp, person.dn)
    assert end_of(manager, person.dn) is None


def test_slapd_refuses_a_bind_after_the_accounts_end(manager, tree, make_person, binder):
    """pwdEndTime is ppolicy's: the end holds for every tool's bind, not only the web app's."""
    person = make_person()
    manager.modify(person.dn, {accounts.END: [(REPLACE, ["20200101000000Z"])]})
    with pytest.raises((AccountLocked, InvalidCredentials)):
        binder.person(person)


def test_the_dormant_days_setting_is_checked():
    assert accounts.dormant_days("90") == 90
    for bad in ("0", "14", "soon", ""):
        with pytest.raises(InvalidValue):
            accounts.dormant_days(bad)


def cli_env(slapd, demo, days: str) -> dict:
    """`seres` as the web app's account (the timed job's identity), with the days set."""
    return {
        "SERES_LDAP_URLS": slapd.url,
        "SERES_LDAP_BIND_DN": demo["webapp"].dn,
        "SERES_LDAP_PASSWORD": demo["webapp"].password,
        "SERES_DORMANT_DAYS": days,
    }


def test_seres_access_accounts_dry_run_says_what_it_would_do_and_then_does_it(
    slapd, demo, manager, tree, make_person, tmp_path
):
    """`seres access accounts --dry-run` lists, changes nothing; without it the end is set."""
    person = make_person()
    last_signed_in(manager, tree, person, days_ago=400)
    env = cli_env(slapd, demo, "180")
    dry = CliRunner(env=env).invoke(main, ["access", "accounts", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert f"would warn {person.username}" in dry.output
    assert end_of(manager, person.dn) is None
    done = CliRunner(env=env).invoke(main, ["access", "accounts", "--no-mail"])
    assert done.exit_code == 0, done.output
    assert f"warn {person.username}" in done.output
    assert end_of(manager, person.dn) is not None


def test_seres_access_accounts_refuses_a_bad_setting(slapd, demo):
    env = cli_env(slapd, demo, "7")
    result = CliRunner(env=env).invoke(main, ["access", "accounts", "--dry-run"])
    assert result.exit_code == 2 and "SERES_DORMANT_DAYS" in result.output
