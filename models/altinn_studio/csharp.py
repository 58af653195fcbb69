"""A model version as the C# classes Altinn Studio generates for an app's data model.

Follows Altinn Studio's JsonMetadataToCsharpConverter (src/Designer/backend/src/
DataModeling/Converter/Csharp, commit e049d2c021) over what it reads from the JSON
Schema of models/altinn_studio/json_export.py: one class per referenced type, the
root first and then depth first; XmlElement with Order (and IsNullable for nillable
references), JsonProperty and JsonPropertyName; fixed attributes as [BindNever]
defaults; restrictions as MinLength, MaxLength, Range and RegularExpression; [Required]
on value types only; AltinnRowId on repeating types; XmlText with Altinn's nullable
value "hack" for simple content. docs/models.md says what survives and what does not.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from models.conventions import (
    DATA_FORMAT_ATTRIBUTES,
    DATA_FORMAT_PROVIDER,
    DECIMAL_TYPES,
    INTEGER_TYPES,
)
from models.model import AttributeDecl, ComplexType, Facets, MessageModel, Property, SimpleType

NAMESPACE = "Altinn.App.Models"
_HEADER = (
    "#nullable disable",
    "using System;",
    "using System.Collections.Generic;",
    "using System.ComponentModel.DataAnnotations;",
    "using System.Linq;",
    "using System.Text.Json.Serialization;",
    "using System.Xml.Serialization;",
    "using Microsoft.AspNetCore.Mvc.ModelBinding;",
    "using Newtonsoft.Json;",
)
# The JSON Schema's string formats Altinn Studio maps to a value type of their own.
_STRING_KINDS = {
    "date": "Date",
    "dateTime": "DateTime",
    "time": "Time",
    "anyURI": "AnyURI",
    "gYear": "GYear",
    "gYearMonth": "GYearMonth",
    "gMonth": "GMonth",
    "gDay": "GDay",
}
# @xsdType values of integers that parse as Altinn's BaseValueType (others are Integer).
_INTEGER_KINDS = {
    "int": "Int",
    "short": "Short",
    "long": "Long",
    "positiveInteger": "PositiveInteger",
    "negativeInteger": "NegativeInteger",
    "nonNegativeInteger": "NonNegativeInteger",
    "nonPositiveInteger": "NonPositiveInteger",
}
_CSHARP = {
    "Int": "int",
    "Short": "short",
    "Long": "long",
    "Boolean": "bool",
    "DateTime": "DateTime",
    "Decimal": "decimal",
    "Integer": "decimal",
    "PositiveInteger": "decimal",
    "NegativeInteger": "decimal",
    "NonNegativeInteger": "decimal",
    "NonPositiveInteger": "decimal",
}
_LOW = {
    "Int": "Int32.MinValue",
    "Long": "Int64.MinValue",
    "NonNegativeInteger": "0",
    "PositiveInteger": "1",
}
_HIGH = {"Int": "Int32.MaxValue", "Long": "Int64.MaxValue", "NegativeInteger": "-1"}
_HIGH["NonPositiveInteger"] = "0"
# The value types whose facets Altinn's metamodel reads as number restrictions.
_NUMBER_RESTRICTED = frozenset(
    [
        "PositiveInteger",
        "Decimal",
        "Integer",
        "NonNegativeInteger",
        "Long",
        "Double",
        "Int",
        "Short",
    ]
)
_WHOLE_RANGE = ("Int", "Integer", "Long", "NegativeInteger", "NonPositiveInteger")
_WHOLE_RANGE += ("NonNegativeInteger", "PositiveInteger")
_TYPE_PATTERNS = {
    "Time": r"^([0,1][0-9]|[2][0-3]):[0-5][0-9]:[0-5][0-9](Z|(\+|-)([0,1][0-9]|[2][0-3]):[0-5][0-9])?$",
    "Date": r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[1-2][0-9]|3[0-1])$",
    "GYear": r"^[0-9]{4}$",
    "GYearMonth": r"^[0-9]{4}-(0[1-9]|1[0-2])$",
    "GMonth": r"^0[1-9]|1[0-2]$",
    "GDay": r"^0[1-9]|[1,2][0-9]|3[0,1]$",
}


def _name(name: str) -> str:
    """A C# name as Altinn Studio makes it: the XML name without hyphens."""
    return name.replace("-", "")


@dataclass
class _Simple:
    """What the converter knows of a simple value: its value type and restrictions."""

    kind: str  # Altinn's BaseValueType
    facets: Facets = field(default_factory=Facets)

    @property
    def csharp(self) -> str:
        return _CSHARP.get(self.kind, "string")

    @property
    def is_value_type(self) -> bool:
        return self.kind in _CSHARP


def to_csharp(model: MessageModel, namespace: str = NAMESPACE) -> str:
    """Return the model's C# classes as Altinn Studio writes them for its app template."""
    writer = _Writer(model)
    writer.root()
    body = "".join(writer.classes.values())
    return "\n".join([*_HEADER, f"namespace {namespace}", "{"]) + "\n" + body + "}\n"


class _Writer:
    def __init__(self, model: MessageModel) -> None:
        self.model = model
        self.types = model.types_by_name()
        self.classes: dict[str, str] = {}
        self.repeated = {_name(t) for t in self._repeated_types()}

    def _repeated_types(self):
        every = [*self.model.parts]
        for item in self.model.types:
            if isinstance(item, ComplexType):
                every += item.properties
        return [p.name if p.attributes else p.type for p in every if p.max_occurs != 1]

    # -- classes ---------------------------------------------------------------------------

    def root(self) -> None:
        values = (DATA_FORMAT_PROVIDER, self.model.data_format_id, self.model.data_format_version)
        attributes = [
            AttributeDecl(name=name, use="required", fixed=value)
            for name, value in zip(DATA_FORMAT_ATTRIBUTES, values, strict=True)
            if value is not None and (self.model.data_format_id or self.model.data_format_version)
        ]
        head = f'  [XmlRoot(ElementName="{self.model.root_element}")]\n'
        self.write_class(_name(self.model.name), head, attributes, self.model.parts, None)

    def write_class(self, name, head, attributes, properties, text) -> None:
        """Write one class, then the classes its properties refer to (depth first)."""
        if name in self.classes:
            return
        lines = [head, f"  public class {name}\n", "  {\n"]
        if name in self.repeated:
            lines.append(_ROW_ID)
        referred: list[tuple] = []
        if text is not None:
            lines.append(self.text_value(text))
        lines += [self.attribute(a) for a in attributes]
        for order, prop in enumerate(properties, 1):
            lines.append(self.element(prop, order, referred))
        lines.append("  }\n")
        self.classes[name] = "".join(lines)
        for target in referred:
            self.write_class(*target)

    def group_of(self, prop: Property):
        """The class a property's element becomes, or None for a plain value."""
        found = None if prop.type.startswith("xsd:") else self.types.get(prop.type)
        if prop.attributes:
            inner = self.group_of(Property(name=prop.name, type=prop.type))
            base_attributes, base_properties, text = inner[2:] if inner else ([], [], prop.type)
            return (
                _name(prop.name),
                "\n",
                [*prop.attributes, *base_attributes],
                base_properties,
                text,
            )
        if isinstance(found, ComplexType):
            return (_name(found.name), "\n", [], self.properties_of(found), None)
        if isinstance(found, SimpleType) and found.simple_content:
            return (_name(found.name), "\n", found.attributes, [], found.base)
        return None

    def properties_of(self, item: ComplexType) -> list[Property]:
        base = self.types.get(item.base) if item.base else None
        inherited = self.properties_of(base) if isinstance(base, ComplexType) else []
        return [*inherited, *item.properties]

    # -- members -----------------------------------------------------------------------------

    def element(self, prop: Property, order: int, referred: list) -> str:
        group = self.group_of(prop)
        required = prop.min_occurs > 0 and not prop.nillable
        repeated = prop.max_occurs != 1
        name = _name(prop.name)
        if group is not None:
            referred.append(group)
            lines = [_xml_element(prop, order, prop.nillable)]
            lines += _json_names(prop.name)
            kind = f"List<{group[0]}>" if repeated else group[0]
            lines.append(f"    public {kind} {name} {{ get; set; }}\n\n")
            if not repeated and self.tag_content_with_one_fixed(group):
                value = "valueNullable" if self.simple(group[4]).is_value_type else "value"
                lines.append(
                    f"    public bool ShouldSerialize{name}() => {name}?.{value} is not null;\n\n"
                )
            return "".join(lines)
        simple = self.simple(prop.type)
        lines = self.restrictions(simple)
        lines.append(_xml_element(prop, order, not simple.is_value_type and prop.nillable))
        lines += _json_names(prop.name)
        if repeated:
            lines.append(f"    public List<{simple.csharp}> {name} {{ get; set; }}\n\n")
        elif simple.is_value_type:
            if required:
                lines.append("    [Required]\n")
            lines.append(f"    public {simple.csharp}? {name} {{ get; set; }}\n\n")
            if not prop.nillable and prop.min_occurs == 0:
                lines.append(f"    public bool ShouldSerialize{name}() => {name}.HasValue;\n\n")
        else:
            lines.append(f"    public string {name} {{ get; set; }}\n\n")
        return "".join(lines)

    def tag_content_with_one_fixed(self, group) -> bool:
        attributes, properties, text = group[2:]
        fixed = [a for a in attributes if a.fixed is not None]
        return text is not None and not properties and len(fixed) == 1

    def text_value(self, type_name: str) -> str:
        simple = self.simple(type_name)
        lines = self.restrictions(simple)
        if simple.is_value_type:
            kind = simple.csharp
            lines += [
                "    [Required]\n",
                "    [XmlIgnore]\n",
                '    [JsonPropertyName("value")]\n',
                '    [JsonProperty(PropertyName = "value")]\n',
                f"    public {kind}? valueNullable {{ get; set; }}\n\n",
                "    [XmlText]\n",
                "    [System.Text.Json.Serialization.JsonIgnore]\n",
                "    [Newtonsoft.Json.JsonIgnore]\n",
                f"    public {kind} value\n",
                "    {\n      get => valueNullable ?? default;\n      set\n      {\n",
                "        this.valueNullable = value;\n      }\n    }\n\n",
            ]
        else:
            lines += ["    [XmlText()]\n", "    public string value { get; set; }\n\n"]
        return "".join(lines)

    def attribute(self, attribute: AttributeDecl) -> str:
        simple = self.simple(attribute.type)
        lines = self.restrictions(simple)
        lines.append(f'    [XmlAttribute("{attribute.name}")]\n')
        name = _name(attribute.name)
        if attribute.fixed is not None:
            lines.append("    [BindNever]\n")
            value = f'"{attribute.fixed}"' if simple.csharp == "string" else attribute.fixed
            lines.append(f"    public {simple.csharp} {name} {{ get; set; }} = {value};\n\n")
        else:
            if attribute.use == "required" and simple.is_value_type:
                lines.append("    [Required]\n")
            lines.append(f"    public {simple.csharp} {name} {{ get; set; }}\n\n")
        return "".join(lines)

    # -- simple values ---------------------------------------------------------------------

    def simple(self, type_name: str) -> _Simple:
        """Follow a simple type down to its builtin, gathering facets (nearest first)."""
        facets = Facets()
        seen = set()
        while not type_name.startswith("xsd:") and type_name not in seen:
            seen.add(type_name)
            found = self.types.get(type_name)
            if not isinstance(found, SimpleType):
                return _Simple("String", facets)
            for key, value in vars(found.facets).items():
                if getattr(facets, key) in (None, []):
                    setattr(facets, key, value)
            type_name = found.base
        return _Simple(_kind(type_name[4:]), facets)

    def restrictions(self, simple: _Simple) -> list[str]:
        """Altinn's WriteRestrictions, then its type restrictions when no range was written."""
        facets, kind, lines = simple.facets, simple.kind, []
        numeric = kind in _NUMBER_RESTRICTED
        if kind == "String":
            low = facets.length if facets.length is not None else facets.min_length
            high = facets.length if facets.length is not None else facets.max_length
            if low is not None:
                lines.append(f"    [MinLength({low})]\n")
            if high is not None:
                lines.append(f"    [MaxLength({high})]\n")
        has_range = False
        if numeric and (facets.min_inclusive is not None or facets.max_inclusive is not None):
            low = _bound(facets.min_inclusive, kind) if facets.min_inclusive else _low(kind)
            high = _bound(facets.max_inclusive, kind) if facets.max_inclusive else _high(kind)
            lines.append(f"    [Range({low}, {high})]\n")
            has_range = True
        if kind == "String" and facets.patterns:
            lines.append(f'    [RegularExpression(@"{_verbatim(facets.patterns[0])}")]\n')
        if numeric and facets.total_digits is not None:
            digits = facets.total_digits
            pattern = (
                rf"^-?(([0-9]){{1}}(\.)?){{0,{digits}}}$"
                if kind == "Decimal"
                else rf"^-?[0-9]{{0,{digits}}}$"
            )
            lines.append(f'    [RegularExpression(@"{pattern}")]\n')
        if not has_range:
            if kind in _WHOLE_RANGE:
                lines.append(f"    [Range({_low(kind)},{_high(kind)})]\n")
            elif kind in _TYPE_PATTERNS:
                lines.append(f'    [RegularExpression(@"{_TYPE_PATTERNS[kind]}")]\n')
        return lines


def _kind(builtin: str) -> str:
    """Altinn's BaseValueType of an XSD builtin, as its JSON Schema reader finds it."""
    if builtin in INTEGER_TYPES:
        return _INTEGER_KINDS.get(builtin, "Integer")
    if builtin in DECIMAL_TYPES:
        return "Decimal"
    if builtin == "boolean":
        return "Boolean"
    return _STRING_KINDS.get(builtin, "String")


def _low(kind: str) -> str:
    """Altinn's LeftRangeLimit."""
    return _LOW.get(kind, "Double.MinValue")


def _high(kind: str) -> str:
    """Altinn's RightRangeLimit."""
    return _HIGH.get(kind, "Double.MaxValue")


def _bound(lexical: str, kind: str) -> str:
    """A bound as Altinn writes it: the JSON number's text, with "d" unless int, long or fractional."""
    number = Decimal(lexical)
    value = str(int(number)) if number == number.to_integral_value() else str(float(lexical))
    if "." in value or "," in value or kind in ("Int", "Long"):
        return value
    return f"{value}d"


def _verbatim(text: str) -> str:
    """A C# verbatim string's content: a quote is doubled."""
    return text.replace('"', '""')


def _xml_element(prop: Property, order: int, nullable: bool) -> str:
    extra = f", Order = {order}" + (", IsNullable = true" if nullable else "")
    return f'    [XmlElement("{prop.name}"{extra})]\n'


def _json_names(name: str) -> list[str]:
    return [f'    [JsonProperty("{name}")]\n', f'    [JsonPropertyName("{name}")]\n']


_ROW_ID = (
    '    [XmlAttribute("altinnRowId")]\n'
    '    [JsonPropertyName("altinnRowId")]\n'
    "    [System.Text.Json.Serialization.JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]\n"
    "    [Newtonsoft.Json.JsonIgnore]\n"
    "    public Guid AltinnRowId { get; set; }\n"
    "\n"
    "    public bool ShouldSerializeAltinnRowId() => AltinnRowId != default;\n"
    "\n"
)
