"""Import SERES message specifications, hold them as models, and generate XSDs again."""

# Pure Python: no Flask, no LDAP. Messages are English; every error and warning also has a
# stable ``code`` and ``params`` for a web layer to translate.

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
    "Issue",
    "MessageModel",
    "ModelsError",
    "NotSeresXsd",
    "Property",
    "SampleUnavailable",
    "SimpleType",
    "check_model",
    "differences",
    "from_dict",
    "generate_xsd",
    "import_xsd",
    "sample_instance",
    "to_dict",
]
