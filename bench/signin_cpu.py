"""Where the web app's CPU goes in one sign-in, part by part (in-process, no profiler).

Builds its own slapd (free port) with throw-away people, loads the app as
gunicorn does (wsgi.py) and signs people in through WSGI calls, as
bench/login.py does through gunicorn: GET /login, POST the username (a code
to the outbox), POST password + code, GET the home page. CPU time
(time.process_time) is summed around each request and around chosen calls
inside it (outermost call only, so parts of one kind do not count twice);
what no part names is Flask, Werkzeug, forms and the views themselves
(``flask_werkzeug_forms_views_ms``). The ldap3 parts lie inside the "use:"
parts. Ends
with one JSON line: milliseconds per sign-in, per request and per part.
"""

import functools
import json
import os
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from werkzeug.test import EnvironBuilder  # noqa: E402

from bench.login import CSRF, PASSWORD, Outbox, app_environment, people_ldif  # noqa: E402
from directory.server.build import BuildOptions, build, hash_password  # noqa: E402
from directory.server.slapd import Slapd, free_port  # noqa: E402
from directory.tree import Tree  # noqa: E402
from tests.support import demo_accounts  # noqa: E402

PEOPLE = int(os.environ.get("BENCH_PEOPLE", "200"))
WARM_UP = 20


class Parts:
    """CPU seconds spent inside chosen calls, by label (the outermost call of each)."""

    def __init__(self):
        self.spent: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self.depth: dict[str, int] = defaultdict(int)

    def watch(self, owner, name: str, label: str) -> None:
        original = getattr(owner, name)

        @functools.wraps(original)
        def timed(*args, **kwargs):
            if self.depth[label]:
                return original(*args, **kwargs)
            self.depth[label] += 1
            started = time.process_time()
            try:
                return original(*args, **kwargs)
            finally:
                self.spent[label] += time.process_time() - started
                self.calls[label] += 1
                self.depth[label] -= 1

        setattr(owner, name, timed)

    def clear(self) -> None:
        self.spent.clear()
        self.calls.clear()


def watch_parts(app, parts: Parts) -> None:
    """The parts named in docs/benchmarks.md."""
    import flask.sessions
    import flask.templating
    import flask_wtf.csrf
    import ldap3.core.connection
    import ldap3.strategy.base

    import webapp.auth.session
    import webapp.auth.signin
    import webapp.home.views

    strategy = ldap3.strategy.base.BaseStrategy
    cookies = flask.sessions.SecureCookieSessionInterface
    parts.watch(flask.templating, "_render", "templates")
    parts.watch(strategy, "send", "ldap3: build, encode and send a request")
    parts.watch(strategy, "get_response", "ldap3: receive and decode an answer")
    parts.watch(strategy, "open", "ldap3: open a connection")
    parts.watch(ldap3.core.connection.Connection, "unbind", "ldap3: unbind and close")
    parts.watch(cookies, "open_session", "session cookie: read")
    parts.watch(cookies, "save_session", "session cookie: write")
    parts.watch(flask_wtf.csrf.CSRFProtect, "protect", "CSRF check")
    parts.watch(app.extensions["seres_notifier"].__class__, "send_sms", "outbox: write the SMS")
    # The directory's uses, each with its LDAP requests (the ldap3 parts above, again).
    parts.watch(webapp.auth.signin, "send_code", "use: read token and person, send code")
    parts.watch(webapp.auth.signin, "sign_in", "use: bind as the person, read their name")
    parts.watch(webapp.auth.session, "access_of", "use: the person's groups")
    parts.watch(webapp.home.views, "domains_by_environment", "use: the domains they read")


class Client:
    """WSGI calls straight into the app (no test client), with one cookie jar."""

    def __init__(self, app, per_request: dict[str, float]):
        self.app = app
        self.per_request = per_request
        self.cookies: dict[str, str] = {}

    def call(self, method: str, path: str, form: dict | None = None):
        headers = {"Accept-Language": "nb"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        builder = EnvironBuilder(path=path, method=method, data=form, headers=headers)
        environ = builder.get_environ()
        builder.close()
        answer = {}

        def start_response(status, response_headers, exc_info=None):
            answer["status"] = int(status.split()[0])
            answer["headers"] = response_headers

        started = time.process_time()
        body = b"".join(self.app(environ, start_response))
        self.per_request[f"{method} {path}"] += time.process_time() - started
        for name, value in answer["headers"]:
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        return answer["status"], dict(answer["headers"]), body.decode()


def sign_in(app, outbox: Outbox, person, per_request: dict[str, float]) -> None:
    username, _secret, mobile = person
    client = Client(app, per_request)
    _, _, page = client.call("GET", "/login")
    token = CSRF.search(page).group(1)
    status, _, _ = client.call("POST", "/login", {"csrf_token": token, "username": username})
    assert status == 200, status
    form = {
        "csrf_token": token,
        "username": username,
        "password": PASSWORD,
        "code": outbox.code_for(mobile),
    }
    status, headers, _ = client.call("POST", "/login", form)
    assert status == 303, status
    status, _, page = client.call("GET", headers["Location"])
    assert status == 200 and f"Bench {username}" in page, status


def main() -> None:
    accounts = demo_accounts()
    tree = Tree()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        ldif, people = people_ldif(tree, "web", WARM_UP + PEOPLE, hash_password(PASSWORD))
        root = build(
            tmp / "slapd",
            BuildOptions(
                manager_password=accounts["manager"].password, nosync=True, loglevel="none"
            ),
            extra_ldif=ldif,
        )
        with Slapd(root, port=free_port()) as slapd:
            os.environ.update(app_environment(accounts, slapd.url, tmp / "var"))
            import wsgi

            app = wsgi.app
            parts = Parts()
            watch_parts(app, parts)
            outbox = Outbox(tmp / "var" / "outbox")
            per_request: dict[str, float] = defaultdict(float)
            for person in people[:WARM_UP]:
                sign_in(app, outbox, person, per_request)
            parts.clear()
            per_request.clear()
            for person in people[WARM_UP:]:
                sign_in(app, outbox, person, per_request)

    def ms(seconds: float) -> float:
        return round(seconds * 1000 / PEOPLE, 2)

    total = sum(per_request.values())
    # The uses hold their LDAP requests (the ldap3 parts) and the outbox: not counted twice.
    named = ("templates", "session cookie", "CSRF", "use:")
    direct = sum(v for k, v in parts.spent.items() if k.startswith(named))
    for label in sorted(parts.spent, key=parts.spent.get, reverse=True):
        print(f"{ms(parts.spent[label]):6.2f} ms  {label} ({parts.calls[label] / PEOPLE:g}×)")
    print(
        json.dumps(
            {
                "bench": "signin_cpu",
                "people": PEOPLE,
                "app_cpu_ms_per_signin": ms(total),
                "per_request_ms": {k: ms(v) for k, v in per_request.items()},
                "parts_ms": {k: ms(v) for k, v in parts.spent.items()},
                "flask_werkzeug_forms_views_ms": ms(total - direct),
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
