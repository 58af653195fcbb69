"""Random XML messages from a schema, valid and deliberately invalid, for equivalence checks.

Two schemas are equivalent at the level that matters when they accept and refuse the
same messages. ``equivalence`` draws random valid messages from one schema (absent
optional elements, repeats up to maxOccurs, xsi:nil, codes, facet boundaries, patterns)
and mutates them in many ways that the schema must refuse, then counts how many the
other schemas accept and refuse alike. It walks xmlschema's components, so it works on
any schema xmlschema builds, SERES's own files included.
"""

from models.instances.equivalence import Other, Tally, equivalence
from models.instances.generator import Generator
from models.instances.mutations import Mutator
from models.instances.simple_values import Facets, facets_of, random_value
from models.instances.tree import Node, retarget, to_xml

__all__ = [
    "Facets",
    "Generator",
    "Mutator",
    "Node",
    "Other",
    "Tally",
    "equivalence",
    "facets_of",
    "random_value",
    "retarget",
    "to_xml",
]
