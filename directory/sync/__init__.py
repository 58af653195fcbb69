"""The course refresh: a pure diff (diff.py), a thin applier (apply.py), the
lock, run records and schedule in ``ou=sync`` (lock.py, runs.py, schedule.py),
and the refresh that ties them together (engine.py)."""

from directory.sync.engine import RunResult, plan, refresh

__all__ = ["RunResult", "plan", "refresh"]
