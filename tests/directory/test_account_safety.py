"""What a bound identity cannot learn or break about other accounts (issue 10, items 1-5).

Each test binds as the demo accounts against the session's slapd, built from
ldif/ like `make run`'s, and asks as an attacker would.
"""

import secrets
import subprocess
from dataclasses import replace

import pytest

from directory.connection import REPLACE, Servers
from directory.errors import DirectoryError, InsufficientAccess, InvalidCredentials, InvalidValue
from directory.people import set_password
from directory.server.build import BuildOptions, build
from directory.server.slapd import Slapd, free_port
from directory.settings import Settings

# --- 1. No password oracle ----------------------------------------------------
# ppolicy compares a new password with the current one (and a history) before
# the access rules decide whether the one asking may set it at all.


def ldappasswd(url: str, who, new: str, target_dn: str) -> subprocess.CompletedProcess:
    """The Password Modify extended operation, as `ldappasswd -s` sends it."""
    return subprocess.run(
        ["ldappasswd", "-x", "-H", url, "-D", who.dn, "-w", who.password, "-s", new, target_dn],
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize("who", ["tools", "sync"])
@pytest.mark.parametrize("target", ["webapp", "sync", "tools"])
def test_a_password_change_tells_nobody_whether_a_guess_is_a_service_accounts_password(
    slapd, accounts, who, target
):
    """Right guess or wrong one: the same refusal, insufficientAccessRights (50)."""
    account = accounts[target]
    answers = {
        ldappasswd(slapd.url, accounts[who], guess, account.dn).stdout
        + ldappasswd(slapd.url, accounts[who], guess, account.dn).stderr
        for guess in (account.password, secrets.token_urlsafe(18))
    }
    assert len(answers) == 1, answers
    assert "Insufficient access (50)" in answers.pop()


@pytest.mark.parametrize("who", ["tools", "skriver.bufdir"])
def test_a_modify_tells_nobody_whether_a_guess_is_a_persons_current_or_old_password(
    bound, accounts, make_person, who
):
    """The current password, the one before it, a made-up one: each InsufficientAccess alike."""
    person = make_person()
    old = person.password
    current = secrets.token_urlsafe(18)
    set_password(bound("brukerservice"), person.dn, current)
    answers = set()
    for guess in (current, old, secrets.token_urlsafe(18)):
        with pytest.raises(DirectoryError) as refused:
            bound(who).modify(person.dn, {"userPassword": [(REPLACE, [guess])]})
        answers.add((type(refused.value), str(refused.value)))
    assert len(answers) == 1, answers
    assert answers.pop()[0] is InsufficientAccess


# --- 2. Service accounts: no lock-out, binds only from where the operator says --


@pytest.mark.parametrize("name", ["webapp", "sync", "tools"])
def test_the_service_accounts_have_the_policy_without_lock_out(manager, accounts, tree, name):
    """Each names cn=service-password, which never locks."""
    values = manager.read(accounts[name].dn, ["pwdPolicySubentry"])
    assert values["pwdPolicySubentry"] == [tree.service_password_policy]
    policy = manager.read(tree.service_password_policy, ["pwdLockout", "pwdMaxFailure"])
    assert policy == {"pwdLockout": ["FALSE"], "pwdMaxFailure": ["0"]}


def test_wrong_binds_do_not_lock_a_service_account(binder, manager, tree):
    """Twice the people's limit of wrong binds, and the right password still binds."""
    name = f"test-service-{secrets.token_hex(4)}"
    dn = f"cn={name},ou=services,{tree.suffix}"
    password = secrets.token_urlsafe(18)
    manager.add(
        dn,
        ["applicationProcess", "simpleSecurityObject"],
        {"cn": name, "userPassword": password, "pwdPolicySubentry": tree.service_password_policy},
    )
    try:
        for _ in range(10):
            with pytest.raises(InvalidCredentials):
                binder.servers().bind(dn, "wrong-" + password)
        binder.servers().bind(dn, password).close()
        assert manager.read(dn, ["pwdAccountLockedTime"]) == {}
    finally:
        manager.delete(dn)


@pytest.fixture(scope="module")
def remote_only(tmp_path_factory, accounts):
    """A demo server whose service accounts may bind only from 192.0.2.0/24 (not here)."""
    root = tmp_path_factory.mktemp("remote-only") / "slapd"
    build(
        root,
        BuildOptions(
            manager_password=accounts["manager"].password,
            nosync=True,
            service_networks=("192.0.2.0/24",),
        ),
    )
    with Slapd(root, port=free_port()) as server:
        yield server


@pytest.mark.parametrize("name", ["webapp", "tools"])
def test_a_service_account_binds_only_from_the_networks_it_was_built_for(
    remote_only, accounts, name
):
    """From 127.0.0.1, outside 192.0.2.0/24: refused as a wrong password would be."""
    account = accounts[name]
    with pytest.raises(InvalidCredentials):
        Servers(Settings((remote_only.url,), "", "")).bind(account.dn, account.password)


def test_a_service_account_binds_over_the_ldapi_socket_wherever_it_may_bind_from(
    remote_only, accounts
):
    """The local socket is this machine: allowed whatever networks were given."""
    account = accounts["tools"]
    Servers(Settings((remote_only.ldapi,), "", "")).bind(account.dn, account.password).close()


def test_by_default_service_accounts_bind_from_loopback(slapd, accounts):
    """The session's server was built with the defaults: 127.0.0.1 binds."""
    account = accounts["sync"]
    Servers(Settings((slapd.url,), "", "")).bind(account.dn, account.password).close()


def test_the_manager_binds_from_anywhere_the_server_listens(remote_only, accounts):
    """The rule is on ou=services: the manager (olcRootPW) is not in it."""
    account = accounts["manager"]
    Servers(Settings((remote_only.url,), "", "")).bind(account.dn, account.password).close()


# --- 3. The directory refuses what it cannot check ----------------------------


def test_a_password_sent_already_hashed_is_refused(bound, make_person):
    """ppolicy cannot measure a hash; pwdCheckQuality 2 refuses it (1 let `short` through)."""
    from directory.server.build import hash_password

    person = make_person()
    with pytest.raises(InvalidValue):
        bound("brukerservice").modify(
            person.dn, {"userPassword": [(REPLACE, [hash_password("short")])]}
        )


# --- 4. Adding tells nobody which accounts and tokens exist -------------------


@pytest.mark.parametrize("who", ["skriver.bufdir", "tools", "brukerservice"])
@pytest.mark.parametrize(
    ("existing", "container", "classes"),
    [
        ("webapp", "ou=services", ["applicationProcess"]),
        ("skriver.bufdir", "ou=tokens", ["device"]),
    ],
    ids=["services", "tokens"],
)
def test_adding_an_existing_name_answers_as_adding_a_made_up_one(
    bound, tree, manager, who, existing, container, classes
):
    """The same error, word for word, whether the account or token exists or not."""
    answers = set()
    for name in (existing, f"made-up-{secrets.token_hex(4)}"):
        dn = f"cn={name},{container},{tree.suffix}"
        try:
            with pytest.raises(DirectoryError) as refused:
                bound(who).add(dn, classes, {"cn": name})
        finally:
            if name != existing and manager.exists(dn):
                manager.delete(dn)
        answers.add((type(refused.value), str(refused.value).replace(name, "NAME")))
    assert len(answers) == 1, answers


def test_the_web_app_still_adds_and_is_told_a_token_exists(webapp, tree, make_person):
    """The one who may add there learns what it may read anyway."""
    from directory.errors import AlreadyExists

    person = make_person()
    with pytest.raises(AlreadyExists):
        webapp.add(tree.token(person.username), ["device"], {"cn": person.username})


# --- 5. Lock-out state: the person, the desk and the web app ------------------

STATE = ["pwdChangedTime", "pwdFailureTime", "pwdAccountLockedTime", "pwdPolicySubentry"]


@pytest.fixture
def failed_person(make_person, binder, bound):
    """A person with a changed password and one failed bind: state to read."""
    person = replace(make_person(), password=secrets.token_urlsafe(18))
    set_password(bound("brukerservice"), person.dn, person.password)
    with pytest.raises(InvalidCredentials):
        binder.servers().bind(person.dn, "wrong-password-123456")
    return person


@pytest.mark.parametrize("who", ["tools", "sync", "skriver.bufdir", "leser.prod"])
def test_others_do_not_read_a_persons_lock_out_state(bound, failed_person, manager, who):
    """Not tools, not sync, not another person: no pwdFailureTime, pwdChangedTime, ..."""
    assert set(manager.read(failed_person.dn, ["pwdChangedTime", "pwdFailureTime"])) == {
        "pwdChangedTime",
        "pwdFailureTime",
    }
    assert bound(who).read(failed_person.dn, STATE) in ({}, None)


@pytest.mark.parametrize("who", ["brukerservice", "webapp"])
def test_the_desk_and_the_web_app_read_a_persons_lock_out_state(bound, failed_person, who):
    """They unlock people, so they see the failures and when the password changed."""
    seen = bound(who).read(failed_person.dn, STATE)
    assert {"pwdChangedTime", "pwdFailureTime"} <= set(seen)


def test_a_person_reads_their_own_lock_out_state(binder, failed_person):
    """When they last changed the password (their bind has just cleared the failures)."""
    with binder.person(failed_person) as ldap:
        assert "pwdChangedTime" in ldap.read(failed_person.dn, STATE)


@pytest.mark.parametrize("who", ["tools", "sync"])
def test_nobody_reads_which_policy_a_service_account_has(bound, accounts, who):
    """Nor a service account's state: another's entry shows nothing."""
    assert bound(who).read(accounts["webapp"].dn, STATE) is None


# --- 3b. The form's rules, in the directory itself -----------------------------

REFUSED_BY_BOTH = [
    "Password1234",  # common
    "qwertyuiop123",  # common, and long enough
    "Fjell-{username}-2031",  # the username
    "FJELL-{USERNAME}-2031",  # the username, in capitals
    "Vidda-2031",  # too short
    "Vidda-Fjell-Fjord-2031-" * 6,  # too long (138 characters)
    "Øy-på-Fjæl9",  # too short in characters (14 bytes in UTF-8)
]


def _for(person, template: str) -> str:
    return template.format(username=person.username, USERNAME=person.username.upper())


@pytest.mark.parametrize("template", REFUSED_BY_BOTH)
@pytest.mark.parametrize("who", ["webapp", "brukerservice", "self"])
def test_the_directory_refuses_what_the_form_refuses(
    app, bound, binder, make_person, template, who
):
    """The web app's rules, checked by slapd for a password set over LDAP by anyone."""
    from webapp.auth.passwords import problems

    person = make_person()
    password = _for(person, template)
    with app.app_context():
        assert problems(password, person.username) != []
    ldap = binder.person(person) if who == "self" else bound(who)
    try:
        with pytest.raises(InvalidValue):
            ldap.modify(person.dn, {"userPassword": [(REPLACE, [password])]})
    finally:
        if who == "self":
            ldap.close()
    binder.person(person).close()  # the old password still binds


def test_the_directory_refuses_the_password_modify_operation_alike(slapd, accounts, make_person):
    """`ldappasswd -s Password1234` as the web app: constraintViolation, with the reason."""
    person = make_person()
    answer = ldappasswd(slapd.url, accounts["webapp"], "Password1234", person.dn)
    assert answer.returncode != 0
    assert "one of the most common ones" in answer.stdout + answer.stderr


@pytest.mark.parametrize(
    "typed",
    [
        "Lang\u00a0Tur over Vidda 2031",  # a no-break space: stored as a space
        "Lang-Tur-Over-Vid\u00adda-2031",  # a soft hyphen: stored as nothing
        "\uff2c\uff41\uff4e\uff47-Tur-Over-Vidda-2031",  # full-width letters: stored as ASCII
    ],
)
def test_the_directory_stores_only_the_saslprep_form(webapp, binder, make_person, typed):
    """As typed it is refused (no bind could send it); as the app stores it, it is kept."""

    person = make_person()
    with pytest.raises(InvalidValue):
        webapp.modify(person.dn, {"userPassword": [(REPLACE, [typed])]})
    set_password(webapp, person.dn, typed)
    binder.person(replace(person, password=typed)).close()


@pytest.mark.parametrize(
    "password", ["Vidda-Fjell-Fjord-2031", "Blåbærsyltetøy på brødskiva", "Ærlig Øl på Ålesund 7"]
)
def test_the_directory_accepts_what_the_form_accepts(app, webapp, binder, make_person, password):
    """Norwegian letters and spaces are fine in both places."""
    from webapp.auth.passwords import problems

    person = make_person()
    with app.app_context():
        assert problems(password, person.username) == []
    set_password(webapp, person.dn, password)
    binder.person(replace(person, password=password)).close()
