"""`seres directory serve` stops slapd however it is stopped, and never disturbs another slapd."""

import signal
import socket
import subprocess
import sys
import time

import pytest

from directory.server.slapd import Slapd, free_port
from tests.directory.server.test_slapd import build_small, slapd_pid
from tests.support import alive, listening


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_small(tmp_path_factory.mktemp("serve-faults") / "directory")


def serve(root, port):
    return subprocess.Popen(
        [sys.executable, "-m", "directory.cli", "directory", "serve", str(root)]
        + ["--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def ldapi_answers(root) -> bool:
    """Does a slapd answer an LDAP request on the directory's ldapi socket?"""
    with socket.socket(socket.AF_UNIX) as s:
        s.settimeout(2)
        try:
            s.connect(str(root / "run" / "ldapi"))
            # An anonymous simple bind request (message id 1), answered by any slapd.
            s.sendall(bytes.fromhex("300c020101600702010304008000"))
            return s.recv(100)[:1] == b"\x30"
        except OSError:
            return False


@pytest.mark.parametrize(
    "first,second", [(signal.SIGINT, signal.SIGTERM), (signal.SIGTERM, signal.SIGHUP)]
)
def test_serve_stops_slapd_when_stop_signals_arrive_together(built, first, second):
    """Ctrl-C and `make run`'s TERM arriving together still stop slapd (they raced in the stop)."""
    for _ in range(6):
        port = free_port()
        process = serve(built, port)
        try:
            assert "slapd serves" in process.stdout.readline()
            pid = slapd_pid(built)
            process.send_signal(first)
            process.send_signal(second)
            process.wait(timeout=15)
            deadline = time.monotonic() + 5
            while alive(pid) and time.monotonic() < deadline:
                time.sleep(0.05)
            assert not alive(pid), "slapd was left running"
            assert not listening(port)
        finally:
            process.kill()
            process.wait()
            process.stdout.close()
            if alive(pid):
                import os

                os.kill(pid, signal.SIGKILL)


def test_serve_says_so_when_slapd_dies(built):
    """slapd killed under `serve`: serve ends with an error naming slapd's status."""
    port = free_port()
    process = serve(built, port)
    try:
        assert "slapd serves" in process.stdout.readline()
        import os

        os.kill(slapd_pid(built), signal.SIGKILL)
        assert process.wait(timeout=15) == 1
        assert "slapd exited with status -9" in process.stdout.read()
    finally:
        process.kill()
        process.wait()
        process.stdout.close()


def test_a_second_serve_on_a_busy_port_fails_and_leaves_the_first_alone(built):
    """The second serve says the port is in use and the running slapd keeps its ldapi socket."""
    port = free_port()
    with Slapd(built, port=port):
        assert ldapi_answers(built)
        second = subprocess.run(
            [sys.executable, "-m", "directory.cli", "directory", "serve", str(built)]
            + ["--port", str(port)],
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert second.returncode == 1
        assert "slapd serves" not in second.stdout
        assert f"port {port} on 127.0.0.1 is in use" in second.stderr
        assert ldapi_answers(built)


def test_a_second_serve_of_the_same_directory_on_another_port_is_refused(built):
    """Another slapd on the same files would take the running one's ldapi socket."""
    with Slapd(built, port=free_port()):
        other_port = free_port()
        second = subprocess.run(
            [sys.executable, "-m", "directory.cli", "directory", "serve", str(built)]
            + ["--port", str(other_port)],
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert second.returncode == 1
        assert "another slapd serves" in second.stderr
        assert not listening(other_port)
        assert ldapi_answers(built)
