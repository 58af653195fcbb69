"""Owners' daily digests: chosen per person, sent once a day, instead of one mail per event."""

import datetime as dt

import pytest
from click.testing import CliRunner

from directory import preferences
from directory.access import access_of
from directory.cli import main
from directory.digest.service import DAILY_DIGEST, send_digests
from directory.errors import InsufficientAccess
from directory.grants import review
from directory.orders import recipients
from directory.orders import store as orders
from directory.orders import workflow as wf

pytestmark = pytest.mark.usefixtures("clean_orders")
NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)


@pytest.fixture
def owners(make_person, tree, webapp):
    """Two new owners of BUFdir: the first chose the digest, the second one mail per event."""
    daily, each = (make_person(groups=(tree.owners("BUFdir"),)) for _ in range(2))
    preferences.set_digest(webapp, tree, daily.username, True)
    preferences.set_digest(webapp, tree, each.username, False)
    return daily, each


def write_order(webapp, tree, accounts):
    """An order of write access to BUFdir by its demo owner: it awaits another owner."""
    orderer = accounts["eier.bufdir"].dn
    user = wf.Actor.of(orderer, access_of(webapp, tree, orderer))
    details = {
        "service_owner": "BUFdir",
        "access": "write",
        "write_domains": ["BUFdir"],
        "environments": "prod",
        "given_name": "Nina",
        "surname": "Nybruker",
        "mail": "nina.nybruker@bufdir.example",
        "mobile": "412 34 567",
    }
    return orders.submit(webapp, tree, user, wf.ACCESS, details)


def mine(sent, account):
    return [item for item in sent if item.dn.lower() == account.dn.lower()]


def test_an_owner_who_chose_the_digest_gets_no_mail_per_order(
    webapp, tree, accounts, owners, notified
):
    """The order's approval mail goes to the owner of one mail per event, not the other."""
    daily, each = owners
    order = write_order(webapp, tree, accounts)
    told = recipients.tell_next(webapp, tree, order, notified)
    assert f"{each.username}@test.example" in told
    assert f"{daily.username}@test.example" not in told


def test_the_digest_lists_what_awaits_the_owner_once_a_day(
    webapp, tree, accounts, owners, notified
):
    """One digest with the order; a second run that day sends nothing; the mark is kept."""
    daily, each = owners
    order = write_order(webapp, tree, accounts)
    sent = send_digests(webapp, tree, notified, now=NOW)
    [digest] = mine(sent, daily)
    assert digest.approvals == ((order.id, wf.ACCESS),)
    assert mine(sent, each) == []
    assert (DAILY_DIGEST, f"{daily.username}@test.example") in notified.kinds()
    count = len(notified)
    assert (
        mine(send_digests(webapp, tree, notified, now=NOW + dt.timedelta(minutes=5)), daily) == []
    )
    assert len(notified) == count
    assert preferences.last_sent(webapp, daily.dn) == NOW


def test_a_dry_run_sends_and_writes_nothing(webapp, tree, accounts, owners, notified):
    """--dry-run's function says who would get what; no mail, no mark."""
    daily, _ = owners
    write_order(webapp, tree, accounts)
    [digest] = mine(send_digests(webapp, tree, notified, now=NOW, dry_run=True), daily)
    assert digest.approvals and notified == []
    assert preferences.last_sent(webapp, daily.dn) is None


def test_nothing_to_tell_is_no_digest(webapp, tree, owners, notified):
    """An owner with no order, step or open review gets no mail."""
    daily, _ = owners
    assert mine(send_digests(webapp, tree, notified, now=NOW), daily) == []
    assert notified == []


def test_review_reminders_skip_the_owners_of_the_digest(webapp, tree, owners, notified, manager):
    """A started review is told at once to the owner of one mail per event only."""
    daily, each = owners
    review.start(webapp, tree, "BUFdir", NOW + dt.timedelta(days=30), now=NOW)
    try:
        review.remind(webapp, tree, notified, now=NOW)
        told = {to for _, to in notified.kinds()}
        assert f"{each.username}@test.example" in told
        assert f"{daily.username}@test.example" not in told
        [digest] = mine(send_digests(webapp, tree, notified, now=NOW), daily)
        assert [name for name, _ in digest.reviews] == ["BUFdir"]
    finally:
        manager.delete(tree.review("BUFdir"))


def test_a_person_may_not_set_their_choice_directly_nor_read_anothers(
    binder, webapp, tree, make_person, owners
):
    """Only the web app writes the choice; a person reads their own, not another's."""
    daily, _ = owners
    person = make_person()
    ldap = binder.person(person)
    try:
        assert preferences.wants_digest(ldap, daily.dn) is False  # unreadable: not theirs
        with pytest.raises(InsufficientAccess):
            preferences.set_digest(ldap, tree, person.username, True)
    finally:
        ldap.close()
    assert preferences.wants_digest(webapp, daily.dn) is True


def test_seres_digest_send_dry_run_from_the_cli(slapd, accounts, webapp, tree, owners):
    """`seres digest send --dry-run` names who would get one and sends nothing."""
    daily, _ = owners
    write_order(webapp, tree, accounts)
    env = {
        "SERES_LDAP_URLS": slapd.url,
        "SERES_LDAP_BIND_DN": accounts["webapp"].dn,
        "SERES_LDAP_PASSWORD": accounts["webapp"].password,
    }
    result = CliRunner(env=env).invoke(main, ["digest", "send", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert f"would send a digest to {daily.dn}: 1 awaiting approval" in result.output
    assert preferences.last_sent(webapp, daily.dn) is None
    sent = CliRunner(env=env).invoke(main, ["digest", "send", "--no-mail"])
    assert f"sent a digest to {daily.dn}" in sent.output
    again = CliRunner(env=env).invoke(main, ["digest", "send", "--no-mail"])
    assert daily.dn not in again.output
