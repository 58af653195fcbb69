"""Test files of the older SERES generators' family, built from the real samples.

Older SERES generators (and SERES without "Spesialtilpasning til Altinn") write the
standard variant with the root's dataFormat attributes by reference to the SERES
namespace, importing seres.xsd, so messages carry ``seres:dataFormatProvider="SERES"``
(as Altinn Studio's test data ttd-datamodels/32578.xsd does). Validating guid
attributes are then ``ref="seres:guid"``, and ``seres:orid`` may come with or without
``fixed``. Each real sample is rewritten into that form, text for text, so that the
rest of SERES's file stays as SERES wrote it.
"""

import re

from tests.models.conftest import SAMPLE_NAMES, read_sample

SERES_IMPORT = (
    '<xsd:import namespace="http://seres.no/xsd/forvaltningsdata" schemaLocation="seres.xsd" />'
)
_LOCAL_DATA_FORMAT = re.compile(
    r'<xsd:attribute name="(dataFormat\w+)" type="xsd:string" use="required" '
    r'fixed="([^"]*)" />'
)
_GLOBAL_REF = re.compile(r'<xsd:attribute ref="(dataFormat\w+)" fixed="([^"]*)" use="required" />')
_GLOBAL_DECLARATION = re.compile(r'\s*<xsd:attribute name="dataFormat\w+" type="xsd:string" />')
_GUID = re.compile(r'<xsd:attribute name="guid" type="xsd:string" use="required" fixed="')
_GUID_REF = re.compile(r'(<xsd:attribute ref="seres:guid" use="required" fixed="[^"]*" />)')
_HEADER_NAMESPACE = re.compile(r'<xsd:attribute name="namespace" fixed="([^"]*)" />')


def seres_refs(data: bytes) -> str:
    """Rewrite a sample into the older standard form: dataFormat* and guid by seres refs."""
    text = data.decode("utf-8-sig")
    if "targetNamespace=" not in text:
        namespace = _HEADER_NAMESPACE.search(text).group(1)
        text = text.replace(
            "<xsd:schema ",
            f'<xsd:schema targetNamespace="{namespace}" xmlns="{namespace}" ',
            1,
        )
        # After the generator's header, which stays the schema's first child.
        start = text.index("</xsd:annotation>") + len("</xsd:annotation>")
        text = text[:start] + "\n  " + SERES_IMPORT + text[start:]
    text = _GLOBAL_DECLARATION.sub("", text)
    text = _GLOBAL_REF.sub(r'<xsd:attribute ref="seres:\1" fixed="\2" use="required" />', text)
    text = _LOCAL_DATA_FORMAT.sub(
        r'<xsd:attribute ref="seres:\1" use="required" fixed="\2" />', text
    )
    return _GUID.sub('<xsd:attribute ref="seres:guid" use="required" fixed="', text)


def with_orid(text: str, *, fixed: bool) -> str:
    """Add seres:orid beside every seres:guid attribute, with or without a fixed value."""
    counter = iter(range(1000, 100000))

    def add(match: re.Match) -> str:
        value = f' fixed="{next(counter)}"' if fixed else ""
        return f'{match.group(1)}<xsd:attribute ref="seres:orid"{value} />'

    return _GUID_REF.sub(add, text)


def older_family() -> dict[str, bytes]:
    """Return the family's test files by name: each sample in the older form, and the
    samples with validating attributes also with seres:orid, fixed and not."""
    files = {}
    for name in SAMPLE_NAMES:
        text = seres_refs(read_sample(name))
        stem = name.removesuffix(".xsd")
        files[f"{stem}~seres-refs.xsd"] = text.encode("utf-8")
        if _GUID_REF.search(text):
            for fixed in (False, True):
                label = "orid-fixed" if fixed else "orid"
                files[f"{stem}~seres-{label}.xsd"] = with_orid(text, fixed=fixed).encode("utf-8")
    return files


FAMILY = older_family()
FAMILY_NAMES = sorted(FAMILY)
