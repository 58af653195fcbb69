"""Activation and recovery links without server-side storage.

A link is the username signed with the app's secret key (itsdangerous) and
a timestamp. It is good until its maximum age, and only while the password
has not changed since it was made: using it sets the password, so it works
once.
"""

from datetime import UTC

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer

from directory.connection import Ldap
from directory.people import password_state
from directory.tree import Tree

KINDS = {"activate": "SERES_ACTIVATION_MAX_AGE", "recover": "SERES_RECOVERY_MAX_AGE"}


class LinkInvalid(Exception):
    """The link is not ours, was used already, or belongs to nobody."""


class LinkExpired(LinkInvalid):
    """The link is older than its kind allows."""


def _serializer(kind: str) -> URLSafeTimedSerializer:
    clock = current_app.config["SERES_CLOCK"]

    class ClockedSigner(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(clock())

    return URLSafeTimedSerializer(
        current_app.config["SECRET_KEY"], salt=f"seres-{kind}", signer=ClockedSigner
    )


def make(kind: str, username: str) -> str:
    """Return the token of a new link of ``kind`` ("activate" or "recover")."""
    return _serializer(kind).dumps(username)


def verify(kind: str, token: str, service: Ldap, tree: Tree) -> str:
    """Return the username of a valid link; raise LinkExpired or LinkInvalid."""
    max_age = current_app.config[KINDS[kind]].total_seconds()
    try:
        username, issued = _serializer(kind).loads(token, max_age=max_age, return_timestamp=True)
    except SignatureExpired as exc:
        raise LinkExpired(kind) from exc
    except BadSignature as exc:
        raise LinkInvalid(kind) from exc
    state = password_state(service, tree.person(username))
    if state is None:
        raise LinkInvalid(kind)
    # Both in whole seconds; a change in the very second the link was made
    # counts as after it (safe side).
    issued_at = issued.replace(tzinfo=UTC) if issued.tzinfo is None else issued
    if state["changed"] is not None and state["changed"] >= issued_at.astimezone(UTC):
        raise LinkInvalid(kind)
    return username
