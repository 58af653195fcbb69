"""Models and their versions, stored in their domain's subtree.

``cn=<model>,cn=<domain>,ou=domains,ou=<env>`` holds a model; its children
``cn=<n>`` are versions 1, 2, ... in the states working, published or
discarded. A published version with a newer published one is *historic*.
The directory's rules decide who sees and changes what: working versions are
the domain writers' alone, and a published or discarded version cannot change
at all.
The model itself is opaque JSON here (``models.serialize`` makes it).
"""

import json
from dataclasses import dataclass

from directory.connection import ADD, DELETE, REPLACE, Ldap
from directory.entries import first
from directory.errors import InsufficientAccess, InvalidValue, NoSuchEntry
from directory.tree import Tree

WORKING, PUBLISHED, HISTORIC, DISCARDED = "working", "published", "historic", "discarded"
MODEL_FILTER = "(objectClass=seresModel)"
VERSION_FILTER = "(objectClass=seresModelVersion)"
VERSION_ATTRIBUTES = [
    "cn",
    "seresModelState",
    "seresDataFormatId",
    "seresDataFormatVersion",
    "description",
    "modifyTimestamp",
    "modifiersName",
]


class VersionNotWorking(InvalidValue):
    """Only a working version can be changed, published or discarded."""


class VersionNotPublished(InvalidValue):
    """A new version starts from a published (or historic) one only."""


class WorkingVersionExists(InvalidValue):
    """A model has at most one working version."""

    def __init__(self, model: str, number: int) -> None:
        super().__init__(f"{model} already has working version {number}")
        self.number = number


@dataclass(frozen=True)
class Version:
    model: str
    number: int
    state: str
    data_format_id: str = ""
    data_format_version: str = ""
    changed: str = ""
    changed_by: str = ""


@dataclass(frozen=True)
class Model:
    name: str
    description: str
    versions: tuple[Version, ...]

    @property
    def latest_published(self) -> Version | None:
        published = [v for v in self.versions if v.state == PUBLISHED]
        return published[-1] if published else None

    @property
    def working(self) -> Version | None:
        return next((v for v in self.versions if v.state == WORKING), None)


def _versions(ldap: Ldap, dn: str, model: str) -> list[Version]:
    found = ldap.search(dn, VERSION_FILTER, VERSION_ATTRIBUTES, scope="one")
    versions = sorted(
        (
            Version(
                model,
                int(first(v, "cn")),
                first(v, "seresModelState").lower(),
                first(v, "seresDataFormatId"),
                first(v, "seresDataFormatVersion"),
                first(v, "modifyTimestamp"),
                first(v, "modifiersName"),
            )
            for _, v in found
            if first(v, "cn").isdigit()
        ),
        key=lambda v: v.number,
    )
    newest_published = max((v.number for v in versions if v.state == PUBLISHED), default=None)
    return [
        Version(v.model, v.number, HISTORIC, *_rest(v))
        if v.state == PUBLISHED and v.number != newest_published
        else v
        for v in versions
    ]


def _rest(v: Version) -> tuple:
    return (v.data_format_id, v.data_format_version, v.changed, v.changed_by)


def list_models(ldap: Ldap, tree: Tree, env: str, domain: str) -> list[Model]:
    """Return the domain's models with the versions this identity may see."""
    found = ldap.search(tree.domain(env, domain), MODEL_FILTER, ["cn", "description"], scope="one")
    models = [
        Model(first(v, "cn"), first(v, "description"), tuple(_versions(ldap, dn, first(v, "cn"))))
        for dn, v in found
    ]
    return sorted(models, key=lambda m: m.name.lower())


def get_model(ldap: Ldap, tree: Tree, env: str, domain: str, model: str) -> Model | None:
    dn = tree.model(env, domain, model)
    values = ldap.read(dn, ["cn", "description"])
    if values is None:
        return None
    return Model(
        first(values, "cn"), first(values, "description"), tuple(_versions(ldap, dn, model))
    )


def load(ldap: Ldap, tree: Tree, env: str, domain: str, model: str, number: int) -> dict:
    """Return one version's model data (as models.serialize wrote it)."""
    values = ldap.read(tree.model_version(env, domain, model, number), ["seresModelData"], raw=True)
    if not values or not values.get("seresModelData"):
        raise NoSuchEntry(f"{model} version {number}")
    return json.loads(values["seresModelData"][0].decode())


def _encode(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def save_working(
    ldap: Ldap,
    tree: Tree,
    env: str,
    domain: str,
    model: str,
    data: dict,
    data_format_id: str = "",
    data_format_version: str = "",
    description: str = "",
) -> Version:
    """Write the model's working version: change it, or start a new one after the last."""
    dn = tree.model(env, domain, model)
    if not ldap.exists(dn):
        ldap.add(
            dn,
            ["seresModel"],
            {"cn": model, **({"description": description} if description else {})},
        )
    current = get_model(ldap, tree, env, domain, model)
    attributes = _data_attributes(_encode(data), data_format_id, data_format_version)
    if current.working is None:
        return _add_version(ldap, tree, env, domain, model, current, attributes)
    number = current.working.number
    ldap.modify(
        tree.model_version(env, domain, model, number),
        {name: [(REPLACE, values)] for name, values in attributes.items()},
    )
    return _read_version(ldap, tree, env, domain, model, number)


def _data_attributes(data: bytes, data_format_id: str, data_format_version: str) -> dict:
    """A version's stored model data and, where given, its dataFormat values."""
    attributes = {"seresModelData": [data]}
    if data_format_id:
        attributes["seresDataFormatId"] = [data_format_id]
    if data_format_version:
        attributes["seresDataFormatVersion"] = [data_format_version]
    return attributes


def _add_version(
    ldap: Ldap, tree: Tree, env: str, domain: str, model: str, current: Model, attributes: dict
) -> Version:
    """Add version <last of ``current``> + 1 of ``model``, working, with ``attributes``."""
    number = max((v.number for v in current.versions), default=0) + 1
    ldap.add(
        tree.model_version(env, domain, model, number),
        ["seresModelVersion"],
        {"cn": str(number), "seresModelState": WORKING, **attributes},
    )
    return _read_version(ldap, tree, env, domain, model, number)


def _read_version(
    ldap: Ldap, tree: Tree, env: str, domain: str, model: str, number: int
) -> Version:
    return next(v for v in get_model(ldap, tree, env, domain, model).versions if v.number == number)


def new_version(ldap: Ldap, tree: Tree, env: str, domain: str, model: str, number: int) -> Version:
    """Start the next working version as a copy of published (or historic) version ``number``.

    The copy holds the same model data and dataFormat values; version
    ``number`` does not change. Refused while the model has a working version
    (WorkingVersionExists). The directory decides who may add the version: the
    domain's writers (InsufficientAccess for others).
    """
    current = get_model(ldap, tree, env, domain, model)
    source = pick_version(current, number) if current else None
    if source is None:
        raise NoSuchEntry(f"{model} version {number}")
    if source.state not in (PUBLISHED, HISTORIC):
        raise VersionNotPublished(f"{model} version {number} is {source.state}")
    if current.working is not None:
        raise WorkingVersionExists(model, current.working.number)
    values = ldap.read(tree.model_version(env, domain, model, number), ["seresModelData"], raw=True)
    if not values or not values.get("seresModelData"):
        raise NoSuchEntry(f"{model} version {number}")
    attributes = _data_attributes(
        values["seresModelData"][0],  # the stored bytes, unchanged
        source.data_format_id,
        source.data_format_version,
    )
    return _add_version(ldap, tree, env, domain, model, current, attributes)


def _set_state(
    ldap: Ldap, tree: Tree, env: str, domain: str, model: str, number: int, state: str
) -> None:
    current = get_model(ldap, tree, env, domain, model)
    version = next((v for v in current.versions if v.number == number), None) if current else None
    if version is None:
        raise NoSuchEntry(f"{model} version {number}")
    if version.state != WORKING:
        raise VersionNotWorking(f"{model} version {number} is {version.state}")
    # Delete "working" and add the new state in one operation: a version published or
    # discarded since it was read fails here instead of changing state twice.
    _modify_working(
        ldap,
        tree.model_version(env, domain, model, number),
        {"seresModelState": [(DELETE, [WORKING]), (ADD, [state])]},
        f"{model} version {number}",
    )


def _modify_working(ldap: Ldap, dn: str, changes: dict, what: str) -> None:
    """Apply ``changes``, which delete the value "working", to the version at ``dn``.

    A version that is no longer working fails as VersionNotWorking: the value is
    gone (InvalidValue), or the version is discarded, which the directory refuses
    to write for everyone (InsufficientAccess; a published one stays a refusal).
    """
    try:
        ldap.modify(dn, changes)
    except InvalidValue:
        raise VersionNotWorking(f"{what} is no longer working") from None
    except InsufficientAccess:
        values = ldap.read(dn, ["seresModelState"])
        if values is None or first(values, "seresModelState").lower() != DISCARDED:
            raise
        raise VersionNotWorking(f"{what} is no longer working") from None


def publish(ldap: Ldap, tree: Tree, env: str, domain: str, model: str, number: int) -> None:
    """Publish a working version; from now on the directory refuses any change to it."""
    _set_state(ldap, tree, env, domain, model, number, PUBLISHED)


def discard(ldap: Ldap, tree: Tree, env: str, domain: str, model: str, number: int) -> None:
    """Discard a working version; the next save starts a new version.

    A discarded version stays, seen only by the domain's writers. The directory
    refuses the change to anyone else (InsufficientAccess, or NoSuchEntry when
    the working version is not even visible).
    """
    _set_state(ldap, tree, env, domain, model, number, DISCARDED)


def save_version(
    ldap: Ldap,
    tree: Tree,
    env: str,
    domain: str,
    model: str,
    number: int,
    data: dict,
    data_format_id: str = "",
    data_format_version: str = "",
) -> None:
    """Change version ``number`` in place, only while it is working.

    The directory refuses a published version to everyone (InsufficientAccess)
    and a discarded one too, which fails as VersionNotWorking; the state is
    also asserted in the same operation (delete and re-add "working").
    """
    changes = {
        "seresModelState": [(DELETE, [WORKING]), (ADD, [WORKING])],
        "seresModelData": [(REPLACE, [_encode(data)])],
    }
    if data_format_id:
        changes["seresDataFormatId"] = [(REPLACE, [data_format_id])]
    if data_format_version:
        changes["seresDataFormatVersion"] = [(REPLACE, [data_format_version])]
    _modify_working(
        ldap, tree.model_version(env, domain, model, number), changes, f"{model} version {number}"
    )


def pick_version(model: Model, number: int | None = None) -> Version | None:
    """Return version ``number``, or by default the latest published, else the working one."""
    if number is not None:
        return next((v for v in model.versions if v.number == number), None)
    return model.latest_published or model.working
