"""Who is signed in: the stable API other features use.

The session cookie is signed, not encrypted: it holds the username, the DN,
the name, two timestamps, a random session id and the person's password
generation, never a password, a code or a secret. Signing out records the
id as ended in the rate limits' storage (memory, or the shared storage of
RATELIMIT_STORAGE_URI) until the session would have reached its maximum
age, so a copy of the cookie ends with it.

A password set through the web app (one's own change, an activation or a
recovery link) ends the person's other sessions: the storage keeps a
counter per person, the password generation, that each such change moves
by a random step; a session records the value at its start and ends when
the value has moved on. The session that made the change takes the new
value and goes on. Each request looks up two counters in the storage, the
session's id and the person's generation. Passwords set outside the web
app (LDAP tools, the manager) do not end sessions.
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

KEYS = ("user", "dn", "name", "signed_in_at", "seen_at", "sid", "pwgen")
# The storage key of an ended session: this prefix and its id.
ENDED = "seres/ended-session/"
# The storage key of a person's password generation: this prefix and the username.
GENERATION = "seres/password-generation/"


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
    session.update(
        user=username,
        dn=dn,
        name=name,
        signed_in_at=t,
        seen_at=t,
        sid=sid,
        pwgen=_generation(username),
    )


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


def _generation(username: str) -> int:
    """The person's password generation: 0 until the web app sets their password."""
    return limits.storage().get(GENERATION + username)


def password_changed(username: str) -> None:
    """After the web app set a person's password: end their other sessions.

    Call it once the directory has taken the password. The request's own
    session, if it is that person's, takes the new generation and goes on.
    """
    maximum = math.ceil(_seconds(current_app.config["SERES_SESSION_MAX"]))
    # The counter expires a session's maximum age after its first step (the
    # storage sets the expiry only then) and starts again from 0. Steps are
    # random, not 1, so that a value after such a restart is not one that a
    # live session recorded before it (with steps of 1, the first change after
    # a restart would read 1 again); they match only by a chance of 1 in 2**31.
    # Expiry can only cause an extra sign-out, never a missed one: a session
    # that recorded a value other than 0 ends once the counter reads 0 again
    # (even one that began after the latest change); one that recorded 0 began
    # while there was no counter, so the counter's next first step comes after
    # that session began, and the counter outlives it.
    step = secrets.randbelow(2**31) + 1
    value = limits.storage().incr(GENERATION + username, maximum + 1, step)
    if session.get("user") == username:
        session["pwgen"] = value


def _seconds(value: timedelta) -> float:
    return value.total_seconds()


def check_expiry() -> None:
    """Before each request: end a session idle too long, too old, signed out or outdated.

    Outdated: the person's password was set through the web app since the
    session began (its generation moved on).

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
    # A session from before generations were recorded counts as generation 0.
    if _ended(session.get("sid")) or session.get("pwgen", 0) != _generation(session["user"]):
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
