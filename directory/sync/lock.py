"""One refresh at a time: a lock entry in the course directory that expires.

Taking the lock is an add of ``cn=lock,ou=sync`` (it exists: someone holds
it). An expired lock is taken over by one modify that removes the expiry
value read and adds a new one: if another process changed it first, the
value is gone and the modify fails, so only one takes it over. A run that
dies leaves the lock behind only until it expires; a long run renews it.
"""

import os
import secrets
import socket
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from directory.connection import ADD, DELETE, REPLACE, Ldap
from directory.errors import AlreadyExists, DirectoryError, InvalidValue, NoSuchEntry
from directory.tree import Tree

LOCK_CLASSES = ("seresSyncLock",)
DEFAULT_EXPIRY = timedelta(minutes=30)


class LockHeld(DirectoryError):
    """Another refresh holds the lock."""

    def __init__(self, holder: str, expires: datetime | None):
        until = f" until {expires:%Y-%m-%d %H:%M:%S} UTC" if expires else ""
        super().__init__(f"another refresh holds the lock ({holder}){until}")
        self.holder = holder
        self.expires = expires


def to_generalized(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%d%H%M%SZ")


def from_generalized(value) -> datetime:
    """Parse GeneralizedTime (as ldap3 returns it: text or datetime)."""
    if isinstance(value, datetime):
        return value.astimezone(UTC)
    text = value.decode() if isinstance(value, bytes) else str(value)
    moment = datetime.strptime(text[:14], "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    fraction = text[14:].rstrip("Z")
    if fraction.startswith(".") and fraction[1:].isdigit():
        moment = moment.replace(microsecond=int(fraction[1:].ljust(6, "0")[:6]))
    return moment


def new_holder() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(6)}"


@dataclass
class Lock:
    """A lock this process holds."""

    ldap: Ldap
    tree: Tree
    holder: str
    expires: str  # the GeneralizedTime value in the directory
    expiry: timedelta

    def renew(self, now: datetime | None = None) -> None:
        """Push the expiry on; fail (LockHeld) if someone took the lock over."""
        new = to_generalized((now or datetime.now(UTC)) + self.expiry)
        try:
            self.ldap.modify(
                self.tree.sync_lock,
                {
                    "seresSyncExpires": [(DELETE, [self.expires]), (ADD, [new])],
                    "seresSyncHolder": [(DELETE, [self.holder]), (ADD, [self.holder])],
                },
            )
        except (InvalidValue, NoSuchEntry) as exc:
            raise LockHeld("someone else", None) from exc
        self.expires = new

    def release(self) -> None:
        """Delete the lock if it is still ours."""
        values = self.ldap.read(self.tree.sync_lock, ["seresSyncHolder"], raw=True)
        if values and [v.decode() for v in values.get("seresSyncHolder", [])] == [self.holder]:
            self.ldap.delete(self.tree.sync_lock)


def acquire(
    ldap: Ldap,
    tree: Tree,
    expiry: timedelta = DEFAULT_EXPIRY,
    now: datetime | None = None,
    holder: str | None = None,
) -> Lock:
    """Take the lock, or take over an expired one; raise LockHeld if it is held."""
    now = now or datetime.now(UTC)
    holder = holder or new_holder()
    expires = to_generalized(now + expiry)
    try:
        ldap.add(
            tree.sync_lock,
            LOCK_CLASSES,
            {"cn": "lock", "seresSyncHolder": holder, "seresSyncExpires": expires},
        )
        return Lock(ldap, tree, holder, expires, expiry)
    except AlreadyExists:
        pass
    values = ldap.read(tree.sync_lock, ["seresSyncHolder", "seresSyncExpires"], raw=True)
    if values is None:  # released meanwhile: try once more from the start
        return acquire(ldap, tree, expiry, now, holder)
    current = values["seresSyncExpires"][0].decode()
    other = values["seresSyncHolder"][0].decode()
    if from_generalized(current) > now:
        raise LockHeld(other, from_generalized(current))
    take_over(ldap, tree, current, holder, expires)
    return Lock(ldap, tree, holder, expires, expiry)


def take_over(ldap: Ldap, tree: Tree, seen: str, holder: str, expires: str) -> None:
    """Replace the expiry value ``seen`` by ``expires``, atomically (compare-and-swap).

    The modify removes the value that was read: if another process changed
    it first, the value is gone, the modify fails, and LockHeld is raised.
    """
    try:
        ldap.modify(
            tree.sync_lock,
            {
                "seresSyncExpires": [(DELETE, [seen]), (ADD, [expires])],
                "seresSyncHolder": [(REPLACE, [holder])],
            },
        )
    except (InvalidValue, NoSuchEntry) as exc:
        raise LockHeld("another refresh that took it over", None) from exc
