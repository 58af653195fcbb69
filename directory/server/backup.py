"""Back up a directory server's files to LDIF, and restore them onto a fresh server directory.

A backup is a folder of three slapcat LDIF files, cn=config, the data and
the accesslog, and ``manifest.json`` (time, suffix, slapd's version, each
file's size, entry count and SHA-256). slapcat reads each mdb database in
one read transaction, so each file is consistent while slapd runs; the
accesslog may hold a write or two more or less than the data's snapshot.
The files hold password hashes and OTP secrets: the folder is the owner's only.
"""

import hashlib
import json
import os
import re
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from directory import layout
from directory.server.build import SOURCE_FILE

SLAPCAT = "/usr/sbin/slapcat"
MANIFEST = "manifest.json"
FORMAT = 1
# Database name in a backup: what slapcat and slapadd are told to choose it.
CONFIG, DATA, ACCESSLOG = "config", "data", "accesslog"
FILES = {CONFIG: "config.ldif", DATA: "data.ldif", ACCESSLOG: "accesslog.ldif"}


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why."""


def _select(name: str, suffix: str) -> list[str]:
    return {CONFIG: ["-n0"], DATA: ["-b", suffix], ACCESSLOG: ["-b", "cn=accesslog"]}[name]


def suffix_of(root: Path) -> str:
    """The data database's suffix, from the server's cn=config."""
    for path in (Path(root) / "slapd.d" / "cn=config").glob("olcDatabase=*mdb.ldif"):
        match = re.search(r"^olcSuffix: (.+)$", path.read_text(), re.MULTILINE)
        if match and match.group(1).strip().lower() != "cn=accesslog":
            return match.group(1).strip()
    raise BackupError(f"{root} holds no data database (is it a server built by seres?)")


def slapd_version() -> str:
    out = subprocess.run([layout.SLAPD, "-VV"], capture_output=True, text=True)
    text = (out.stderr or out.stdout).strip()
    match = re.search(r"OpenLDAP: slapd ([\d.]+)", text)
    return match.group(1) if match else text.splitlines()[0] if text else "unknown"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _entries(path: Path) -> int:
    with open(path, "rb") as f:
        return sum(1 for line in f if line.startswith(b"dn:"))


def backup(root: Path, dest: Path) -> dict:
    """Write a backup of the server under ``root`` into ``dest`` (new or empty); return the manifest."""
    root, dest = Path(root).resolve(), Path(dest).resolve()
    if not (root / "slapd.d").is_dir():
        raise BackupError(f"{root} is not a directory server's folder (no slapd.d)")
    if dest.exists() and any(dest.iterdir()):
        raise BackupError(f"{dest} is not empty: back up into a new folder")
    suffix = suffix_of(root)
    dest.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(dest, 0o700)
    files = {}
    for name, filename in FILES.items():
        path = dest / filename
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            done = subprocess.run(
                [
                    SLAPCAT,
                    "-F",
                    str(root / "slapd.d"),
                    *_select(name, suffix),
                    "-o",
                    "ldif_wrap=no",
                ],
                stdout=out,
                stderr=subprocess.PIPE,
                text=False,
            )
        if done.returncode != 0:
            raise BackupError(f"slapcat of {name} failed: {done.stderr.decode(errors='replace')}")
        files[filename] = {
            "database": name,
            "bytes": path.stat().st_size,
            "entries": _entries(path),
            "sha256": _sha256(path),
        }
    source = root / SOURCE_FILE
    manifest = {
        "format": FORMAT,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "suffix": suffix,
        "slapd_version": slapd_version(),
        "server_root": str(root),
        "built_from": source.read_text().strip() if source.exists() else "",
        "files": files,
    }
    (dest / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def verify(src: Path) -> dict:
    """Read a backup's manifest and check every file's size and checksum; return the manifest."""
    src = Path(src)
    try:
        manifest = json.loads((src / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"{src}: no readable {MANIFEST}: {exc}") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{src}: a backup of format {manifest.get('format')}, not {FORMAT}")
    for filename, facts in manifest["files"].items():
        path = src / filename
        if not path.is_file() or path.stat().st_size != facts["bytes"]:
            raise BackupError(f"{path} is missing or has another size than the manifest says")
        if _sha256(path) != facts["sha256"]:
            raise BackupError(f"{path} does not match its checksum in the manifest")
    return manifest


def restore(src: Path, root: Path) -> dict:
    """Build a server under ``root`` (which must not exist) from the backup in ``src``.

    cn=config names the server's folder; a backup restored elsewhere gets
    its paths rewritten to ``root``.
    """
    src, root = Path(src).resolve(), Path(root).resolve()
    manifest = verify(src)
    if root.exists():
        raise FileExistsError(f"{root} exists; restore onto a new folder")
    config = (src / FILES[CONFIG]).read_text()
    old = manifest["server_root"]
    if old != str(root):
        config = re.sub(
            r"^(olcDbDirectory|olcPidFile|olcArgsFile): " + re.escape(old) + r"/",
            lambda m: f"{m.group(1)}: {root}/",
            config,
            flags=re.MULTILINE,
        )
    try:
        for sub in ("slapd.d", "data", "accesslog", "run"):
            (root / sub).mkdir(parents=True)
        os.chmod(root, 0o700)
        _slapadd(["-n0", "-F", str(root / "slapd.d")], config)
        for name in (DATA, ACCESSLOG):
            path = src / FILES[name]
            _slapadd(
                ["-F", str(root / "slapd.d"), *_select(name, manifest["suffix"]), "-l", str(path)]
            )
        if manifest.get("built_from"):
            (root / SOURCE_FILE).write_text(manifest["built_from"] + "\n")
    except BaseException:
        shutil.rmtree(root, ignore_errors=True)
        raise
    return manifest


def _slapadd(args: list[str], ldif_text: str | None = None) -> None:
    done = subprocess.run([layout.SLAPADD, *args], input=ldif_text, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"slapadd {' '.join(args[:3])} failed: {done.stderr.strip()}")
