"""Rate limits (the ``limits`` library): code sending, sign-in attempts, failures.

Limits are counted by name and key: a normalized username (existing or
not, so a limit says nothing about who exists) or the client's address
(for IPv6 its /64: one client usually holds a whole /64).
The app counts only where it sends or binds, so nothing runs on other
requests (Flask-Limiter's hooks did, on every request, and limited nothing).
Counts live in memory (exact with one process: gunicorn runs one worker
with threads) unless ``RATELIMIT_STORAGE_URI`` names a shared storage
(Redis: exact across workers and hosts, see ``_check_shared``).
Sessions keep their sign-outs in the same storage (``storage()``), and
sessions and sign-ins their records beside it (``webapp.auth.records``).
"""

import functools
import ipaddress
import threading
import time
from dataclasses import dataclass

from flask import Flask, current_app, request
from limits import parse, parse_many
from limits.errors import ConfigurationError
from limits.storage import MemoryStorage, Storage, storage_from_string
from limits.strategies import FixedWindowRateLimiter

from webapp.auth import records

# The app's own count of failed sign-ins per username, existing or not, so
# that the lock-out message is the same for any name (ppolicy: 5 in 15 min).
FAILURES = parse("5/15 minutes")
SWEEP_SECONDS = 10.0


class Memory(MemoryStorage):
    """limits' memory storage, without a new timer thread after almost every hit.

    A counter's expiry is checked whenever it is read, so the timer only
    frees memory; here that is done inline, at most every SWEEP_SECONDS.
    """

    def __init__(self, uri: str | None = None, **options):
        super().__init__(uri, **options)
        self.swept = time.monotonic()
        self.sweeping = threading.Lock()

    def _MemoryStorage__schedule_expiry(self) -> None:  # replaces the timer of the base class
        if time.monotonic() - self.swept < SWEEP_SECONDS or not self.sweeping.acquire(False):
            return
        try:
            self.swept = time.monotonic()
            self._MemoryStorage__expire_events()
        finally:
            self.sweeping.release()


def init_app(app: Flask) -> None:
    from webapp.config import SettingsError

    uri = app.config["RATELIMIT_STORAGE_URI"]
    try:
        storage = Memory(uri) if uri.startswith("memory:") else storage_from_string(uri)
    except ConfigurationError as exc:
        # The URI may hold the storage's password: name its scheme only.
        scheme = uri.partition(":")[0]
        reason = str(exc).replace(uri, f"{scheme}://...")
        raise SettingsError(f"SERES_RATELIMIT_STORAGE: cannot use it ({reason})") from None
    try:
        app.extensions["seres_records"] = records.store_for(storage)
    except ValueError as exc:
        raise SettingsError(f"SERES_RATELIMIT_STORAGE: {exc}") from None
    app.extensions["seres_limits"] = Limits(FixedWindowRateLimiter(storage))


class Limits:
    """The strategy, and a lock so that checking and counting is one step per process."""

    def __init__(self, strategy: FixedWindowRateLimiter):
        self.strategy = strategy
        self.lock = threading.Lock()


def _limits() -> Limits:
    return current_app.extensions["seres_limits"]


def storage() -> Storage:
    """The storage of the counts: keys with a number and an expiry, shared if configured."""
    return _limits().strategy.storage


def add(key: str, expiry: int) -> int:
    """Add one to a counter of the storage and return its new value, exactly.

    In memory, limits returns the value read after its lock is let go (so
    two callers may both see the later one), and a reader of a new key may
    drop a count made at the same moment; the process's lock makes the
    count and the read one step (a shared storage's incr is atomic itself).
    """
    limits = _limits()
    with limits.lock:
        return limits.strategy.storage.incr(key, expiry)


def count(key: str) -> int:
    """The value of a counter of the storage (0 if there is none), read under the same lock."""
    limits = _limits()
    with limits.lock:
        return limits.strategy.storage.get(key)


@functools.lru_cache(maxsize=64)
def _items(text: str) -> tuple:
    return tuple(parse_many(text))


def address() -> str:
    """The key of the client's address: an IPv4 address, or the /64 of an IPv6 one.

    A host or network with IPv6 is usually given a whole /64 and may use any
    address in it, so counting whole addresses would limit nothing.
    """
    return address_key(request.remote_addr or "unknown")


def address_key(text: str) -> str:
    try:
        ip = ipaddress.ip_address(text)
    except ValueError:
        return text
    if ip.version == 4:
        return str(ip)
    if ip.ipv4_mapped is not None:
        return str(ip.ipv4_mapped)
    return str(ipaddress.IPv6Network((int(ip), 64), strict=False))


@dataclass(frozen=True)
class Refusal:
    """Which limit refused, and when a new use is allowed again."""

    name: str  # the setting without SERES_LIMIT_, e.g. "CODES_PER_PERSON"
    amount: int  # uses allowed ...
    seconds: int  # ... per this many seconds
    until: float  # epoch seconds when the limit allows a use again


def allow(name: str, key: str) -> bool:
    """Count one use of ``name`` for ``key``; False (and nothing counted) if over a limit."""
    return check((name, key)) is None


def check(*uses: tuple[str, str]) -> Refusal | None:
    """Count one use under every (name, key), or none at all if any limit refuses.

    A request refused by one limit (say the person's) is not counted by the
    others (the address's), so refused requests never use up a shared limit.
    Returns the refusal that lasts longest: when it ends, every limit allows.
    """
    config = current_app.config
    pairs = [
        (item, name, key) for name, key in uses for item in _items(config[f"SERES_LIMIT_{name}"])
    ]
    limits = _limits()
    if not isinstance(limits.strategy.storage, MemoryStorage):
        return _check_shared(limits.strategy, pairs)
    with limits.lock:
        refused = [p for p in pairs if not limits.strategy.test(*p)]
        if refused:
            return max((_refusal(limits.strategy, *p) for p in refused), key=lambda r: r.until)
        for item, name, key in pairs:
            limits.strategy.hit(item, name, key)
    return None


def _refusal(strategy: FixedWindowRateLimiter, item, name: str, key: str) -> Refusal:
    reset = strategy.get_window_stats(item, name, key).reset_time
    return Refusal(name, item.amount, item.get_expiry(), max(reset, time.time()))


def clear(name: str, key: str) -> None:
    """Forget the uses of ``name`` by ``key`` (a person who signed in asks no more)."""
    strategy = _limits().strategy
    for item in _items(current_app.config[f"SERES_LIMIT_{name}"]):
        strategy.clear(item, name, key)


def _check_shared(strategy: FixedWindowRateLimiter, pairs: list) -> Refusal | None:
    """``check`` over a storage that other processes share (Redis).

    Testing first and counting after would be two steps there, and two
    workers could both pass a test at a limit's last use. Each count is one
    atomic increment that says whether it is still within its limit; at
    the first that is not, the request's counts are taken back (the refused
    one too), so a refused request uses up nothing. Never more uses than a
    limit allows; a request at the very moment another is taken back may be
    refused as if that one had counted.
    """
    counted = []
    for i, (item, name, key) in enumerate(pairs):
        counted.append((item, name, key))
        if not strategy.hit(item, name, key):
            for c_item, c_name, c_key in counted:
                strategy.storage.incr(c_item.key_for(c_name, c_key), c_item.get_expiry(), -1)
            refused = [(item, name, key)]
            refused += [p for p in pairs[i + 1 :] if not strategy.test(*p)]
            return max((_refusal(strategy, *p) for p in refused), key=lambda r: r.until)
    return None


def record_failure(username: str) -> bool:
    """Count a failed sign-in; True once the name has failed as often as ppolicy allows."""
    strategy = _limits().strategy
    strategy.hit(FAILURES, "failures", username)
    return not strategy.test(FAILURES, "failures", username)


def clear_failures(username: str) -> None:
    _limits().strategy.clear(FAILURES, "failures", username)
