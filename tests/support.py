"""Test helpers over the real directory: demo accounts, codes, binds, people."""

import json
import re
import secrets
import time
import uuid
from dataclasses import dataclass

from directory import escape, layout, otp
from directory.connection import ADD, DELETE, Ldap, Servers
from directory.groups import add_member
from directory.settings import Settings
from directory.tree import Tree


@dataclass(frozen=True)
class Account:
    kind: str
    username: str
    dn: str
    password: str
    otp_secret: str | None = None


def demo_accounts() -> dict[str, Account]:
    data = json.loads(layout.DEMO_ACCOUNTS.read_text())
    return {
        a["username"]: Account(
            a["kind"], a["username"], a["dn"], a["password"], a.get("otp_secret")
        )
        for a in data["accounts"]
    }


class Binder:
    """Binds as people with password + code, the way any LDAP tool must."""

    def __init__(self, url: str, tree: Tree, webapp: Account):
        self.url = url
        self.tree = tree
        self.webapp = webapp

    def servers(self) -> Servers:
        return Servers(Settings((self.url,), "", "", self.tree.suffix))

    def service(self, account: Account) -> Ldap:
        return self.servers().bind(account.dn, account.password)

    def next_code(self, username: str, secret: str) -> str:
        """The code the web app would send now: the step after the last one used."""
        with self.service(self.webapp) as ldap:
            token = otp.read_token(ldap, self.tree, username)
        return otp.code_at(secret, otp.next_step(token.last_step, time.time()))

    def person(self, account: Account) -> Ldap:
        code = self.next_code(account.username, account.otp_secret)
        return self.servers().bind(account.dn, account.password + code)


def add_person(
    manager: Ldap,
    tree: Tree,
    groups: tuple[str, ...] = (),
    username: str | None = None,
    password: str | None = None,
) -> Account:
    """Create a person with a password, an SMS token and the given groups."""
    username = username or f"test-{uuid.uuid4().hex[:10]}"
    password = password or secrets.token_urlsafe(18)
    secret = otp.new_secret()
    manager.add(
        tree.token(username),
        ["device", "oathTOTPToken"],
        {
            "cn": username,
            "oathSecret": otp.to_bytes(secret),
            "oathTOTPParams": tree.otp_params("sms"),
        },
    )
    dn = tree.person(username)
    manager.add(
        dn,
        ["inetOrgPerson", "oathTOTPUser"],
        {
            "uid": username,
            "cn": f"Test {username}",
            "sn": "Test",
            "userPassword": password,
            "oathTOTPToken": tree.token(username),
            "mail": f"{username}@test.example",
            "mobile": "+4799999999",
        },
    )
    for group_dn in groups:
        add_member(manager, tree, group_dn, dn)
    return Account("person", username, dn, password, secret)


def delete_tree(manager: Ldap, dn: str) -> None:
    """Delete an entry and everything below it (a group's grant entries, say)."""
    for child, _ in manager.search(dn, "(objectClass=*)", ["1.1"], scope="one"):
        delete_tree(manager, child)
    manager.delete(dn)


def remove_people(manager: Ldap, tree: Tree, usernames) -> None:
    """Delete people made by :func:`add_person` (or by provisioning), and their tokens."""
    for username in usernames:
        # Their grant entries (below the groups) first: provisioning records them.
        grants = manager.search(
            tree.suffix, f"(seresGrantMember={escape.filter_value(tree.person(username))})", ["1.1"]
        )
        for dn, _ in grants:
            manager.delete(dn)
        for dn in (tree.person(username), tree.token(username)):
            if manager.exists(dn):
                manager.delete(dn)


# --- The web sign-in, as a browser does it (CSRF on) -------------------------

_CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def csrf_token(html: str) -> str:
    """The CSRF token of the first form on a page."""
    found = _CSRF.search(html)
    assert found, "no CSRF token on the page"
    return found.group(1)


def comparable(response, username: str) -> tuple[int, str]:
    """Status and page with the echoed name and the CSRF token taken out.

    The token holds the second it was made, so two pages of one session can differ in it.
    """
    html = response.get_data(as_text=True).replace(username, "NAME")
    return response.status_code, re.sub(
        r'(name="csrf_token" type="hidden" value=")[^"]*', r"\1", html
    )


def post_form(client, url: str, data: dict, page: str | None = None):
    """GET the page (or use ``page``), read its CSRF token, POST the form."""
    html = page if page is not None else client.get(url).get_data(as_text=True)
    return client.post(url, data={"csrf_token": csrf_token(html), **data})


def ask_code(client, username: str, url: str = "/login"):
    """Step 1: the username; returns the response with the password and code form."""
    return post_form(client, url, {"username": username})


def web_sign_in(
    client, binder: Binder, account: Account, url: str = "/login", code: str | None = None, ask=True
):
    """Sign in through /login: username, then password and the code the app sent.

    ``ask=False`` skips asking for a code (one a minute per person): a code
    already sent stays valid for five minutes.
    """
    page = ask_code(client, account.username, url) if ask else client.get(url)
    assert page.status_code == 200, page.status_code
    code = code or binder.next_code(account.username, account.otp_secret)
    return post_form(
        client,
        url,
        {"username": account.username, "password": account.password, "code": code},
        page=page.get_data(as_text=True),
    )


def median_seconds(*actions, times: int = 4) -> list[float]:
    """The median wall-clock seconds of each action, calling them in turn ``times`` times
    (interleaved, so that both see the same load on a busy machine)."""
    import time

    taken: list[list[float]] = [[] for _ in actions]
    for _ in range(times):
        for action, seconds in zip(actions, taken, strict=True):
            started = time.perf_counter()
            action()
            seconds.append(time.perf_counter() - started)
    return [sorted(seconds)[len(seconds) // 2] for seconds in taken]


def eventually(check, seconds: float = 5.0):
    """Return ``check()`` once it is truthy, asking again until ``seconds`` have passed.

    For what slapd does after answering: refint rewrites member values in a
    background task once the delete has returned.
    """
    import time

    deadline = time.monotonic() + seconds
    while True:
        result = check()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(0.02)


def shown_time(moment, language: str = "nb") -> str:
    """A moment as the pages show it (webapp.i18n.when): Oslo time, the language's format."""
    from zoneinfo import ZoneInfo

    from babel.dates import format_datetime

    from webapp.i18n import moment_pattern

    return format_datetime(
        moment, moment_pattern(language), tzinfo=ZoneInfo("Europe/Oslo"), locale=language
    )


def listening(port: int) -> bool:
    """Does something accept TCP connections on 127.0.0.1:``port``?"""
    import socket

    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


def alive(pid: int) -> bool:
    """Is process ``pid`` still there?"""
    import os

    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def start_make(target: str, log, **env: str):
    """``make -s TARGET`` as in a terminal (its own session), with ``env`` added; output to ``log``."""
    import os
    import subprocess

    return subprocess.Popen(
        ["make", "-s", target],
        cwd=layout.PROJECT_ROOT,
        env={**os.environ, **env},
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )


# The demo's completed basic course (ldif/demo.ldif): tests record training in it.
TRAINING_COURSE = "grunnkurs-2026-09"


def record_training(manager: Ldap, tree: Tree, username: str) -> str:
    """Record that ``username`` (an account, or one provisioning will make) completed a
    course: write access in production needs it (issue 17). Return the person's DN."""

    dn = tree.person(username)
    course = tree.course(TRAINING_COURSE)
    if not manager.compare(course, "seresCourseCompleted", dn):
        manager.modify(course, {"seresCourseCompleted": [(ADD, [dn])]})
    return dn


def forget_training(manager: Ldap, tree: Tree, username: str) -> None:

    dn, course = tree.person(username), tree.course(TRAINING_COURSE)
    if manager.compare(course, "seresCourseCompleted", dn):
        manager.modify(course, {"seresCourseCompleted": [(DELETE, [dn])]})
