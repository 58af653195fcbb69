"""A service connection whose server went away: reads go on, writes are never sent twice."""

import uuid

import pytest

from directory.connection import REPLACE, Servers
from directory.errors import Unavailable
from directory.settings import Settings


@pytest.fixture
def relayed_manager(relay, accounts, tree):
    """The manager's service connection, through the relay."""
    manager = accounts["manager"]
    ldap = Servers(Settings((relay.url,), manager.dn, manager.password, tree.suffix)).service()
    yield ldap
    ldap.close()


@pytest.fixture
def entry(manager, tree):
    """A throw-away entry's DN, removed afterwards if it was made."""
    dn = f"uid=lost-{uuid.uuid4().hex[:10]},{tree.people}"
    yield dn
    if manager.exists(dn):
        manager.delete(dn)


def person(uid: str) -> dict:
    return {"uid": uid, "cn": f"Lost {uid}", "sn": "Lost"}


def test_a_read_whose_answer_is_lost_is_sent_again_on_a_new_connection(
    relayed_manager, relay, tree, accounts
):
    dn = accounts["brukerservice"].dn
    relay.lose_next_answer()
    assert relayed_manager.read(dn, ["uid"]) == {"uid": ["brukerservice"]}
    relay.lose_next_answer()
    assert relayed_manager.compare(dn, "uid", "brukerservice")


def test_a_connection_the_server_closed_is_bound_again_before_a_write(
    relayed_manager, relay, manager, entry
):
    """Cut while idle (a restarted or failed-over server): the write goes through, once."""
    relay.down()
    relay.up()
    uid = entry.split(",")[0][4:]
    relayed_manager.add(entry, ["inetOrgPerson"], person(uid))
    relayed_manager.modify(entry, {"sn": [(REPLACE, ["Found"])]})
    assert manager.read(entry, ["sn"]) == {"sn": ["Found"]}


def test_a_write_whose_answer_is_lost_is_not_sent_again(relayed_manager, relay, manager, entry):
    """The add reached slapd and was applied; sending it again would say "already exists"."""
    uid = entry.split(",")[0][4:]
    relay.lose_next_answer()
    with pytest.raises(Unavailable):
        relayed_manager.add(entry, ["inetOrgPerson"], person(uid))
    assert manager.exists(entry)
    # The connection itself is bound again for what comes next.
    assert relayed_manager.read(entry, ["uid"]) == {"uid": [uid]}


def test_a_persons_connection_is_never_bound_again(relay, accounts, tree, make_person, binder):
    """A person's bind carries a one-time code: it is not sent a second time."""
    account = make_person()
    code = binder.next_code(account.username, account.otp_secret)
    settings = Settings((relay.url,), tree.person(account.username), "", tree.suffix)
    ldap = Servers(settings).bind(tree.person(account.username), account.password + code)
    try:
        relay.down()
        relay.up()
        with pytest.raises(Unavailable):
            ldap.read(tree.person(account.username), ["uid"])
    finally:
        ldap.connection.closed or ldap.close()


def test_a_person_bound_as_the_service_identity_ends_unavailable_not_refused(
    relay, tree, make_person, binder
):
    """A CLI run as a person: binding again sends the spent code, which slapd refuses;
    the caller hears that the directory was lost, not that their password is wrong."""
    account = make_person()
    code = binder.next_code(account.username, account.otp_secret)
    settings = Settings((relay.url,), account.dn, account.password + code, tree.suffix)
    ldap = Servers(settings).service()
    try:
        relay.down()
        relay.up()
        with pytest.raises(Unavailable):
            ldap.read(account.dn, ["uid"])
    finally:
        ldap.connection.closed or ldap.close()
