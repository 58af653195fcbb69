"""`seres directory`: build, serve and check an OpenLDAP directory made from ldif/."""

import json
import sys
from dataclasses import replace
from pathlib import Path

import click

from directory import layout
from directory.errors import DirectoryError
from directory.server.backup_cli import backup_command, restore_command
from directory.server.build import BuildOptions, build, outdated, service_binds
from directory.server.check import check
from directory.server.replication import Replication
from directory.server.slapd import Slapd, stopped_by_signals
from directory.settings import Settings, checked_ca_file
from directory.tree import DEFAULT_SUFFIX


@click.group("directory")
def directory_group() -> None:
    """Build, serve and check an OpenLDAP directory made from ldif/."""


def demo_manager_password() -> str:
    accounts = json.loads(layout.DEMO_ACCOUNTS.read_text())["accounts"]
    return next(a["password"] for a in accounts if a["kind"] == "manager")


@directory_group.command("build")
@click.argument("root", type=click.Path(path_type=Path))
@click.option("--suffix", default=DEFAULT_SUFFIX, show_default=True)
@click.option("--demo/--no-demo", default=False, help="Load the demo people and domains.")
@click.option(
    "--manager-password-file",
    type=click.File(),
    help="The manager's password (default with --demo: the demo one).",
)
@click.option("--nosync", is_flag=True, help="Faster, unsafe on a crash: tests only.")
@click.option(
    "--service-network",
    "service_networks",
    multiple=True,
    help="An IP network the service accounts may bind from, e.g. 10.1.2.0/24 "
    "(repeat for more; default: loopback only; the ldapi socket always).",
)
@click.option(
    "--provider",
    type=click.IntRange(1, 4095),
    help="Build provider N (its server id) of a multi-provider set; give --peer too.",
)
@click.option(
    "--peer", "peers", multiple=True, help="URL of another provider of the set (repeatable)."
)
@click.option(
    "--accesslog-days",
    type=click.IntRange(1, 36500),
    default=BuildOptions.accesslog_days,
    show_default=True,
    help="How long the accesslog (the audit trail's directory half) keeps a record.",
)
def build_command(
    root: Path,
    suffix: str,
    demo: bool,
    manager_password_file,
    nosync: bool,
    service_networks,
    provider,
    peers,
    accesslog_days: int,
):
    """Create a directory server's files under ROOT from ldif/."""
    if manager_password_file:
        password = manager_password_file.read().strip()
    elif demo:
        password = demo_manager_password()
    else:
        raise click.UsageError("give --manager-password-file (or --demo for the demo one)")
    if bool(provider) != bool(peers):
        raise click.UsageError("--provider and --peer go together")
    try:
        replicated = Replication(provider, tuple(peers)) if provider else None
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    options = BuildOptions(
        manager_password=password,
        suffix=suffix,
        demo=demo,
        nosync=nosync,
        provider=replicated,
        accesslog_days=accesslog_days,
    )
    if service_networks:
        options = replace(options, service_networks=tuple(service_networks))
    try:
        service_binds(options.service_networks)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--service-network") from None
    build(root, options)
    click.echo(f"built {root} for {suffix}; start it with: seres directory serve {root}")


@directory_group.command("up-to-date")
@click.argument("root", type=click.Path(exists=True, path_type=Path))
def up_to_date_command(root: Path) -> None:
    """Was the directory under ROOT built from the ldif/ files here? Exit 1 and say why not."""
    reason = outdated(root)
    if reason:
        click.echo(reason)
        sys.exit(1)


@directory_group.command("serve")
@click.argument("root", type=click.Path(exists=True, path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=3389, show_default=True)
def serve_command(root: Path, host: str, port: int) -> None:
    """Run slapd for the directory under ROOT until interrupted."""
    server = Slapd(root, port=port, host=host)
    # slapd runs in its own session, so the terminal's signals reach only us:
    # Ctrl-C (INT), closing the terminal (HUP) and `make run`'s script (TERM)
    # all stop it, and so does the end of this block, however it ends.
    status = 0
    try:
        with stopped_by_signals(server) as stop:
            server.start()
            if not stop.asked:
                click.echo(f"slapd serves {server.url} and {server.ldapi} (Ctrl-C stops it)")
                status = server.process.wait()
    except RuntimeError as exc:
        if not stop.asked:
            raise click.ClickException(str(exc)) from exc
    if status != 0 and not stop.asked:
        raise click.ClickException(f"slapd exited with status {status}")


@directory_group.command("check")
@click.argument("url")
@click.option("--suffix", default=DEFAULT_SUFFIX, show_default=True)
@click.option(
    "--bind-dn",
    envvar="SERES_LDAP_BIND_DN",
    required=True,
    help="Any identity that may read the schema, e.g. the tools account.",
)
@click.option(
    "--password-file", type=click.File(), envvar="SERES_LDAP_PASSWORD_FILE", required=True
)
@click.option(
    "--ldapi",
    help="ldapi:// URL of the server's socket, to compare cn=config too "
    "(run as the OS user that runs slapd).",
)
@click.option(
    "--ca-file",
    envvar="SERES_LDAP_CA_FILE",
    help="PEM CA certificates that sign an ldaps:// server's certificate (default: the system's).",
)
def check_command(
    url: str, suffix: str, bind_dn: str, password_file, ldapi: str | None, ca_file: str | None
) -> None:
    """Does the server at URL match ldif/ (schema, and with --ldapi configuration)?"""
    try:
        ca_file = checked_ca_file("--ca-file", ca_file) if ca_file else None
    except DirectoryError as exc:
        raise click.ClickException(str(exc)) from None
    settings = Settings((url,), bind_dn, password_file.read().strip(), suffix, ca_file=ca_file)
    report = check(settings, ldapi)
    for line in report.differences:
        click.echo(f"DIFFERS {line}")
    click.echo(f"{report.compared} items compared, {len(report.differences)} differ")
    sys.exit(0 if report.ok else 1)


directory_group.add_command(backup_command)
directory_group.add_command(restore_command)
