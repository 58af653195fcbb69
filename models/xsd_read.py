"""Read SERES's named types, elements, attributes and facets from a parsed XSD."""

# Whatever the model cannot hold is reported as a warning naming the construct and where
# it was found; nothing is dropped silently.

from lxml import etree

from models.checks import parse_count
from models.conventions import (
    NO_NAMESPACE,
    SERES_ATTRIBUTES,
    SERES_NS,
    TARGET_NAMESPACE,
)
from models.model import (
    INTEGER_FACETS,
    Annotated,
    AttributeDecl,
    CodeElement,
    ComplexType,
    Facets,
    Property,
    SimpleType,
    Type,
)
from models.xsd_parts import XS, PartReader, Where, local

_FACETS = {
    "length": "length",
    "minLength": "min_length",
    "maxLength": "max_length",
    "pattern": "patterns",
    "totalDigits": "total_digits",
    "fractionDigits": "fraction_digits",
    "minInclusive": "min_inclusive",
    "maxInclusive": "max_inclusive",
    "minExclusive": "min_exclusive",
    "maxExclusive": "max_exclusive",
}
_TRUE = ("true", "1")


class TypeReader(PartReader):
    """Turn schema elements into model objects: types, elements, attributes, facets."""

    # -- types -----------------------------------------------------------------

    def named_type(self, element: etree._Element) -> Type:
        """Read a top-level complexType or simpleType."""
        if element.tag == XS + "simpleType":
            return self.simple_type(element)
        content = [child for child in element if child.tag != XS + "annotation"]
        if content and content[0].tag == XS + "simpleContent":
            return self.simple_content_type(element)
        return self.complex_type(element)

    def complex_type(
        self, element: etree._Element, attributes: list[etree._Element] | None = None
    ) -> ComplexType:
        """Read a complexType's sequence; hand its xsd:attribute elements to ``attributes``."""
        complex_type = ComplexType(name=element.get("name"), kind=None)
        self.annotations(complex_type, element, ("name",))
        context = Where(self, element)
        for child in element:
            tag = child.tag
            if tag == XS + "annotation":
                complex_type.documentation = self.documentation(
                    child, context, complex_type.documentation
                )
            elif tag == XS + "sequence":
                complex_type.properties = self.sequence(child)
            elif tag == XS + "complexContent":
                self.complex_content(child, complex_type)
            elif tag == XS + "anyAttribute":
                complex_type.any_attribute = self.any_attribute(child, context)
            elif tag == XS + "attribute" and attributes is not None:
                attributes.append(child)
            else:
                self.unsupported(child, context)
        return complex_type

    def complex_content(self, content: etree._Element, complex_type: ComplexType) -> None:
        """Read inheritance between object types: complexContent/extension with a sequence."""
        context = Where(self, content)
        self.only(content, (), context)  # mixed="true" among them
        extension = content.find(XS + "extension")
        for child in content:
            if child is not extension:
                self.unsupported(child, context)
        if extension is None:
            return
        self.only(extension, ("base",), context)
        complex_type.base = self.reference(extension, extension.get("base", ""), context)
        for child in extension:
            if child.tag == XS + "sequence":
                complex_type.properties = self.sequence(child)
            elif child.tag == XS + "anyAttribute":
                complex_type.any_attribute = self.any_attribute(child, context)
            else:
                self.unsupported(child, context)

    def simple_content_type(self, element: etree._Element) -> SimpleType:
        """Read a simple type written as complexType/simpleContent with fixed attributes."""
        simple_type = SimpleType(name=element.get("name"), kind=None, simple_content=True)
        self.annotations(simple_type, element, ("name",))
        context = Where(self, element)
        for child in element:
            if child.tag == XS + "annotation":
                simple_type.documentation = self.documentation(
                    child, context, simple_type.documentation
                )
            elif child.tag != XS + "simpleContent":
                self.unsupported(child, context)
                continue
            self.only(child, (), context)
            for derivation in child:
                if derivation.tag != XS + "extension":
                    self.unsupported(derivation, context)
                    continue
                self.only(derivation, ("base",), context)
                simple_type.base = self.reference(derivation, derivation.get("base", ""), context)
                for item in derivation:
                    if item.tag == XS + "attribute":
                        simple_type.attributes.append(self.attribute(item))
                    else:
                        self.unsupported(item, context)
        return simple_type

    def simple_type(self, element: etree._Element) -> SimpleType:
        """Read a simpleType: a restriction of a base type by facets or enumerations."""
        simple_type = SimpleType(name=element.get("name"), kind=None)
        self.annotations(simple_type, element, ("name",))
        context = Where(self, element)
        for child in element:
            if child.tag == XS + "annotation":
                simple_type.documentation = self.documentation(
                    child, context, simple_type.documentation
                )
            elif child.tag == XS + "restriction":
                self.restriction(child, simple_type)
            else:
                # xsd:list and xsd:union have no place in the model; the type stays a string.
                self.unsupported(child, context)
        return simple_type

    def restriction(self, element: etree._Element, simple_type: SimpleType) -> None:
        """Read a restriction's base, its seres:beskrivelse, facets and enumerations."""
        context = Where(self, element)
        holder = Annotated()
        self.annotations(holder, element, ("base",))
        simple_type.restriction_description = holder.description
        if holder.kind or holder.guid or holder.extra:
            self.warn(
                "unsupported_attribute",
                f"unsupported seres attributes on xsd:restriction in {context}",
                attribute="seres:*",
                context=str(context),
            )
        base = element.get("base")
        if base is not None:
            simple_type.base = self.reference(element, base, context)
        facets = simple_type.facets
        for child in element:
            name = local(child.tag) if child.tag.startswith(XS) else None
            if name == "enumeration":
                simple_type.codes.append(self.code(child))
            elif name in _FACETS:
                self.facet(child, name, facets, context)
            else:
                # An anonymous base simpleType, whiteSpace, assertions, annotations...
                self.unsupported(child, context)

    def facet(
        self, element: etree._Element, name: str, facets: Facets, context: "str | Where"
    ) -> None:
        """Set one facet from its element, reporting bad or repeated values."""
        field = _FACETS[name]
        value = element.get("value", "")
        for attribute in element.attrib:
            if attribute != "value":
                self.unsupported_attribute(attribute, f"xsd:{name} in {context}")
        if len(element):
            self.unsupported(element[0], f"xsd:{name} in {context}")
        if field == "patterns":
            facets.patterns.append(value)
            return
        if field in INTEGER_FACETS:
            count = parse_count(value)
            if count is None:
                self.warn(
                    "invalid_value",
                    f"invalid {name}={value!r} in {context}",
                    attribute=name,
                    value=value,
                    context=str(context),
                )
                return
            value = count
        if getattr(facets, field) is not None:
            self.warn(
                "duplicate_facet",
                f"repeated facet xsd:{name} in {context}; the last one is kept",
                facet=name,
                context=str(context),
            )
        setattr(facets, field, value)

    def code(self, element: etree._Element) -> CodeElement:
        """Read one xsd:enumeration as a Datakodeelement."""
        code = CodeElement(value=element.get("value", ""), kind=None)
        self.annotations(code, element, ("value",))
        context = Where(self, element)
        for child in element:
            if child.tag == XS + "annotation":
                code.documentation = self.documentation(child, context, code.documentation)
            else:
                self.unsupported(child, context)
        return code

    # -- elements and attributes -----------------------------------------------

    def sequence(self, element: etree._Element) -> list[Property]:
        """Read the elements of a sequence, in order."""
        context = Where(self, element)
        for attribute in element.attrib:
            self.unsupported_attribute(attribute, f"xsd:sequence in {context}")
        properties = []
        for child in element:
            if child.tag == XS + "element":
                prop = self.element(child)
                if prop is not None:
                    properties.append(prop)
            else:
                self.unsupported(child, context)
        return properties

    def element(self, element: etree._Element) -> Property | None:
        """Read a local element as a property; None if it has no name (an element ref)."""
        context = Where(self, element)
        name = element.get("name")
        if name is None:
            self.unsupported(element, f"{context} (ref={element.get('ref')})")
            return None
        type_name = element.get("type")
        prop = Property(
            name=name,
            type=self.reference(element, type_name, context) if type_name else "",
            min_occurs=self.occurs(element, "minOccurs", 1),
            max_occurs=self.occurs(element, "maxOccurs", 1),
            nillable=element.get("nillable", "false") in _TRUE,
            kind=None,
        )
        self.annotations(prop, element, ("name", "type", "minOccurs", "maxOccurs", "nillable"))
        for child in element:
            if child.tag == XS + "annotation":
                prop.documentation = self.documentation(child, context, prop.documentation)
            elif child.tag == XS + "complexType" and not type_name:
                self.anonymous_extension(child, prop)
            else:
                self.unsupported(child, context)
        if not prop.type:
            self.warn(
                "missing_type",
                f"element {name} has no type in {self.context_of(element.getparent())}",
                element=name,
                context=str(context),
            )
            prop.type = "xsd:anyType"
        return prop

    def anonymous_extension(self, element: etree._Element, prop: Property) -> None:
        """Read an element's anonymous type that extends a named type with attributes."""
        context = Where(self, element)
        for attribute in element.attrib:
            self.unsupported_attribute(attribute, f"anonymous xsd:complexType in {context}")
        for content in element:
            if content.tag not in (XS + "simpleContent", XS + "complexContent"):
                self.unsupported(content, f"anonymous xsd:complexType in {context}")
                continue
            self.only(content, (), context)
            for derivation in content:
                if derivation.tag != XS + "extension":
                    self.unsupported(derivation, context)
                    continue
                self.only(derivation, ("base",), context)
                prop.type = self.reference(derivation, derivation.get("base", ""), context)
                for item in derivation:
                    if item.tag == XS + "attribute":
                        prop.attributes.append(self.attribute(item))
                    elif item.tag == XS + "anyAttribute":
                        prop.any_attribute = self.any_attribute(item, context)
                    else:
                        self.unsupported(item, context)

    def attribute(self, element: etree._Element, *, root: bool = False) -> AttributeDecl:
        """Read an xsd:attribute, by name or by ref (seres:guid, seres:orid, ...).

        The namespace the attribute has in messages is kept: a ref to seres.xsd's
        declaration gives SERES_NS. Only the root's dataFormat attributes (``root``) may
        refer to a global declaration in the schema's own namespace (TARGET_NAMESPACE).
        """
        context = Where(self, element)
        ref = element.get("ref")
        name = element.get("name")
        namespace = NO_NAMESPACE
        if name is None and ref is not None:
            warned = len(self.warnings)
            resolved = self.reference(element, ref, context)
            prefix, _, name = resolved.rpartition(":")
            if len(self.warnings) > warned:
                pass  # reported: a reference that names nothing keeps no namespace
            elif prefix == "seres" and name in SERES_ATTRIBUTES:
                namespace = SERES_NS
            elif prefix == "seres":
                self.warn(
                    "unresolved_reference",
                    f"reference {ref} in {context} names no attribute of seres.xsd",
                    reference=ref,
                    context=str(context),
                )
            elif not prefix and root:
                namespace = TARGET_NAMESPACE
            elif not prefix:
                self.warn(
                    "unsupported_construct",
                    f"unsupported construct a reference to a global attribute in {context}",
                    construct="xsd:attribute ref",
                    context=str(context),
                )
        type_name = element.get("type")
        if type_name:
            type_name = self.reference(element, type_name, context)
        else:
            # seres.xsd's attributes are strings; XSD gives an untyped one anySimpleType.
            type_name = "xsd:string" if ref is not None else "xsd:anySimpleType"
        attribute = AttributeDecl(
            name=name or "",
            type=type_name,
            use=element.get("use", "optional"),
            fixed=element.get("fixed"),
            kind=None,
        )
        attribute.namespace = namespace
        self.annotations(attribute, element, ("name", "ref", "type", "use", "fixed"))
        for child in element:
            if child.tag == XS + "annotation":
                attribute.documentation = self.documentation(
                    child, context, attribute.documentation
                )
            else:
                self.unsupported(child, context)
        return attribute
