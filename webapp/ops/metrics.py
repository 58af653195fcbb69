"""The web app's Prometheus metrics, without Flask; names documented in docs/operations.md.

The directory layer's own (LDAP operations) are in :mod:`directory.metrics`.
Refreshes run in other processes (the timer's ``seres sync``), so their
metrics are read from the run records at each scrape (:class:`RefreshRuns`).
"""

import logging
from collections import Counter as Tally
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from prometheus_client import Counter
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from directory.connection import Ldap
from directory.errors import DirectoryError
from directory.sync import runs
from directory.tree import Tree

log = logging.getLogger(__name__)

SIGNINS = Counter(
    "seres_signins_total",
    "Sign-ins on the web, by result: ok, refused (wrong password or code), locked.",
    ["result"],
)
MESSAGES = Counter(
    "seres_messages_total",
    "Messages handed to a channel (sms: sign-in codes; email: links and order mail), "
    "by channel and result: sent or failed.",
    ["channel", "result"],
)
for _result in ("ok", "refused", "locked"):
    SIGNINS.labels(_result)
for _channel in ("sms", "email"):
    for _result in ("sent", "failed"):
        MESSAGES.labels(_channel, _result)


@contextmanager
def counted(channel: str) -> Iterator[None]:
    """Count one send on ``channel`` as sent, or failed if it raises."""
    try:
        yield
    except Exception:
        MESSAGES.labels(channel, "failed").inc()
        raise
    MESSAGES.labels(channel, "sent").inc()


# How many of the latest run records a scrape reads.
RUNS_READ = 100


class RefreshRuns(Collector):
    """Course refreshes from their records in the directory, read at each scrape.

    ``connect`` returns a bound connection (closed here); if the directory
    does not answer, the scrape goes on without these metrics.
    """

    def __init__(self, connect: Callable[[], Ldap], tree: Tree):
        self.connect = connect
        self.tree = tree

    def collect(self):
        try:
            with self.connect() as ldap:
                latest = runs.last_runs(ldap, self.tree, RUNS_READ)
        except DirectoryError as exc:
            log.warning("metrics: refresh runs not read: %s", exc)
            return
        by_result = GaugeMetricFamily(
            "seres_refresh_runs",
            f"Course refreshes among the latest {RUNS_READ} recorded, by result "
            "(running: no end recorded, still running or died).",
            labels=["result"],
        )
        tally = Tally(run.result if run.finished else "running" for run in latest)
        for result in (runs.OK, runs.FAILED, runs.ABORTED, runs.REFUSED, runs.UNLOCKED, "running"):
            by_result.add_metric([result], tally.get(result, 0))
        yield by_result
        finished = [run for run in latest if run.finished and run.result != runs.UNLOCKED]
        if not finished:
            return
        last = finished[0]
        duration = GaugeMetricFamily(
            "seres_refresh_last_duration_seconds",
            "How long the latest finished course refresh took.",
            labels=["result", "kind"],
        )
        duration.add_metric(
            [last.result, last.kind or "unknown"], (last.end - last.start).total_seconds()
        )
        yield duration
        yield GaugeMetricFamily(
            "seres_refresh_last_end_timestamp_seconds",
            "When the latest finished course refresh ended (Unix time).",
            value=last.end.timestamp(),
        )
        ok = [run for run in finished if run.result == runs.OK]
        if ok:
            yield GaugeMetricFamily(
                "seres_refresh_last_ok_timestamp_seconds",
                "When the latest successful course refresh ended (Unix time).",
                value=ok[0].end.timestamp(),
            )
