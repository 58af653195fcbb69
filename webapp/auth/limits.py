"""Rate limits (Flask-Limiter's storage): code sending, sign-in attempts, failures.

Limits are counted by name and key: a normalized username (existing or
not, so a limit says nothing about who exists) or the client's address.
"""

from flask import Flask, current_app, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from limits import parse, parse_many

# The app's own count of failed sign-ins per username, existing or not, so
# that the lock-out message is the same for any name (ppolicy: 5 in 15 min).
FAILURES = parse("5/15 minutes")


def init_app(app: Flask) -> None:
    limiter = Limiter(
        key_func=get_remote_address,
        storage_uri=app.config["RATELIMIT_STORAGE_URI"],
        default_limits=[],
    )
    limiter.init_app(app)
    app.extensions["seres_limiter"] = limiter


def _strategy():
    return current_app.extensions["seres_limiter"].limiter


def address() -> str:
    return get_remote_address() or request.remote_addr or "unknown"


def allow(name: str, key: str) -> bool:
    """Count one use of ``name`` for ``key``; False (and nothing counted) if over a limit."""
    items = parse_many(current_app.config[f"SERES_LIMIT_{name}"])
    strategy = _strategy()
    if not all(strategy.test(item, name, key) for item in items):
        return False
    for item in items:
        strategy.hit(item, name, key)
    return True


def record_failure(username: str) -> bool:
    """Count a failed sign-in; True once the name has failed as often as ppolicy allows."""
    strategy = _strategy()
    strategy.hit(FAILURES, "failures", username)
    return not strategy.test(FAILURES, "failures", username)


def clear_failures(username: str) -> None:
    _strategy().clear(FAILURES, "failures", username)
