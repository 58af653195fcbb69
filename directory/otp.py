"""One-time codes: secrets, codes to send, and enrolment URIs (pyotp).

The directory's otp overlay checks the codes and refuses a step at or before
the last one used; nothing here keeps a second record of used codes.
"""

import base64
import hmac
import time
from dataclasses import dataclass

import pyotp

from directory.connection import REPLACE, Ldap
from directory.tree import Tree

SMS_STEP_SECONDS = 60
APP_STEP_SECONDS = 30
# Periods of the two kinds of token by their cn (cn=sms, cn=app; ldif/base.ldif).
STEP_SECONDS = {"sms": SMS_STEP_SECONDS, "app": APP_STEP_SECONDS}
ISSUER = "SERES"


def new_secret() -> str:
    """Return a new random secret in base32 (160 bits, as RFC 4226 advises)."""
    return pyotp.random_base32(32)


def to_bytes(secret_b32: str) -> bytes:
    """The overlay keeps the raw secret (oathSecret is an octet string)."""
    return base64.b32decode(secret_b32.upper())


def to_base32(raw: bytes) -> str:
    return base64.b32encode(raw).decode()


def next_step(last_used: int | None, now: float, period: int = SMS_STEP_SECONDS) -> int:
    """Return the first step after the last one used and not before now."""
    current = int(now // period)
    return current if last_used is None else max(current, last_used + 1)


def code_at(secret_b32: str, step: int) -> str:
    """Return the code of one time step (TOTP is HOTP over the step number)."""
    return pyotp.HOTP(secret_b32).at(step)


def provisioning_uri(secret_b32: str, username: str, period: int = APP_STEP_SECONDS) -> str:
    """Return the otpauth:// URI an authenticator app enrols from."""
    return pyotp.TOTP(secret_b32, interval=period).provisioning_uri(
        name=username, issuer_name=ISSUER
    )


@dataclass(frozen=True)
class Token:
    dn: str
    secret_b32: str
    last_step: int | None
    params_dn: str


def read_token(ldap: Ldap, tree: Tree, username: str) -> Token | None:
    """Read a person's token (only the web app's account may)."""
    dn = tree.token(username)
    values = ldap.read(dn, ["oathSecret", "oathTOTPLastTimeStep", "oathTOTPParams"], raw=True)
    if not values or not values.get("oathSecret"):
        return None
    last = values.get("oathTOTPLastTimeStep") or []
    params = values.get("oathTOTPParams") or [b""]
    return Token(
        dn, to_base32(values["oathSecret"][0]), int(last[0]) if last else None, params[0].decode()
    )


def uses_app(tree: Tree, token: Token) -> bool:
    """True if the token's codes come from an authenticator app (parameters cn=app)."""
    return token.params_dn.lower() == tree.otp_params("app").lower()


def current_code(ldap: Ldap, tree: Tree, username: str, now: float | None = None) -> str | None:
    """Return the code to send now by SMS, or None without a token or with an app token."""
    token = read_token(ldap, tree, username)
    if token is None or uses_app(tree, token):
        return None
    return code_at(
        token.secret_b32, next_step(token.last_step, time.time() if now is None else now)
    )


SMS_WINDOW_STEPS = 5  # oathTOTPTimeStepWindow of cn=sms (ldif/base.ldif)
APP_WINDOW_STEPS = 3  # of cn=app


def _current_and_window(tree: Tree, token: Token, now: float | None) -> tuple[int, int]:
    """The token's current step and the overlay's window around it (its parameters entry)."""
    app = uses_app(tree, token)
    period = APP_STEP_SECONDS if app else SMS_STEP_SECONDS
    window = APP_WINDOW_STEPS if app else SMS_WINDOW_STEPS
    return int((time.time() if now is None else now) // period), window


def code_looks_current(
    ldap: Ldap, tree: Tree, username: str, code: str, now: float | None = None
) -> bool:
    """True if ``code`` is one the otp overlay would accept at the next bind.

    A check before something is written that the bind comes only after (a
    new password from an e-mail link): the overlay still decides at the
    bind, and only the bind uses the step up.
    """
    token = read_token(ldap, tree, username)
    if token is None:
        return False
    current, window = _current_and_window(tree, token, now)
    first = (
        current - window if token.last_step is None else max(current - window, token.last_step + 1)
    )
    return any(
        code_at(token.secret_b32, step) == code.strip()
        for step in range(first, current + window + 1)
    )


def app_code_step(secret_b32: str, code: str, now: float | None = None) -> int | None:
    """Return the step of a code typed from an app while enrolling, or None if it is wrong.

    Not a sign-in (the token is not changed yet): one step either side of
    now, for a phone's clock that is a little off. Give the step to
    ``set_token`` as the last one used, so that the code cannot sign in too.
    """
    current = int((time.time() if now is None else now) // APP_STEP_SECONDS)
    typed = code.strip().encode()
    for step in (current + 1, current, current - 1):  # the latest that matches
        if hmac.compare_digest(code_at(secret_b32, step).encode(), typed):
            return step
    return None


def set_token(
    ldap: Ldap, tree: Tree, username: str, secret_b32: str, kind: str, last_step: int | None = None
) -> None:
    """Give a person's token a new secret for ``kind`` ("sms" or "app").

    The last used step is replaced with ``last_step``, or removed: steps of
    60 and 30 seconds are not comparable, and the new secret makes every
    earlier code worthless anyway. ``last_step`` is the step of a code of the
    new secret already used (the one that confirmed an app), which the
    otp overlay then refuses at sign-in like any used code.
    """
    ldap.modify(
        tree.token(username),
        {
            "oathSecret": [(REPLACE, [to_bytes(secret_b32)])],
            "oathTOTPParams": [(REPLACE, [tree.otp_params(kind)])],
            "oathTOTPLastTimeStep": [(REPLACE, [] if last_step is None else [str(last_step)])],
        },
    )


def record_used_step(ldap: Ldap, tree: Tree, username: str, code: str, now: float | None = None):
    """After a sign-in with ``code``: write its step as the last used, as a replicated write.

    The otp overlay records the step it accepted with an internal write that
    syncrepl does not carry, so another provider would take the same code
    again within its window. This ordinary write of the same value (by the
    web app's account, which may write tokens) reaches every provider; the
    overlays still decide every bind. Returns the step written, or None if
    nothing had to be (no token, no matching step, or one already as late).
    """
    token = read_token(ldap, tree, username)
    if token is None:
        return None
    current, window = _current_and_window(tree, token, now)
    typed = code.strip().encode()
    used = next(
        (
            step
            for step in range(current + window, current - window - 1, -1)
            if hmac.compare_digest(code_at(token.secret_b32, step).encode(), typed)
        ),
        None,
    )
    if used is None or (token.last_step is not None and token.last_step > used):
        return None
    ldap.modify(token.dn, {"oathTOTPLastTimeStep": [(REPLACE, [str(used)])]})
    return used
