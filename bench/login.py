"""Complete web sign-ins per second through gunicorn, next to bare LDAP binds.

Builds its own slapd (free port) with throw-away people, starts gunicorn
(--workers 1 --threads 8, free port) with the outbox backend, then
measures, with the same number of client threads:

- web: GET /login, POST username, read the code from the outbox file,
  POST password + code, follow the redirect to the home page;
- ldap: one ldap3 bind with the password followed by the code.

Each person signs in once. Ends with one JSON line of figures and the ratio,
with the CPU time each process spent per sign-in or bind (from /proc), and
the Argon2 cost both sides pay in slapd (directory/layout.py): a dearer hash
raises the ratio, so read it with that cost.
"""

import base64
import http.client
import json
import os
import re
import secrets
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from directory import otp  # noqa: E402
from directory.connection import Servers  # noqa: E402
from directory.layout import ARGON2_MODULE  # noqa: E402
from directory.server.build import BuildOptions, build, hash_password  # noqa: E402
from directory.server.slapd import Slapd, free_port  # noqa: E402
from directory.settings import Settings  # noqa: E402
from directory.tree import Tree  # noqa: E402
from tests.support import demo_accounts  # noqa: E402

PEOPLE = int(os.environ.get("BENCH_PEOPLE", "240"))
# Signed in first and not counted: templates compile, pools fill, caches warm.
WARM_UP = 12
THREADS = int(os.environ.get("BENCH_THREADS", "4"))
PASSWORD = "Bench-Password-Lang-2031"
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def people_ldif(tree: Tree, prefix: str, count: int, password_hash: str) -> tuple[str, list]:
    out, people = [], []
    for i in range(count):
        username = f"{prefix}{i:05d}"
        secret = otp.new_secret()
        mobile = f"+47{prefix == 'web' and 9 or 8}{i:07d}"
        raw = base64.b64encode(otp.to_bytes(secret)).decode()
        out.append(
            f"dn: {tree.token(username)}\nobjectClass: device\nobjectClass: oathTOTPToken\n"
            f"cn: {username}\noathSecret:: {raw}\noathTOTPParams: {tree.otp_params('sms')}\n"
        )
        out.append(
            f"dn: {tree.person(username)}\nobjectClass: inetOrgPerson\nobjectClass: oathTOTPUser\n"
            f"uid: {username}\ncn: Bench {username}\nsn: Bench\nmobile: {mobile}\n"
            f"userPassword: {password_hash}\noathTOTPToken: {tree.token(username)}\n"
        )
        people.append((username, secret, mobile))
    return "\n".join(out), people


class Outbox:
    """Codes by mobile number, read from the outbox files as they appear."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.seen: set[str] = set()
        self.codes: dict[str, str] = {}
        self.lock = threading.Lock()

    def code_for(self, number: str, timeout: float = 10) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if number not in self.codes and self.folder.is_dir():
                    for entry in os.scandir(self.folder):
                        if entry.name.endswith(".json") and entry.name not in self.seen:
                            self.seen.add(entry.name)
                            message = json.loads(Path(entry.path).read_text())
                            code = re.search(r"\b(\d{6})\b", message["text"]).group(1)
                            self.codes[message["to"]] = code
                if number in self.codes:
                    return self.codes.pop(number)
            time.sleep(0.002)
        raise RuntimeError(f"no code for {number}")


class Browser:
    """Just enough of a browser: one keep-alive connection and its cookies."""

    def __init__(self, port: int):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None):
        headers = {"Accept-Language": "nb"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        data = response.read().decode()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        return response.status, response.headers, data


def web_sign_in(port: int, outbox: Outbox, person) -> None:
    username, _secret, mobile = person
    browser = Browser(port)
    status, _, page = browser.request("GET", "/login")
    token = CSRF.search(page).group(1)
    status, _, page = browser.request("POST", "/login", {"csrf_token": token, "username": username})
    assert status == 200, status
    code = outbox.code_for(mobile)
    form = {"csrf_token": token, "username": username, "password": PASSWORD, "code": code}
    status, headers, _ = browser.request("POST", "/login", form)
    assert status == 303, status
    status, _, page = browser.request("GET", headers["Location"])
    assert status == 200 and f"Bench {username}" in page, status
    browser.connection.close()


def ldap_bind(directory: Servers, tree: Tree, person) -> None:
    username, secret, _mobile = person
    code = otp.code_at(secret, otp.next_step(None, time.time()))
    directory.bind(tree.person(username), PASSWORD + code).close()


def app_environment(accounts, ldap_url: str, var: Path) -> dict[str, str]:
    """The web app's settings for a bench: the outbox, limits out of the way."""
    return {
        "SERES_LDAP_URLS": ldap_url,
        "SERES_LDAP_BIND_DN": accounts["webapp"].dn,
        "SERES_LDAP_PASSWORD": accounts["webapp"].password,
        "SERES_SECRET_KEY": secrets.token_hex(32),
        "SERES_VAR": str(var),
        "SERES_NOTIFY": "outbox",
        "SERES_PUBLIC_URL": "http://127.0.0.1",
        "SERES_INSECURE_COOKIES": "1",
        "SERES_LIMIT_CODES_PER_ADDRESS": "100000/minute",
        "SERES_LIMIT_ATTEMPTS_PER_ADDRESS": "100000/minute",
    }


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def children(pid: int) -> list[int]:
    found = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(p) for p in found]


def rate(work, people, pids: dict[str, int]) -> tuple[float, dict[str, float]]:
    """Items per second, and each process's CPU milliseconds per item (this one's too)."""
    before = {name: cpu_seconds(pid) for name, pid in pids.items()}
    mine = time.process_time()
    start = time.perf_counter()
    with ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(work, people))
    elapsed = time.perf_counter() - start
    per = {
        name: (cpu_seconds(pid) - before[name]) * 1000 / len(people) for name, pid in pids.items()
    }
    per["client"] = (time.process_time() - mine) * 1000 / len(people)
    return len(people) / elapsed, {name: round(ms, 2) for name, ms in per.items()}


def wait_for_port(port: int, process: subprocess.Popen) -> None:
    import socket

    for _ in range(200):
        if process.poll() is not None:
            raise RuntimeError("gunicorn exited")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("gunicorn did not answer")


def main() -> None:
    accounts = demo_accounts()
    tree = Tree()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        password_hash = hash_password(PASSWORD)
        web_ldif, web_people = people_ldif(tree, "web", WARM_UP + PEOPLE, password_hash)
        ldap_ldif, ldap_people = people_ldif(tree, "ldap", WARM_UP + PEOPLE, password_hash)
        root = build(
            tmp / "slapd",
            BuildOptions(
                manager_password=accounts["manager"].password, nosync=True, loglevel="none"
            ),
            extra_ldif=web_ldif + "\n" + ldap_ldif,
        )
        port = free_port()
        with Slapd(root, port=free_port()) as slapd:
            env = {**os.environ, **app_environment(accounts, slapd.url, tmp / "var")}
            gunicorn = subprocess.Popen(
                [
                    str(ROOT / ".venv" / "bin" / "gunicorn"),
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    "1",
                    "--threads",
                    "8",
                    "--log-level",
                    "warning",
                    "--no-control-socket",  # the default socket is shared by the user's gunicorns
                    "wsgi:app",
                ],
                cwd=ROOT,
                env=env,
            )
            try:
                wait_for_port(port, gunicorn)
                outbox = Outbox(tmp / "var" / "outbox")
                directory = Servers(Settings((slapd.url,), "", "", tree.suffix))
                for person in web_people[:WARM_UP]:
                    web_sign_in(port, outbox, person)
                for person in ldap_people[:WARM_UP]:
                    ldap_bind(directory, tree, person)
                (worker,) = children(gunicorn.pid)  # serving by now: it answered the warm-up
                web, web_cpu = rate(
                    lambda p: web_sign_in(port, outbox, p),
                    web_people[WARM_UP:],
                    {"slapd": slapd.process.pid, "gunicorn": worker},
                )
                ldap, ldap_cpu = rate(
                    lambda p: ldap_bind(directory, tree, p),
                    ldap_people[WARM_UP:],
                    {"slapd": slapd.process.pid},
                )
            finally:
                gunicorn.terminate()
                gunicorn.wait(timeout=10)
    print(
        json.dumps(
            {
                "bench": "login",
                "people_each": PEOPLE,
                "client_threads": THREADS,
                "web_signins_per_s": round(web, 1),
                "ldap_binds_per_s": round(ldap, 1),
                "ratio": round(web / ldap, 2),
                "cpu_ms_per_signin": web_cpu,
                "cpu_ms_per_bind": ldap_cpu,
                "argon2": ARGON2_MODULE.split(" ", 1)[1],
            }
        )
    )


if __name__ == "__main__":
    main()
