"""Altinn Studio's data-model formats: a model as its JSON Schema, and such a schema back.

Altinn Studio keeps a data model as an XSD (the Altinn variant) plus a JSON Schema
(draft 2020-12) with its own ``@xsd*`` keywords, which its converter writes from an XSD
and reads back (and from which it generates an app's C# classes, models/altinn_studio/csharp.py): ``@xsdRootElement``, ``oneOf`` naming the root type, ``$defs`` for named
types, ``@xsdType``/``@xsdAttribute``/``@xsdText``/``@xsdNillable``/``@xsdMinOccurs``/
``@xsdMaxOccurs``, ``@xsdStructure`` for simple-type restrictions, ``@xsdAnyAttribute``,
and the SERES attributes as ``@xsdUnhandledAttributes`` (``@xsdUnhandledEnumAttributes``
for codes). The generator header travels in ``info``. This module follows the
conversions in Altinn Studio's own test data (src/Designer/testdata/Model); see
docs/models.md for what survives and what does not.
"""

from models.altinn_studio.csharp import to_csharp
from models.altinn_studio.json_export import to_json_schema
from models.altinn_studio.json_import import from_json_schema, import_model

__all__ = ["from_json_schema", "import_model", "to_csharp", "to_json_schema"]
