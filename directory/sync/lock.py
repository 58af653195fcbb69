"""One refresh at a time: a lock entry in the course directory that expires.

Taking the lock is an add of ``cn=lock,ou=sync`` (it exists: someone holds
it). An expired lock is taken over by one modify that removes the expiry
value read and adds a new one: if another process changed it first, the
value is gone and the modify fails, so only one takes it over. A run that
dies leaves the lock behind only until it expires; a long run renews it
(:meth:`Lock.keep` between steps, :meth:`Lock.renew_if_due` while writing)
and stops when it is no longer its own. Releasing is one delete asserting
this holder's value (RFC 4528), so a lock taken over meanwhile stays.

A lock whose holder is a process on this host that no longer exists (a
killed run) is taken over at once, without waiting for the expiry. The
operator removes any lock with ``seres sync unlock`` (recorded as a run).
"""

import contextlib
import os
import secrets
import socket
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from directory.connection import ADD, DELETE, REPLACE, Ldap
from directory.errors import AlreadyExists, Conflict, DirectoryError, InvalidValue, NoSuchEntry
from directory.escape import equals
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


def dead_here(holder: str) -> bool:
    """Is ``holder`` (host:pid:random) a process on this host that no longer runs?

    Only a certain death counts: another host, a malformed name or a live
    (possibly reused) process id leaves the lock to its expiry.
    """
    host, _, rest = holder.partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # alive, another user's
    return False


@dataclass
class Lock:
    """A lock this process holds."""

    ldap: Ldap
    tree: Tree
    holder: str
    expires: str  # the GeneralizedTime value in the directory
    expiry: timedelta
    renew_at: datetime  # a third of the expiry after the last renewal

    def renew(self, now: datetime | None = None) -> None:
        """Push the expiry on; fail (LockHeld) if someone took the lock over."""
        now = now or datetime.now(UTC)
        new = to_generalized(now + self.expiry)
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
        self.renew_at = now + self.expiry / 3

    def renew_if_due(self, now: datetime | None = None) -> None:
        """Renew once a third of the expiry has passed since the last renewal."""
        now = now or datetime.now(UTC)
        if now >= self.renew_at:
            self.renew(now)

    def check(self) -> None:
        """Raise LockHeld unless the lock is still this holder's, as last written."""
        values = self.ldap.read(
            self.tree.sync_lock, ["seresSyncHolder", "seresSyncExpires"], raw=True
        )
        if not values:
            raise LockHeld("no one (it was removed)", None)
        holder = [v.decode() for v in values.get("seresSyncHolder", [])]
        expires = [v.decode() for v in values.get("seresSyncExpires", [])]
        if holder != [self.holder] or expires != [self.expires]:
            raise LockHeld(holder[0] if holder else "someone else", None)

    def keep(self, now: datetime | None = None) -> None:
        """Between steps of a run: renew when due, else check the lock is still ours."""
        now = now or datetime.now(UTC)
        if now >= self.renew_at:
            self.renew(now)
        else:
            self.check()

    def release(self) -> None:
        """Delete the lock if it is still ours: one delete asserting this holder."""
        # Taken over or removed meanwhile: not ours to delete.
        with contextlib.suppress(Conflict, NoSuchEntry):
            self.ldap.delete(self.tree.sync_lock, assertion=equals("seresSyncHolder", self.holder))


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
        return Lock(ldap, tree, holder, expires, expiry, now + expiry / 3)
    except AlreadyExists:
        pass
    values = ldap.read(tree.sync_lock, ["seresSyncHolder", "seresSyncExpires"], raw=True)
    if values is None:  # released meanwhile: try once more from the start
        return acquire(ldap, tree, expiry, now, holder)
    current = values["seresSyncExpires"][0].decode()
    other = values["seresSyncHolder"][0].decode()
    if from_generalized(current) > now and not dead_here(other):
        raise LockHeld(other, from_generalized(current))
    take_over(ldap, tree, current, holder, expires)
    return Lock(ldap, tree, holder, expires, expiry, now + expiry / 3)


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


def unlock(ldap: Ldap, tree: Tree) -> tuple[str, str] | None:
    """Remove the lock whoever holds it; return (holder, expiry) removed, or None if none."""
    values = ldap.read(tree.sync_lock, ["seresSyncHolder", "seresSyncExpires"], raw=True)
    if values is None:
        return None
    holder = values["seresSyncHolder"][0].decode()
    expires = values["seresSyncExpires"][0].decode()
    try:
        ldap.delete(tree.sync_lock, assertion=equals("seresSyncHolder", holder))
    except NoSuchEntry:
        return None
    return holder, expires
