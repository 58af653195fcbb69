"""Does a running server match ldif/?

A reference server is built from ldif/ in a temporary directory and asked
the same questions as the running one; slapd prints both the same way, so
their answers can be compared as they are.  The schema is read over LDAP by
any bound identity; the configuration needs cn=config, which only the OS
user running slapd reads (ldapi, SASL EXTERNAL).
"""

import re
import secrets
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from directory.connection import Directory, Ldap
from directory.errors import DirectoryError
from directory.server.build import BuildOptions, build
from directory.server.slapd import Slapd
from directory.settings import Settings

SCHEMA_ATTRIBUTES = ("attributeTypes", "objectClasses")
# How a report names one definition of each kind.
_SINGULAR = {"attributeTypes": "attributeType", "objectClasses": "objectClass"}
# What decides behaviour; paths and local tuning are left out.
CONFIG_ATTRIBUTES = (
    "olcAccess",
    "olcAddContentAcl",
    "olcDbIndex",
    "olcLimits",
    "olcAuthzPolicy",
    "olcSizeLimit",
    "olcSuffix",
    "olcModuleLoad",
    "olcPasswordHash",
    "olcDynListAttrSet",
    "olcRefintAttribute",
    "olcPPolicyDefault",
    "olcPPolicyUseLockout",
    "olcPPolicyHashCleartext",
    "olcAccessLogOps",
    "olcAccessLogDB",
    "olcRootDN",
)
_NAME = re.compile(r"NAME \(?\s*'([^']+)'")
_ORDER = re.compile(r"\{-?\d+\}")


@dataclass
class Report:
    differences: list[str] = field(default_factory=list)
    compared: int = 0

    @property
    def ok(self) -> bool:
        return not self.differences


def schema_of(ldap: Ldap) -> dict[str, str]:
    """Return every served schema definition by kind and name."""
    found = ldap.read("cn=subschema", list(SCHEMA_ATTRIBUTES)) or {}
    out = {}
    for kind in SCHEMA_ATTRIBUTES:
        for definition in found.get(kind, []):
            name = _NAME.search(definition)
            out[f"{_SINGULAR[kind]} {name.group(1) if name else definition}"] = " ".join(
                definition.split()
            )
    return out


def config_of(ldapi: Ldap) -> dict[str, str]:
    """Return the behaviour-deciding configuration values, keyed by entry and attribute."""
    out = {}
    for dn, values in ldapi.search("cn=config", "(objectClass=*)", list(CONFIG_ATTRIBUTES)):
        entry = _ORDER.sub("", dn.lower())
        for attribute in CONFIG_ATTRIBUTES:
            if attribute in values:
                rendered = [
                    _ORDER.sub("", " ".join(str(v).split()), count=1) for v in values[attribute]
                ]
                if attribute in ("olcDbIndex", "olcModuleLoad"):
                    rendered.sort()
                out[f"{attribute} of {entry}"] = "\n".join(rendered)
    return out


def compare(label: str, want: dict[str, str], have: dict[str, str], report: Report) -> None:
    for key in sorted(want.keys() | have.keys()):
        report.compared += 1
        if key not in have:
            report.differences.append(f"{label}: {key} is missing on the server")
        elif key not in want:
            report.differences.append(f"{label}: {key} is on the server but not in ldif/")
        elif want[key] != have[key]:
            report.differences.append(f"{label}: {key} differs from ldif/")


def check(target: Settings, ldapi_url: str | None = None) -> Report:
    """Compare the server at ``target`` (and its cn=config via ``ldapi_url``) with ldif/."""
    report = Report()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "reference"
        build(
            root,
            BuildOptions(
                manager_password=secrets.token_urlsafe(16),
                suffix=target.suffix,
                demo=False,
                loglevel="none",
            ),
        )
        with Slapd(root) as reference:
            ref = Directory(Settings((reference.ldapi,), "", "", target.suffix))
            with ref.external() as ldap:
                want_schema, want_config = schema_of(ldap), config_of(ldap)
    try:
        with Directory(target).service() as ldap:
            compare("schema", want_schema, schema_of(ldap), report)
        if ldapi_url:
            local = Directory(Settings((ldapi_url,), "", "", target.suffix))
            with local.external() as ldapi:
                compare("configuration", want_config, config_of(ldapi), report)
    except DirectoryError as exc:
        report.differences.append(f"directory error: {exc}")
    return report
