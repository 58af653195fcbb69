"""Run a private slapd built by :mod:`directory.server.build`: start, wait, stop."""

import contextlib
import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from directory import layout


def ldapi_url(socket_path: Path) -> str:
    """Return the ldapi URL of a socket path (the path URL-encoded)."""
    return "ldapi://" + quote(str(socket_path), safe="")


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Slapd:
    """One slapd process serving a directory built under ``root``."""

    def __init__(
        self,
        root: Path,
        port: int | None = None,
        host: str = "127.0.0.1",
        ldaps_port: int | None = None,
    ):
        """``ldaps_port`` listens with TLS too: cn=config must name a certificate and key."""
        self.root = Path(root).resolve()
        self.host = host
        self.port = port
        self.ldaps_port = ldaps_port
        self.process: subprocess.Popen | None = None
        self._log_start = 0

    @property
    def config_dir(self) -> Path:
        return self.root / "slapd.d"

    @property
    def socket_path(self) -> Path:
        return self.root / "run" / "ldapi"

    @property
    def log_path(self) -> Path:
        return self.root / "run" / "slapd.log"

    @property
    def ldapi(self) -> str:
        return ldapi_url(self.socket_path)

    @property
    def url(self) -> str:
        return f"ldap://{self.host}:{self.port}"

    @property
    def ldaps_url(self) -> str:
        return f"ldaps://{self.host}:{self.ldaps_port}"

    def start(self, timeout: float = 10.0) -> "Slapd":
        """Start slapd in the foreground of a child process; return when it answers.

        Refuses (RuntimeError) before starting when a port is taken or another
        slapd serves this directory: a second slapd would replace the first
        one's ldapi socket before it failed on the port.
        """
        self._check_free()
        urls = [self.ldapi]
        if self.port is not None:
            urls.append(self.url + "/")
        if self.ldaps_port is not None:
            urls.append(self.ldaps_url + "/")
        with open(self.log_path, "ab") as log:
            self._log_start = log.tell()
            # Debug level "config": with 0, an error in cn=config stops slapd
            # without a word; "config" logs it (and about 40 lines per start).
            self.process = subprocess.Popen(
                [layout.SLAPD, "-d", "config", "-F", str(self.config_dir), "-h", " ".join(urls)],
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # Ctrl-C in a terminal reaches us, not slapd
            )
        try:
            self._wait_until_listening(timeout)
        except BaseException:
            # Not started, timed out, or interrupted (a signal, Ctrl-C) while
            # waiting: slapd runs in its own session, so nothing else stops it.
            self.stop()
            raise
        return self

    def _check_free(self) -> None:
        for port in (self.port, self.ldaps_port):
            if port is not None and _listening(self.host, port):
                raise RuntimeError(
                    f"port {port} on {self.host} is in use; stop what listens there first"
                )
        if self.socket_path.exists():
            with socket.socket(socket.AF_UNIX) as s:
                s.settimeout(1)
                try:
                    s.connect(str(self.socket_path))
                except OSError:
                    return  # left by a slapd that died: slapd replaces it
            raise RuntimeError(
                f"another slapd serves {self.root} (its socket {self.socket_path} answers);"
                " stop it first"
            )

    def terminate(self) -> None:
        """Ask slapd to stop (SIGTERM), without waiting: safe in a signal handler."""
        if self.process is not None and self.process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)

    def _wait_until_listening(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"slapd exited with status {self.process.returncode}; "
                    f"the end of {self.log_path}:\n{self._log_tail()}"
                )
            if self._answers():
                return
            time.sleep(0.05)
        raise RuntimeError(
            f"slapd did not answer within {timeout} s; the end of {self.log_path}:\n"
            f"{self._log_tail()}"
        )

    def _log_tail(self, lines: int = 10) -> str:
        """Return the last lines slapd wrote to its log since this start."""
        try:
            with open(self.log_path, "rb") as log:
                log.seek(self._log_start)
                text = log.read().decode(errors="replace")
        except OSError as exc:
            return f"(unreadable: {exc})"
        return "\n".join(text.splitlines()[-lines:]) or "(nothing)"

    def _answers(self) -> bool:
        try:
            for port in (self.port, self.ldaps_port):
                if port is not None:
                    with socket.create_connection((self.host, port), timeout=0.2):
                        return True
            with socket.socket(socket.AF_UNIX) as s:
                s.settimeout(0.2)
                s.connect(str(self.socket_path))
                return True
        except OSError:
            return False

    def stop(self) -> None:
        """Stop slapd (SIGTERM; it flushes and exits in milliseconds)."""
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def __enter__(self) -> "Slapd":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def _listening(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


@dataclass
class StopRequest:
    asked: bool = False


STOP_SIGNALS = (signal.SIGHUP, signal.SIGINT, signal.SIGTERM)


@contextlib.contextmanager
def stopped_by_signals(server: Slapd) -> Iterator[StopRequest]:
    """Run a block in which HUP, INT and TERM stop ``server``; stop it at the end however it ends.

    The handler raises nothing: it asks slapd to stop, so the block's wait for
    slapd returns. A signal arriving anywhere, even while the block ends or a
    second one during the stop, cannot cut the stop short (an exception
    raised by a handler in a ``finally`` would skip what follows it).
    """
    request = StopRequest()

    def handler(signum, frame) -> None:
        request.asked = True
        server.terminate()

    previous = {signum: signal.signal(signum, handler) for signum in STOP_SIGNALS}
    try:
        yield request
    finally:
        server.stop()
        for signum, old in previous.items():
            signal.signal(signum, old)
