"""The in-memory message model: what a SERES message specification says, in order."""

from dataclasses import dataclass, field

from models.conventions import (
    ALTINN,
    CODE_ELEMENT,
    MESSAGE_MODEL,
    NO_NAMESPACE,
    ROOT_ELEMENT,
    model_namespace,
)


@dataclass(kw_only=True)
class Annotated:
    """Fields every SERES model element may carry."""

    kind: str | None = None  # seres:elementtype, the SERES metaclass
    guid: str | None = None  # seres:guid, kept verbatim: its name part may differ from ours
    description: str | None = None  # seres:beskrivelse
    documentation: str | None = None  # text of xsd:annotation/xsd:documentation
    # Other attributes in the seres namespace (seres:orid, seres:semRef, ...), in file order.
    extra: dict[str, str] = field(default_factory=dict)


def set_seres_attribute(target: Annotated, key: str, value: str) -> None:
    """Put the value of the attribute seres:<key> where the model holds it."""
    if key == "elementtype":
        target.kind = value
    elif key == "guid":
        target.guid = value
    elif key == "beskrivelse":
        target.description = value
    else:
        target.extra[key] = value


@dataclass(kw_only=True)
class Facets:
    """The restriction facets of a simple type; bounds keep their lexical form."""

    length: int | None = None
    min_length: int | None = None
    max_length: int | None = None
    patterns: list[str] = field(default_factory=list)
    total_digits: int | None = None
    fraction_digits: int | None = None
    min_inclusive: str | None = None
    max_inclusive: str | None = None
    min_exclusive: str | None = None
    max_exclusive: str | None = None

    def is_empty(self) -> bool:
        """Tell whether no facet is set."""
        return self == Facets()


# Facet field names and their XSD element names, in the order SERES writes them.
FACET_NAMES = (
    ("length", "length"),
    ("min_length", "minLength"),
    ("max_length", "maxLength"),
    ("patterns", "pattern"),
    ("total_digits", "totalDigits"),
    ("fraction_digits", "fractionDigits"),
    ("min_inclusive", "minInclusive"),
    ("min_exclusive", "minExclusive"),
    ("max_inclusive", "maxInclusive"),
    ("max_exclusive", "maxExclusive"),
)
INTEGER_FACETS = frozenset(
    {"length", "min_length", "max_length", "total_digits", "fraction_digits"}
)


@dataclass(kw_only=True)
class CodeElement(Annotated):
    """A Datakodeelement: one value of a code list (xsd:enumeration)."""

    value: str
    kind: str | None = CODE_ELEMENT


@dataclass(kw_only=True)
class AttributeDecl(Annotated):
    """An xsd:attribute on a type or property: a validating guid/orid, or a sub-property."""

    name: str
    type: str = "xsd:string"
    use: str = "optional"  # "optional" or "required"
    fixed: str | None = None
    # The attribute's namespace in messages: "" (none, declared by name) or SERES_NS
    # (ref="seres:<name>"). Both variants keep it, so messages do not change.
    namespace: str = NO_NAMESPACE


@dataclass(kw_only=True)
class SimpleType(Annotated):
    """Dataenkeltype, ORDataenkeltype, Datakodeliste, or a restriction (Tegn-/Tallrestriksjon)."""

    # Written as xsd:simpleType restricting ``base``. With ``simple_content`` it becomes a
    # complexType whose simpleContent extends ``base`` with fixed ``attributes`` instead:
    # SERES's "GUID as message attribute" option, used by ORDataenkeltype.
    name: str
    base: str = "xsd:string"  # "xsd:<builtin>" or the name of another type in the model
    facets: Facets = field(default_factory=Facets)
    codes: list[CodeElement] = field(default_factory=list)  # a code list's Datakodeelementer
    restriction_description: str | None = None  # seres:beskrivelse on xsd:restriction
    simple_content: bool = False
    attributes: list[AttributeDecl] = field(default_factory=list)

    @property
    def is_code_list(self) -> bool:
        """Tell whether the type enumerates its values."""
        return bool(self.codes)


@dataclass(kw_only=True)
class Property(Annotated):
    """An element in a sequence: Dataegenskap, Relasjonsegenskap, DataTypeegenskap, Meldingsdel."""

    # ``attributes`` and ``any_attribute`` give the element an anonymous type extending
    # ``type``: SERES's "property of a property", and Altinn's open repeating relations.
    name: str
    type: str
    min_occurs: int = 1
    max_occurs: int | None = 1  # None means unbounded
    nillable: bool = False
    attributes: list[AttributeDecl] = field(default_factory=list)
    any_attribute: bool = False

    @property
    def optional(self) -> bool:
        """Tell whether the element may be left out."""
        return self.min_occurs == 0


@dataclass(kw_only=True)
class ComplexType(Annotated):
    """Meldingsdel, Dataobjekttype or Datakomplekstype: a named sequence of properties."""

    name: str
    base: str | None = None  # inheritance between Dataobjekttyper (complexContent extension)
    properties: list[Property] = field(default_factory=list)
    any_attribute: bool = False


Type = SimpleType | ComplexType


@dataclass(kw_only=True)
class MessageModel(Annotated):
    """A Meldingsmodell: the root type of ``root_element`` and every type it uses, in order."""

    name: str
    domain: str | None = None
    version: str | None = None  # last part of the targetNamespace, e.g. "2021"
    data_format_id: str | None = None
    data_format_version: str | None = None
    # The namespace of the dataFormat attributes in messages (DATA_FORMAT_NAMESPACES).
    data_format_namespace: str = NO_NAMESPACE
    kind: str | None = MESSAGE_MODEL
    root_element: str = ROOT_ELEMENT
    namespace: str | None = None  # set only when it is not the one SERES would derive
    language: str | None = None  # xml:lang and the header's "spraak"
    parts: list[Property] = field(default_factory=list)  # the Meldingsdeler, in order
    types: list[Type] = field(default_factory=list)
    settings: dict[str, str] = field(default_factory=dict)  # generator options from the header
    provenance: dict[str, str] = field(default_factory=dict)  # who generated the imported file
    variant: str = ALTINN  # the variant it was imported from; the default for generation

    @property
    def target_namespace(self) -> str | None:
        """Return the standard variant's targetNamespace, or None if it cannot be derived."""
        if self.namespace:
            return self.namespace
        if self.domain and self.version:
            return model_namespace(self.domain, self.name, self.version)
        return None

    def type_named(self, name: str) -> Type | None:
        """Return the type called ``name``, or None."""
        for candidate in self.types:
            if candidate.name == name:
                return candidate
        return None

    def types_by_name(self) -> dict[str, Type]:
        """Return the types indexed by name (the first wins if a name repeats)."""
        index: dict[str, Type] = {}
        for candidate in self.types:
            index.setdefault(candidate.name, candidate)
        return index
