"""A version's XSD as a download, in either variant, with a SERES-style file name."""

import re
import unicodedata
from urllib.parse import quote

from flask_babel import gettext as _

import models
from webapp.models.loading import Target, invalid_version, version_page

_NOT_ASCII_SAFE = re.compile(r"[^A-Za-z0-9._-]+")
_NOT_SAFE = re.compile(r"[^\w.-]+")


def _ascii_part(value: str) -> str:
    """Őrség -> Orseg; anything but A-Z a-z 0-9 . _ - becomes _ (quotes, ;, newlines too)."""
    folded = unicodedata.normalize("NFKD", value)
    return _NOT_ASCII_SAFE.sub("_", "".join(c for c in folded if not unicodedata.combining(c)))


def xsd_filename(domain: str, model: models.MessageModel, variant: str) -> tuple[str, str]:
    """SERES style: <domain>_<model>_<dataFormatId>_<dataFormatVersion>_SERES.xsd.

    Return the name in ASCII (for ``filename``) and in letters of any script
    (for ``filename*``). The parts come from uploaded files, so each keeps
    only letters, digits, ".", "_" and "-": no quote, ";" or newline reaches
    the header.
    """
    parts = [domain, model.name, model.data_format_id or "", model.data_format_version or ""]
    suffix = "_SERES" if variant == "altinn" else "_SERES_standard"
    ascii_name = "_".join(p for p in map(_ascii_part, parts) if p) + suffix + ".xsd"
    name = "_".join(p for p in (_NOT_SAFE.sub("_", p) for p in parts) if p) + suffix + ".xsd"
    return ascii_name, name


def content_disposition(ascii_name: str, name: str) -> str:
    """An attachment header in ASCII; RFC 6266's filename* when the name has other letters."""
    value = f'attachment; filename="{ascii_name}"'
    if name != ascii_name:
        value += f"; filename*=UTF-8''{quote(name, safe='')}"
    return value


@version_page()
def download(target: Target, variant: str):
    """The URL's ``variant`` is one of models.conventions.VARIANTS (the route says so)."""
    try:
        body = models.generate_xsd(target.model, variant)
    except models.InvalidModel as exc:
        invalid_version(_("This version cannot be written as XSD"), exc)
    return (
        body,
        200,
        {
            "Content-Type": "application/xml; charset=utf-8",
            "Content-Disposition": content_disposition(
                *xsd_filename(target.domain, target.model, variant)
            ),
        },
    )


@version_page()
def seres_xsd(target: Target):
    """seres.xsd beside the XSD downloads: what their xsd:import names, for offline checks."""
    return (
        models.seres_xsd(),
        200,
        {
            "Content-Type": "application/xml; charset=utf-8",
            "Content-Disposition": content_disposition(
                models.SERES_XSD_NAME, models.SERES_XSD_NAME
            ),
        },
    )
