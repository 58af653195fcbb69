"""`seres access list|revoke|expire` against the real slapd, as a service account."""

import datetime as dt
import json

import pytest
from click.testing import CliRunner

from directory.cli import main
from directory.grants import ends, store
from directory.groups import members_of

pytestmark = pytest.mark.usefixtures("clean_grants")


def is_member(ldap, tree, group, dn):
    return dn.lower() in {m.lower() for m in members_of(ldap, tree, group)}


@pytest.fixture
def run(slapd, accounts, tmp_path):
    """Run `seres` as a service account, with the web app's settings for its mailer."""

    def invoke(*args, account="webapp"):
        env = {
            "SERES_LDAP_URLS": slapd.url,
            "SERES_LDAP_BIND_DN": accounts[account].dn,
            "SERES_LDAP_PASSWORD": accounts[account].password,
            "SERES_SECRET_KEY": "cli-test",
            "SERES_PUBLIC_URL": "https://tilgang.example",
            "SERES_NOTIFY": "outbox",
            "SERES_VAR": str(tmp_path),
        }
        return CliRunner(env=env).invoke(main, list(args))

    return invoke


@pytest.fixture
def ending(webapp, writer_of, tree):
    """A writer of BUFdir in production whose grant ends ``days`` from now."""

    def make(days: float):
        writer = writer_of()
        end = store.now_utc() + dt.timedelta(days=days)
        store.record(
            webapp, tree.writers("prod", "BUFdir"), writer.dn, store.GRANTED, webapp.bound_dn,
            replace={"end": [end], "order": ["a" * 32]},
        )  # fmt: skip
        return writer

    return make


def outbox(tmp_path) -> list[dict]:
    return [json.loads(p.read_text()) for p in sorted((tmp_path / "outbox").glob("*.json"))]


def test_expire_dry_run_says_what_it_would_do_and_changes_nothing(run, ending, manager, tree):
    writer = ending(-1)
    result = run("access", "expire", "--dry-run")
    assert result.exit_code == 0, result.output
    assert f"would end {writer.username} on BUFdir in prod" in result.output
    assert is_member(manager, tree, tree.writers("prod", "BUFdir"), writer.dn)


def test_an_expired_grant_is_gone_after_seres_access_expire_and_the_person_is_mailed(
    run, ending, manager, tree, tmp_path
):
    """The timed job as the web app's account; the e-mail goes through the web app's mailer."""
    writer = ending(-1)
    result = run("access", "expire")
    assert result.exit_code == 0, result.output
    assert f"ended {writer.username} on BUFdir in prod" in result.output
    assert not is_member(manager, tree, tree.writers("prod", "BUFdir"), writer.dn)
    mails = [m for m in outbox(tmp_path) if m.get("to") == f"{writer.username}@test.example"]
    assert mails and "BUFdir" in mails[0]["body"]
    again = run("access", "expire")
    assert "0 expired, 0 warned, 0 failed" in again.output


def test_list_shows_writers_with_their_last_day_as_json(run, ending, writer_of):
    """--domain, --expiring-within and --json, for scripts."""
    soon, later = ending(5), ending(100)
    result = run("access", "list", "--domain", "BUFdir", "--expiring-within", "30", "--json")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    names = {r["username"] for r in rows}
    assert soon.username in names and later.username not in names
    row = next(r for r in rows if r["username"] == soon.username)
    assert row["env"] == "prod" and row["order"] == "a" * 32
    assert row["last_day"] == ends.last_day(store.now_utc() + dt.timedelta(days=5)).isoformat()


def test_list_of_one_person(run, writer_of):
    """--person: every domain and environment the person writes."""
    writer = writer_of(envs=("prod", "course"))
    result = run("access", "list", "--person", writer.username)
    assert result.output.splitlines() == [
        f"BUFdir\tcourse\t{writer.username}\t-",
        f"BUFdir\tprod\t{writer.username}\t-",
    ]


def test_revoke_removes_write_access_in_both_environments(run, writer_of, manager, tree):
    writer = writer_of(envs=("prod", "course"))
    result = run(
        "access", "revoke", writer.username, "--domain", "BUFdir", "--reason", "Left", "--no-mail"
    )
    assert result.exit_code == 0, result.output
    for env in ("prod", "course"):
        assert not is_member(manager, tree, tree.writers(env, "BUFdir"), writer.dn)
        assert (
            store.get_grant(manager, tree.writers(env, "BUFdir"), writer.dn).events[-1].reason
            == "Left"
        )


def test_revoke_as_an_identity_the_directory_refuses_changes_nothing(run, writer_of, manager, tree):
    """The tools account only reads: slapd refuses, exit 2."""
    writer = writer_of()
    result = run(
        "access", "revoke", writer.username, "--domain", "BUFdir", "--env", "prod",
        "--reason", "x", "--no-mail", account="tools",
    )  # fmt: skip
    assert result.exit_code == 2 and "refused" in result.output
    assert is_member(manager, tree, tree.writers("prod", "BUFdir"), writer.dn)


def test_revoke_of_someone_who_does_not_write_says_so(run, make_person):
    person = make_person()
    result = run(
        "access", "revoke", person.username, "--domain", "BUFdir", "--reason", "x", "--no-mail"
    )
    assert result.exit_code == 2 and "does not write BUFdir" in result.output
