"""The accesslog across providers: each write once, named for whoever made it.

Every provider's accesslog overlay logs each write it applies under the
write's entryCSN: the provider that took the write names its author
(``reqAuthzID``), the others name the replication identity (the manager).
The audit trail reads every provider and keeps, per write, the record that
names the author (docs/ha.md).
"""

import datetime as dt
from collections.abc import Iterable

from directory.connection import Ldap
from directory.errors import Unavailable
from directory.escape import equals, same_dn

ACCESSLOG = "cn=accesslog"
MAX_LINES = 2000
CSN_BATCH = 100  # entryCSNs asked for in one filter
SKEW = dt.timedelta(seconds=5)  # a write's CSN time against its record's reqStart


def stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%d%H%M%SZ")


def parse_stamp(value: str) -> dt.datetime:
    text = str(value).rstrip("Z").split(".")[0]
    return dt.datetime.strptime(text, "%Y%m%d%H%M%S").replace(tzinfo=dt.UTC)


def first_value(values: dict, name: str) -> str:
    return str((values.get(name) or [""])[0])


def merged(logs: Iterable[list[dict]], replicator: str) -> list[dict]:
    """The records of several providers' accesslogs, each write once, newest first.

    A write is logged by every provider under its entryCSN: by the one that
    took it with its author, by the others with the replication identity
    (``replicator``) as ``reqAuthzID``. The record naming the author wins.
    """
    by_write: dict[str, dict] = {}
    for records in logs:
        for values in records:
            key = first_value(values, "entryCSN") or repr(sorted(values.items()))
            kept = by_write.get(key)
            if kept is None or (
                same_dn(first_value(kept, "reqAuthzID"), replicator)
                and not same_dn(first_value(values, "reqAuthzID"), replicator)
            ):
                by_write[key] = values
    newest_first = sorted(by_write.values(), key=lambda v: first_value(v, "reqStart"), reverse=True)
    return newest_first[:MAX_LINES]


def made_elsewhere(ldaps: list[Ldap], records: list[dict], replicator: str) -> set[str]:
    """The entryCSNs of ``records`` (named ``replicator``) that some provider logged with
    another author: a write whose own record is out of the scope (the refresh's, say)."""
    csns = [first_value(v, "entryCSN") for v in records]
    csns = [c for c in csns if c]
    if not csns:
        return set()
    # The CSN's time is when the write was made: it bounds the search by reqStart (indexed).
    times = sorted(parse_stamp(c.split("#")[0]) for c in csns)
    window = f"(reqStart>={stamp(times[0] - SKEW)})(reqStart<={stamp(times[-1] + SKEW)})"
    found: set[str] = set()
    for start in range(0, len(csns), CSN_BATCH):
        batch = "".join(equals("entryCSN", c) for c in csns[start : start + CSN_BATCH])
        wanted = (
            f"(&(objectClass=auditWriteObject){window}"
            f"(!{equals('reqAuthzID', replicator)})(|{batch}))"
        )
        for ldap in ldaps:
            try:
                hits = ldap.search(ACCESSLOG, wanted, ["entryCSN"], scope="one")
            except Unavailable:
                continue
            found.update(first_value(values, "entryCSN") for _, values in hits)
    return found
