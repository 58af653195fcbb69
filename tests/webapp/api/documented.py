"""API answers checked against webapp/api/openapi.json (jsonschema is not a dependency).

``schema_errors`` knows the subset of JSON Schema the document uses and
refuses a schema with any other keyword, so a document that grows beyond it
fails loudly instead of passing unchecked. ``DocumentedClient`` checks
every answer under /api/: its status is documented for the path and
method (404 for an undocumented path, 405 for an undocumented method), its
JSON body fits the documented schema, and a request body is refused with
400 exactly when it does not fit the documented request schema.
"""

import json
import re

from flask.testing import FlaskClient

from webapp.api.views import OPENAPI

DOCUMENT = json.loads(OPENAPI.read_text())
KEYWORDS = {
    "$ref",
    "type",
    "required",
    "properties",
    "additionalProperties",
    "items",
    "enum",
    "maxLength",
    "pattern",
    "description",
}
TYPES = {"object": dict, "array": list, "string": str, "boolean": bool, "integer": int}
NOT_JSON = object()


def resolve(node: dict) -> dict:
    """Follow local $refs ("#/components/...") to the node they name."""
    while "$ref" in node:
        ref = node["$ref"]
        assert ref.startswith("#/"), ref
        node = DOCUMENT
        for part in ref[2:].split("/"):
            node = node[part]
    return node


def schema_errors(value, schema: dict, where: str = "$") -> list[str]:
    """What in ``value`` does not fit ``schema`` (empty if it fits)."""
    schema = resolve(schema)
    unknown = set(schema) - KEYWORDS
    assert not unknown, f"the checker does not know {sorted(unknown)}: teach it"
    kind = schema.get("type")
    if kind is not None:
        fits = isinstance(value, TYPES[kind]) and not (
            kind == "integer" and isinstance(value, bool)
        )
        if not fits:
            return [f"{where}: not {kind}"]
    found = []
    if "enum" in schema and value not in schema["enum"]:
        found.append(f"{where}: {value!r} not one of {schema['enum']}")
    if isinstance(value, str):
        if len(value) > schema.get("maxLength", len(value)):
            found.append(f"{where}: longer than {schema['maxLength']}")
        if "pattern" in schema and not re.search(schema["pattern"], value):
            found.append(f"{where}: does not match {schema['pattern']}")
    if isinstance(value, dict):
        found += [f"{where}: no {name}" for name in schema.get("required", []) if name not in value]
        properties = schema.get("properties", {})
        extra = schema.get("additionalProperties", True)
        for name, item in value.items():
            if name in properties:
                found += schema_errors(item, properties[name], f"{where}.{name}")
            elif extra is False:
                found.append(f"{where}: {name} is not allowed")
            elif isinstance(extra, dict):
                found += schema_errors(item, extra, f"{where}.{name}")
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            found += schema_errors(item, schema["items"], f"{where}[{i}]")
    return found


def undocumented(method: str, path: str, response, sent=NOT_JSON) -> list[str]:
    """What about this answer (and, for a 400, the request) the document does not say."""
    status = response.status_code
    item = DOCUMENT["paths"].get(path)
    problem = {"$ref": "#/components/schemas/Problem"}
    if item is None:
        if status != 404:
            return [f"{path} is not documented, but answered {status}"]
        return _body_errors(response, problem)
    operation = item.get(method.lower())
    if operation is None:
        if status != 405:
            return [f"{method} {path} is not documented, but answered {status}"]
        if not all("405" in op["responses"] for op in item.values()):
            return [f"405 is not documented for {path}"]
        return _body_errors(response, problem)
    documented = operation["responses"].get(str(status))
    if documented is None:
        return [f"{status} is not documented for {method} {path}"]
    found = []
    content = resolve(documented).get("content", {}).get("application/json")
    if content is not None:
        found += _body_errors(response, content.get("schema", {}))
    request = operation.get("requestBody")
    if request is not None and status not in (405, 413):
        schema = request["content"]["application/json"]["schema"]
        fits = sent is not NOT_JSON and not schema_errors(sent, schema)
        if fits == (status == 400):
            found.append(f"request {'fits' if fits else 'does not fit'} its schema: {status}")
    return found


def _body_errors(response, schema: dict) -> list[str]:
    if not response.is_json:
        return [f"{response.status_code} is {response.content_type}, not JSON"]
    return schema_errors(response.get_json(), schema)


class DocumentedClient(FlaskClient):
    """A test client that fails a test whose API answer the document does not describe."""

    def open(self, *args, **kwargs):
        response = super().open(*args, **kwargs)
        request = response.request
        if request.path.startswith("/api/"):
            if "json" in kwargs:
                sent = kwargs["json"]
            else:
                try:
                    sent = json.loads(kwargs.get("data") or "")
                except (TypeError, ValueError):
                    sent = NOT_JSON
            found = undocumented(request.method, request.path, response, sent)
            assert not found, (request.method, request.path, found)
        return response
