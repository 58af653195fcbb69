"""slapd's access rules, by direct binds as the demo accounts."""

import secrets

import pytest

from directory import otp
from directory.connection import ADD, DELETE, REPLACE
from directory.domains import create_domain
from directory.errors import InsufficientAccess, InvalidCredentials
from directory.groups import add_member, remove_member
from directory.people import set_password


def visible(ldap, base, search_filter="(objectClass=*)", attributes=("1.1",)):
    return [dn for dn, _ in ldap.search(base, search_filter, attributes)]


def test_readers_of_an_environment_see_its_domains(bound, tree):
    """A production reader sees production's domains."""
    names = visible(bound("leser.prod"), tree.domains("prod"), "(objectClass=seresDomain)")
    assert {dn.split(",")[0] for dn in names} == {
        "cn=BUFdir",
        "cn=Legemiddelverket",
        "cn=Regnskapsregisteret",
    }


def test_an_environment_is_hidden_from_people_who_are_not_its_readers(bound, tree):
    """A production-only reader sees nothing of the course environment, and vice versa."""
    assert visible(bound("leser.prod"), tree.environment("course")) == []
    assert visible(bound("kurs.deltaker"), tree.environment("prod")) == []
    assert visible(bound("kurs.deltaker"), tree.domains("course"), "(objectClass=seresDomain)")


def test_a_writer_adds_and_removes_entries_in_their_own_domain(bound, tree):
    """The generic rule lets writers-BUFdir write models under cn=BUFdir."""
    ldap = bound("skriver.bufdir")
    dn = f"cn=own-model,{tree.domain('prod', 'BUFdir')}"
    ldap.add(dn, ["seresModel"], {"cn": "own-model"})
    ldap.modify(dn, {"description": [(REPLACE, ["changed by its writer"])]})
    ldap.delete(dn)


@pytest.mark.parametrize("env", ["prod", "course"])
def test_a_writer_is_refused_in_another_domain(bound, tree, env):
    """Writing Legemiddelverket as a writer of BUFdir: insufficientAccessRights."""
    with pytest.raises(InsufficientAccess):
        bound("skriver.bufdir").add(
            f"cn=intruder,{tree.domain(env, 'Legemiddelverket')}",
            ["seresModel"],
            {"cn": "intruder"},
        )


def test_a_writer_cannot_change_groups_or_the_domain_entry(bound, tree, accounts):
    """Writers write models, not memberships or the domain's own attributes."""
    ldap = bound("skriver.bufdir")
    with pytest.raises(InsufficientAccess):
        add_member(
            ldap, tree, tree.writers("prod", "Legemiddelverket"), accounts["skriver.bufdir"].dn
        )
    with pytest.raises(InsufficientAccess):
        ldap.modify(tree.domain("prod", "BUFdir"), {"seresCourseOnly": [(REPLACE, ["TRUE"])]})


def test_a_reader_cannot_write(bound, tree):
    """Reading production gives no write anywhere in it."""
    with pytest.raises(InsufficientAccess):
        bound("leser.prod").add(
            f"cn=x,{tree.domain('prod', 'BUFdir')}", ["seresModel"], {"cn": "x"}
        )


def test_the_service_desk_manages_people_groups_and_domains(bound, tree, make_person, manager):
    """Brukerservice may create a domain and change memberships."""
    ldap = bound("brukerservice")
    person = make_person()
    add_member(ldap, tree, tree.readers("course"), person.dn)
    remove_member(ldap, tree, tree.readers("course"), person.dn)
    create_domain(ldap, tree, "course", "Servicedesk-test", agency="Test")
    for dn in (
        tree.writers("course", "Servicedesk-test"),
        tree.domain("course", "Servicedesk-test"),
    ):
        manager.delete(dn)


def test_mobile_and_mail_are_visible_to_the_person_the_service_desk_and_the_web_app(
    bound, accounts
):
    """Personal data: self, brukerservice and the web app read it."""
    dn = accounts["leser.prod"].dn
    for who in ("leser.prod", "brukerservice", "webapp"):
        values = bound(who).read(dn, ["mobile", "mail"])
        assert values["mobile"] == ["+4740000004"], who
        assert values["mail"], who


@pytest.mark.parametrize("who", ["skriver.bufdir", "eier.bufdir", "tools", "sync"])
def test_mobile_and_mail_are_hidden_from_other_people_and_tools(bound, accounts, who):
    """Other people and the service accounts for tools and sync do not see them."""
    values = bound(who).read(accounts["leser.prod"].dn, ["mobile", "mail", "cn"]) or {}
    assert "mobile" not in values and "mail" not in values


def test_otp_secrets_are_readable_only_by_the_web_app(bound, tree):
    """Nobody but the web app's account reads oathSecret."""
    token = tree.token("leser.prod")
    assert bound("webapp").read(token, ["oathSecret"], raw=True)["oathSecret"]
    for who in ("leser.prod", "brukerservice", "tools", "sync", "skriver.bufdir"):
        assert not (bound(who).read(token, ["oathSecret"], raw=True) or {}).get("oathSecret"), who


def test_the_sync_account_writes_course_domains_and_nothing_in_production(bound, tree, manager):
    """The refresh may change ou=course's domains; production refuses it."""
    ldap = bound("sync")
    dn = f"cn=synced,{tree.domain('course', 'BUFdir')}"
    ldap.add(dn, ["applicationProcess"], {"cn": "synced"})
    ldap.delete(dn)
    with pytest.raises(InsufficientAccess):
        ldap.add(
            f"cn=synced,{tree.domain('prod', 'BUFdir')}", ["applicationProcess"], {"cn": "synced"}
        )
    with pytest.raises(InsufficientAccess):
        ldap.modify(tree.domain("prod", "BUFdir"), {"description": [(REPLACE, ["no"])]})
    assert visible(ldap, tree.domains("prod"), "(objectClass=seresDomain)")


def test_the_tools_account_reads_groups_but_writes_nothing(bound, tree, accounts):
    """Directory-aware tools ask who is in which group; they change nothing."""
    ldap = bound("tools")
    assert visible(ldap, tree.groups("prod"), "(cn=writers-BUFdir)")
    with pytest.raises(InsufficientAccess):
        add_member(ldap, tree, tree.readers("prod"), accounts["tools"].dn)


def test_anonymous_binds_and_sees_nothing(binder, tree):
    """An anonymous bind succeeds; every search under the suffix comes back empty."""
    ldap = binder.servers().bind("", "")
    assert visible(ldap, tree.suffix) == []
    assert visible(ldap, tree.people, "(uid=*)", ("uid", "mobile")) == []
    ldap.close()


def test_a_password_without_a_code_is_refused(binder, make_person):
    """A person's bind needs the code after the password."""
    person = make_person()
    with pytest.raises(InvalidCredentials):
        binder.servers().bind(person.dn, person.password)


def test_a_used_code_is_refused_again(binder, make_person):
    """The otp overlay refuses a code (a time step) that was used before."""
    person = make_person()
    code = binder.next_code(person.username, person.otp_secret)
    binder.servers().bind(person.dn, person.password + code).close()
    with pytest.raises(InvalidCredentials):
        binder.servers().bind(person.dn, person.password + code)


def test_a_wrong_password_with_a_right_code_is_refused(binder, make_person):
    """Both factors must be right."""
    person = make_person()
    code = binder.next_code(person.username, person.otp_secret)
    with pytest.raises(InvalidCredentials):
        binder.servers().bind(person.dn, "not-the-password" + code)


def test_service_accounts_bind_with_a_password(binder, accounts):
    """Service accounts have no token: the password alone binds."""
    for name in ("webapp", "sync", "tools"):
        binder.service(accounts[name]).close()


def test_memberof_follows_membership_changes(bound, tree, make_person, manager):
    """memberOf appears when a person joins a group and goes when they leave."""
    person = make_person()
    group = tree.writers("prod", "Regnskapsregisteret")

    def member_of():
        values = bound("tools").read(person.dn, ["memberOf"])
        return {g.lower() for g in values.get("memberOf", [])}

    assert group.lower() not in member_of()
    add_member(manager, tree, group, person.dn)
    assert group.lower() in member_of()
    remove_member(manager, tree, group, person.dn)
    assert group.lower() not in member_of()


def test_a_domain_created_at_run_time_is_covered_by_the_generic_rule(
    bound, tree, make_person, binder, manager
):
    """A new domain and its writers group need no configuration change."""
    create_domain(manager, tree, "prod", "Runtime-domene", agency="Test")
    person = make_person(groups=(tree.readers("prod"), tree.writers("prod", "Runtime-domene")))
    ldap = binder.person(person)
    dn = f"cn=m,{tree.domain('prod', 'Runtime-domene')}"
    ldap.add(dn, ["seresModel"], {"cn": "m"})
    with pytest.raises(InsufficientAccess):
        ldap.add(f"cn=m,{tree.domain('prod', 'BUFdir')}", ["seresModel"], {"cn": "m"})
    ldap.close()
    for entry in (
        dn,
        tree.writers("prod", "Runtime-domene"),
        tree.domain("prod", "Runtime-domene"),
    ):
        manager.delete(entry)


# --- Dynamic groups (dynlist) -------------------------------------------------
# dynlist expands a groupOfURLs entry's memberURL search for whoever reads the
# entry, as its dgIdentity if it has one: a writer who could add one would
# read, through `member`, anything the identity named there may read.


def dynamic_group(tree, manager_dn: str) -> tuple[list[str], dict]:
    """The reviewer's entry: list every token, run as the manager."""
    return ["groupOfURLs", "dgIdentityAux"], {
        "cn": "dyn",
        "memberURL": f"ldap:///ou=tokens,{tree.suffix}??sub?(objectClass=*)",
        "dgIdentity": manager_dn,
    }


@pytest.mark.parametrize(
    ("who", "env"),
    [
        ("skriver.bufdir", "prod"),
        ("skriver.bufdir", "course"),
        ("sync", "course"),
        ("brukerservice", "prod"),
        ("webapp", "prod"),
    ],
)
def test_nobody_adds_a_dynamic_group(bound, tree, accounts, manager, who, env):
    """groupOfURLs or dgIdentityAux: refused to every account, writers of the domain too."""
    parent = tree.domain(env, "BUFdir")
    classes, values = dynamic_group(tree, accounts["manager"].dn)
    attempts = [
        (classes, values),
        (["groupOfURLs"], {"cn": "dyn", "memberURL": values["memberURL"]}),
        (["seresModel", "dgIdentityAux"], {"cn": "dyn", "dgIdentity": values["dgIdentity"]}),
    ]
    dn = f"cn=dyn,{parent}"
    try:
        for object_classes, attributes in attempts:
            with pytest.raises(InsufficientAccess):
                bound(who).add(dn, object_classes, attributes)
    finally:
        if manager.exists(dn):
            manager.delete(dn)


def test_a_writer_cannot_turn_a_model_into_a_dynamic_group(bound, tree, accounts, manager):
    """Adding dgIdentityAux and dgIdentity (or memberURL) to an own model is refused too."""
    ldap = bound("skriver.bufdir")
    dn = f"cn=dyn-model,{tree.domain('prod', 'BUFdir')}"
    ldap.add(dn, ["seresModel"], {"cn": "dyn-model"})
    try:
        with pytest.raises(InsufficientAccess):
            ldap.modify(
                dn,
                {
                    "objectClass": [(ADD, ["dgIdentityAux"])],
                    "dgIdentity": [(ADD, [accounts["manager"].dn])],
                },
            )
        with pytest.raises(InsufficientAccess):
            ldap.modify(
                dn,
                {
                    "objectClass": [(ADD, ["extensibleObject"])],
                    "memberURL": [(ADD, ["ldap:///??sub?(uid=*)"])],
                },
            )
    finally:
        manager.delete(dn)


@pytest.mark.parametrize(
    ("classes", "values"),
    [
        (["applicationProcess"], {"cn": "other"}),
        (["groupOfNames"], {"cn": "other", "member": "cn=nobody,dc=seres,dc=example"}),
        (["organizationalUnit"], {"ou": "other"}),
    ],
)
def test_a_writer_adds_only_models_and_versions_to_their_domain(
    bound, tree, manager, classes, values
):
    """Writers write what the app writes there (seresModel, seresModelVersion), nothing else."""
    rdn = f"cn={values['cn']}" if "cn" in values else f"ou={values['ou']}"
    dn = f"{rdn},{tree.domain('prod', 'BUFdir')}"
    try:
        with pytest.raises(InsufficientAccess):
            bound("skriver.bufdir").add(dn, classes, values)
    finally:
        if manager.exists(dn):
            manager.delete(dn)


def test_a_writer_reads_but_does_not_change_other_entries_in_their_domain(bound, tree, manager):
    """An entry of another class (the web app's or the desk's) stays readable to the writer."""
    dn = f"cn=not-a-model,{tree.domain('prod', 'BUFdir')}"
    manager.add(dn, ["applicationProcess"], {"cn": "not-a-model"})
    try:
        ldap = bound("skriver.bufdir")
        assert ldap.exists(dn)
        with pytest.raises(InsufficientAccess):
            ldap.modify(dn, {"description": [(REPLACE, ["changed"])]})
        with pytest.raises(InsufficientAccess):
            ldap.delete(dn)
    finally:
        manager.delete(dn)


def test_a_dynamic_group_shows_nobody_its_members(bound, tree, accounts, manager):
    """Even one the manager made: its members would be read as the manager, for anyone."""
    dn = f"cn=dyn,{tree.domain('prod', 'BUFdir')}"
    manager.add(dn, *dynamic_group(tree, accounts["manager"].dn))
    try:
        for who in ("leser.prod", "skriver.bufdir", "brukerservice", "tools", "webapp"):
            assert bound(who).read(dn, ["member", "memberURL", "dgIdentity"]) is None, who
            assert visible(bound(who), tree.suffix, "(objectClass=groupOfURLs)") == [], who
    finally:
        manager.delete(dn)


def test_a_writer_cannot_dress_another_class_as_a_working_version(bound, tree, manager):
    """extensibleObject with seresModelState=working is not a version: refused below a model."""
    ldap = bound("skriver.bufdir")
    model = f"cn=dressed-model,{tree.domain('prod', 'BUFdir')}"
    dn = f"cn=1,{model}"
    ldap.add(model, ["seresModel"], {"cn": "dressed-model"})
    try:
        with pytest.raises(InsufficientAccess):
            ldap.add(
                dn,
                ["groupOfNames", "extensibleObject"],
                {
                    "cn": "1",
                    "member": "cn=nobody,dc=seres,dc=example",
                    "seresModelState": "working",
                },
            )
    finally:
        for entry in (dn, model):
            if manager.exists(entry):
                manager.delete(entry)


# --- Adds are checked attribute by attribute ---------------------------------
# slapd's default checks an add against the new entry as a whole; the rules on
# attributes (authzTo, userPassword, the second factor) then hold for changes
# only. olcAddContentAcl makes them hold for new entries too.


@pytest.mark.parametrize(
    ("classes", "values"),
    [
        (
            ["seresModel", "simpleSecurityObject"],
            {"userPassword": "Model-Password-2026", "authzTo": "dn.regex:.*"},
        ),
        (["seresModel", "simpleSecurityObject"], {"userPassword": "Model-Password-2026"}),
        (["seresModel"], {"authzTo": "dn.regex:.*"}),
    ],
    ids=["password-and-authzto", "password", "authzto"],
)
def test_a_writer_cannot_add_an_entry_to_bind_as_or_to_act_as_anyone(
    bound, tree, manager, classes, values
):
    """A model with a password binds without a code; with authzTo it could act as cn=webapp."""
    dn = f"cn=proxy-model,{tree.domain('prod', 'BUFdir')}"
    try:
        with pytest.raises(InsufficientAccess):
            bound("skriver.bufdir").add(dn, classes, {"cn": "proxy-model", **values})
    finally:
        if manager.exists(dn):
            manager.delete(dn)


def test_the_service_desk_cannot_add_a_person_who_may_act_as_anyone(bound, tree, manager):
    """authzTo is the web app's alone (ldif/demo.ldif), on new entries too."""
    username = f"desk-proxy-{secrets.token_hex(4)}"
    dn = tree.person(username)
    try:
        with pytest.raises(InsufficientAccess):
            bound("brukerservice").add(
                dn,
                ["inetOrgPerson"],
                {"uid": username, "cn": username, "sn": "Proxy", "authzTo": "dn.regex:.*"},
            )
    finally:
        if manager.exists(dn):
            manager.delete(dn)


# --- The accesslog -------------------------------------------------------------
# reqMod holds every value written (a token's oathSecret, a password), so only
# the manager reads it; the sync account and the desk see which entry was
# written when, how and by whom.


def test_written_secrets_and_passwords_are_readable_in_the_accesslog_only_by_the_manager(
    bound, tree, make_person, manager, webapp
):
    """After a token and a password are written, no one else reads or filters on them there."""
    person = make_person()
    secret = otp.new_secret()
    otp.set_token(webapp, tree, person.username, secret, "sms")
    password = secrets.token_urlsafe(18)
    set_password(webapp, person.dn, password)
    token = tree.token(person.username)
    where = f"(|(reqDN={token})(reqDN={person.dn}))"
    secrets_written = [otp.to_bytes(secret), otp.to_bytes(person.otp_secret)]
    passwords_written = [password.encode(), person.password.encode()]

    def values(ldap, search_filter=where):
        found = ldap.search("cn=accesslog", search_filter, ["*", "+"], raw=True)
        return [v for _, entry in found for vs in entry.values() for v in vs]

    # The log holds them, so what follows means something.
    logged = values(manager)
    assert any(s in v for s in secrets_written for v in logged)
    assert any(v.startswith(b"userPassword:") for v in logged)
    for who in ("brukerservice", "webapp", "sync", "tools", "skriver.bufdir", "leser.prod"):
        ldap = bound(who)
        seen = values(ldap)
        for value in seen:
            assert not any(s in value for s in secrets_written + passwords_written), who
            assert not value.startswith((b"oathSecret", b"userPassword")), who
        # No filter on the values either (an oracle, byte by byte).
        assert values(ldap, f"(&{where}(reqMod=*))") == [], who


def test_the_service_desk_still_sees_who_wrote_what_and_when(bound, tree, make_person, webapp):
    """The audit trail without the values: DN, type, time and author of each write."""
    person = make_person()
    otp.set_token(webapp, tree, person.username, otp.new_secret(), "sms")
    found = bound("brukerservice").search(
        "cn=accesslog",
        f"(&(reqDN={tree.token(person.username)})(reqType=modify))",
        ["reqStart", "reqType", "reqDN", "reqAuthzID", "reqMod"],
    )
    assert found
    for _, values in found:
        assert values["reqAuthzID"][0].lower() == webapp.bound_dn.lower()
        assert "reqMod" not in values


# --- Passwords and the second factor ------------------------------------------
# A service account's password opens everything that account may do (the web
# app's reads every OTP secret and acts for anyone); a person's bind needs the
# code as well as the password, which holds only while the person's entry is
# an oathTOTPUser pointing at their token.


@pytest.fixture
def service_account(manager, tree):
    """A throw-away account in ou=services, like cn=webapp: (dn, password)."""
    name = f"test-service-{secrets.token_hex(4)}"
    dn = f"cn={name},ou=services,{tree.suffix}"
    password = secrets.token_urlsafe(18)
    manager.add(
        dn, ["applicationProcess", "simpleSecurityObject"], {"cn": name, "userPassword": password}
    )
    yield dn, password
    manager.delete(dn)


@pytest.mark.parametrize("who", ["brukerservice", "webapp", "tools", "self"])
def test_no_account_sets_a_service_accounts_password(bound, binder, service_account, who):
    """Not the desk, not the web app, not the service itself: the manager alone.

    A throw-away service account stands in for cn=webapp, sync and tools: a
    wrong rule would change theirs for the rest of the session (and the
    password history would refuse putting it back).
    """
    dn, password = service_account
    ldap = binder.servers().bind(dn, password) if who == "self" else bound(who)
    try:
        with pytest.raises(InsufficientAccess):
            ldap.modify(dn, {"userPassword": [(REPLACE, [secrets.token_urlsafe(18)])]})
    finally:
        if who == "self":
            ldap.close()
    binder.servers().bind(dn, password).close()


@pytest.mark.parametrize("target", ["webapp", "sync", "tools"])
@pytest.mark.parametrize("who", ["brukerservice", "webapp", "tools"])
def test_the_real_service_accounts_passwords_are_refused_too(bound, accounts, who, target):
    """Asked without harm: deleting a value the password does not have.

    slapd checks the rules on the change first, so a refusal says the write
    is not allowed; were it allowed, the value is missing and nothing changes.
    """
    with pytest.raises(InsufficientAccess):
        bound(who).modify(
            accounts[target].dn, {"userPassword": [(DELETE, ["not-the-password-at-all"])]}
        )


def test_the_service_desk_sets_a_persons_password(bound, binder, make_person):
    """What the desk may do: a person's new password, which still needs the code."""
    person = make_person()
    password = secrets.token_urlsafe(18)
    set_password(bound("brukerservice"), person.dn, password)
    with pytest.raises(InvalidCredentials):
        binder.servers().bind(person.dn, password)
    code = binder.next_code(person.username, person.otp_secret)
    binder.servers().bind(person.dn, password + code).close()


@pytest.mark.parametrize(
    "changes",
    [
        {"objectClass": [(DELETE, ["oathTOTPUser"])], "oathTOTPToken": [(DELETE, [])]},
        {"objectClass": [(REPLACE, ["inetOrgPerson"])], "oathTOTPToken": [(DELETE, [])]},
        {"objectClass": [(REPLACE, ["inetOrgPerson", "extensibleObject"])]},
        {"oathTOTPToken": [(REPLACE, ["cn=app,ou=tokens,dc=seres,dc=example"])]},
    ],
    ids=["remove-class", "replace-classes", "replace-classes-keep-link", "relink"],
)
def test_the_service_desk_cannot_take_away_a_persons_second_factor(
    bound, binder, make_person, changes
):
    """Stripping or relinking the token is refused, so a password alone never binds."""
    person = make_person()
    desk = bound("brukerservice")
    with pytest.raises(InsufficientAccess):
        desk.modify(person.dn, changes)
    set_password(desk, person.dn, "Desk-Chosen-Password-2026")
    with pytest.raises(InvalidCredentials):
        binder.servers().bind(person.dn, "Desk-Chosen-Password-2026")


def test_the_second_factor_is_protected_outside_ou_people_too(bound, tree, make_person, manager):
    """A person moved elsewhere by the desk keeps oathTOTPUser and the link to the token."""
    person = make_person()
    moved = f"uid={person.username},{tree.roles}"
    desk = bound("brukerservice")
    try:
        desk.rename(person.dn, f"uid={person.username}", tree.roles)
        with pytest.raises(InsufficientAccess):
            desk.modify(
                moved,
                {"objectClass": [(DELETE, ["oathTOTPUser"])], "oathTOTPToken": [(DELETE, [])]},
            )
    except InsufficientAccess:
        pass  # refusing the move is as good
    finally:
        if manager.exists(moved):
            manager.delete(moved)


@pytest.mark.parametrize("with_token", [False, True], ids=["no-token", "own-token"])
def test_the_service_desk_cannot_make_a_person_who_binds_without_the_web_apps_token(
    bound, tree, manager, with_token
):
    """A person with a password but no token, or linked by the desk: refused."""
    username = f"desk-made-{secrets.token_hex(4)}"
    dn = tree.person(username)
    classes = ["inetOrgPerson", "oathTOTPUser"] if with_token else ["inetOrgPerson"]
    values = {"uid": username, "cn": username, "sn": "Made", "userPassword": "Desk-Made-2026-pw"}
    if with_token:
        values["oathTOTPToken"] = tree.token("leser.prod")
    try:
        with pytest.raises(InsufficientAccess):
            bound("brukerservice").add(dn, classes, values)
    finally:
        if manager.exists(dn):
            manager.delete(dn)


def test_the_web_app_links_a_persons_token(webapp, tree, make_person):
    """Provisioning's link, by the web app's own account: class and token in one change."""
    person = make_person()
    webapp.modify(
        person.dn, {"objectClass": [(DELETE, ["oathTOTPUser"])], "oathTOTPToken": [(DELETE, [])]}
    )
    webapp.modify(
        person.dn,
        {
            "objectClass": [(ADD, ["oathTOTPUser"])],
            "oathTOTPToken": [(REPLACE, [tree.token(person.username)])],
        },
    )
    assert webapp.read(person.dn, ["oathTOTPToken"])["oathTOTPToken"] == [
        tree.token(person.username)
    ]
