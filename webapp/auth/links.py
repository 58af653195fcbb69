"""Activation and recovery links without server-side storage.

A link is the username and the entry's entryUUID, signed with the app's
secret key (itsdangerous) and a timestamp. It is good until its maximum
age, only for the entry it was made for (not for a new person given the
name of a deleted one), and only while the password has not changed since
it was made: using it sets the password, so it works once. A link made
before links held the entryUUID is refused.

A link takes at most MAX_CODES one-time codes, right or wrong: someone
with the mailbox but not the phone could otherwise try codes until one of
the dozen a window accepts comes up. (A right code normally sets the
password and ends the link; one with a password the directory refuses
costs a try.) The tries are counted in the rate limits' storage
(``limits.add``) under a hash of what the link says (kind, username,
time of issue), not of its text: a token's last character can be written
in four ways that all verify. The count expires with the link.
"""

import hashlib
import math
from dataclasses import dataclass
from datetime import UTC, datetime

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer

from directory.connection import Ldap
from directory.people import password_state
from directory.tree import Tree
from webapp.auth import limits

KINDS = {"activate": "SERES_ACTIVATION_MAX_AGE", "recover": "SERES_RECOVERY_MAX_AGE"}
# Codes a link takes in its life, right or wrong; a right one sets the password and ends it.
MAX_CODES = 5
# The storage key of a link's count of codes tried: this prefix and the link's hash.
TRIES = "seres/link-codes/"


class LinkInvalid(Exception):
    """The link is not ours, was used already, or belongs to nobody."""


class LinkExpired(LinkInvalid):
    """The link is older than its kind allows."""


class LinkSpent(LinkInvalid):
    """The link has taken as many codes as a link may."""


@dataclass(frozen=True)
class Link:
    kind: str
    username: str
    issued: datetime

    @property
    def key(self) -> str:
        """The storage key of the link's tries: a hash, so the storage holds no link."""
        said = f"{self.kind}\0{self.username}\0{int(self.issued.timestamp())}"
        return TRIES + hashlib.sha256(said.encode()).hexdigest()


def _max_age(kind: str) -> float:
    return current_app.config[KINDS[kind]].total_seconds()


def _serializer(kind: str) -> URLSafeTimedSerializer:
    clock = current_app.config["SERES_CLOCK"]

    class ClockedSigner(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(clock())

    return URLSafeTimedSerializer(
        current_app.config["SECRET_KEY"], salt=f"seres-{kind}", signer=ClockedSigner
    )


def entry_uuid(service: Ldap, dn: str) -> str | None:
    """The entry's entryUUID (operational, read as the service account); None if missing."""
    values = service.read(dn, ["entryUUID"])
    found = (values or {}).get("entryUUID") or [None]
    return str(found[0]).lower() if found[0] else None


def make(kind: str, username: str, uuid: str) -> str:
    """Return the token of a new link of ``kind`` ("activate" or "recover") to one entry."""
    return _serializer(kind).dumps([username, uuid.lower()])


def verify(kind: str, token: str, service: Ldap, tree: Tree) -> Link:
    """Return a valid link; raise LinkExpired, LinkSpent or LinkInvalid."""
    try:
        said, issued = _serializer(kind).loads(token, max_age=_max_age(kind), return_timestamp=True)
    except SignatureExpired as exc:
        raise LinkExpired(kind) from exc
    except BadSignature as exc:
        raise LinkInvalid(kind) from exc
    if not (isinstance(said, list) and len(said) == 2 and all(isinstance(v, str) for v in said)):
        raise LinkInvalid(kind)  # made before links named the entry
    username, uuid = said
    issued_at = (issued.replace(tzinfo=UTC) if issued.tzinfo is None else issued).astimezone(UTC)
    link = Link(kind, username, issued_at)
    if limits.count(link.key) >= MAX_CODES:
        raise LinkSpent(kind)
    dn = tree.person(username)
    state = password_state(service, dn)
    if state is None or entry_uuid(service, dn) != uuid:
        raise LinkInvalid(kind)
    # Both in whole seconds; a change in the very second the link was made
    # counts as after it (safe side).
    if state["changed"] is not None and state["changed"] >= issued_at:
        raise LinkInvalid(kind)
    return link


def try_code(link: Link) -> int:
    """Count one code tried with the link, before it is checked; return the tries left.

    Negative when the link had none left: do not check the code. Counting
    first, in one step of the storage, keeps requests sent at once from
    getting more tries between them.
    """
    used = limits.add(link.key, math.ceil(_max_age(link.kind)) + 1)
    return MAX_CODES - used
