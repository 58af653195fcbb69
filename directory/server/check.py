"""Does a running server match ldif/?

A reference server is built from ldif/ in a temporary directory and asked
the same questions as the running one; slapd prints both the same way, so
their answers can be compared as they are.  The schema is read over LDAP by
any bound identity; the configuration needs cn=config, which only the OS
user running slapd reads (ldapi, SASL EXTERNAL), and so do the password
policies and which policy each service account has (the access rules let
that user read them, and nobody else gains from it).
"""

import re
import secrets
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from directory.connection import Ldap, Servers
from directory.errors import DirectoryError
from directory.password_rules import rules_text
from directory.server.build import BuildOptions, build
from directory.server.slapd import Slapd
from directory.settings import Settings
from directory.tree import Tree

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
    "olcConstraintAttribute",
    "olcAccessLogDB",
    "olcSssVlvMax",
    "olcSssVlvMaxPerConn",
    "olcRootDN",
)
_NAME = re.compile(r"NAME \(?\s*'([^']+)'")
_ORDER = re.compile(r"\{-?\d+\}")
# Where service accounts may bind from is the site's choice (`seres directory
# build --service-network`), not a drift from ldif/.
_SERVICE_NETWORKS = re.compile(r"(by anonymous peername\.ipv?6?=\S+ auth ?)+")


# Policy values that hold a path inside the build: compared by file name.
_BUILD_PATHS = ("pwdCheckModule", "pwdCheckModuleArg")


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
                    _SERVICE_NETWORKS.sub(
                        "by anonymous peername=(the site's) auth ",
                        _ORDER.sub("", " ".join(str(v).split()), count=1),
                    )
                    for v in values[attribute]
                ]
                if attribute in ("olcDbIndex", "olcModuleLoad"):
                    rendered.sort()
                out[f"{attribute} of {entry}"] = "\n".join(rendered)
    return out


def policies_of(ldapi: Ldap, tree: Tree) -> dict[str, str]:
    """Return every password policy's settings by the policy's DN."""
    out = {}
    for dn, values in ldapi.search(tree.tokens, "(objectClass=pwdPolicy)", ["*"], scope="one"):
        settings = sorted(
            f"{name}: {Path(str(value)).name if name in _BUILD_PATHS else value}"
            for name, found in values.items()
            if name.lower().startswith("pwd")
            for value in found
        )
        out[f"policy {dn.lower()}"] = "\n".join(settings)
    return out


def check_password_rules(ldapi: Ldap, tree: Tree, report: Report) -> None:
    """The rules file the check module reads must be the one ldif/ makes now (the list, the lengths)."""
    policy = ldapi.read(tree.password_policy, ["pwdCheckModuleArg"]) or {}
    for path in policy.get("pwdCheckModuleArg", []):
        report.compared += 1
        path = path.decode() if isinstance(path, bytes) else str(path)
        try:
            current = Path(path).read_text(encoding="utf-8") == rules_text()
        except OSError as exc:
            report.differences.append(f"password policy: cannot read {path}: {exc.strerror}")
            continue
        if not current:
            report.differences.append(
                f"password policy: {path} differs from the rules in directory/password_rules.py"
            )


def check_service_policies(ldapi: Ldap, tree: Tree, report: Report) -> None:
    """Every service account must name the service policy: under the default one, five wrong binds lock it."""
    for dn, values in ldapi.search(
        tree.services, "(objectClass=*)", ["pwdPolicySubentry"], scope="one"
    ):
        report.compared += 1
        named = [str(v) for v in values.get("pwdPolicySubentry", [])]
        if [n.lower() for n in named] != [tree.service_password_policy.lower()]:
            report.differences.append(
                f"password policy: {dn} has pwdPolicySubentry {', '.join(named) or '(none)'}, "
                f"not {tree.service_password_policy}"
            )


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
            ref = Servers(Settings((reference.ldapi,), "", "", target.suffix))
            with ref.external() as ldap:
                want_schema, want_config = schema_of(ldap), config_of(ldap)
                want_policies = policies_of(ldap, Tree(target.suffix))
    try:
        with Servers(target).service() as ldap:
            compare("schema", want_schema, schema_of(ldap), report)
        if ldapi_url:
            local = Servers(Settings((ldapi_url,), "", "", target.suffix))
            with local.external() as ldapi:
                compare("configuration", want_config, config_of(ldapi), report)
                tree = Tree(target.suffix)
                compare("password policy", want_policies, policies_of(ldapi, tree), report)
                check_service_policies(ldapi, tree, report)
                check_password_rules(ldapi, tree, report)
    except DirectoryError as exc:
        report.differences.append(f"directory error: {exc}")
    return report
