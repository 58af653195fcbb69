"""Fixtures of the sign-in tests: people who may sign in, the outbox, a movable clock."""

import json
import time
from pathlib import Path

import pytest


@pytest.fixture
def person(make_person, tree):
    """A throw-away person who reads production and writes BUFdir there."""
    return make_person(groups=(tree.readers("prod"), tree.writers("prod", "BUFdir")))


@pytest.fixture
def outbox(app):
    """The messages the app has sent, oldest first."""
    folder = Path(app.config["SERES_VAR"]) / "outbox"

    def read() -> list[dict]:
        if not folder.is_dir():
            return []
        return [json.loads(p.read_text()) for p in sorted(folder.glob("*.json"))]

    return read


@pytest.fixture
def clock(app):
    """The app's clock of sessions and links, moved by hand (real time at first)."""

    class Clock:
        def __init__(self):
            self.now = time.time()

        def __call__(self) -> float:
            return self.now

        def advance(self, seconds: float) -> None:
            self.now += seconds

    c = Clock()
    app.config["SERES_CLOCK"] = c
    return c
