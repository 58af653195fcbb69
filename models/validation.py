"""Check generated schemas and instances with xmlschema, offline."""

from importlib import resources

import xmlschema

from models.conventions import SERES_NS


def seres_xsd_path() -> str:
    """Return the path of the packaged seres.xsd."""
    return str(resources.files("models").joinpath("seres.xsd"))


def load_schema(xsd: bytes | str) -> xmlschema.XMLSchema:
    """Build (and so check) a schema; raise xmlschema's XMLSchemaParseError if invalid."""
    # The standard variant imports seres.xsd by a relative location: point it at our copy,
    # and allow only local files so that nothing is ever fetched from the network.
    return xmlschema.XMLSchema(
        xsd,
        locations=[(SERES_NS, seres_xsd_path())],
        allow="local",
    )


def instance_errors(schema: xmlschema.XMLSchema, instance: bytes | str) -> list[str]:
    """Return the reasons ``instance`` is invalid against ``schema`` (empty when valid)."""
    return [str(error.reason or error) for error in schema.iter_errors(instance)]
