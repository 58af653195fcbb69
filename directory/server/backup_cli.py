"""`seres directory backup DIR` and `seres directory restore DIR` (see directory.server.backup)."""

from pathlib import Path

import click

from directory.server.backup import BackupError, backup, restore

ROOT_HELP = "The server's folder (as built by `seres directory build`)."


@click.command("backup")
@click.argument("dest", type=click.Path(path_type=Path))
@click.option(
    "--root",
    type=click.Path(path_type=Path),
    default="var/directory",
    show_default=True,
    envvar="SERES_DIRECTORY_ROOT",
    help=ROOT_HELP,
)
def backup_command(dest: Path, root: Path) -> None:
    """Back up the directory (cn=config, data, accesslog) into DEST, with a manifest.

    Run it as the OS user that runs slapd; slapd may keep running.
    """
    try:
        manifest = backup(root, dest)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from None
    for name, facts in manifest["files"].items():
        click.echo(f"{name}: {facts['entries']} entries, {facts['bytes']} bytes")
    click.echo(f"backed up {root} ({manifest['suffix']}) into {dest}")


@click.command("restore")
@click.argument("src", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--root",
    type=click.Path(path_type=Path),
    default="var/directory",
    show_default=True,
    envvar="SERES_DIRECTORY_ROOT",
    help=ROOT_HELP + " It must not exist: move a broken one aside first.",
)
def restore_command(src: Path, root: Path) -> None:
    """Restore the backup in SRC onto a fresh server folder; start it with `seres directory serve`."""
    try:
        manifest = restore(src, root)
    except (BackupError, FileExistsError) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(
        f"restored {manifest['suffix']} (backed up {manifest['created']}) into {root};"
        f" start it with: seres directory serve {root}"
    )
