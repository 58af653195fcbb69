"""One sign-in attempt, as /login and the API make it: the address's limit, one bind, the counts.

No views here: the callers show what happened.
"""

from dataclasses import dataclass

from directory.errors import AccountLocked, InvalidCredentials
from webapp import ldap
from webapp.auth import limits, sending, signin
from webapp.auth import session as user_session
from webapp.auth.limits import Refusal
from webapp.auth.signin import SignedIn
from webapp.ops.metrics import SIGNINS


@dataclass(frozen=True)
class Attempt:
    """Signed in (``person``), refused by the address's limit, or refused by the directory."""

    person: SignedIn | None = None
    refusal: Refusal | None = None
    # Locked by ppolicy, or failed as often as ppolicy allows: said alike for any name.
    locked: bool = False


def bind(username: str, password: str, code: str) -> SignedIn:
    """Bind once as the person with password and code; InvalidCredentials if refused."""
    return signin.sign_in(
        ldap.servers(),
        ldap.service(),
        ldap.tree(),
        username,
        password,
        code.strip(),
        checks=ldap.password_checks(),
    )


def attempt(username: str, password: str, code: str) -> Attempt:
    """Sign in within the address's limit of attempts, counting failures per name."""
    refusal = limits.check(("ATTEMPTS_PER_ADDRESS", limits.address()))
    if refusal is not None:
        return Attempt(refusal=refusal)
    try:
        person = bind(username, password, code)
    except InvalidCredentials as exc:
        SIGNINS.labels("locked" if isinstance(exc, AccountLocked) else "refused").inc()
        many = limits.record_failure(username)
        # Recorded for the person's own page; names nobody has are not kept.
        if signin.plausible(username) and ldap.service().exists(ldap.tree().person(username)):
            user_session.record_sign_in(username, succeeded=False)
        return Attempt(locked=many or isinstance(exc, AccountLocked))
    SIGNINS.labels("ok").inc()
    user_session.record_sign_in(person.username, succeeded=True)
    limits.clear_failures(username)
    sending.signed_in(username)
    return Attempt(person=person)
