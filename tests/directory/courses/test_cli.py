"""`seres courses run|list` against the real slapd, as the web app's service account."""

import datetime as dt
import secrets

import pytest
from click.testing import CliRunner

from directory.cli import main
from directory.courses import store
from directory.courses.rules import check
from directory.grants.ends import oslo_day
from directory.tree import COURSE

pytestmark = pytest.mark.usefixtures("clean_grants")


@pytest.fixture
def run(slapd, accounts, tmp_path):
    def invoke(*args, **extra):
        env = {
            "SERES_LDAP_URLS": slapd.url,
            "SERES_LDAP_BIND_DN": accounts["webapp"].dn,
            "SERES_LDAP_PASSWORD": accounts["webapp"].password,
            "SERES_SECRET_KEY": "cli-test",
            "SERES_PUBLIC_URL": "https://tilgang.example",
            "SERES_NOTIFY": "outbox",
            "SERES_VAR": str(tmp_path),
            **extra,
        }
        return CliRunner(env=env).invoke(main, list(args))

    return invoke


def test_the_timed_job_gives_a_participant_access_on_the_first_day(
    run, webapp, tree, courses, make_person
):
    """A course that starts today: its participant writes Kursdomene after the run."""
    today = oslo_day(dt.datetime.now(dt.UTC))
    fields = check(
        {
            "name": f"cli-{secrets.token_hex(3)}",
            "title": "I dag",
            "kind": "basic",
            "language": "nb",
            "start": today,
            "end": today,
            "seats": 3,
            "online": True,
            "domains": ["Kursdomene"],
        }
    )
    courses.append(fields["name"])
    store.add_course(webapp, tree, fields, published=True)
    person = make_person()
    store.sign_up(webapp, tree, fields["name"], person.dn, today)
    result = run("courses", "run", "--no-mail")
    assert result.exit_code == 0, result.output
    assert f"gave {person.dn} the course access of {fields['name']}" in result.output
    assert webapp.compare(tree.writers(COURSE, "Kursdomene"), "member", person.dn)
    listed = run("courses", "list")
    assert fields["name"] in listed.output and "1/3" in listed.output


def test_a_bad_margin_setting_does_nothing(run):
    result = run("courses", "run", "--no-mail", SERES_COURSE_MARGIN_DAYS="soon")
    assert result.exit_code == 2 and "SERES_COURSE_MARGIN_DAYS" in result.output
