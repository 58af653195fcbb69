"""Check generated schemas and instances with xmlschema, offline."""

from importlib import resources

import xmlschema

from models.conventions import SERES_NS, XSD_NS
from models.xml_input import parse_schema

# The name generated schemas import seres.xsd by (schemaLocation): keep a copy beside them.
SERES_XSD_NAME = "seres.xsd"
# The largest XSD the web and `seres models import` take unless told otherwise.
MAX_XSD_BYTES = 2 * 1024 * 1024
XSD_IMPORT = "{" + XSD_NS + "}import"


def seres_xsd_path() -> str:
    """Return the path of the packaged seres.xsd."""
    return str(resources.files("models").joinpath(SERES_XSD_NAME))


def seres_xsd() -> bytes:
    """Return the packaged seres.xsd (the SERES attributes), to offer beside a schema."""
    return resources.files("models").joinpath(SERES_XSD_NAME).read_bytes()


def imports_seres_xsd(xsd: bytes | str) -> bool:
    """Tell whether a schema imports SERES's namespace, so needs seres.xsd beside it."""
    schema = parse_schema(xsd)
    return any(child.tag == XSD_IMPORT and child.get("namespace") == SERES_NS for child in schema)


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
