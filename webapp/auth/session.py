"""Who is signed in: the stable API other features use.

The session cookie is signed, not encrypted: it holds the username, the DN,
the name and two timestamps, never a password, a code or a secret.
"""

import functools
from dataclasses import dataclass
from datetime import timedelta

from flask import abort, current_app, g, redirect, request, session, url_for

from directory.access import Access, access_of
from directory.connection import Ldap
from webapp import ldap

KEYS = ("user", "dn", "name", "signed_in_at", "seen_at")


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
    session.update(user=username, dn=dn, name=name, signed_in_at=t, seen_at=t)


def end() -> None:
    start_language = session.get("lang")
    session.clear()
    if start_language:
        session["lang"] = start_language


def _seconds(value: timedelta) -> float:
    return value.total_seconds()


def check_expiry() -> None:
    """Before each request: end a session idle too long or older than the maximum."""
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
