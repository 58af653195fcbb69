"""Connection settings of the refresh: production and course may be different servers.

``SERES_SYNC_PROD_<NAME>`` and ``SERES_SYNC_COURSE_<NAME>`` (URLS, BIND_DN,
PASSWORD or PASSWORD_FILE, SUFFIX, CONNECT_TIMEOUT, TIMEOUT, CA_FILE) fall back to
``SERES_SYNC_<NAME>``, so one server needs one set; the identity defaults to
the sync account. A value that cannot be used raises InvalidValue naming
the variable it came from.
"""

from collections.abc import Mapping

from directory.settings import Settings
from directory.tree import DEFAULT_SUFFIX, Tree

NAMES = (
    "URLS",
    "BIND_DN",
    "PASSWORD",
    "PASSWORD_FILE",
    "SUFFIX",
    "CONNECT_TIMEOUT",
    "TIMEOUT",
    "CA_FILE",
)
SIDES = ("PROD", "COURSE")


def settings_from_env(side: str, environ: Mapping[str, str]) -> Settings:
    """Return the settings of one side (``PROD`` or ``COURSE``)."""
    if side not in SIDES:
        raise ValueError(f"unknown side {side!r}")
    merged = {}
    origin = {}  # which variable each value came from, for messages
    for name in NAMES:
        for variable in (f"SERES_SYNC_{side}_{name}", f"SERES_SYNC_{name}"):
            if environ.get(variable):
                merged[name], origin[name] = environ[variable], variable
                break
    suffix = merged.get("SUFFIX", DEFAULT_SUFFIX)
    merged.setdefault("BIND_DN", Tree(suffix).service("sync"))
    return Settings.from_env(
        prefix="", environ=merged, name_of=lambda name: origin.get(name, f"SERES_SYNC_{name}")
    )
