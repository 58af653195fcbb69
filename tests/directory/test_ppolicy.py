"""The password policy seen through the one connection helper."""

import pytest

from directory.errors import AccountLocked, InvalidCredentials, policy_error
from directory.people import password_state, set_password, unlock


def test_a_bind_after_five_failures_raises_account_locked(binder, make_person, manager):
    """ppolicy's response control turns the refusal into AccountLocked, even with the right code."""
    person = make_person()
    directory = binder.servers()
    for _ in range(5):
        with pytest.raises(InvalidCredentials) as refused:
            directory.bind(person.dn, "wrong-password123456")
        assert not isinstance(refused.value, AccountLocked)
    with pytest.raises(AccountLocked):
        binder.person(person)
    assert password_state(manager, person.dn)["locked"] is not None


def test_unlocking_ends_the_lock_out(binder, make_person, manager):
    """Deleting pwdAccountLockedTime lets the person bind again; a second unlock finds nothing."""
    person = make_person()
    for _ in range(5):
        with pytest.raises(InvalidCredentials):
            binder.servers().bind(person.dn, "wrong-password123456")
    assert unlock(manager, person.dn) is True
    assert unlock(manager, person.dn) is False
    assert manager.read(person.dn, ["pwdFailureTime"]) == {}
    binder.person(person).close()


def test_the_directory_refuses_a_short_password_itself(make_person, webapp):
    """pwdCheckQuality + pwdMinLength 12: ppolicy refuses what the form would refuse too."""
    from directory.errors import InvalidValue

    person = make_person()
    with pytest.raises(InvalidValue):
        set_password(webapp, person.dn, "short-pw")


def test_policy_error_reads_only_a_well_formed_control():
    """accountLocked is decoded; garbage and an empty control mean no error."""
    oid = "1.3.6.1.4.1.42.2.27.8.5.1"
    assert policy_error({oid: {"value": b"0\x03\x81\x01\x01"}}) == "accountLocked"
    assert policy_error({oid: {"value": b"0\x00"}}) is None
    assert policy_error({oid: {"value": b"\xff\xff"}}) is None
    assert policy_error(None) is None


def _argon2_cost(stored: bytes) -> str:
    """The parameters of a stored {ARGON2} value, e.g. "m=12288,t=3,p=1"."""
    scheme, _, rest = stored.decode().partition("}")
    assert scheme == "{ARGON2"
    return rest.split("$")[3]


def test_passwords_are_stored_with_the_configured_argon2_cost(make_person, manager, accounts):
    """A password set over LDAP and every demo password carry layout.ARGON2_MODULE's cost."""
    from directory.layout import ARGON2_MODULE

    wanted = ",".join(ARGON2_MODULE.split()[1:])
    person = make_person()
    stored = manager.read(person.dn, ["userPassword"], raw=True)["userPassword"][0]
    assert _argon2_cost(stored) == wanted
    for account in accounts.values():
        values = manager.read(account.dn, ["userPassword"], raw=True)
        if values:
            assert _argon2_cost(values["userPassword"][0]) == wanted, account.username
