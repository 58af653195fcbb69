"""The JSON Schema keywords both directions of the conversion name."""

DEFS = "#/$defs/"
STRUCTURE = "XmlSchemaSimpleTypeRestriction"
# Facets with a JSON Schema keyword of their own (length becomes min and max length).
NUMERIC_FACETS = (
    ("min_inclusive", "minimum"),
    ("max_inclusive", "maximum"),
    ("min_exclusive", "exclusiveMinimum"),
    ("max_exclusive", "exclusiveMaximum"),
)
