"""Nothing sent, answered like a send: as slow as sends are, failing while they fail.

A request for a sign-in code or a recovery link sends a message only to a
real person who can get one; for any other name nothing is sent. Left
alone, a real person's answer comes later (an SMS gateway takes hundreds of
milliseconds), and while the gateway is down it is a failure where any other
name's is not: both tell who exists. A :class:`Channel` per kind of message
(sms, email) and process keeps how long sends take and whether the latest
one failed; :meth:`Channel.imitate` is what a request that sends nothing
does instead of sending. No Flask: the clock, the sleep and the jitter can
be given, for tests.
"""

import secrets
import threading
import time
from collections.abc import Callable

from webapp.notify import SendFailed

# Weight of the newest send in the moving averages: about the last ten count.
WEIGHT = 0.2
# A failed send makes answers fail for at most this long without another send.
FAILURE_MEMORY = 300.0
# Waits are spread by up to this share either way, like real sends' times.
JITTER = 0.1
_RANDOM = secrets.SystemRandom()


class NotSent(SendFailed):
    """Nothing was sent for this request; it answers as a failed send would."""


class Channel:
    """How long one kind of send takes, and whether the latest one failed."""

    def __init__(
        self,
        name: str,
        *,
        weight: float = WEIGHT,
        failure_memory: float = FAILURE_MEMORY,
        jitter: float = JITTER,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        uniform: Callable[[float, float], float] = _RANDOM.uniform,
    ):
        self.name = name
        self.weight = weight
        self.failure_memory = failure_memory
        self.jitter = jitter
        self.clock = clock
        self.sleep = sleep
        self.uniform = uniform
        self._lock = threading.Lock()
        self._success: float | None = None  # seconds, moving average; None before any
        self._failure: float | None = None
        self._failed_at: float | None = None  # clock() of the latest send, if it failed

    def _average(self, old: float | None, seconds: float) -> float:
        return seconds if old is None else old + self.weight * (seconds - old)

    def succeeded(self, seconds: float) -> None:
        """Count a send that took ``seconds``; sends work again."""
        with self._lock:
            self._success = self._average(self._success, seconds)
            self._failed_at = None

    def failed(self, seconds: float) -> None:
        """Count a send that failed after ``seconds``; answers fail until one succeeds."""
        with self._lock:
            self._failure = self._average(self._failure, seconds)
            self._failed_at = self.clock()

    def send(self, send: Callable[..., None], *args) -> None:
        """Call ``send(*args)`` and count how it went; SendFailed propagates."""
        started = self.clock()
        try:
            send(*args)
        except SendFailed:
            self.failed(self.clock() - started)
            raise
        self.succeeded(self.clock() - started)

    def _state(self) -> tuple[bool, float]:
        with self._lock:
            failing = self._failed_at is not None and (
                self.clock() - self._failed_at < self.failure_memory
            )
            seconds = self._failure if failing else self._success
        return failing, seconds or 0.0

    def failing(self) -> bool:
        """True if the latest send failed, less than ``failure_memory`` seconds ago."""
        return self._state()[0]

    def typical(self) -> float:
        """Seconds a send takes now: the average of failures while failing, else of successes."""
        return self._state()[1]

    def imitate(self) -> None:
        """Take as long as a send would; raise NotSent while sends fail.

        No send yet: no wait (the outbox costs nothing worth hiding).
        """
        failing, seconds = self._state()
        if seconds > 0:
            self.sleep(seconds * self.uniform(1 - self.jitter, 1 + self.jitter))
        if failing:
            raise NotSent(
                f"no real send: nothing was to be sent, and the latest {self.name} send "
                "failed, so this answer is that of a failed send"
            )
