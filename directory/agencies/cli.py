"""`seres agencies check`: warn before agreements run out, suspend and restore writers.

As the identity in SERES_LDAP_* (the web app's service account, like
``seres access expire``; contrib/systemd runs it daily). E-mails go through
the web app's mailer, installed as the entry point ``seres.notify:
agencies``; ``--no-mail`` tells nobody.

Exit status: 0 done; 1 it ran but some agencies could not be changed; 2
nothing was done (bad settings, refused).
"""

import datetime as dt

import click

from directory.agencies.lapse import check
from directory.errors import DirectoryError
from directory.grants.cli import mailer
from directory.modelstore.cli import carry_out


def org_number_arg(ctx, param, values):
    for value in values:
        if not (len(value) == 9 and value.isascii() and value.isdigit()):
            raise click.BadParameter(f"not an organisation number: {value}")
    return tuple(values)


@click.group("agencies")
def agencies_group() -> None:
    """Agencies and their agreements with SERES."""


@agencies_group.command("check")
@click.option("--dry-run", is_flag=True, help="Say what would be done; change nothing.")
@click.option("--no-mail", is_flag=True, help="Tell nobody.")
@click.option(
    "--agency",
    "org_numbers",
    multiple=True,
    callback=org_number_arg,
    metavar="ORGNR",
    help="Only this agency (repeatable).",
)
@click.option(
    "--date",
    "day",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Check as on this day (YYYY-MM-DD; default: today).",
)
def check_command(dry_run, no_mail, org_numbers, day) -> None:
    """Warn 60 and 14 days before agreements run out; suspend writers of lapsed agencies,
    restore them when renewed (idempotent)."""
    notify = mailer(not (no_mail or dry_run), "agencies")
    today = day.date() if day else dt.date.today()
    report = carry_out(
        lambda ldap, tree: check(
            ldap, tree, today, dry_run=dry_run, notify=notify, org_numbers=org_numbers
        ),
        (DirectoryError, lambda e: f"the directory refused: {e}"),
    )
    would = "would " if dry_run else ""
    for item in report.warned:
        click.echo(
            f"{would}warn {item.agency.org_number} {item.agency.name}: agreements run out"
            f" after {item.last_day.isoformat()} ({item.days} days)"
        )
    for agency, moved in report.suspended:
        click.echo(f"{would}suspend {len(moved)} write grants of {agency.org_number} {agency.name}")
    for agency, moved in report.restored:
        back = [m for m in moved if not m.dropped]
        click.echo(f"{would}restore {len(back)} write grants of {agency.org_number} {agency.name}")
    for agency, error in report.failed:
        click.echo(f"failed {agency.org_number} {agency.name}: {error}", err=True)
    click.echo(
        f"{len(report.warned)} warned, {len(report.suspended)} suspended,"
        f" {len(report.restored)} restored, {len(report.failed)} failed"
    )
    if report.failed:
        raise SystemExit(1)
