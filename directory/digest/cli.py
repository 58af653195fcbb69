"""`seres digest send`: the owners' daily digests (a daily timer, contrib/systemd).

As the identity in SERES_LDAP_* (the web app's service account: it reads the
orders, reviews and preferences, and writes the digest's mark). Running it
twice a day sends nothing the second time; ``--dry-run`` says who would get
what and writes and sends nothing. Exit status: 0 done; 2 nothing was done.
"""

import click

from directory.digest.service import send_digests
from directory.errors import DirectoryError
from directory.grants.cli import mailer
from directory.modelstore.cli import carry_out


@click.group("digest")
def digest_group() -> None:
    """Daily digests of orders and reviews for owners who chose them."""


@digest_group.command("send")
@click.option("--dry-run", is_flag=True, help="Say who would get a digest; send and write nothing.")
@click.option("--no-mail", is_flag=True, help="Mark the digests sent but tell nobody.")
def send_command(dry_run, no_mail) -> None:
    """Send today's digest to each owner who chose it and has news (once a day)."""
    notify = None if dry_run else mailer(not no_mail)
    done = carry_out(
        lambda ldap, tree: send_digests(ldap, tree, notify, dry_run=dry_run),
        (DirectoryError, lambda e: f"the directory refused: {e}"),
    )
    verb = "would send" if dry_run else "sent"
    for digest in done:
        click.echo(
            f"{verb} a digest to {digest.dn}: {len(digest.approvals)} awaiting approval, "
            f"{len(digest.steps)} order steps, {len(digest.reviews)} open reviews"
        )
    if not done:
        click.echo("no digest to send")
