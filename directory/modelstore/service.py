"""The model store's use cases, one call each, for `seres models` and the web. No Flask, no click.

Each takes a connection as the identity that acts (a person on the web, the
SERES_LDAP_* identity in the CLI): the directory decides what it may do.
"""

from collections.abc import Callable
from dataclasses import dataclass

import models
from directory.connection import Ldap
from directory.errors import AlreadyExists, InvalidValue
from directory.modelstore import store as modelstore
from directory.tree import Tree, check_model_name
from models import edit


class BadModelName(InvalidValue):
    """The model's name is not one the directory can hold; nothing is stored."""

    def __init__(self, name: str):
        super().__init__(f"not a model name: {name!r}")
        self.name = name


class ImportedMeanwhile(AlreadyExists):
    """Another import of the model made its working version first; nothing is stored."""

    def __init__(self, name: str, text: str):
        super().__init__(text)
        self.name = name


@dataclass(frozen=True)
class Imported:
    model: models.MessageModel
    version: modelstore.Version
    warnings: list[models.Issue]


def import_model(
    ldap: Ldap, tree: Tree, env: str, domain: str, data: bytes, json_schema: bool = False
) -> Imported:
    """Import XSD bytes as the model's working version in ``domain``: `seres models
    import` and the web's import page. With ``json_schema`` (the CLI) Altinn Studio's
    JSON Schema of a model is read too (told apart by content).

    Only a model that makes a valid message specification is stored, so that
    every stored version can be downloaded, published and edited. Raises
    NotSeresXsd, InvalidModel, BadModelName (nothing is stored for any of
    them), ImportedMeanwhile, or what the directory refuses (InsufficientAccess, ...).
    """
    result = (models.import_model if json_schema else models.import_xsd)(data)
    model = result.model
    try:
        check_model_name(model.name)
    except InvalidValue:
        raise BadModelName(model.name) from None
    edit.checked(model)
    try:
        version = modelstore.save_working(
            ldap,
            tree,
            env,
            domain,
            model.name,
            models.to_dict(model),
            data_format_id=model.data_format_id or "",
            data_format_version=model.data_format_version or "",
        )
    except AlreadyExists as exc:
        raise ImportedMeanwhile(model.name, str(exc)) from exc
    return Imported(model, version, result.warnings)


def export_version(
    ldap: Ldap,
    tree: Tree,
    env: str,
    domain: str,
    name: str,
    number: int | None,
    variant: str | None,
) -> tuple[modelstore.Version, models.MessageModel, bytes]:
    """Return the chosen version (default: latest published, else working), its model
    and its XSD."""
    version = _pick(
        ldap,
        tree,
        env,
        domain,
        name,
        number,
        modelstore.pick_version,
        "published version, nor a working one,",
    )
    model = models.from_dict(modelstore.load(ldap, tree, env, domain, name, version.number))
    return version, model, models.generate_xsd(model, variant)


def _pick(
    ldap: Ldap,
    tree: Tree,
    env: str,
    domain: str,
    name: str,
    number: int | None,
    default: Callable[[modelstore.Model], modelstore.Version | None],
    default_name: str,
) -> modelstore.Version:
    """Version ``number`` of the model, or without a number ``default(model)``.

    LookupError names what is missing (``default_name`` for the default) when
    the identity sees no such version.
    """
    stored = modelstore.get_model(ldap, tree, env, domain, name)
    if stored is None:
        raise LookupError(
            f"there is no model {name} in {domain} ({env}) that this identity may see: "
            "check the names, and that it may read the environment"
        )
    version = default(stored) if number is None else modelstore.pick_version(stored, number)
    if version is None:
        which = f"no {default_name}" if number is None else f"no version {number}"
        seen = ", ".join(f"{v.number} ({v.state})" for v in stored.versions) or "none"
        raise LookupError(
            f"{name} has {which} visible in {domain} ({env}) to this identity; it sees "
            f"versions: {seen}. Working and discarded versions are visible to the "
            "domain's writers only."
        )
    return version


def discard_version(
    ldap: Ldap, tree: Tree, env: str, domain: str, name: str, number: int | None
) -> modelstore.Version:
    """Discard version ``number`` (default: the working one) and return it as it was."""
    version = _pick(ldap, tree, env, domain, name, number, lambda m: m.working, "working version")
    modelstore.discard(ldap, tree, env, domain, name, version.number)
    return version


def start_version(
    ldap: Ldap, tree: Tree, env: str, domain: str, name: str, number: int | None
) -> tuple[modelstore.Version, modelstore.Version]:
    """Start a working version from ``number`` (default: the latest published); return both."""
    source = _pick(
        ldap, tree, env, domain, name, number, lambda m: m.latest_published, "published version"
    )
    return source, modelstore.new_version(ldap, tree, env, domain, name, source.number)
