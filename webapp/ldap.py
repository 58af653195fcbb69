"""The web app's directory connection: one per request, back to a small pool at teardown.

Binding the service account costs an Argon2 hash in slapd (about 15 ms), so
bound connections are kept and reused; one that failed, that its server
closed, or that lay idle near slapd's idle timeout, is closed instead. A
connection that breaks during a request binds again to the first provider
that answers and sends a read once more (directory.connection.Ldap), so a
failover costs no request an error.

At most ``SLOTS`` requests use the directory at once, and a request waits
at most ``SLOT_WAIT`` seconds for its turn (none while the directory was
seen failing in the last seconds): with a stalled directory, requests end
as 503 within seconds, and threads stay free for static files and /healthz.
"""

import queue
import threading
import time

from flask import Flask, current_app, g

from directory.connection import Ldap, Servers, peer_closed
from directory.errors import Unavailable
from directory.tree import Tree
from webapp.auth.signin import CheckTiming
from webapp.notify.lookalike import Channel

POOL_SIZE = 8
MAX_IDLE_SECONDS = 300  # slapd closes connections idle for 600 s (olcIdleTimeout)
# Below gunicorn's 8 threads (scripts/run.sh), so two always serve what needs no directory.
SLOTS = 6
SLOT_WAIT = 1.0
TROUBLE_SECONDS = 5.0  # after a failure, no waiting for a slot for this long


class ServicePool:
    """Bound service-account connections, each used by one request at a time.

    Each new bind's seconds go to ``timed`` (the password checks' timing:
    the service account's password is hashed like a person's).
    """

    def __init__(
        self, directory: Servers, timed: Channel, size: int = POOL_SIZE, slots: int = SLOTS
    ):
        self.directory = directory
        self.timed = timed
        self.size = size
        self.idle: queue.LifoQueue = queue.LifoQueue()
        self.slots = threading.BoundedSemaphore(slots)
        self.trouble_at = float("-inf")

    def get(self) -> Ldap:
        """A bound connection and a slot; Unavailable if no slot is free in time or the bind fails."""
        troubled = time.monotonic() - self.trouble_at < TROUBLE_SECONDS
        if not self.slots.acquire(timeout=0 if troubled else SLOT_WAIT):
            raise Unavailable("every directory slot is taken: the directory answers slowly")
        try:
            return self._connection()
        except BaseException:
            self.trouble_at = time.monotonic()
            self.slots.release()
            raise

    def _connection(self) -> Ldap:
        while True:
            try:
                ldap, since = self.idle.get_nowait()
            except queue.Empty:
                started = time.monotonic()
                ldap = self.directory.service()
                self.timed.succeeded(time.monotonic() - started)
                return ldap
            # A connection its server closed (a provider died or restarted) is left for a new
            # one, bound to the first provider that answers: no request pays for it.
            if time.monotonic() - since < MAX_IDLE_SECONDS and not peer_closed(ldap.connection):
                return ldap
            ldap.close()

    def close_all(self) -> None:
        while True:
            try:
                ldap, _since = self.idle.get_nowait()
            except queue.Empty:
                return
            ldap.close()

    def put(self, ldap: Ldap, healthy: bool) -> None:
        """Give back a connection from :meth:`get` and its slot."""
        try:
            if ldap.connection.closed:  # ldap3 closes a connection that failed or timed out
                self.trouble_at = time.monotonic()
                self.close_all()  # the idle ones most likely failed too (a restarted slapd)
            if healthy and not ldap.connection.closed and self.idle.qsize() < self.size:
                self.idle.put((ldap, time.monotonic()))
            else:
                ldap.close()
        finally:
            self.slots.release()


def init_app(app: Flask) -> None:
    directory = Servers(app.config["SERES_LDAP"])
    checks = CheckTiming()
    app.extensions["seres_directory"] = directory
    app.extensions["seres_password_checks"] = checks
    app.extensions["seres_service_pool"] = ServicePool(directory, checks.successes)
    app.teardown_appcontext(close)


def servers() -> Servers:
    return current_app.extensions["seres_directory"]


def password_checks() -> CheckTiming:
    """How long this process's password checks (binds) take; see signin.sign_in."""
    return current_app.extensions["seres_password_checks"]


def tree() -> Tree:
    return Tree(servers().settings.suffix)


def service() -> Ldap:
    """The web app's own connection for this request (its service account)."""
    if "seres_ldap" not in g:
        g.seres_ldap = current_app.extensions["seres_service_pool"].get()
    return g.seres_ldap


def close(exc: BaseException | None = None) -> None:
    ldap = g.pop("seres_ldap", None)
    if ldap is not None:
        current_app.extensions["seres_service_pool"].put(ldap, healthy=exc is None)
