"""Connection settings, failover and error translation."""

import pytest

from directory import listview
from directory.connection import Servers
from directory.errors import InvalidCredentials, NoSuchEntry, Unavailable
from directory.server.slapd import free_port
from directory.settings import Settings


def test_settings_are_read_from_the_environment(tmp_path):
    """URLs (space or comma separated), identity, password file, suffix and timeouts."""
    secret = tmp_path / "pw"
    secret.write_text("s3cret\n")
    settings = Settings.from_env(
        environ={
            "SERES_LDAP_URLS": "ldap://a:1, ldap://b:2",
            "SERES_LDAP_BIND_DN": "cn=x,dc=y",
            "SERES_LDAP_PASSWORD_FILE": str(secret),
            "SERES_LDAP_SUFFIX": "dc=y",
            "SERES_LDAP_CONNECT_TIMEOUT": "2",
            "SERES_LDAP_TIMEOUT": "9",
        }
    )
    assert settings.urls == ("ldap://a:1", "ldap://b:2")
    assert (settings.bind_dn, settings.password, settings.suffix) == ("cn=x,dc=y", "s3cret", "dc=y")
    assert (settings.connect_timeout, settings.receive_timeout) == (2.0, 9.0)
    assert "s3cret" not in repr(settings)


def test_a_dead_server_first_in_the_list_is_skipped(slapd, accounts, tree):
    """Failover: the next URL serves when the first does not answer."""
    dead = f"ldap://127.0.0.1:{free_port()}"
    settings = Settings(
        (dead, slapd.url),
        accounts["tools"].dn,
        accounts["tools"].password,
        tree.suffix,
        connect_timeout=1,
    )
    with Servers(settings).service() as ldap:
        assert ldap.exists(tree.readers("prod"))


def test_no_server_answering_is_unavailable(accounts, tree):
    """All servers down: the project's Unavailable, not an ldap3 exception."""
    settings = Settings(
        (f"ldap://127.0.0.1:{free_port()}",),
        accounts["tools"].dn,
        accounts["tools"].password,
        tree.suffix,
        connect_timeout=1,
    )
    with pytest.raises(Unavailable):
        Servers(settings).service()


def test_a_wrong_service_password_is_invalid_credentials(slapd, accounts, tree):
    """A refused bind raises InvalidCredentials."""
    settings = Settings((slapd.url,), accounts["tools"].dn, "wrong", tree.suffix)
    with pytest.raises(InvalidCredentials):
        Servers(settings).service()


def test_changing_a_missing_entry_is_no_such_entry(manager, tree):
    """ldap3's noSuchObject becomes NoSuchEntry."""
    with pytest.raises(NoSuchEntry):
        manager.delete(tree.person("does-not-exist"))


def test_searching_under_a_missing_base_finds_nothing(bound, tree):
    """A missing search base is an empty answer, not an error."""
    assert bound("tools").search(f"ou=nowhere,{tree.suffix}") == []


def test_paged_search_streams_past_the_page_size(manager, bound, tree):
    """A paged search returns every entry though pages are small."""
    base = tree.domain("course", "Kursdomene")
    names = [f"paged-{i}" for i in range(25)]
    for name in names:
        manager.add(f"cn={name},{base}", ["applicationProcess"], {"cn": name})
    try:
        found = list(bound("tools").paged(base, "(cn=paged-*)", ["cn"], page_size=4))
        assert sorted(values["cn"][0] for _, values in found) == sorted(names)
    finally:
        for name in names:
            manager.delete(f"cn={name},{base}")


def test_a_sorted_export_continues_one_list_view_page_after_page(webapp, tree):
    """sorted_paged in pages of 2 yields every person once, in the server's sorted order."""
    every = sorted(
        (values["cn"][0].casefold(), dn)
        for dn, values in webapp.search(tree.people, "(objectClass=inetOrgPerson)", ["cn"])
    )
    exported = [
        dn
        for dn, _ in listview.sorted_paged(
            webapp, tree.people, "(objectClass=inetOrgPerson)", ["cn"], ("cn",), page_size=2
        )
    ]
    assert exported == [dn for _, dn in every]


def test_list_views_leave_nothing_behind_on_the_connection(webapp, tree):
    """Many windows on one connection: slapd's per-connection list views are not used up."""
    for _ in range(3):
        for offset in range(1, 6):
            entries, total = listview.window(
                webapp, tree.people, "(objectClass=inetOrgPerson)", ["1.1"], ("uid",), offset, 1
            )
            assert total >= 5
            assert len(entries) == 1
    assert (
        listview.window(
            webapp, tree.people, "(objectClass=inetOrgPerson)", ["1.1"], ("uid",), 10**6, 1
        )[0]
        == []
    )
