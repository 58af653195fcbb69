"""`seres orders purge`: remove finished order records older than the agency keeps them.

As the identity in SERES_LDAP_* (the web app's service account writes
``ou=orders``). Never on a timer by default: see docs/desk.md ("Retention").
Exit status: 0 done; 2 nothing was done (bad settings, refused).
"""

from pathlib import Path

import click

from directory.errors import DirectoryError
from directory.modelstore.cli import carry_out, fail
from directory.orders import retention


@click.group("orders")
def orders_group() -> None:
    """Order records: retention."""


@orders_group.command("purge")
@click.option(
    "--older-than",
    "days",
    type=click.IntRange(min=retention.MIN_DAYS),
    required=True,
    metavar="DAYS",
    help="Finished records whose last step is older than DAYS days.",
)
@click.option(
    "--archive",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Append each record here (JSON Lines) before deleting it; required unless --dry-run.",
)
@click.option("--dry-run", is_flag=True, help="Say what would go; delete nothing.")
def purge_command(days: int, archive: Path | None, dry_run: bool) -> None:
    """Archive, then delete finished orders, enquiries and notes older than DAYS days."""
    if not dry_run and archive is None:
        fail("--archive FILE is required: nothing is deleted that was not archived first")

    def action(ldap, tree):
        old = retention.finished_before(ldap, tree, days)
        if dry_run:
            return old
        with archive.open("a", encoding="utf-8") as out:
            return list(retention.purge(ldap, old, out))

    done = carry_out(action, (DirectoryError, lambda e: f"the directory refused: {e}"))
    verb = "would remove" if dry_run else "removed"
    for order in done:
        day = retention.last_step(order).date().isoformat()
        click.echo(f"{verb} {order.type} {order.id} ({order.state}, last step {day})")
    click.echo(f"{len(done)} record(s) {verb}")
