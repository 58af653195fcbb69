"""Web sign-ins per second with one and two gunicorn workers, against one and two providers.

Builds a single slapd and a pair of providers (multi-provider replication)
with the same throw-away people, a private Redis for the rate limits and
sessions, and runs four configurations in one go: workers 1 or 2, one
server or both providers (SERES_LDAP_URLS in order: people's binds go to
the first). Each sign-in is a whole one (bench/login.py's: username, the
code from the outbox, password + code, the home page), each by a new
person. Reports each process's CPU milliseconds per sign-in, and checks
that the per-person code limit (5 an hour here) allows exactly 5 of 20
requests sent at once to two workers. Ends with one JSON line.
"""

import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.login import (  # noqa: E402
    CSRF,
    PASSWORD,
    Browser,
    Outbox,
    children,
    cpu_seconds,
    people_ldif,
    wait_for_port,
    web_sign_in,
)
from directory.server.build import BuildOptions, build, hash_password  # noqa: E402
from directory.server.replication import Replication  # noqa: E402
from directory.server.slapd import Slapd, free_port  # noqa: E402
from directory.tree import Tree  # noqa: E402
from tests.ha.conftest import Redis  # noqa: E402
from tests.support import demo_accounts  # noqa: E402

PEOPLE = int(os.environ.get("BENCH_PEOPLE", "60"))  # per configuration
WARM_UP = 6
THREADS = int(os.environ.get("BENCH_THREADS", "4"))
CONFIGS = [(1, 1), (2, 1), (1, 2), (2, 2)]  # (workers, providers)


def gunicorn(port: int, workers: int, env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--threads", "4", "--log-level", "warning",
         "--no-control-socket", "wsgi:app"],
        cwd=ROOT,
        env=env,
    )  # fmt: skip


def measure(port: int, outbox: Outbox, people, pids: dict[str, int]):
    """Sign-ins per second, and each process's CPU milliseconds per sign-in."""
    before = {name: cpu_seconds(pid) for name, pid in pids.items()}
    mine = time.process_time()
    start = time.perf_counter()
    with ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(lambda p: web_sign_in(port, outbox, p), people))
    elapsed = time.perf_counter() - start
    per = {n: (cpu_seconds(pid) - before[n]) * 1000 / len(people) for n, pid in pids.items()}
    per["client"] = (time.process_time() - mine) * 1000 / len(people)
    return len(people) / elapsed, {n: round(ms, 2) for n, ms in per.items()}


def codes_allowed(port: int, username: str, asks: int = 20) -> int:
    """Ask for a code ``asks`` times at once, each on a new connection: how many were sent."""

    def ask(_):
        browser = Browser(port)
        _, _, page = browser.request("GET", "/login")
        token = CSRF.search(page).group(1)
        status, _, _ = browser.request(
            "POST", "/login", {"csrf_token": token, "username": username}
        )
        browser.connection.close()
        return status == 200

    with ThreadPoolExecutor(asks) as pool:
        return sum(pool.map(ask, range(asks)))


def main() -> None:
    accounts = demo_accounts()
    tree = Tree()
    manager = accounts["manager"].password
    total = len(CONFIGS) * (WARM_UP + PEOPLE) + 1
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        extra, people = people_ldif(tree, "web", total, hash_password(PASSWORD))
        single = build(
            tmp / "single", BuildOptions(manager, nosync=True, loglevel="none"), extra_ldif=extra
        )
        ports = [free_port(), free_port(), free_port()]
        urls = [f"ldap://127.0.0.1:{p}" for p in ports]
        pair = [
            build(
                tmp / f"provider{n}",
                BuildOptions(
                    manager, nosync=True, loglevel="none", provider=Replication(n, (urls[2 - n],))
                ),
                extra_ldif=extra,
            )
            for n in (1, 2)
        ]
        servers = [Slapd(single, port=ports[0]), Slapd(pair[0], port=ports[1])]
        servers.append(Slapd(pair[1], port=ports[2]))
        redis = Redis(tmp)
        try:
            for server in servers:
                server.start()
            redis.wait()
            env = {
                **os.environ,
                "SERES_LDAP_BIND_DN": accounts["webapp"].dn,
                "SERES_LDAP_PASSWORD": accounts["webapp"].password,
                "SERES_SECRET_KEY": secrets.token_hex(32),
                "SERES_NOTIFY": "outbox",
                "SERES_PUBLIC_URL": "http://127.0.0.1",
                "SERES_INSECURE_COOKIES": "1",
                "SERES_RATELIMIT_STORAGE": redis.url,
                "SERES_LIMIT_CODES_PER_PERSON": "5/hour",
                "SERES_LIMIT_CODES_PER_ADDRESS": "100000/minute",
                "SERES_LIMIT_ATTEMPTS_PER_ADDRESS": "100000/minute",
            }
            left = list(people)
            for workers, providers in CONFIGS:
                name = f"{workers}w_{providers}p"
                run_env = {
                    **env,
                    "SERES_VAR": str(tmp / name),
                    "SERES_LDAP_URLS": " ".join(urls[1:] if providers == 2 else urls[:1]),
                }
                port = free_port()
                app = gunicorn(port, workers, run_env)
                try:
                    wait_for_port(port, app)
                    outbox = Outbox(tmp / name / "outbox")
                    warm, mine, left = (
                        left[:WARM_UP],
                        left[WARM_UP : WARM_UP + PEOPLE],
                        left[WARM_UP + PEOPLE :],
                    )
                    for person in warm:
                        web_sign_in(port, outbox, person)
                    pids = {
                        f"gunicorn_worker{i + 1}": pid for i, pid in enumerate(children(app.pid))
                    }
                    slapds = servers[1:] if providers == 2 else servers[:1]
                    pids |= {f"slapd{i + 1}": s.process.pid for i, s in enumerate(slapds)}
                    pids["redis"] = redis.process.pid
                    per_s, cpu = measure(port, outbox, mine, pids)
                    results[name] = {"signins_per_s": round(per_s, 1), "cpu_ms_per_signin": cpu}
                    if (workers, providers) == (2, 2):
                        results["codes_allowed_of_20_at_5_an_hour"] = codes_allowed(
                            port, left[0][0]
                        )
                finally:
                    app.terminate()
                    app.wait(timeout=10)
        finally:
            redis.stop()
            for server in servers:
                server.stop()
    print(json.dumps({"bench": "ha", "people_each": PEOPLE, "client_threads": THREADS, **results}))


if __name__ == "__main__":
    main()
