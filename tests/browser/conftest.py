"""The app in a real browser: a werkzeug server in a thread over the session's slapd,
Debian's chromium driven by Playwright, axe-core injected into each page.

One browser for the whole session; each signed-in person gets one context.
Throw-away people stand in for the demo roles (a demo person's codes are
single-use, and other tests bind them).
"""

import json
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from ldap3 import MODIFY_REPLACE
from werkzeug.serving import WSGIRequestHandler, make_server

from directory.groups import add_member
from directory.server.slapd import free_port
from tests.support import Account, add_person, remove_people

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# The WCAG 2.1 A/AA rules whose outcome can change with the window's width (the pages
# have no script, so the DOM is the same at every width): run again at 320 px.
LAYOUT_RULES = ["color-contrast", "link-in-text-block", "scrollable-region-focusable"]
WIDE, NARROW = 1280, 320


@dataclass
class Server:
    url: str
    app: object
    outbox: Path

    def messages(self) -> list[dict]:
        """The messages the app sent, newest first."""
        files = sorted(self.outbox.glob("*.json"), reverse=True) if self.outbox.is_dir() else []
        return [json.loads(path.read_text()) for path in files]

    def newest(self, kind: str, to: str, after: int = 0) -> dict:
        """The newest message of ``kind`` to ``to``, waiting a little for it."""
        deadline = time.monotonic() + 5
        while True:
            for path in sorted(self.outbox.glob(f"*-{kind}-*.json"), reverse=True):
                if int(path.name.split("-")[0]) <= after:
                    break
                message = json.loads(path.read_text())
                if message["to"] == to:
                    return message
            if time.monotonic() > deadline:
                raise AssertionError(f"no {kind} to {to} in the outbox")
            time.sleep(0.05)


class QuietHandler(WSGIRequestHandler):
    def log(self, *args):
        """Keep the request lines out of the test report."""


@pytest.fixture(scope="session")
def server(settings_for, accounts, tmp_path_factory):
    """The web app as `make run` configures it, served on a free loopback port."""
    from webapp import create_app

    var = tmp_path_factory.mktemp("browser-var")
    port = free_port()
    app = create_app(
        {
            "SECRET_KEY": "browser-test-key",
            "SERES_LDAP": settings_for(accounts["webapp"]),
            "SERES_SYNC_PROD": settings_for(accounts["sync"]),
            "SERES_SYNC_COURSE": settings_for(accounts["sync"]),
            "SERES_DEV": False,
            "SESSION_COOKIE_SECURE": False,
            "SERES_PUBLIC_URL": f"http://127.0.0.1:{port}",
            "SERES_VAR": str(var),
            # Many sign-ins and links from one address in a few minutes.
            "SERES_LIMIT_CODES_PER_PERSON": "100/minute",
            "SERES_LIMIT_CODES_PER_ADDRESS": "1000/minute",
            "SERES_LIMIT_ATTEMPTS_PER_ADDRESS": "1000/minute",
            "SERES_LIMIT_LINKS_PER_ADDRESS": "1000/minute",
            "SERES_LIMIT_LINKS_PER_PERSON": "100/minute",
        }
    )
    httpd = make_server("127.0.0.1", port, app, threaded=True, request_handler=QuietHandler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield Server(f"http://127.0.0.1:{port}", app, var / "outbox")
    httpd.shutdown()
    thread.join()
    app.extensions["seres_service_pool"].close_all()


@pytest.fixture(scope="session")
def browser():
    """One headless chromium for every browser test (a fresh profile each launch)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


# The demo roles, played by throw-away people: (groups, roles).
ROLES = {
    "servicedesk": (("readers@prod", "readers@course"), ("servicedesk",)),
    "owner": (("readers@prod", "readers@course"), ("owners-BUFdir",)),
    "writer": (
        ("readers@prod", "readers@course", "writers-BUFdir@prod", "writers-BUFdir@course"),
        (),
    ),
    "reader": (("readers@prod",), ()),
    "course": (("readers@course", "writers-Kursdomene@course"), ()),
}


def group_dn(tree, name: str) -> str:
    group, env = name.split("@")
    return tree.readers(env) if group == "readers" else tree.writers(env, group[len("writers-") :])


@dataclass(frozen=True)
class Person:
    account: Account
    mobile: str


# Per module: the roles' stand-ins must be gone before other tests count a role's members.
@pytest.fixture(scope="module")
def role_people(manager, tree) -> dict[str, Person]:
    """One throw-away person per demo role, each with a mobile of its own."""
    made: dict[str, Person] = {}
    for number, (role, (groups, roles)) in enumerate(ROLES.items()):
        account = add_person(manager, tree, tuple(group_dn(tree, g) for g in groups))
        mobile = f"+479900000{number}"
        manager.modify(account.dn, {"mobile": [(MODIFY_REPLACE, [mobile])]})
        for name in roles:
            add_member(manager, tree, tree.role(name), account.dn)
        made[role] = Person(account, mobile)
    yield made
    remove_people(manager, tree, [p.account.username for p in made.values()])


def new_context(browser, server, language: str = "nb"):
    """A fresh browser context (cookies of its own) at the wide width.

    CSP is bypassed only so that the test can inject axe-core.
    """
    context = browser.new_context(
        base_url=server.url,
        viewport={"width": WIDE, "height": 900},
        locale="nb-NO" if language == "nb" else "en-GB",
        bypass_csp=True,
    )
    context.add_init_script(path=AXE)
    return context


def sign_in(page, server, person: Person) -> None:
    """Sign in as a person does: username, then password and the code from the SMS."""
    page.goto("/login")
    page.fill("input[name=username]", person.account.username)
    before = time.time_ns()
    page.locator("main form [type=submit]").first.click()
    page.wait_for_selector("input[name=code]")
    code = server.newest("sms", person.mobile, after=before)["text"]
    page.fill("input[name=password]", person.account.password)
    page.fill("input[name=code]", next(w for w in code.replace(".", " ").split() if w.isdigit()))
    page.locator("main form").first.locator("[type=submit]").click()
    page.wait_for_load_state()
    assert "/login" not in page.url, f"sign-in of {person.account.username} failed"


def remove_models(manager, tree) -> None:
    """Delete every model in BUFdir (production) with its versions, deepest entries first."""
    domain = tree.domain("prod", "BUFdir")
    for base, _ in manager.search(domain, "(objectClass=seresModel)", ["1.1"]):
        below = [dn for dn, _ in manager.search(base, "(objectClass=*)", ["1.1"])]
        for dn in sorted(below, key=len, reverse=True):
            manager.delete(dn)


def submit(page, form: str = "main form") -> None:
    """Press the (last matching) form's button and wait for the answer."""
    page.locator(form).last.locator("[type=submit]").first.click()
    page.wait_for_load_state()


def order_write_access(page, given_name: str, surname: str, mail: str, mobile: str) -> None:
    """On the access order form: write access to BUFdir in production for a new person."""
    page.select_option("select[name=service_owner]", "BUFdir")
    page.check("input[name=access][value=write]")
    page.check("input[name=write_domains][value=BUFdir]")
    page.check("input[name=environments][value=prod]")
    for name, value in (
        ("given_name", given_name),
        ("surname", surname),
        ("mail", mail),
        ("mobile", mobile),
    ):
        page.fill(f"input[name={name}]", value)
    submit(page)


def axe_violations(page, layout_only: bool = False) -> list[str]:
    """axe-core's WCAG 2.1 A/AA violations on the page as it is now, one line each;
    ``layout_only``: only the rules that depend on the window's width."""
    only = (
        {"type": "rule", "values": LAYOUT_RULES}
        if layout_only
        else {"type": "tag", "values": WCAG_TAGS}
    )
    result = page.evaluate(
        "only => axe.run(document, {runOnly: only, resultTypes: ['violations']})", only
    )
    return [
        f"{v['id']}: {v['help']} ({', '.join(n['target'][0] for n in v['nodes'][:3])})"
        for v in result["violations"]
    ]


def sideways_scroll(page) -> int:
    """How many pixels the page is wider than the window (0: no horizontal scroll)."""
    return page.evaluate(
        "() => Math.max(0, document.documentElement.scrollWidth"
        " - document.documentElement.clientWidth)"
    )


def too_wide(page) -> list[str]:
    """The innermost elements that reach past the window's right edge (for the report)."""
    return page.evaluate(
        """() => {
          const edge = document.documentElement.clientWidth + 0.5;
          const wide = [...document.querySelectorAll("body *")]
            .filter(e => e.getBoundingClientRect().right > edge);
          return wide.filter(e => !wide.some(o => o !== e && e.contains(o))).slice(0, 3)
            .map(e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "")
                 + (e.className && typeof e.className === "string" ? "." + e.className.split(" ").join(".") : "")
                 + " (" + Math.round(e.getBoundingClientRect().right) + " px)");
        }"""
    )
