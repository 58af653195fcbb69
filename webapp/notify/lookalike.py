"""Nothing sent, answered like a send: as slow as sends are, failing while they fail.

A request for a sign-in code or a recovery link sends a message only to a
real person who can get one; for any other name nothing is sent. Left
alone, a real person's answer comes later (an SMS gateway takes hundreds of
milliseconds), and while the gateway is down it is a failure where any other
name's is not: both tell who exists. A :class:`Channel` per kind of message
(sms, email) and process keeps how long sends take and whether the latest
one failed; :meth:`Channel.imitate` is what a request that sends nothing
does instead of sending. A failure lasts until a real send succeeds: an
outage that outlived a timer would again tell real names from others.

The same measure serves password checks: slapd hashes the password only for
an entry that exists, so a refused sign-in of an unknown name would come
back at once; :meth:`Channel.pad` holds it until a real check would end.
No Flask: the clock, the sleep and the jitter can be given, for tests.
"""

import contextlib
import secrets
import threading
import time
from collections.abc import Callable

from webapp.notify import SendFailed

# Weight of the newest send in the moving averages: about the last ten count.
WEIGHT = 0.2
# Waits are spread by up to this share either way, like real sends' times.
JITTER = 0.1
# While sends fail, at most this many requests per channel send or imitate at
# once (each may take a gateway's timeouts and retries); the others fail at
# once, whatever the name, so a flood cannot hold every worker thread.
SLOTS_WHILE_FAILING = 2
_RANDOM = secrets.SystemRandom()


class NotSent(SendFailed):
    """Nothing was sent for this request; it answers as a failed send would."""


class Channel:
    """How long one kind of send takes, and whether the latest one failed."""

    def __init__(
        self,
        name: str,
        *,
        seed: float = 0.0,
        weight: float = WEIGHT,
        jitter: float = JITTER,
        slots_while_failing: int = SLOTS_WHILE_FAILING,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        uniform: Callable[[float, float], float] = _RANDOM.uniform,
    ):
        self.name = name
        self.weight = weight
        self.jitter = jitter
        self.clock = clock
        self.sleep = sleep
        self.uniform = uniform
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(slots_while_failing)
        # Seconds, moving averages; None before the first timed one. Until then
        # ``seed`` stands in for successes: the backend's guess (0 for the
        # outbox), so that a fresh process does not answer unknown names at once.
        self.seed = seed
        self._success: float | None = None
        self._failure: float | None = None
        self._failing = False  # the latest send failed

    def _average(self, old: float | None, seconds: float) -> float:
        return seconds if old is None else old + self.weight * (seconds - old)

    def succeeded(self, seconds: float) -> None:
        """Count a send that took ``seconds``; sends work again."""
        with self._lock:
            self._success = self._average(self._success, seconds)
            self._failing = False

    def failed(self, seconds: float) -> None:
        """Count a send that failed after ``seconds``; answers fail until one succeeds."""
        with self._lock:
            self._failure = self._average(self._failure, seconds)
            self._failing = True

    @contextlib.contextmanager
    def _slot(self, failing: bool, busy: Exception):
        """While failing, hold one of the few slots or raise ``busy`` at once."""
        if not failing:
            yield
            return
        if not self._slots.acquire(blocking=False):
            raise busy
        try:
            yield
        finally:
            self._slots.release()

    def send(self, send: Callable[..., None], *args) -> None:
        """Call ``send(*args)`` and count how it went; any error becomes SendFailed.

        A backend that breaks in a way it does not translate (a gateway's
        garbled answer) is a failed send too, not a 500 for real names only.
        While sends fail and every slot is taken, fail at once without sending.
        """
        busy = SendFailed(f"{self.name} sends are failing and every slot is taken; not tried")
        with self._slot(self.failing(), busy):
            self._timed(send, *args)

    def _timed(self, send: Callable[..., None], *args) -> None:
        started = self.clock()
        try:
            send(*args)
        except Exception as exc:
            self.failed(self.clock() - started)
            if isinstance(exc, SendFailed):
                raise
            raise SendFailed(f"{self.name} send failed: {type(exc).__name__}: {exc}") from exc
        self.succeeded(self.clock() - started)

    def _state(self) -> tuple[bool, float]:
        with self._lock:
            if self._failing:
                return True, self._failure or 0.0
            return False, self.seed if self._success is None else self._success

    def failing(self) -> bool:
        """True if the latest send failed (until one succeeds)."""
        return self._state()[0]

    def typical(self) -> float:
        """Seconds a send takes now: the average of failures while failing, else of successes."""
        return self._state()[1]

    def _spread(self, seconds: float) -> float:
        return seconds * self.uniform(1 - self.jitter, 1 + self.jitter)

    def imitate(self) -> None:
        """Take as long as a send would; raise NotSent while sends fail.

        Nothing timed and no seed: no wait (the outbox costs nothing worth hiding).
        """
        failing, seconds = self._state()
        not_sent = NotSent(
            f"no real send: nothing was to be sent, and the latest {self.name} send "
            "failed, so this answer is that of a failed send"
        )
        with self._slot(failing, not_sent):
            if seconds > 0:
                self.sleep(self._spread(seconds))
        if failing:
            raise not_sent

    def pad(self, elapsed: float) -> None:
        """Wait until a typical success would have ended, ``elapsed`` seconds in.

        For refusals that may have come back early (no password was hashed):
        a refusal that took as long as a success waits about nothing more.
        """
        remaining = self._spread(self.typical()) - elapsed
        if remaining > 0:
            self.sleep(remaining)
