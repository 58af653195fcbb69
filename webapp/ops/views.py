"""/healthz, /readyz and /metrics: for load balancers, systemd and Prometheus.

/healthz touches nothing but the process; /readyz binds to the directory
with short timeouts; /metrics answers on the loopback interface, or, with
SERES_METRICS_TOKEN set, to a request bearing that token (and only then).
"""

import hmac
import os
import time
from dataclasses import replace

from flask import Blueprint, Flask, Response, abort, current_app, jsonify, request
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client import REGISTRY as DEFAULT_REGISTRY
from prometheus_client.multiprocess import MultiProcessCollector

from directory.connection import Servers
from directory.errors import DirectoryError
from directory.tree import Tree
from webapp.ops.metrics import RefreshRuns

bp = Blueprint("ops", __name__)

READY_CONNECT_TIMEOUT = 1.0
READY_TIMEOUT = 2.0
LOOPBACK = ("127.0.0.1", "::1")


def init_app(app: Flask) -> None:
    """Register the views, the readiness checks' connections and the metrics' registry."""
    settings = app.config["SERES_LDAP"]
    quick = replace(settings, connect_timeout=READY_CONNECT_TIMEOUT, receive_timeout=READY_TIMEOUT)
    # One per server, so that /readyz says which of several answers.
    app.extensions["seres_ready_servers"] = {
        url: Servers(replace(quick, urls=(url,))) for url in settings.urls
    }
    registry = CollectorRegistry(auto_describe=False)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        # Several gunicorn workers: each writes its counts there; a scrape adds them up.
        MultiProcessCollector(registry)
    else:
        registry.register(_Default())
    registry.register(RefreshRuns(Servers(quick).service, Tree(settings.suffix)))
    app.extensions["seres_metrics_registry"] = registry
    app.register_blueprint(bp)


class _Default:
    """This process's metrics (the default registry), in the app's own registry."""

    def collect(self):
        return DEFAULT_REGISTRY.collect()


@bp.get("/healthz")
def healthz():
    """The process answers: nothing else is asked."""
    return jsonify(status="ok")


def _answers(directory: Servers) -> str:
    """Return "ok" if the server binds the service account and reads the base, else why not."""
    try:
        with directory.service() as connection:
            connection.exists(directory.settings.suffix)
    except DirectoryError as exc:
        return type(exc).__name__
    return "ok"


@bp.get("/readyz")
def readyz():
    """Ready when a directory server answers within seconds; each server's answer in ``servers``."""
    started = time.monotonic()
    servers = {
        url: _answers(directory)
        for url, directory in current_app.extensions["seres_ready_servers"].items()
    }
    seconds = round(time.monotonic() - started, 3)
    ready = "ok" in servers.values()
    body = {
        "status": "ready" if ready else "unavailable",
        "directory": "ok" if ready else next(iter(servers.values())),
        "servers": servers,
        "seconds": seconds,
    }
    return jsonify(body), 200 if ready else 503, {"Cache-Control": "no-store"}


@bp.get("/metrics")
def metrics():
    """Prometheus' text format; refused unless allowed (see the module's docstring)."""
    token = current_app.config.get("SERES_METRICS_TOKEN")
    if token:
        given = request.headers.get("Authorization", "")
        if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
            return Response("a bearer token is needed\n", 401, {"WWW-Authenticate": "Bearer"})
    elif request.remote_addr not in LOOPBACK:
        abort(404)
    output = generate_latest(current_app.extensions["seres_metrics_registry"])
    return Response(output, 200, {"Content-Type": CONTENT_TYPE_LATEST})
