"""Turn a model into JSON-safe plain data and back, losslessly, for storage (e.g. LDAP)."""

import copy
import types
from collections.abc import Iterator
from dataclasses import fields, is_dataclass
from typing import Any

from models.conventions import (
    NO_NAMESPACE,
    SERES_ATTRIBUTES,
    SERES_NS,
    STANDARD,
    TARGET_NAMESPACE,
)
from models.errors import BadModelData
from models.model import (
    AttributeDecl,
    CodeElement,
    ComplexType,
    Facets,
    MessageModel,
    Property,
    SimpleType,
)

FORMAT = 1
_NESTED = {
    "facets": Facets,
    "codes": CodeElement,
    "attributes": AttributeDecl,
    "properties": Property,
    "parts": Property,
}
_TYPE_CLASSES = {"SimpleType": SimpleType, "ComplexType": ComplexType}
# Mappings are stored as [key, value] pairs: not every store keeps the order of keys.
_MAPPINGS = ("extra", "settings", "provenance")


def to_dict(model: MessageModel) -> dict[str, Any]:
    """Return the model as plain dicts, lists, strings, numbers, booleans and None."""
    data = _dump(model)
    data["format"] = FORMAT
    # Attribute namespaces came later: they are stored only where they differ from what
    # data without them means, so such data stays as it was (and readable as before).
    _legacy_namespaces(data, drop=True)
    return data


def _legacy_namespaces(data: dict[str, Any], *, drop: bool) -> None:
    """Fill in (or, with ``drop``, leave out) attribute namespaces as format 1 implied.

    Before the model kept them, the standard variant wrote the dataFormat attributes in
    the model's own namespace and a fixed attribute seres.xsd declares as seres:<name>;
    everything else had no namespace.
    """
    standard = data.get("variant") == STANDARD
    data_format = TARGET_NAMESPACE if standard else NO_NAMESPACE
    _settle(data, "data_format_namespace", data_format, drop=drop)
    for owner in _attribute_owners(data):
        for attribute in owner.get("attributes") or ():
            if not isinstance(attribute, dict):
                continue  # from_dict reports the shape
            seres = (
                standard
                and attribute.get("fixed") is not None
                and attribute.get("name") in SERES_ATTRIBUTES
            )
            _settle(attribute, "namespace", SERES_NS if seres else NO_NAMESPACE, drop=drop)


def _settle(data: dict[str, Any], key: str, implied: str, *, drop: bool) -> None:
    if drop and data.get(key) == implied:
        del data[key]
    elif not drop and key not in data:
        data[key] = implied


def _attribute_owners(data: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Yield the stored types and properties (which may hold attributes)."""
    items = [*(data.get("parts") or ()), *(data.get("types") or ())]
    while items:
        item = items.pop()
        if isinstance(item, dict):
            yield item
            properties = item.get("properties")
            if isinstance(properties, list):
                items.extend(properties)


def from_dict(data: dict[str, Any]) -> MessageModel:
    """Rebuild a model from ``to_dict``'s output; raise BadModelData if it does not fit."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BadModelData(
            f"unknown model data format {data.get('format') if isinstance(data, dict) else None}",
            code="bad_format",
        )
    body = {key: value for key, value in data.items() if key != "format"}
    body = copy.deepcopy(body)
    _legacy_namespaces(body, drop=False)
    return _load(MessageModel, body, "model")


def _dump(value: Any) -> Any:
    if is_dataclass(value):
        out = {}
        if isinstance(value, SimpleType | ComplexType):
            out["class"] = type(value).__name__
        for field in fields(value):
            item = getattr(value, field.name)
            if field.name in _MAPPINGS:
                out[field.name] = [[key, text] for key, text in item.items()]
            else:
                out[field.name] = _dump(item)
        return out
    if isinstance(value, list):
        return [_dump(item) for item in value]
    return value


def _load(cls: type, data: Any, where: str) -> Any:
    if not isinstance(data, dict):
        raise BadModelData(f"{where}: expected an object", code="bad_shape", where=where)
    known = {field.name: field for field in fields(cls)}
    unknown = set(data) - set(known) - {"class"}
    if unknown:
        raise BadModelData(
            f"{where}: unknown fields {sorted(unknown)}", code="unknown_field", where=where
        )
    values = {}
    for name, value in data.items():
        if name == "class":
            continue
        here = f"{where}.{name}"
        if name in _MAPPINGS:
            values[name] = _mapping(value, here)
        elif name == "types":
            values[name] = [
                _load_type(item, f"{here}[{index}]") for index, item in enumerate(value)
            ]
        elif name in _NESTED:
            nested = _NESTED[name]
            if isinstance(value, list):
                values[name] = [
                    _load(nested, item, f"{here}[{index}]") for index, item in enumerate(value)
                ]
            else:
                values[name] = _load(nested, value, here)
        else:
            _check_scalar(known[name].type, value, here)
            values[name] = value
    try:
        return cls(**values)
    except TypeError as err:
        raise BadModelData(f"{where}: {err}", code="bad_shape", where=where) from err


def _load_type(data: Any, where: str) -> SimpleType | ComplexType:
    cls = _TYPE_CLASSES.get(data.get("class")) if isinstance(data, dict) else None
    if cls is None:
        raise BadModelData(
            f"{where}: not a SimpleType or ComplexType", code="bad_type", where=where
        )
    return _load(cls, data, where)


def _mapping(value: Any, where: str) -> dict[str, str]:
    if not isinstance(value, list) or not all(
        isinstance(pair, list) and len(pair) == 2 and all(isinstance(p, str) for p in pair)
        for pair in value
    ):
        raise BadModelData(f"{where}: expected [key, value] pairs", code="bad_shape", where=where)
    return {key: text for key, text in value}


def _check_scalar(annotation: Any, value: Any, where: str) -> None:
    """Check a value against a field's plain type (str, int, bool, or a union of them)."""
    allowed = annotation.__args__ if isinstance(annotation, types.UnionType) else (annotation,)
    if (
        isinstance(value, list)
        and any(getattr(a, "__origin__", None) is list for a in allowed)
        and all(isinstance(item, str) for item in value)
    ):
        return
    plain = tuple(
        a for a in allowed if isinstance(a, type) and getattr(a, "__origin__", None) is None
    )
    # bool is an int in Python; a stored true must not become a count of 1.
    if isinstance(value, bool) and bool not in plain:
        plain = ()
    if not plain or not isinstance(value, plain):
        raise BadModelData(f"{where}: {value!r} has the wrong type", code="bad_value", where=where)
