"""Prometheus metrics of the directory layer (LDAP operations, course refreshes).

The names are documented in docs/operations.md; keep the two in step.
"""

import time
from collections.abc import Iterator
from contextlib import contextmanager

from prometheus_client import Counter, Histogram

LDAP_SECONDS = Histogram(
    "seres_ldap_operation_seconds",
    "Seconds an LDAP operation took, by operation, failures included.",
    ["operation"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
LDAP_FAILURES = Counter(
    "seres_ldap_operation_failures_total",
    "LDAP operations that raised an error, by operation and the project's error class.",
    ["operation", "error"],
)


@contextmanager
def timed(operation: str) -> Iterator[None]:
    """Time one LDAP operation; count it as failed if it raises."""
    started = time.perf_counter()
    try:
        yield
    except Exception as exc:
        LDAP_FAILURES.labels(operation, type(exc).__name__).inc()
        raise
    finally:
        LDAP_SECONDS.labels(operation).observe(time.perf_counter() - started)
