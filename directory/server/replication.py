"""Multi-provider replication: what a provider's build adds to cn=config and its data.

Every provider is built from the same ldif/ (`seres directory build ROOT
--provider N --peer URL ...`): the same configuration plus, here, a server
id, the syncprov overlay on the data database and the accesslog, and on the
data database a syncrepl consumer of each peer, with ``olcMultiProvider``.
Everything in the data database replicates: people, tokens, orders,
grants, models, ppolicy's lock-out state; the used one-time-code step that
the otp overlay records does not (see docs/ha.md and directory/otp.py). The entries
loaded at build time get an entryUUID and entryCSN that depend on their DN
only, so providers built apart hold the same entries and start in step:
the first refresh between them finds nothing to copy.

Each provider's consumer binds to its peers as the manager (the databases'
rootdn: unlimited reads of both databases); the password is in cn=config,
which only the OS user that runs slapd reads.
"""

import re
import uuid
from dataclasses import dataclass

from directory.tree import Tree

# entryCSN of what a build loads: server id 000, before any write (RFC 4533 CSN form).
BUILD_CSN = "20000101000000.000000Z#000000#000#000000"
# The data database and the accesslog in ldif/config.ldif.in.
DATA_DB = "{2}mdb"
ACCESSLOG_DB = "{1}mdb"
MAX_SERVER_ID = 4095


@dataclass(frozen=True)
class Replication:
    """This provider's server id (1-4095) and the URLs of the other providers."""

    server_id: int
    peers: tuple[str, ...]

    def __post_init__(self):
        if not 1 <= self.server_id <= MAX_SERVER_ID:
            raise ValueError(f"a server id is 1 to {MAX_SERVER_ID}, not {self.server_id}")
        if not self.peers:
            raise ValueError("a provider needs at least one peer URL")
        for url in self.peers:
            if not re.fullmatch(r"ldaps?://[^\s\"\\]+", url):
                raise ValueError(f"not an ldap:// or ldaps:// URL of a peer: {url!r}")


def _quoted(value: str) -> str:
    """A value of an olcSyncrepl keyword, in double quotes (slapd's own escapes)."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _syncrepl(rid: int, url: str, searchbase: str, suffix: str, password: str) -> str:
    """One syncrepl consumer of a peer's ``searchbase``, bound as the manager."""
    # retry every second for ever: a peer that comes back is caught up at once.
    return (
        f"olcSyncrepl: rid={rid:03d} provider={url} bindmethod=simple"
        f" binddn={_quoted(Tree(suffix).manager)} credentials={_quoted(password)}"
        f" searchbase={_quoted(searchbase)} scope=sub schemachecking=off"
        ' type=refreshAndPersist retry="1 +" timeout=5 network-timeout=3'
        " keepalive=60:3:10"
    )


def configure(config: str, replication: Replication, suffix: str, password: str) -> str:
    """Return cn=config LDIF (rendered from the template) made a provider of a multi-provider set."""
    config = _add_lines(config, "dn: cn=config\n", [f"olcServerID: {replication.server_id}"])
    config = _add_lines(config, "dn: cn=module{0},cn=config\n", ["olcModuleLoad: syncprov"])
    lines = [
        _syncrepl(i + 1, url, suffix, suffix, password) for i, url in enumerate(replication.peers)
    ]
    config = _add_lines(
        config, f"dn: olcDatabase={DATA_DB},cn=config\n", [*lines, "olcMultiProvider: TRUE"]
    )
    config = _first_overlay(config, DATA_DB)
    # The accesslog is served (syncprov) but not copied between providers:
    # each provider's accesslog overlay logs every write it applies, its own
    # and its peers' alike, under the write's entryCSN, so both logs hold
    # every write once. A copy of the peer's log would add a second record of
    # each write (another reqStart) whenever it arrives before the write.
    config = _add_lines(
        config,
        f"dn: olcDatabase={ACCESSLOG_DB},cn=config\n",
        ["olcDbIndex: entryCSN eq", "olcDbIndex: entryUUID eq"],
    )
    return _first_overlay(config, ACCESSLOG_DB)


def _entry_span(config: str, header: str) -> tuple[int, int]:
    """Where the entry that starts with ``header`` begins and ends (before its blank line)."""
    start = config.index(header)
    end = config.find("\n\n", start)
    return start, len(config) if end < 0 else end


def _add_lines(config: str, header: str, lines: list[str]) -> str:
    """Add attribute lines at the end of the entry that starts with ``header``."""
    _, end = _entry_span(config, header)
    return config[:end] + "".join("\n" + line for line in lines) + config[end:]


def _first_overlay(config: str, db: str) -> str:
    """Put syncprov first on database ``db``: the others' numbers move up by one.

    slapd runs a database's overlays from the last configured to the first,
    so syncprov, first, sees every write that reaches the database, those
    the other overlays make themselves included (refint's, ppolicy's, otp's).
    """
    suffix = f",olcDatabase={db},cn=config"

    def shift(match: re.Match) -> str:
        return f"{match.group(1)}{{{int(match.group(2)) + 1}}}{match.group(3)}"

    config = re.sub(
        rf"^(dn: olcOverlay=)\{{(\d+)\}}(\w+{re.escape(suffix)})$", shift, config, flags=re.M
    )
    config = _renumber_overlay_values(config, suffix)
    syncprov = (
        f"\n\ndn: olcOverlay={{0}}syncprov{suffix}\n"
        "objectClass: olcOverlayConfig\n"
        "objectClass: olcSyncProvConfig\n"
        "olcOverlay: {0}syncprov\n"
        # The contextCSN is written down every 100 writes or 5 minutes.
        "olcSpCheckpoint: 100 5"
    )
    _, end = _entry_span(config, f"dn: olcDatabase={db},cn=config\n")
    return config[:end] + syncprov + config[end:]


def _renumber_overlay_values(config: str, suffix: str) -> str:
    """Make each overlay entry's olcOverlay value match the number its DN now has."""
    out = []
    for entry in config.split("\n\n"):
        match = re.search(rf"^dn: olcOverlay=(\{{\d+\}}\w+){re.escape(suffix)}$", entry, re.M)
        if match:
            entry = re.sub(r"^olcOverlay: .*$", f"olcOverlay: {match.group(1)}", entry, flags=re.M)
        out.append(entry)
    return "\n\n".join(out)


def stamped(entries, suffix_csn: str = BUILD_CSN):
    """Give each entry an entryUUID made from its DN and the build's entryCSN.

    Two providers built apart then hold the same entries with the same
    identities, as syncrepl compares them.
    """
    for dn, attributes in entries:
        normalized = ",".join(part.strip().lower() for part in dn.split(","))
        identity = str(uuid.uuid5(uuid.NAMESPACE_URL, "ldap:///" + normalized))
        yield (
            dn,
            {
                **attributes,
                "entryUUID": [identity.encode()],
                "entryCSN": [suffix_csn.encode()],
            },
        )


def accesslog_root() -> list:
    """The accesslog's top entry, made at build time with its stamp.

    Left to the accesslog overlay, it is made at the first write with no
    entryUUID, and syncrepl refuses to copy an entry without one.
    """
    entry = {"objectClass": [b"auditContainer"], "cn": [b"accesslog"]}
    return list(stamped([("cn=accesslog", entry)]))
