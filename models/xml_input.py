"""Parse bytes into an xsd:schema element, or say clearly why the input is no SERES XSD."""

from lxml import etree

from models.conventions import XSD_NS
from models.errors import NotSeresXsd

_BLANK = b" \t\r\n\xef\xbb\xbf"


def _parser(encoding: str | None = None) -> etree.XMLParser:
    # Untrusted uploads: no entity expansion, no DTD or network access. recover=True only so
    # that namespace IRIs with non-ASCII letters (StatistiskSentralbyrå) pass; every other
    # error is still fatal, see _fatal_errors.
    return etree.XMLParser(
        encoding=encoding,
        recover=True,
        remove_blank_text=True,
        remove_comments=True,
        remove_pis=True,
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
    )


def parse_schema(data: bytes | str) -> etree._Element:
    """Return the xsd:schema root of ``data``; raise NotSeresXsd if it is none."""
    encoding = None
    if isinstance(data, str):
        # A str has been decoded already; lxml must not decode it again by its declaration.
        data = data.lstrip("\ufeff").encode("utf-8")
        encoding = "utf-8"
    if not data.strip(_BLANK):
        raise NotSeresXsd("The file is empty.", code="empty")
    parser = _parser(encoding)
    try:
        root = etree.fromstring(data, parser)
        errors = _fatal_errors(parser)
    except etree.XMLSyntaxError as err:
        root, errors = None, [str(err)]
    if root is None or errors:
        head = data.lstrip(_BLANK)[:200].lower()
        if head.startswith((b"<!doctype html", b"<html")):
            raise NotSeresXsd("The file is an HTML page, not an XML Schema.", code="html")
        if b"<!doctype" in head:
            raise _dtd_refused()
        detail = errors[0] if errors else "no element found"
        raise NotSeresXsd(
            f"The file is not well-formed XML: {detail}", code="not_xml", detail=detail
        )
    tag = etree.QName(root)
    if tag.localname.lower() == "html":
        raise NotSeresXsd("The file is an HTML page, not an XML Schema.", code="html")
    docinfo = root.getroottree().docinfo
    if docinfo.internalDTD is not None or docinfo.doctype:
        raise _dtd_refused()
    if tag.namespace != XSD_NS or tag.localname != "schema":
        raise NotSeresXsd(
            f"The file is XML but not an XML Schema: its root element is <{tag.localname}>.",
            code="not_schema",
            root=tag.localname,
        )
    return root


def _fatal_errors(parser: etree.XMLParser) -> list[str]:
    """Return the parse errors other than libxml2's complaint about non-ASCII namespaces."""
    return [
        f"{entry.message} (line {entry.line}, column {entry.column})"
        for entry in parser.error_log
        if entry.type_name != "WAR_NS_URI"
    ]


def _dtd_refused() -> NotSeresXsd:
    # SERES never writes a DTD; refusing them rules out entity tricks in uploads.
    return NotSeresXsd("The file declares a DTD (<!DOCTYPE ...>); SERES XSDs never do.", code="dtd")
