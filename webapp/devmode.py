"""Development mode (SERES_DEV) stays on this machine: warn loudly when it does not.

The outbox page lists every code and link sent; ``from_loopback`` keeps it
to requests from this machine. At start the app looks at the sockets its
process listens on (gunicorn's workers inherit them); a request from
elsewhere is warned about once per address, whatever server runs the app.
"""

import ipaddress
import logging
import os
import socket
import stat
import sys
import threading

from flask import Flask, current_app, request

log = logging.getLogger(__name__)
BANNER = "!" * 72


def init_app(app: Flask) -> None:
    """In development mode: warn at start and on requests from other machines."""
    exposed = [a for a in listening_addresses() if not loopback(a[0])]
    if exposed:
        shout(
            "SERES_DEV=1 (development mode) listens on "
            + ", ".join(f"{host} port {port}" for host, port in exposed)
            + ": other machines can reach it and its outbox of codes and links."
            " Bind to 127.0.0.1, or turn development mode off."
        )
    warned: set[str] = set()
    lock = threading.Lock()

    @app.before_request
    def reached_from_elsewhere():
        if from_loopback():
            return
        address = request.remote_addr or "an unknown address"
        if forwarded():
            address += " (a proxy passing on a request from elsewhere)"
        with lock:
            if address in warned or len(warned) > 100:
                return
            warned.add(address)
        shout(f"SERES_DEV=1 (development mode) was reached from {address}, not this machine.")


def shout(message: str) -> None:
    """On stderr and in the log, hard to miss."""
    print(f"{BANNER}\nWARNING: {message}\n{BANNER}", file=sys.stderr, flush=True)
    log.warning("%s", message)


def loopback(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if ip.version == 6 and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_loopback


def forwarded() -> bool:
    """A request that a proxy passed on, with its proxies not trusted (so from anywhere)."""
    if current_app.config["SERES_TRUSTED_PROXIES"]:
        return False  # ProxyFix made remote_addr the client's
    return any(h in request.headers for h in ("X-Forwarded-For", "Forwarded", "X-Real-Ip"))


def from_loopback() -> bool:
    """True if the request comes from this machine, directly or through trusted proxies."""
    return loopback(request.remote_addr or "") and not forwarded()


def listening_addresses() -> list[tuple[str, int]]:
    """The TCP addresses this process listens on (Linux: its open sockets), host and port."""
    found = []
    try:
        fds = os.listdir("/proc/self/fd")
    except OSError:
        return found
    for name in fds:
        try:
            fd = int(name)
            if not stat.S_ISSOCK(os.fstat(fd).st_mode):
                continue
            sock = socket.socket(fileno=os.dup(fd))
        except OSError:
            continue
        with sock:
            try:
                listening = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN)
                if listening and sock.family in (socket.AF_INET, socket.AF_INET6):
                    host, port = sock.getsockname()[:2]
                    found.append((host, port))
            except OSError:
                continue
    return found
