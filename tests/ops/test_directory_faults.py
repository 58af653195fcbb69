"""The directory down, stalled, back again: clear 503 pages within seconds, prompt recovery."""

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from directory.server.slapd import free_port
from tests.support import web_sign_in

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_a_signed_in_person_gets_the_503_page_when_the_directory_is_down(
    relayed_app, relay, make_person, binder
):
    """The error page draws no menu from the directory, so it is a 503 page, not a bare 500."""
    client = relayed_app.test_client()
    person = make_person()
    assert web_sign_in(client, binder, person).status_code == 303
    relay.down()
    response = client.get("/orders")
    assert response.status_code == 503
    assert "Registeret svarer ikke. Prøv igjen om noen minutter." in response.get_data(as_text=True)


def test_pages_answer_again_at_once_when_the_directory_comes_back(relayed_app, relay):
    """ldap3 used to skip a server for 5 s after a failed connect."""
    client = relayed_app.test_client()
    assert client.get("/kursmiljo/oppdateringer").status_code == 200
    relay.down()
    assert client.get("/kursmiljo/oppdateringer").status_code == 503  # the pooled connection
    assert client.get("/kursmiljo/oppdateringer").status_code == 503  # a new one, refused
    relay.up()
    assert client.get("/kursmiljo/oppdateringer").status_code == 200


def test_a_stalled_directory_gives_503_within_seconds(relayed_app, relay):
    client = relayed_app.test_client()
    assert client.get("/kursmiljo/oppdateringer").status_code == 200
    relay.stall()
    started = time.monotonic()
    response = client.get("/kursmiljo/oppdateringer")
    assert response.status_code == 503
    assert time.monotonic() - started < 7  # 5 s for an operation's answer


def get(url: str, timeout: float = 15) -> tuple[int, float]:
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as answer:  # noqa: S310 - loopback
            status = answer.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    return status, time.monotonic() - started


@pytest.fixture
def gunicorn(relay, accounts, tmp_path):
    """The app under gunicorn as `make run` starts it (8 threads), through the relay."""
    port = free_port()
    env = {
        **os.environ,
        "SERES_LDAP_URLS": relay.url,
        "SERES_LDAP_BIND_DN": accounts["webapp"].dn,
        "SERES_LDAP_PASSWORD": accounts["webapp"].password,
        "SERES_LDAP_TIMEOUT": "2",
        "SERES_SECRET_KEY": "test-secret-key",
        "SERES_DEV": "1",
        "SERES_INSECURE_COOKIES": "1",
        "SERES_VAR": str(tmp_path),
        "SERES_NOTIFY": "outbox",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", "1"]
        + ["--threads", "8", "--no-control-socket", "wsgi:app"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            get(base + "/healthz", timeout=1)
            break
        except OSError:
            assert time.monotonic() < deadline, "gunicorn did not start"
            time.sleep(0.1)
    yield base
    process.terminate()
    process.wait(timeout=30)


def test_a_stalled_directory_leaves_static_files_and_healthz_answering(gunicorn, relay):
    """Twenty requests wait on a stalled directory: each ends as 503 within seconds,
    and meanwhile a static file and /healthz answer at once."""
    assert get(gunicorn + "/kursmiljo/oppdateringer")[0] == 200
    relay.stall()
    with ThreadPoolExecutor(24) as pool:
        pages = [pool.submit(get, gunicorn + "/kursmiljo/oppdateringer") for _ in range(20)]
        time.sleep(0.5)
        static = get(gunicorn + "/static/style.css")
        health = get(gunicorn + "/healthz")
        answers = [page.result() for page in pages]
    assert static[0] == 200 and static[1] < 2
    assert health[0] == 200 and health[1] < 2
    assert {status for status, _ in answers} == {503}
    assert max(seconds for _, seconds in answers) < 8
