"""Per-person records of sessions and sign-ins, beside the rate limits' counts.

Where they live: in the storage the rate limits and the sign-outs already
use (``limits.storage()``): the process's memory (gunicorn runs one worker),
or Redis when ``SERES_RATELIMIT_STORAGE`` names one, so every worker of
``make run-ha`` sees the same sessions. Not in the directory: a session is
the web app's, not the register's, and tools never ask for it.

Two kinds, each a small JSON object per item, keyed by the username:

- sessions: one per signed-in browser (its id, when it began, from which
  address, a summary of its browser), until it ends or reaches its maximum
  age;
- sign-ins: the newest ``KEEP_SIGNINS`` attempts (when, from which
  address, whether it succeeded), kept ``SIGNIN_DAYS`` days.

No password, code or secret is ever written here.
"""

import json
import re
import threading
import time
from collections import deque

from limits.storage import MemoryStorage, Storage

KEEP_SIGNINS = 20
SIGNIN_DAYS = 90
SESSIONS = "seres/sessions/"
SIGNINS = "seres/signins/"


class Memory:
    """The records in the process's memory (one worker), each key with an expiry."""

    def __init__(self):
        self.lock = threading.Lock()
        self.maps: dict[str, tuple[float, dict[str, str]]] = {}
        self.lists: dict[str, tuple[float, deque]] = {}

    def _live(self, table: dict, key: str):
        found = table.get(key)
        if found is None or found[0] <= time.time():
            table.pop(key, None)
            return None
        return found[1]

    def put(self, key: str, field: str, value: str, seconds: int) -> None:
        with self.lock:
            values = self._live(self.maps, key) or {}
            values[field] = value
            self.maps[key] = (time.time() + seconds, values)

    def fields(self, key: str) -> dict[str, str]:
        with self.lock:
            return dict(self._live(self.maps, key) or {})

    def drop(self, key: str, field: str) -> None:
        with self.lock:
            (self._live(self.maps, key) or {}).pop(field, None)

    def push(self, key: str, value: str, keep: int, seconds: int) -> None:
        with self.lock:
            values = self._live(self.lists, key) or deque(maxlen=keep)
            values.appendleft(value)
            self.lists[key] = (time.time() + seconds, values)

    def items(self, key: str) -> list[str]:
        with self.lock:
            return list(self._live(self.lists, key) or ())


class Redis:
    """The records in Redis: a hash per person's sessions, a capped list per person's sign-ins."""

    def __init__(self, client):
        self.client = client

    def put(self, key: str, field: str, value: str, seconds: int) -> None:
        pipe = self.client.pipeline()
        pipe.hset(key, field, value)
        pipe.expire(key, seconds)
        pipe.execute()

    def fields(self, key: str) -> dict[str, str]:
        return {_text(k): _text(v) for k, v in self.client.hgetall(key).items()}

    def drop(self, key: str, field: str) -> None:
        self.client.hdel(key, field)

    def push(self, key: str, value: str, keep: int, seconds: int) -> None:
        pipe = self.client.pipeline()
        pipe.lpush(key, value)
        pipe.ltrim(key, 0, keep - 1)
        pipe.expire(key, seconds)
        pipe.execute()

    def items(self, key: str) -> list[str]:
        return [_text(v) for v in self.client.lrange(key, 0, -1)]


def _text(value) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def store_for(storage: Storage):
    """The records' store beside the limits' storage: the same Redis, or memory."""
    if isinstance(storage, MemoryStorage):
        return Memory()
    client = getattr(storage, "storage", None)
    if not hasattr(client, "hset"):
        raise ValueError("session records need memory:// or a Redis storage")
    return Redis(client)


# A browser in a few words, from its User-Agent: (pattern, name), first match wins.
BROWSERS = (
    (r"Edg(e|A|iOS)?/", "Edge"),
    (r"OPR/|Opera", "Opera"),
    (r"Firefox/|FxiOS/", "Firefox"),
    (r"Chrome/|CriOS/|Chromium/", "Chrome"),
    (r"Safari/", "Safari"),
    (r"curl/", "curl"),
)
SYSTEMS = (
    (r"Android", "Android"),
    (r"iPhone|iPad|iOS", "iOS"),
    (r"Windows", "Windows"),
    (r"Mac OS X|Macintosh", "macOS"),
    (r"CrOS", "ChromeOS"),
    (r"Linux", "Linux"),
)


def agent_summary(agent: str) -> str:
    """A User-Agent as "browser on system" (e.g. "Firefox on Linux"); "" if unknown."""
    browser = next((name for pattern, name in BROWSERS if re.search(pattern, agent)), "")
    system = next((name for pattern, name in SYSTEMS if re.search(pattern, agent)), "")
    if browser and system:
        return f"{browser} ({system})"
    return browser or system


def encode(record: dict) -> str:
    return json.dumps(record, sort_keys=True)


def decode(text: str) -> dict | None:
    try:
        record = json.loads(text)
    except ValueError:
        return None
    return record if isinstance(record, dict) else None
