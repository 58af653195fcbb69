"""Starting and stopping a private slapd: `seres directory serve` and :class:`Slapd`."""

import re
import secrets
import signal
import subprocess
import sys

import pytest

from directory.server.build import BuildOptions, build
from directory.server.slapd import Slapd, free_port
from tests.support import alive, listening


def build_small(root):
    """A directory without demo data, built quickly."""
    options = BuildOptions(
        manager_password=secrets.token_urlsafe(16), demo=False, nosync=True, loglevel="none"
    )
    return build(root, options)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_small(tmp_path_factory.mktemp("serve") / "directory")


def slapd_pid(root) -> int:
    return int((root / "run" / "slapd.pid").read_text())


@pytest.mark.parametrize("signum", [signal.SIGHUP, signal.SIGTERM, signal.SIGINT])
def test_serve_stops_slapd_on_a_signal(built, signum):
    """Closing the terminal (HUP), `make run`'s script (TERM) and Ctrl-C (INT) stop slapd too."""
    port = free_port()
    serve = subprocess.Popen(
        [sys.executable, "-m", "directory.cli", "directory", "serve", str(built)]
        + ["--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert "slapd serves" in serve.stdout.readline()
        pid = slapd_pid(built)
        assert listening(port)
        serve.send_signal(signum)
        assert serve.wait(timeout=15) == 0
        assert not listening(port)
        assert not alive(pid)
    finally:
        serve.kill()
        serve.wait()
        serve.stdout.close()


def test_an_interrupted_start_stops_slapd(built, monkeypatch):
    """A signal or Ctrl-C while waiting for slapd to answer leaves no slapd behind."""
    server = Slapd(built, port=free_port())

    def interrupted(self):
        raise KeyboardInterrupt

    monkeypatch.setattr(Slapd, "_answers", interrupted)
    with pytest.raises(KeyboardInterrupt):
        server.start()
    assert server.process.poll() is not None
    assert not listening(server.port)


def test_a_directory_built_from_a_relative_path_serves_from_anywhere(tmp_path, monkeypatch):
    """`make run` builds var/directory: cn=config must hold absolute paths."""
    monkeypatch.chdir(tmp_path)
    root = build_small("relative")
    assert root == tmp_path / "relative"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    with Slapd(root, port=free_port()) as server:
        assert listening(server.port)


def test_a_config_error_is_in_the_message_when_slapd_does_not_start(tmp_path):
    """slapd's own words on a broken cn=config, not a pointer to an empty log."""
    root = build_small(tmp_path / "broken")
    (database,) = (root / "slapd.d" / "cn=config").glob("olcDatabase={2}mdb.ldif")
    text = database.read_text()
    database.write_text(
        re.sub(r"(?m)^olcDbDirectory: .*$", f"olcDbDirectory: {tmp_path / 'missing'}", text)
    )
    with pytest.raises(RuntimeError) as raised:
        Slapd(root, port=free_port()).start()
    message = str(raised.value)
    assert "slapd exited with status" in message
    assert "olcDbDirectory" in message and "invalid path" in message
