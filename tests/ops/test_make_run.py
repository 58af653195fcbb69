"""`make run` on free ports: every way it stops, stops both servers and frees both ports."""

import os
import signal
import time
from pathlib import Path

import pytest

from directory.server.slapd import free_port
from tests.support import alive, listening, start_make

ROOT = Path(__file__).resolve().parents[2]


def until(check, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return check()


class Run:
    """`make run` in its own session (as in a terminal), on free ports, with var/ in a temporary folder."""

    def __init__(self, var: Path):
        self.var = var
        self.ldap_port, self.web_port = free_port(), free_port()
        self.log = open(var / "make-run.log", "w")  # noqa: SIM115 - closed in stop_checked
        self.make = start_make(
            "run",
            self.log,
            SERES_VAR=str(var),
            SERES_RUN_LDAP_PORT=str(self.ldap_port),
            SERES_RUN_WEB_PORT=str(self.web_port),
        )
        assert until(lambda: "Ctrl-C stops both" in self.output(), 120), self.output()
        self.slapd = int((var / "directory" / "run" / "slapd.pid").read_text())
        self.gunicorn = int((var / "gunicorn.pid").read_text())

    def output(self) -> str:
        return (self.var / "make-run.log").read_text()

    def everything_stopped(self) -> bool:
        return not (
            alive(self.slapd)
            or alive(self.gunicorn)
            or listening(self.ldap_port)
            or listening(self.web_port)
        )

    def cleanup(self) -> None:
        for pid in (self.slapd, self.gunicorn):
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
        if self.make.poll() is None:
            os.killpg(self.make.pid, signal.SIGKILL)
        self.make.wait()
        self.log.close()


@pytest.fixture(scope="module")
def var(tmp_path_factory):
    return tmp_path_factory.mktemp("make-run")


@pytest.fixture
def run(var):
    started = Run(var)
    yield started
    started.cleanup()


def test_ctrl_c_stops_both_servers(run):
    """Ctrl-C in the terminal (SIGINT to the whole process group)."""
    os.killpg(run.make.pid, signal.SIGINT)
    assert until(run.everything_stopped, 15), run.output()


def test_sigint_to_make_alone_stops_both_servers(run):
    """`kill -INT` to make's process only (not the group): make does not pass it on."""
    os.kill(run.make.pid, signal.SIGINT)
    assert until(run.everything_stopped, 15), run.output()


def test_sigterm_to_make_stops_both_servers(run):
    os.kill(run.make.pid, signal.SIGTERM)
    assert until(run.everything_stopped, 15), run.output()


def test_sighup_to_make_stops_both_servers(run):
    """make does not pass SIGHUP on: the script notices that make has gone."""
    os.kill(run.make.pid, signal.SIGHUP)
    assert until(run.everything_stopped, 15), run.output()


def test_sighup_to_the_terminal_stops_both_servers(run):
    """Closing the terminal (SIGHUP to the whole process group)."""
    os.killpg(run.make.pid, signal.SIGHUP)
    assert until(run.everything_stopped, 15), run.output()


def test_slapd_dying_stops_the_app(run):
    os.kill(run.slapd, signal.SIGKILL)
    assert until(run.everything_stopped, 15), run.output()
    assert run.make.wait(timeout=15) != 0


def test_the_app_dying_stops_slapd(run):
    os.kill(run.gunicorn, signal.SIGKILL)
    assert until(run.everything_stopped, 15), run.output()
    assert run.make.wait(timeout=15) != 0
