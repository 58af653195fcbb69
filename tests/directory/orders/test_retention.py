"""`seres orders purge`: finished records older than the operator's days, archived first."""

import datetime as dt
import json

import pytest
from click.testing import CliRunner

from directory.access import access_of
from directory.cli import main
from directory.orders import store as orders
from directory.orders import workflow as wf

pytestmark = pytest.mark.usefixtures("clean_orders")
LONG_AGO = dt.datetime.now(dt.UTC) - dt.timedelta(days=400)
DETAILS = {
    "service_owner": "BUFdir",
    "access": "read",
    "write_domains": [],
    "environments": "prod",
    "given_name": "Nina",
    "surname": "Nybruker",
    "mail": "nina.nybruker@bufdir.example",
    "mobile": "412 34 567",
}


@pytest.fixture
def run(slapd, accounts):
    def invoke(*args):
        env = {
            "SERES_LDAP_URLS": slapd.url,
            "SERES_LDAP_BIND_DN": accounts["webapp"].dn,
            "SERES_LDAP_PASSWORD": accounts["webapp"].password,
        }
        return CliRunner(env=env).invoke(main, ["orders", "purge", *args])

    return invoke


@pytest.fixture
def three(webapp, tree, accounts):
    """An old withdrawn order, an old open one, a new withdrawn one."""
    dn = accounts["eier.bufdir"].dn
    user = wf.Actor.of(dn, access_of(webapp, tree, dn))
    old = orders.create(webapp, tree, user, wf.ACCESS, DETAILS, now=LONG_AGO)
    old = orders.act(webapp, tree, old, user, wf.WITHDRAW, "ikke nødvendig", now=LONG_AGO)
    still_open = orders.create(webapp, tree, user, wf.ACCESS, DETAILS, now=LONG_AGO)
    new = orders.create(webapp, tree, user, wf.ACCESS, DETAILS)
    new = orders.act(webapp, tree, new, user, wf.WITHDRAW, "feil")
    return old, still_open, new


def test_purge_archives_then_removes_only_old_finished_records(run, three, webapp, tree, tmp_path):
    """The old withdrawn order is in the archive (with its reason) and gone; the others stay."""
    old, still_open, new = three
    archive = tmp_path / "orders.jsonl"
    result = run("--older-than", "365", "--archive", str(archive))
    assert result.exit_code == 0, result.output
    [record] = [json.loads(line) for line in archive.read_text().splitlines()]
    assert (record["id"], record["state"]) == (old.id, wf.WITHDRAWN)
    assert record["events"][-1]["reason"] == "ikke nødvendig"
    assert orders.get_order(webapp, tree, old.id) is None
    assert orders.get_order(webapp, tree, still_open.id) is not None
    assert orders.get_order(webapp, tree, new.id) is not None


def test_a_dry_run_removes_nothing(run, three, webapp, tree):
    old, _, _ = three
    result = run("--older-than", "365", "--dry-run")
    assert result.exit_code == 0, result.output
    assert f"would remove access {old.id}" in result.output
    assert orders.get_order(webapp, tree, old.id) is not None


@pytest.mark.parametrize("args", [["--older-than", "365"], ["--older-than", "5", "--dry-run"]])
def test_no_archive_or_too_few_days_is_refused(run, three, webapp, tree, args):
    """Without --archive, or under 30 days: exit 2, nothing removed."""
    old, _, _ = three
    result = run(*args)
    assert result.exit_code == 2
    assert orders.get_order(webapp, tree, old.id) is not None
