"""Test helpers over the real directory: demo accounts, codes, binds, people."""

import json
import time
from dataclasses import dataclass

from directory import layout, otp
from directory.connection import Directory, Ldap
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

    def directory(self) -> Directory:
        return Directory(Settings((self.url,), "", "", self.tree.suffix))

    def service(self, account: Account) -> Ldap:
        return self.directory().bind(account.dn, account.password)

    def next_code(self, username: str, secret: str) -> str:
        """The code the web app would send now: the step after the last one used."""
        with self.service(self.webapp) as ldap:
            token = otp.read_token(ldap, self.tree, username)
        return otp.code_at(secret, otp.next_step(token.last_step, time.time()))

    def person(self, account: Account) -> Ldap:
        code = self.next_code(account.username, account.otp_secret)
        return self.directory().bind(account.dn, account.password + code)
