"""`seres courses ...`: the courses' timed job and a list (issue 17; docs/courses.md).

As the identity in SERES_LDAP_* (the timed job: the web app's service
account). The margin after a course is SERES_COURSE_MARGIN_DAYS (default 3),
the refresh schedule's first date SERES_SYNC_FIRST, as the web app reads them.
Exit status: 0 done; 1 some participants could not be changed; 2 nothing done.
"""

import datetime as dt
import os

import click

from directory.courses import access, store
from directory.courses.refreshes import refresh_days
from directory.courses.rules import DEFAULT_MARGIN_DAYS
from directory.errors import DirectoryError, InvalidValue
from directory.grants import ends
from directory.grants.cli import mailer
from directory.modelstore.cli import carry_out, fail
from directory.sync.schedule import first_from_env


def margin_days() -> int:
    try:
        return ends.days(
            "SERES_COURSE_MARGIN_DAYS",
            os.environ.get("SERES_COURSE_MARGIN_DAYS") or DEFAULT_MARGIN_DAYS,
        )
    except InvalidValue as exc:
        fail(str(exc))


@click.group("courses")
def courses_group() -> None:
    """Courses: participants' course-environment access, refreshes inside courses."""


@courses_group.command("run")
@click.option("--no-mail", is_flag=True, help="Tell nobody.")
def run_command(no_mail) -> None:
    """Give participants course access from the first day, take it back after the margin,
    warn the desk of refreshes inside courses (idempotent; hourly)."""
    notify = mailer(not no_mail)
    margin = margin_days()
    try:
        first = first_from_env(os.environ)
    except InvalidValue as exc:
        fail(str(exc))

    def action(ldap, tree):
        today = ends.oslo_day(dt.datetime.now(dt.UTC)) - dt.timedelta(days=1)
        days = refresh_days(ldap, tree, first, today)
        return access.run(ldap, tree, margin, days, notify=notify)

    report = carry_out(action, (DirectoryError, lambda e: f"the directory refused: {e}"))
    for name, person in report.started:
        click.echo(f"gave {person} the course access of {name}")
    for name, person in report.withdrawn:
        click.echo(f"took back from {person} the course access of {name}")
    for name in report.closed:
        click.echo(f"closed {name}")
    for name, days in report.warned:
        click.echo(f"warned the desk: refresh inside {name} on {', '.join(map(str, days))}")
    for name, error in report.failed:
        click.echo(f"failed {name}: {error}", err=True)
    click.echo(
        f"{len(report.started)} started, {len(report.withdrawn)} withdrawn,"
        f" {len(report.warned)} warned, {len(report.failed)} failed"
    )
    if report.failed:
        raise SystemExit(1)


@courses_group.command("list")
def list_command() -> None:
    """Every course this identity may read: name, days, seats taken, completed."""
    found = carry_out(
        lambda ldap, tree: store.courses(ldap, tree),
        (DirectoryError, lambda e: f"the directory refused: {e}"),
    )
    for c in found:
        click.echo(
            f"{c.name}\t{c.start.isoformat()}..{c.end.isoformat()}\t{c.kind}\t"
            f"{len(c.participants)}/{c.seats}\t{len(c.completed)} completed"
            + ("\tpublished" if c.published else "")
        )
