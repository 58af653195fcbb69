"""Build a directory server's files from the project's ldif/ files.

The dev server (`make run`), the tests, the benchmarks and a production
server (`seres directory build`) all go through :func:`build`, so they run
the same configuration, schema and access rules.
"""

import hashlib
import io
import ipaddress
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import ldif
from directory import layout, password_rules
from directory.server import replication
from directory.tree import DEFAULT_SUFFIX, Tree

_PLACEHOLDER = re.compile(r"\$\{(\w+)\}")
# In a built root: the source_hash() of the files it was built from.
SOURCE_FILE = ".source"


# Service accounts bind from these networks by default: this machine only.
LOOPBACK = ("127.0.0.0/8", "::1/128")


@dataclass(frozen=True)
class BuildOptions:
    """What differs between a test, a dev and a production directory."""

    manager_password: str
    suffix: str = DEFAULT_SUFFIX
    demo: bool = True
    # Faster but unsafe on a crash: for tests and benchmarks only.
    nosync: bool = False
    loglevel: str = "stats"
    # Where the service accounts may bind from (besides the ldapi socket).
    service_networks: tuple[str, ...] = LOOPBACK
    # One provider of several (multi-provider replication); None: a single server.
    provider: replication.Replication | None = None
    # How long the accesslog keeps a record (docs/desk.md); orders are kept.
    accesslog_days: int = 1827


def render(template: str, values: dict[str, str]) -> str:
    """Fill ``${name}`` placeholders; an unknown name is an error."""

    def fill(match: re.Match) -> str:
        return values[match.group(1)]

    return _PLACEHOLDER.sub(fill, template)


def with_suffix(ldif_text: str, suffix: str) -> str:
    """Rewrite LDIF written for the default suffix to another suffix."""
    if suffix == DEFAULT_SUFFIX:
        return ldif_text
    return re.sub(re.escape(DEFAULT_SUFFIX), suffix, ldif_text, flags=re.IGNORECASE)


def hash_password(password: str) -> str:
    """Hash a password as slapd stores it (Argon2), without putting it in argv."""
    with tempfile.NamedTemporaryFile("w", delete=True) as f:
        f.write(password)
        f.flush()
        out = subprocess.run(
            [
                layout.SLAPPASSWD,
                "-o",
                f"module-load={layout.ARGON2_MODULE}",
                "-h",
                "{ARGON2}",
                "-T",
                f.name,
            ],
            capture_output=True,
            text=True,
            check=True,
        )
    return out.stdout.strip()


def service_binds(networks) -> str:
    """Return the access rule's ``by`` lines that let service accounts bind from ``networks``.

    ValueError names a network that is not an IP network (``10.0.0.0/8``, ``2001:db8::/32``).
    """
    lines = []
    for text in networks:
        try:
            net = ipaddress.ip_network(text.strip(), strict=True)
        except ValueError as exc:
            raise ValueError(f"not an IP network: {text!r} ({exc})") from None
        kind = "ip" if net.version == 4 else "ipv6"
        lines.append(f"  by anonymous peername.{kind}={net.network_address}%{net.netmask} auth")
    lines.append('  by anonymous sockurl.regex="^ldapi://" auth')
    return "\n".join(lines)


def config_ldif(root: Path, options: BuildOptions) -> str:
    """Return the complete cn=config LDIF: the template, then every schema."""
    values = {
        "suffix": options.suffix,
        "rundir": str(root / "run"),
        "dbdir": str(root),
        "moduledir": layout.MODULE_DIR,
        "argon2": layout.ARGON2_MODULE,
        "uid": str(os.getuid()),
        "gid": str(os.getgid()),
        "nosync": "TRUE" if options.nosync else "FALSE",
        "loglevel": options.loglevel,
        "accesslog_days": str(int(options.accesslog_days)),
        "manager_hash": hash_password(options.manager_password),
        "service_binds": service_binds(options.service_networks),
        "schemas": "\n".join(path.read_text().strip() + "\n" for path in schema_files()),
    }
    text = render(layout.CONFIG_TEMPLATE.read_text(), values)
    if options.provider:
        text = replication.configure(
            text, options.provider, options.suffix, options.manager_password
        )
    return text


def schema_files() -> list[Path]:
    """Return the schema files in load order: the system's, then the project's."""
    system = [layout.SYSTEM_SCHEMA_DIR / f"{name}.ldif" for name in layout.SYSTEM_SCHEMAS]
    return system + sorted(layout.PROJECT_SCHEMA_DIR.glob("*.ldif"))


def _slapadd(args: list[str], ldif_text: str) -> None:
    subprocess.run(
        [layout.SLAPADD, *args], input=ldif_text, text=True, check=True, capture_output=True
    )


def merged_entries(*ldif_texts: str) -> list[tuple[str, dict[str, list[bytes]]]]:
    """Parse content LDIF; an entry repeated in a later text replaces the earlier one."""
    merged: dict[str, tuple[str, dict]] = {}
    for text in ldif_texts:
        for dn, entry in ldif.LDIFParser(io.BytesIO(text.encode())).parse():
            merged[dn.lower()] = (dn, entry)
    return list(merged.values())


def to_ldif(entries) -> str:
    """Write entries as LDIF (base64 where RFC 2849 wants it)."""
    out = io.BytesIO()
    writer = ldif.LDIFWriter(out)
    for dn, entry in entries:
        writer.unparse(dn, entry)
    return out.getvalue().decode()


def source_hash() -> str:
    """Return a hash of what a build is made from: every file under ldif/, and the Argon2 cost."""
    digest = hashlib.sha256()
    for path in sorted(p for p in layout.LDIF_DIR.rglob("*") if p.is_file()):
        data = path.read_bytes()
        name = path.relative_to(layout.LDIF_DIR).as_posix()
        digest.update(f"{name}\0{len(data)}\0".encode() + data)
    digest.update(f"ARGON2_MODULE\0{layout.ARGON2_MODULE}".encode())
    return digest.hexdigest()


def outdated(root: Path) -> str | None:
    """Say why the directory under ``root`` was not built from the ldif/ files now; None if it was."""
    try:
        recorded = (Path(root) / SOURCE_FILE).read_text().strip()
    except FileNotFoundError:
        return f"{root} was built by an older version (it records no source)"
    if recorded != source_hash():
        return f"{root} was built from other ldif/ files than the ones here now"
    return None


# In a built root: the password check module and the rules it reads.
CHECK_MODULE_FILE = "modules/seres-password-check.so"
CHECK_RULES_FILE = "password-rules"


def build_password_check(root: Path) -> None:
    """Compile ppolicy's check module into ``root`` and write the rules it reads."""
    compiler = shutil.which("cc")
    if compiler is None:
        raise RuntimeError("no C compiler (cc): install gcc (scripts/setup.sh does)")
    (root / CHECK_MODULE_FILE).parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [compiler, "-shared", "-fPIC", "-O2", "-Wall", "-Werror"]
        + ["-o", str(root / CHECK_MODULE_FILE), str(layout.PASSWORD_CHECK_SOURCE)],
        check=True,
        capture_output=True,
    )
    (root / CHECK_RULES_FILE).write_text(password_rules.rules_text(), encoding="utf-8")


def with_password_check(entries, root: Path, suffix: str):
    """Name the check module and its rules in the people's policy (the paths are the build's)."""
    policy = Tree(suffix).password_policy.lower()
    for dn, entry in entries:
        if dn.lower() == policy:
            entry = {
                **entry,
                "objectClass": [*entry["objectClass"], b"pwdPolicyChecker"],
                "pwdCheckModule": [str(root / CHECK_MODULE_FILE).encode()],
                "pwdCheckModuleArg": [str(root / CHECK_RULES_FILE).encode()],
            }
        yield dn, entry


def build(root: Path, options: BuildOptions, extra_ldif: str | None = None) -> Path:
    """Create a directory server under ``root``; it must not exist yet.

    ``extra_ldif`` (plain entries, loaded offline with slapadd after the base
    tree) lets benchmarks load large trees quickly.
    """
    # cn=config keeps these paths: relative ones would hold only in this directory.
    root = Path(root).resolve()
    if root.exists():
        raise FileExistsError(f"{root} exists; remove it to build anew")
    try:
        for sub in ("slapd.d", "data", "accesslog", "run"):
            (root / sub).mkdir(parents=True)
        os.chmod(root, 0o700)
        _slapadd(["-n0", "-F", str(root / "slapd.d")], config_ldif(root, options))
        texts = [layout.BASE_LDIF.read_text()]
        if options.demo:
            texts.append(layout.DEMO_LDIF.read_text())
        build_password_check(root)
        entries = merged_entries(*(with_suffix(t, options.suffix) for t in texts))
        entries = with_password_check(entries, root, options.suffix)
        if options.provider:
            entries = replication.stamped(entries)
        data = to_ldif(entries)
        if extra_ldif and options.provider:
            data += "\n" + to_ldif(replication.stamped(merged_entries(extra_ldif)))
        elif extra_ldif:
            data += "\n" + extra_ldif
        quick = ["-q"] if options.nosync else []
        _slapadd(["-F", str(root / "slapd.d"), "-b", options.suffix, *quick], data)
        if options.provider:
            log = to_ldif(replication.accesslog_root())
            _slapadd(["-F", str(root / "slapd.d"), "-b", "cn=accesslog", *quick], log)
        (root / SOURCE_FILE).write_text(source_hash() + "\n")
    except BaseException:
        shutil.rmtree(root, ignore_errors=True)
        raise
    return root
