"""Who is signed in: the stable API other features use.

The session cookie is signed, not encrypted: it holds the username, the DN,
the name, two timestamps and a random session id, never a password, a code
or a secret. Signing out records the id as ended in the rate limits' storage
(memory, or the shared storage of RATELIMIT_STORAGE_URI) until the session
would have reached its maximum age, so a copy of the cookie ends with it.

A password change does not end the person's other sessions: the storage
keeps only counters whose expiry is set by their first count, so a time or
generation per person could not be kept there atomically and with a bounded
life, and every request would pay a second lookup.
"""

import functools
import math
import secrets
from dataclasses import dataclass
from datetime import timedelta

from flask import abort, current_app, g, redirect, request, session, url_for

from directory.access import Access, access_of
from directory.connection import Ldap
from webapp import ldap
from webapp.auth import limits

KEYS = ("user", "dn", "name", "signed_in_at", "seen_at", "sid")
# The storage key of an ended session: this prefix and its id.
ENDED = "seres/ended-session/"


@dataclass(frozen=True)
class User:
    username: str
    dn: str
    name: str
    access: Access


def now() -> float:
    return current_app.config["SERES_CLOCK"]()


def start(username: str, dn: str, name: str) -> None:
    """Begin a new session: nothing of the previous one survives but the language."""
    language = session.get("lang")
    session.clear()
    if language:
        session["lang"] = language
    session.permanent = True
    t = now()
    sid = secrets.token_urlsafe(16)
    session.update(user=username, dn=dn, name=name, signed_in_at=t, seen_at=t, sid=sid)


def end() -> None:
    """Forget the session in this browser (its cookie); copies stay valid until they expire."""
    start_language = session.get("lang")
    session.clear()
    if start_language:
        session["lang"] = start_language


def sign_out() -> None:
    """End the session for good: its id is recorded as ended, then the cookie is cleared.

    The record expires when the session would have reached its maximum age
    anyway, so the storage holds at most the sign-outs of the last 12 hours.
    """
    sid = session.get("sid")
    if "user" in session and sid:
        maximum = _seconds(current_app.config["SERES_SESSION_MAX"])
        left = session.get("signed_in_at", 0) + maximum - now()
        if left > 0:
            limits.storage().incr(ENDED + sid, math.ceil(left) + 1)
    end()


def _ended(sid: str | None) -> bool:
    """True if the session was signed out (one storage lookup), or has no id.

    A session without an id was started before sessions had one and could
    not be signed out for good, so it ends once.
    """
    return not sid or limits.storage().get(ENDED + sid) > 0


def _seconds(value: timedelta) -> float:
    return value.total_seconds()


def check_expiry() -> None:
    """Before each request: end a session idle too long, older than the maximum, or signed out.

    Sets ``g.session_expired`` or ``g.session_ended`` for the message.
    """
    if "user" not in session:
        return
    t = now()
    config = current_app.config
    idle = t - session.get("seen_at", 0) > _seconds(config["SERES_SESSION_IDLE"])
    too_old = t - session.get("signed_in_at", 0) > _seconds(config["SERES_SESSION_MAX"])
    if idle or too_old:
        end()
        g.session_expired = True
        return
    if _ended(session.get("sid")):
        end()
        g.session_ended = True
        return
    # Idle time counts from the last request; whole minutes keep the cookie stable.
    if t - session["seen_at"] >= 60:
        session["seen_at"] = t


def is_fresh() -> bool:
    """True if the sign-in was recent enough for a sensitive change."""
    fresh = _seconds(current_app.config["SERES_SESSION_FRESH"])
    return "user" in session and now() - session.get("signed_in_at", 0) <= fresh


def current_user() -> User | None:
    """The signed-in person, with where they may read and write; None if nobody."""
    if "user" not in session:
        return None
    if "seres_user" not in g:
        access = access_of(ldap.service(), ldap.tree(), session["dn"])
        g.seres_user = User(session["user"], session["dn"], session.get("name", ""), access)
    return g.seres_user


def person_ldap() -> Ldap:
    """The request's service connection acting as the signed-in person (RFC 4370)."""
    if "user" not in session:
        abort(401)
    return ldap.service().acting_as(session["dn"])


def login_required(view):
    """Send a visitor who is not signed in to /login, and back here afterwards."""

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        if "user" not in session:
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)

    return wrapped


def servicedesk_required(view):
    """Show a page only to the service desk; the directory still decides each write."""

    @functools.wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if not current_user().access.servicedesk:
            abort(403)
        return view(*args, **kwargs)

    return wrapped
