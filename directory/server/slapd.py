"""Run a private slapd built by :mod:`directory.build`: start, wait, stop."""

import os
import signal
import socket
import subprocess
import time
from pathlib import Path
from urllib.parse import quote

from directory.server import layout


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
        """Start slapd in the foreground of a child process; return when it answers."""
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
