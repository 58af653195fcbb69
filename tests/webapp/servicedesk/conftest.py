"""Fixtures of the desk's tests: sign-in's throw-away person and outbox."""

from tests.webapp.auth.conftest import outbox, person

__all__ = ["outbox", "person"]
