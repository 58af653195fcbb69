"""Multi-provider replication between two real slapds built from ldif/."""

import time

import pytest

from directory import otp
from directory.connection import REPLACE, Servers
from directory.errors import InvalidCredentials
from directory.settings import Settings
from tests.support import add_person, eventually, remove_people


@pytest.fixture
def person(providers):
    """A throw-away person made on provider 1, present on both."""
    manager = providers.manager(0)
    account = add_person(manager, providers.tree)
    other = providers.manager(1)
    assert eventually(lambda: other.exists(account.dn)), "the person did not reach provider 2"
    yield account
    remove_people(manager, providers.tree, [account.username])
    manager.close()
    other.close()


def bind_on(providers, index: int, account, code: str):
    directory = Servers(Settings((providers.urls[index],), "", "", providers.tree.suffix))
    return directory.bind(account.dn, account.password + code)


def used_code(providers, account) -> tuple[str, int]:
    """A code as the web app would send it now, used in a bind on provider 1."""
    binder = providers.binder(0)
    with binder.service(providers.accounts["webapp"]) as ldap:
        token = otp.read_token(ldap, providers.tree, account.username)
    step = otp.next_step(token.last_step, time.time())
    code = otp.code_at(account.otp_secret, step)
    bind_on(providers, 0, account, code).close()
    return code, step


def test_a_write_on_either_provider_reaches_the_other(providers):
    """People added on provider 1 and on provider 2 are on both, once each."""
    with providers.manager(0) as one, providers.manager(1) as two:
        a = add_person(one, providers.tree)
        b = add_person(two, providers.tree)
        try:
            for ldap in (one, two):
                assert eventually(lambda ldap=ldap: ldap.exists(a.dn) and ldap.exists(b.dn))
        finally:
            remove_people(one, providers.tree, [a.username, b.username])
        assert eventually(lambda: not two.exists(a.dn) and not two.exists(b.dn))


def test_the_otp_overlay_alone_does_not_replicate_the_used_step(providers, person):
    """The finding: a code used on provider 1 still binds on provider 2 (slapo-otp's write stays local)."""
    code, step = used_code(providers, person)
    time.sleep(0.5)  # ample for a replicated write (milliseconds here)
    with providers.manager(1) as two:
        token = two.read(providers.tree.token(person.username), ["oathTOTPLastTimeStep"])
    assert "oathTOTPLastTimeStep" not in token
    bind_on(providers, 1, person, code).close()  # the replay is taken


def test_a_recorded_step_makes_a_used_code_fail_on_the_other_provider(providers, person):
    """What the web app does after each sign-in with several providers: the replay is refused."""
    code, step = used_code(providers, person)
    with providers.binder(0).service(providers.accounts["webapp"]) as webapp:
        assert otp.record_used_step(webapp, providers.tree, person.username, code) == step
    with providers.manager(1) as two:
        dn = providers.tree.token(person.username)
        assert eventually(
            lambda: two.read(dn, ["oathTOTPLastTimeStep"]).get("oathTOTPLastTimeStep")
        )
    with pytest.raises(InvalidCredentials):
        bind_on(providers, 1, person, code)


def test_recording_an_older_step_changes_nothing(providers, person):
    """A late record never moves the last used step back."""
    code, step = used_code(providers, person)
    later = otp.code_at(person.otp_secret, step + 1)
    bind_on(providers, 0, person, later).close()
    with providers.binder(0).service(providers.accounts["webapp"]) as webapp:
        assert otp.record_used_step(webapp, providers.tree, person.username, later) == step + 1
        assert otp.record_used_step(webapp, providers.tree, person.username, code) is None
        token = otp.read_token(webapp, providers.tree, person.username)
    assert token.last_step == step + 1


def test_failed_binds_count_on_both_providers(providers, person):
    """ppolicy's failure times (the lock-out state) replicate."""
    for _ in range(2):
        with pytest.raises(InvalidCredentials):
            bind_on(providers, 0, person, "000000")
    with providers.manager(1) as two:
        assert eventually(
            lambda: len(two.read(person.dn, ["pwdFailureTime"]).get("pwdFailureTime", [])) == 2
        )


def test_each_provider_logs_each_write_once(providers, person):
    """The accesslog of either provider holds every write once, made where it was made or not."""

    def csns(ldap):
        found = ldap.search("cn=accesslog", f"(reqDN={person.dn})", ["entryCSN"], scope="one")
        return sorted(attrs["entryCSN"][0] for _, attrs in found)

    with providers.manager(0) as one, providers.manager(1) as two:
        one.modify(person.dn, {"description": [(REPLACE, ["written on 1"])]})
        assert eventually(lambda: len(csns(two)) == 2)
        two.modify(person.dn, {"description": [(REPLACE, ["written on 2"])]})
        assert eventually(lambda: len(csns(one)) == 3 and csns(one) == csns(two)), (
            csns(one),
            csns(two),
        )
        assert len(set(csns(one))) == 3  # the add, the two changes: nothing twice
