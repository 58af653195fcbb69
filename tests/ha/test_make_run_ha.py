"""`make run-ha` on free ports: two providers, Redis, two workers; sign-ins, failover, Ctrl-C."""

import http.cookiejar
import json
import os
import re
import signal
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from directory.connection import Servers
from directory.server.slapd import free_port
from directory.settings import Settings
from tests.support import alive, demo_accounts, eventually, listening, start_make

ROOT = Path(__file__).resolve().parents[2]
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
SIGNED_IN = "Logget inn som"


class RunHa:
    """`make run-ha` in its own session, as in a terminal, with var/ in a temporary folder."""

    def __init__(self, var: Path):
        self.var = var
        self.ports = [free_port(), free_port(), free_port()]
        self.log = open(var / "make-run-ha.log", "w")  # noqa: SIM115 - closed in cleanup
        self.make = start_make(
            "run-ha",
            self.log,
            SERES_VAR=str(var),
            SERES_RUN_LDAP_PORT=str(self.ports[0]),
            SERES_RUN_LDAP_PORT2=str(self.ports[1]),
            SERES_RUN_WEB_PORT=str(self.ports[2]),
        )
        assert eventually(lambda: "Ctrl-C stops everything" in self.output(), 120), self.output()
        ha = var / "ha"
        self.slapds = [int((ha / f"provider{n}" / "run" / "slapd.pid").read_text()) for n in (1, 2)]
        self.gunicorn = int((ha / "gunicorn.pid").read_text())
        self.redis_socket = ha / "redis" / "redis.sock"

    def output(self) -> str:
        return (self.var / "make-run-ha.log").read_text()

    def everything_stopped(self) -> bool:
        return not (
            any(alive(pid) for pid in (*self.slapds, self.gunicorn))
            or any(listening(port) for port in self.ports)
            or self.redis_socket.exists()
        )

    def cleanup(self) -> None:
        for pid in (*self.slapds, self.gunicorn):
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
        if self.make.poll() is None:
            os.killpg(self.make.pid, signal.SIGKILL)
        self.make.wait()
        self.log.close()


@pytest.fixture
def run(tmp_path):
    started = RunHa(tmp_path)
    yield started
    started.cleanup()


def web_sign_in(run: RunHa, account) -> bool:
    """The whole sign-in over HTTP, the code read from the outbox; True if it ended signed in."""
    base = f"http://127.0.0.1:{run.ports[2]}"
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    opener.addheaders = [("Accept-Language", "nb")]

    def post(form: dict) -> str:
        data = urllib.parse.urlencode(form).encode()
        with opener.open(base + "/login", data, timeout=15) as response:
            return response.read().decode()

    try:
        with opener.open(base + "/login", timeout=15) as response:
            token = CSRF.search(response.read().decode()).group(1)
        outbox = run.var / "outbox"
        before = set(outbox.glob("*.json"))
        post({"csrf_token": token, "username": account.username})
        new = eventually(lambda: set(outbox.glob("*.json")) - before, 10)
        message = json.loads(sorted(new)[-1].read_text())
        code = re.search(r"\b(\d{6})\b", message["text"]).group(1)
        form = {"csrf_token": token, "username": account.username}
        page = post({**form, "password": account.password, "code": code})
    except (OSError, AttributeError):  # a 503 (urllib raises), no form, no code
        return False
    return SIGNED_IN in page


def test_make_run_ha_signs_in_fails_over_and_stops_on_ctrl_c(run):
    """A sign-in; its used step reaches provider 2; provider 1 killed: sign-ins go on; Ctrl-C
    stops Redis, both providers and gunicorn and frees every port."""
    accounts = demo_accounts()
    assert web_sign_in(run, accounts["leser.prod"]), "first sign-in\n" + run.output()
    manager = accounts["manager"]
    settings = Settings((f"ldap://127.0.0.1:{run.ports[1]}",), manager.dn, manager.password)
    with Servers(settings).service() as two:
        token = "cn=leser.prod,ou=tokens,dc=seres,dc=example"
        assert eventually(
            lambda: two.read(token, ["oathTOTPLastTimeStep"]).get("oathTOTPLastTimeStep")
        )

    os.kill(run.slapds[0], signal.SIGKILL)
    killed = time.monotonic()
    others = ["kurs.deltaker", "skriver.bufdir", "eier.bufdir", "brukerservice"]
    assert any(web_sign_in(run, accounts[name]) for name in others), "failover\n" + run.output()
    assert time.monotonic() - killed < 30
    assert eventually(lambda: "A directory provider stopped" in run.output(), 15), (
        "notice\n" + run.output()
    )

    os.killpg(run.make.pid, signal.SIGINT)
    assert eventually(run.everything_stopped, 20), "stop\n" + run.output()
