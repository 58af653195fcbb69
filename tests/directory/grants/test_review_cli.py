"""`seres access review start|status|close|due` against the real slapd, as the web app's account."""

import json

import pytest
from click.testing import CliRunner

from directory.cli import main
from directory.connection import REPLACE
from directory.groups import members_of

from .test_review import DOMAIN, domain  # noqa: F401  (the fixture)


@pytest.fixture
def run(slapd, accounts):
    def invoke(*args, **settings):
        env = {
            "SERES_LDAP_URLS": slapd.url,
            "SERES_LDAP_BIND_DN": accounts["webapp"].dn,
            "SERES_LDAP_PASSWORD": accounts["webapp"].password,
            **settings,
        }
        return CliRunner(env=env).invoke(main, list(args))

    return invoke


def past_deadline(manager, tree):
    """Move the domain's review's deadline into the past (as if the days had gone by)."""
    manager.modify(tree.review(DOMAIN), {"seresReviewDeadline": [(REPLACE, ["20200101000000Z"])]})


def test_review_start_status_and_close_from_the_cli(run, manager, tree, domain, writer_of):  # noqa: F811
    writer = writer_of(domain)
    started = run(
        "access", "review", "start", "--domain", domain, "--deadline", "2099-01-31", "--no-mail"
    )
    assert started.exit_code == 0, started.output
    assert "answer by 2099-01-31" in started.output
    status = run("access", "review", "status", "--domain", domain, "--json")
    line = json.loads(status.output.splitlines()[0])
    assert (line["state"], line["confirmed"], line["pending"]) == ("open", 0, 1)
    past_deadline(manager, tree)
    dry = run("access", "review", "close", "--dry-run")
    assert f"would remove {writer.username} on {domain} in prod" in dry.output
    assert writer.dn.lower() in {
        m.lower() for m in members_of(manager, tree, tree.writers("prod", domain))
    }
    flagged = run("access", "review", "close", SERES_REVIEW_UNANSWERED="flag")
    assert f"flagged {writer.username} on {domain} in prod" in flagged.output
    assert f"closed the review of {domain}" in flagged.output


def test_review_close_refuses_a_bad_setting(run):
    result = run("access", "review", "close", SERES_REVIEW_UNANSWERED="delete")
    assert result.exit_code == 2 and "SERES_REVIEW_UNANSWERED" in result.output


def test_review_start_refuses_a_bad_date(run):
    result = run("access", "review", "start", "--deadline", "tomorrow", "--no-mail")
    assert result.exit_code == 2 and "tomorrow" in result.output
