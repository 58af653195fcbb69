"""Hypothesis strategies for small, valid message models."""

from hypothesis import strategies as st

from models import (
    AttributeDecl,
    CodeElement,
    ComplexType,
    Facets,
    MessageModel,
    Property,
    SimpleType,
)
from models.conventions import DEFAULT_SETTINGS, make_guid

DOMAIN = "Prøvedomene"
NAME = st.from_regex(r"[A-Za-zÆØÅæøå][A-Za-z0-9_æøå]{0,7}", fullmatch=True)
# Text that survives XML: no control characters, and trimmed, as documentation is on import.
TEXT = (
    st.text(
        alphabet=st.characters(
            codec="utf-8", categories=["L", "N", "P", "S", "Zs"], exclude_characters="\r"
        ),
        min_size=1,
        max_size=30,
    )
    .map(str.strip)
    .filter(bool)
)
DESCRIPTION = st.none() | TEXT | st.builds(lambda a, b: f"{a}\n{b}", TEXT, TEXT)
PATTERNS = ["[0-9]{4}", "[A-Z]{2}[0-9]+", "\\d{3}-\\d{2}", "(ja|nei)", "[a-zæøå]+"]
OCCURRENCES = st.sampled_from([(1, 1, False), (0, 1, True), (0, None, True), (1, 3, False)])


@st.composite
def _string_facets(draw) -> Facets:
    choice = draw(st.sampled_from(["none", "length", "range", "pattern"]))
    if choice == "length":
        return Facets(length=draw(st.integers(1, 12)))
    if choice == "range":
        low = draw(st.integers(0, 5))
        return Facets(min_length=low, max_length=draw(st.integers(max(low, 1), 40)))
    if choice == "pattern":
        return Facets(patterns=[draw(st.sampled_from(PATTERNS))])
    return Facets()


@st.composite
def _number_facets(draw, base: str) -> Facets:
    facets = Facets(total_digits=draw(st.none() | st.integers(3, 9)))
    if base == "xsd:decimal":
        facets.fraction_digits = draw(st.none() | st.integers(0, 2))
    if base in ("xsd:integer", "xsd:decimal") and draw(st.booleans()):
        low = draw(st.integers(-99, 90))
        high = draw(st.integers(low + 2, 99))
        inclusive = draw(st.booleans())
        if inclusive:
            facets.min_inclusive, facets.max_inclusive = str(low), str(high)
        else:
            facets.min_exclusive, facets.max_exclusive = str(low), str(high)
    return facets


@st.composite
def _simple_type(draw, name: str, earlier: list[SimpleType], ident: int) -> SimpleType:
    kind = draw(st.sampled_from(["restriction", "derived", "codes", "guid"]))
    plain = [item for item in earlier if not item.simple_content]
    guid = make_guid(DOMAIN, "Dataenkeltype", name, ident)
    common = {
        "name": name,
        "guid": draw(st.none() | st.just(guid)),
        "description": draw(DESCRIPTION),
    }
    if kind == "derived" and plain:
        base = draw(st.sampled_from(plain)).name
        return SimpleType(kind="Dataenkeltype", base=base, **common)
    if kind == "guid" and plain:
        base = draw(st.sampled_from(plain)).name
        attribute = AttributeDecl(name="guid", use="required", fixed=guid)
        common["extra"] = draw(st.sampled_from([{}, {"orid": str(ident)}]))
        return SimpleType(
            kind="ORDataenkeltype",
            base=base,
            simple_content=True,
            attributes=[attribute],
            **common,
        )
    if kind == "codes":
        # Like SERES: real values, sometimes plus an empty "tom" value. (A list of only ""
        # is meaningless, and xmlschema then treats a simpleContent extension as empty.)
        values = draw(st.lists(NAME, min_size=1, max_size=5, unique=True))
        if draw(st.booleans()):
            values.append("")
        codes = [
            CodeElement(
                value=value,
                guid=make_guid(DOMAIN, "Datakodeelement", value or "tom", ident * 10 + index),
                description=draw(st.none() | TEXT),
            )
            for index, value in enumerate(values)
        ]
        return SimpleType(kind="Datakodeliste", codes=codes, **common)
    base = draw(
        st.sampled_from(
            [
                "xsd:string",
                "xsd:token",
                "xsd:integer",
                "xsd:decimal",
                "xsd:positiveInteger",
                "xsd:nonNegativeInteger",
                "xsd:date",
                "xsd:gYear",
                "xsd:boolean",
            ]
        )
    )
    if base in ("xsd:string", "xsd:token"):
        facets = draw(_string_facets())
        restriction = "Tegnrestriksjon"
    elif base in ("xsd:date", "xsd:gYear", "xsd:boolean"):
        facets = Facets()
        restriction = "Dataenkeltype"
    else:
        facets = draw(_number_facets(base))
        restriction = "Tallrestriksjon"
    return SimpleType(
        kind=restriction,
        base=base,
        facets=facets,
        restriction_description=draw(st.none() | TEXT),
        documentation=draw(st.none() | TEXT),
        **common,
    )


@st.composite
def _property(
    draw, name: str, targets: list, simple: list[SimpleType], owner_kind: str
) -> Property:
    target = draw(st.sampled_from(targets))
    low, high, nillable = draw(OCCURRENCES)
    is_complex = isinstance(target, ComplexType)
    kind = "Relasjonsegenskap" if is_complex else "Dataegenskap"
    if owner_kind == "Datakomplekstype":
        kind = "DataTypeegenskap"
    prop = Property(
        name=name,
        type=target if isinstance(target, str) else target.name,
        min_occurs=low,
        max_occurs=high,
        nillable=nillable,
        kind=kind,
        guid=make_guid(DOMAIN, kind, name, draw(st.integers(1, 10**6))),
        description=draw(DESCRIPTION),
    )
    plain = [item for item in simple if not item.simple_content]
    if plain and draw(st.integers(0, 4)) == 0:
        prop.attributes = [
            AttributeDecl(
                name="godkjent",
                type=draw(st.sampled_from(plain)).name,
                use=draw(st.sampled_from(["optional", "required"])),
                kind="Dataegenskap",
            )
        ]
    elif is_complex and high is None:
        prop.any_attribute = draw(st.booleans())
    return prop


@st.composite
def message_models(draw) -> MessageModel:
    """Draw a small model whose types only refer to earlier ones (so nothing recurses)."""
    names = draw(st.lists(NAME, min_size=4, max_size=12, unique_by=str.lower))
    model_name, *type_names = names
    property_names = iter(draw(st.lists(NAME, min_size=40, max_size=40, unique=True)))
    simple: list[SimpleType] = []
    complex_: list[ComplexType] = []
    count = draw(st.integers(1, max(1, len(type_names) - 1)))
    for ident, name in enumerate(type_names[:count], start=1):
        simple.append(draw(_simple_type(name, simple, ident)))
    for ident, name in enumerate(type_names[count:], start=100):
        kind = draw(st.sampled_from(["Meldingsdel", "Dataobjekttype", "Datakomplekstype"]))
        targets = [*simple, *complex_, "xsd:string", "xsd:date"]
        properties = [
            draw(_property(next(property_names), targets, simple, kind))
            for _ in range(draw(st.integers(1, 3)))
        ]
        base = None
        if complex_ and kind == "Dataobjekttype" and draw(st.booleans()):
            base = draw(st.sampled_from(complex_)).name
        complex_.append(
            ComplexType(
                name=name,
                kind=kind,
                base=base,
                properties=properties,
                guid=make_guid(DOMAIN, kind, name, ident),
                description=draw(DESCRIPTION),
                documentation=draw(st.none() | TEXT),
            )
        )
    part_targets = complex_ or simple
    parts = [
        Property(
            name=next(property_names),
            type=draw(st.sampled_from(part_targets)).name,
            kind="Meldingsdel",
            guid=make_guid(DOMAIN, "Meldingsdel", "del", index),
        )
        for index in range(draw(st.integers(1, 3)))
    ]
    types = [*simple, *complex_]
    return MessageModel(
        name=model_name,
        domain=DOMAIN,
        version=draw(st.sampled_from(["2024", "1"])),
        data_format_id=str(draw(st.integers(1, 99999))),
        data_format_version=str(draw(st.integers(1, 99999))),
        guid=make_guid(DOMAIN, "Meldingsmodell", model_name, 1),
        description=draw(DESCRIPTION),
        language=draw(st.sampled_from([None, "nb", "nn"])),
        parts=parts,
        types=draw(st.permutations(types)),
        settings=dict(DEFAULT_SETTINGS),
    )
