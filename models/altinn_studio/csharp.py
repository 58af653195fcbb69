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

from dataclasses import dataclass

from models.altinn_studio.csharp_values import restrictions, simple_value
from models.conventions import DATA_FORMAT_ATTRIBUTES, DATA_FORMAT_PROVIDER
from models.model import AttributeDecl, ComplexType, MessageModel, Property, SimpleType

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


def _name(name: str) -> str:
    """A C# name as Altinn Studio makes it: the XML name without hyphens."""
    return name.replace("-", "")


def to_csharp(model: MessageModel, namespace: str = NAMESPACE) -> str:
    """Return the model's C# classes as Altinn Studio writes them for its app template."""
    writer = _Writer(model)
    writer.root()
    body = "".join(writer.classes.values())
    return "\n".join([*_HEADER, f"namespace {namespace}", "{"]) + "\n" + body + "}\n"


@dataclass
class _Class:
    """One class to write: its members come from attributes, XmlText content and elements."""

    name: str
    attributes: list[AttributeDecl]
    properties: list[Property]
    text: str | None = None  # the simple type of the XmlText content, if any
    head: str = "\n"  # what stands before "public class": the root's XmlRoot


class _Writer:
    """Altinn Studio's converter: classes by name, in the order it writes them."""

    def __init__(self, model: MessageModel) -> None:
        self.model = model
        self.types = model.types_by_name()
        self.classes: dict[str, str] = {}
        self.repeated = {_name(t) for t in self._repeated_types()}

    def _repeated_types(self) -> list[str]:
        """The class names of elements that repeat (they get an AltinnRowId)."""
        every = [*self.model.parts]
        for item in self.model.types:
            if isinstance(item, ComplexType):
                every += item.properties
        return [p.name if p.attributes else p.type for p in every if p.max_occurs != 1]

    # -- classes ---------------------------------------------------------------------------

    def root(self) -> None:
        """Write the root type's class and, through it, every class it refers to."""
        model = self.model
        attributes = []
        if model.data_format_id or model.data_format_version:  # as the JSON Schema export
            values = (DATA_FORMAT_PROVIDER, model.data_format_id, model.data_format_version)
            attributes = [
                AttributeDecl(name=name, use="required", fixed=value)
                for name, value in zip(DATA_FORMAT_ATTRIBUTES, values, strict=True)
                if value is not None
            ]
        head = f'  [XmlRoot(ElementName="{model.root_element}")]\n'
        self.write_class(_Class(_name(model.name), attributes, model.parts, head=head))

    def write_class(self, item: _Class) -> None:
        """Write one class, then the classes its properties refer to (depth first)."""
        if item.name in self.classes:
            return
        lines = [item.head, f"  public class {item.name}\n", "  {\n"]
        if item.name in self.repeated:
            lines.append(_ROW_ID)
        referred: list[_Class] = []
        if item.text is not None:
            lines.append(self.text_value(item.text))
        lines += [self.attribute(a) for a in item.attributes]
        for order, prop in enumerate(item.properties, 1):
            lines.append(self.element(prop, order, referred))
        lines.append("  }\n")
        self.classes[item.name] = "".join(lines)
        for target in referred:
            self.write_class(target)

    def group_of(self, prop: Property) -> _Class | None:
        """Return the class a property's element becomes, or None for a plain value."""
        found = None if prop.type.startswith("xsd:") else self.types.get(prop.type)
        if prop.attributes:
            inner = self.group_of(Property(name=prop.name, type=prop.type))
            if inner is None:
                return _Class(_name(prop.name), prop.attributes, [], prop.type)
            attributes = [*prop.attributes, *inner.attributes]
            return _Class(_name(prop.name), attributes, inner.properties, inner.text)
        if isinstance(found, ComplexType):
            return _Class(_name(found.name), [], self.properties_of(found))
        if isinstance(found, SimpleType) and found.simple_content:
            return _Class(_name(found.name), found.attributes, [], found.base)
        return None

    def properties_of(self, item: ComplexType, seen: frozenset = frozenset()) -> list[Property]:
        """Return a type's properties after those of the types it derives from."""
        base = self.types.get(item.base) if item.base else None
        if not isinstance(base, ComplexType) or base.name in seen:
            return list(item.properties)
        return [*self.properties_of(base, seen | {item.name}), *item.properties]

    # -- members -----------------------------------------------------------------------------

    def element(self, prop: Property, order: int, referred: list) -> str:
        """Return an element's property; a class it needs goes to ``referred``."""
        group = self.group_of(prop)
        required = prop.min_occurs > 0 and not prop.nillable
        repeated = prop.max_occurs != 1
        name = _name(prop.name)
        if group is not None:
            referred.append(group)
            lines = [_xml_element(prop, order, prop.nillable)]
            lines += _json_names(prop.name)
            kind = f"List<{group.name}>" if repeated else group.name
            lines.append(f"    public {kind} {name} {{ get; set; }}\n\n")
            if not repeated and self.tag_content_with_one_fixed(group):
                value = (
                    "valueNullable"
                    if simple_value(self.types, group.text).is_value_type
                    else "value"
                )
                lines.append(
                    f"    public bool ShouldSerialize{name}() => {name}?.{value} is not null;\n\n"
                )
            return "".join(lines)
        simple = simple_value(self.types, prop.type)
        lines = restrictions(simple)
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

    def tag_content_with_one_fixed(self, group: _Class) -> bool:
        """Tell whether Altinn writes ShouldSerialize for it: XmlText and one fixed attribute."""
        fixed = [a for a in group.attributes if a.fixed is not None]
        return group.text is not None and not group.properties and len(fixed) == 1

    def text_value(self, type_name: str) -> str:
        """Return the XmlText property of simple content."""
        simple = simple_value(self.types, type_name)
        lines = restrictions(simple)
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
        """Return an attribute's property; a fixed one is a [BindNever] default."""
        simple = simple_value(self.types, attribute.type)
        lines = restrictions(simple)
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


def _xml_element(prop: Property, order: int, nullable: bool) -> str:
    """Return the XmlElement line."""
    extra = f", Order = {order}" + (", IsNullable = true" if nullable else "")
    return f'    [XmlElement("{prop.name}"{extra})]\n'


def _json_names(name: str) -> list[str]:
    """Return the two JSON name lines (Newtonsoft's and System.Text.Json's)."""
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
