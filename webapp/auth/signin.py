"""Sign-in logic, free of HTTP: send the code, bind once with password + code."""

import logging
import re
import time
from dataclasses import dataclass

from directory import otp
from directory.connection import Ldap, Servers
from directory.errors import InvalidValue
from directory.people import find_person
from directory.tree import Tree
from webapp.notify import Notifier
from webapp.notify.lookalike import Channel

log = logging.getLogger(__name__)

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{0,63}$")
CODE = re.compile(r"^[0-9]{6}$")


def normalize(username: str) -> str:
    """The form of a username used for binds and limits (uid matches without case)."""
    return username.strip().lower()


def plausible(username: str) -> bool:
    return bool(USERNAME.match(username))


class CheckTiming:
    """How long this process's password checks (binds) take, to hold early refusals.

    slapd hashes the password only for an entry that exists; a refused bind
    of an unknown name comes back at once, a real person's after the hash
    and ppolicy's record of the failure (longer than a success). Refusals
    that did that work teach the wait; the others are held as long.
    """

    def __init__(self, successes: Channel | None = None, refusals: Channel | None = None):
        # The service account's binds (webapp.ldap) count among the successes.
        self.successes = successes or Channel("password check")
        self.refusals = refusals or Channel("password refusal")

    def succeeded(self, seconds: float) -> None:
        self.successes.succeeded(seconds)

    def refused(self, seconds: float) -> None:
        """Count a refusal that took ``seconds`` and wait until a real one would end."""
        success = self.successes.typical()
        if success and seconds >= success / 2:  # a hash was computed: a real check
            self.refusals.succeeded(seconds)
        slower = self.refusals if self.refusals.typical() >= success else self.successes
        slower.pad(seconds)


@dataclass(frozen=True)
class SignedIn:
    username: str
    dn: str
    name: str


def send_code(
    service: Ldap,
    tree: Tree,
    notifier: Notifier,
    username: str,
    text: str,
    now: float | None = None,
) -> bool:
    """Send the current code by SMS if the person exists and uses SMS; True if sent.

    ``text`` holds ``{code}``. Nothing is sent for an unknown name, an app
    token or a person without a mobile number; the caller answers the same
    either way (``Notifier.imitate``). SendFailed propagates.
    """
    if not plausible(username):
        return False
    code = otp.current_code(service, tree, username, time.time() if now is None else now)
    if code is None:
        return False
    person = find_person(service, tree, username, personal=True)
    if person is None or not person.mobile:
        return False
    notifier.send_sms(person.mobile, text.replace("{code}", code))
    return True


def sign_in(
    directory: Servers,
    service: Ldap,
    tree: Tree,
    username: str,
    password: str,
    code: str,
    checks: CheckTiming,
) -> SignedIn:
    """Bind once as the person with the password followed by the code.

    Raises InvalidCredentials (AccountLocked when ppolicy says so) for every
    kind of failure alike, including an unknown or malformed name. slapd
    hashes the password only for an entry that exists, so a refusal comes
    back at once for an unknown name; ``checks`` holds every refusal until a
    real one would have ended.
    """
    from directory.errors import InvalidCredentials

    if not plausible(username) or not CODE.match(code):
        raise InvalidCredentials("malformed")
    try:
        dn = tree.person(username)
    except InvalidValue as exc:
        raise InvalidCredentials("malformed") from exc
    started = time.monotonic()
    try:
        with directory.bind(dn, password + code):
            pass
    except InvalidCredentials:
        checks.refused(time.monotonic() - started)
        raise
    checks.succeeded(time.monotonic() - started)
    if len(directory.settings.urls) > 1:
        # Several providers: the used step must reach the others (docs/ha.md).
        otp.record_used_step(service, tree, username, code)
    person = find_person(service, tree, username)
    return SignedIn(username, dn, person.name if person else username)
