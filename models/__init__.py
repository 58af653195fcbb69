"""Import SERES message specifications, hold them as models, and generate XSDs again."""

# Pure Python: no Flask, no LDAP. Messages are English; every error and warning also has a
# stable ``code`` and ``params`` for a web layer to translate.

from models.altinn_studio import from_json_schema, import_model, to_csharp, to_json_schema
from models.checks import check_model
from models.compare import Difference, differences
from models.errors import (
    BadModelData,
    InvalidModel,
    Issue,
    ModelsError,
    NotSeresXsd,
    SampleUnavailable,
)
from models.model import (
    AttributeDecl,
    CodeElement,
    ComplexType,
    Facets,
    MessageModel,
    Property,
    SimpleType,
)
from models.sample import sample_instance
from models.serialize import from_dict, to_dict
from models.validation import MAX_XSD_BYTES, SERES_XSD_NAME, imports_seres_xsd, seres_xsd
from models.xsd_export import generate_xsd
from models.xsd_import import ImportResult, import_xsd

__all__ = [
    "AttributeDecl",
    "BadModelData",
    "CodeElement",
    "ComplexType",
    "Difference",
    "Facets",
    "ImportResult",
    "InvalidModel",
    "MAX_XSD_BYTES",
    "Issue",
    "MessageModel",
    "ModelsError",
    "NotSeresXsd",
    "Property",
    "SERES_XSD_NAME",
    "SampleUnavailable",
    "SimpleType",
    "check_model",
    "differences",
    "from_dict",
    "from_json_schema",
    "generate_xsd",
    "import_model",
    "import_xsd",
    "imports_seres_xsd",
    "sample_instance",
    "seres_xsd",
    "to_dict",
    "to_csharp",
    "to_json_schema",
]
