"""`seres models ...`: import a SERES XSD into a domain, export a model version as XSD,
discard a working version, start a new one from a published one.

The identity is the one in SERES_LDAP_* (directory.settings.Settings.from_env):
a person binds with the password immediately followed by the current code, a
service account with its password. The directory decides what it may do.

Exit status: 0 done; 2 nothing was done (not a SERES file, refused, not found, a bad
SERES_LDAP_* setting).
"""

import json
from pathlib import Path

import click

import models
from directory.clitools import carry_out, fail
from directory.errors import (
    AlreadyExists,
    DirectoryError,
    InsufficientAccess,
    InvalidValue,
    NoSuchEntry,
)
from directory.modelstore import store as modelstore
from directory.modelstore.service import (
    discard_version,
    export_version,
    import_model,
    start_version,
)
from directory.tree import ENVIRONMENTS
from models.conventions import VARIANTS


@click.group("models")
def models_group() -> None:
    """Import, export, discard and start versions of SERES message models (XSD) of a domain."""


ENV_OPTION = click.option(
    "--env", type=click.Choice(ENVIRONMENTS), default="prod", show_default=True
)


@models_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--domain", required=True, help="The domain that holds the model.")
@ENV_OPTION
@click.option(
    "--max-size",
    type=click.IntRange(min=1),
    default=models.MAX_XSD_BYTES,
    show_default=True,
    help="Refuse a larger file (bytes); the default is the web's limit.",
)
def import_command(file: Path, domain: str, env: str, max_size: int) -> None:
    """Import FILE (a SERES XSD) as the working version of its model in DOMAIN."""
    size = file.stat().st_size
    if size > max_size:
        fail(
            f"{file} is {size} bytes, more than the limit of {max_size} bytes "
            "(--max-size allows more); nothing stored"
        )

    def invalid(exc: models.InvalidModel) -> str:
        issues = "".join(f"\n  {issue.code}: {issue.message}" for issue in exc.issues)
        return f"{file} does not make a valid message specification; nothing stored:{issues}"

    imported = carry_out(
        lambda ldap, tree: import_model(
            ldap, tree, env, domain, file.read_bytes(), json_schema=True
        ),
        (models.NotSeresXsd, lambda exc: f"{file} is not a SERES XSD ({exc.code}): {exc}"),
        (models.InvalidModel, invalid),
        (
            InvalidValue,
            lambda exc: f"{file}: the model's name cannot be stored ({exc}); nothing stored",
        ),
        (
            InsufficientAccess,
            lambda _exc: (
                f"the directory refused to store a model in {domain} ({env}) for this identity"
            ),
        ),
        (DirectoryError, lambda exc: f"the model could not be stored in {domain} ({env}): {exc}"),
    )
    version = imported.version
    click.echo(f"{version.model} version {version.number} ({version.state}) in {domain} ({env})")
    for warning in imported.warnings:
        click.echo(f"warning {warning.code}: {warning}")


@models_group.command("export")
@click.argument("domain")
@click.argument("model")
@click.option("--version", "number", type=int, help="Default: the latest published, else working.")
@click.option("--variant", type=click.Choice(VARIANTS), help="Default: the imported file's.")
@ENV_OPTION
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Default: stdout."
)
@click.option(
    "--json-schema",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write Altinn Studio's JSON Schema of the version here.",
)
@click.option(
    "--csharp",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the C# classes Altinn Studio generates for the version here.",
)
def export_command(
    domain: str,
    model: str,
    number: int | None,
    variant: str | None,
    env: str,
    output: Path | None,
    json_schema: Path | None,
    csharp: Path | None,
) -> None:
    """Write the XSD of a version of MODEL in DOMAIN."""
    version, stored_model, xsd = carry_out(
        lambda ldap, tree: export_version(ldap, tree, env, domain, model, number, variant),
        (LookupError, str),
        ((DirectoryError, models.ModelsError), lambda exc: f"{model} could not be exported: {exc}"),
    )
    if output is None:
        click.echo(xsd, nl=False)  # bytes go to the binary stream unchanged
    else:
        output.write_bytes(xsd)
        click.echo(f"wrote {output}: {model} version {version.number} ({version.state})")
        if models.imports_seres_xsd(xsd):
            # What the schema imports, beside it, so that validators work offline.
            beside = output.parent / models.SERES_XSD_NAME
            beside.write_bytes(models.seres_xsd())
            click.echo(f"wrote {beside}: the SERES attributes the schema imports")
    if json_schema is not None:
        schema = models.to_json_schema(stored_model)
        json_schema.write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", "utf-8")
        click.echo(f"wrote {json_schema}: Altinn Studio's JSON Schema", err=output is None)
    if csharp is not None:
        csharp.write_text(models.to_csharp(stored_model), "utf-8")
        click.echo(f"wrote {csharp}: Altinn Studio's C# model", err=output is None)


@models_group.command("discard")
@click.argument("domain")
@click.argument("model")
@click.option("--version", "number", type=int, help="Default: the working version.")
@ENV_OPTION
def discard_command(domain: str, model: str, number: int | None, env: str) -> None:
    """Discard the working version of MODEL in DOMAIN; the next import starts a new one."""
    version = carry_out(
        lambda ldap, tree: discard_version(ldap, tree, env, domain, model, number),
        (LookupError, str),
        (
            modelstore.VersionNotWorking,
            lambda exc: f"only a working version can be discarded: {exc}",
        ),
        (
            (InsufficientAccess, NoSuchEntry),
            lambda _exc: (
                f"the directory refused to discard {model} in {domain} ({env}) for this identity"
            ),
        ),
        (DirectoryError, lambda exc: f"{model} could not be discarded: {exc}"),
    )
    click.echo(f"{model} version {version.number} (discarded) in {domain} ({env})")


@models_group.command("new-version")
@click.argument("domain")
@click.argument("model")
@click.option("--from", "number", type=int, help="Default: the latest published version.")
@ENV_OPTION
def new_version_command(domain: str, model: str, number: int | None, env: str) -> None:
    """Start a working version of MODEL in DOMAIN as a copy of a published one."""
    source, version = carry_out(
        lambda ldap, tree: start_version(ldap, tree, env, domain, model, number),
        (LookupError, str),
        (modelstore.WorkingVersionExists, lambda exc: f"{exc}: publish or discard it first"),
        (
            modelstore.VersionNotPublished,
            lambda exc: f"a new version starts from a published or historic one: {exc}",
        ),
        (
            InsufficientAccess,
            lambda _exc: f"the directory refused to add a version of {model} in {domain} ({env})",
        ),
        (
            AlreadyExists,
            lambda _exc: (
                f"the next version of {model} in {domain} ({env}) exists already; try again"
            ),
        ),
        (DirectoryError, lambda exc: f"no new version of {model} could be started: {exc}"),
    )
    click.echo(
        f"{model} version {version.number} (working) from version {source.number}"
        f" in {domain} ({env})"
    )
