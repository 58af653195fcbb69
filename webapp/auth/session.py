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

Each session also has a record under its person (``webapp.auth.records``:
when it began, from where, in which browser, last seen), so the person can
list their sessions and end one (``sessions_of``, ``end_session``); and each
sign-in attempt at a person's name is recorded with its address
(``record_sign_in``, ``sign_ins_of``).
"""

import functools
import math
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from flask import abort, current_app, g, has_request_context, redirect, request, session, url_for

from directory.access import Access, access_of
from directory.connection import Ldap
from webapp import ldap
from webapp.auth import limits, records

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
    generation = _generation(username)
    session.update(
        user=username,
        dn=dn,
        name=name,
        signed_in_at=t,
        seen_at=t,
        sid=sid,
        pwgen=generation,
    )
    _records().put(
        records.SESSIONS + username,
        sid,
        records.encode(
            {
                "sid": sid,
                "started": t,
                "seen": t,
                "address": request.remote_addr or "",
                "agent": records.agent_summary(request.user_agent.string or ""),
                "pwgen": generation,
            }
        ),
        _max_age(),
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
        _mark_ended(session["user"], sid, session.get("signed_in_at", 0))
    end()


def _mark_ended(username: str, sid: str, signed_in_at: float) -> None:
    """Record a session as ended until its maximum age, and drop its record."""
    left = signed_in_at + _max_age() - now()
    if left > 0:
        limits.storage().incr(ENDED + sid, math.ceil(left) + 1)
    _records().drop(records.SESSIONS + username, sid)


def _records():
    return current_app.extensions["seres_records"]


def _max_age() -> int:
    return math.ceil(_seconds(current_app.config["SERES_SESSION_MAX"]))


def sessions_of(username: str) -> list[dict]:
    """The person's live sessions, newest first; the request's own is marked ``current``.

    A record outlives its session when the session ended without a request
    (idle, too old) or by a new password: those are left out here and
    dropped. Each record: sid, started, seen, address, agent (a summary).
    """
    config = current_app.config
    t = now()
    generation = _generation(username)
    store = _records()
    live = []
    for sid, text in store.fields(records.SESSIONS + username).items():
        record = records.decode(text)
        if (
            record is None
            or t - record.get("seen", 0) > _seconds(config["SERES_SESSION_IDLE"])
            or t - record.get("started", 0) > _seconds(config["SERES_SESSION_MAX"])
            or _ended(sid)
            or record.get("pwgen", generation) != generation
        ):
            store.drop(records.SESSIONS + username, sid)
            continue
        record["current"] = sid == session.get("sid")
        live.append(record)
    live.sort(key=lambda r: r.get("started", 0), reverse=True)
    return [_moments(r, "started", "seen") for r in live]


def _moments(record: dict, *names: str) -> dict:
    """The record with its epoch seconds under ``names`` as datetimes (UTC), for pages."""
    return {**record, **{n: datetime.fromtimestamp(record.get(n, 0), UTC) for n in names}}


def end_session(username: str, sid: str) -> bool:
    """End one of the person's sessions (for good, as a sign-out); False if it is not theirs."""
    text = _records().fields(records.SESSIONS + username).get(sid)
    record = records.decode(text) if text else None
    if record is None:
        return False
    _mark_ended(username, sid, record.get("started", 0))
    return True


def record_sign_in(username: str, succeeded: bool) -> None:
    """Record a sign-in attempt at this name: when, from which address, whether it succeeded."""
    address = (request.remote_addr or "") if has_request_context() else ""
    _records().push(
        records.SIGNINS + username,
        records.encode({"at": now(), "address": address, "ok": succeeded}),
        records.KEEP_SIGNINS,
        records.SIGNIN_DAYS * 86400,
    )


def sign_ins_of(username: str) -> list[dict]:
    """The person's recent sign-in attempts, newest first: at, address, ok."""
    found = map(records.decode, _records().items(records.SIGNINS + username))
    return [_moments(record, "at") for record in found if record is not None]


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
        _seen(username, session.get("sid"), now(), pwgen=value)


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
        if session.get("sid"):
            _records().drop(records.SESSIONS + session["user"], session["sid"])
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
        _seen(session["user"], session.get("sid"), t)


def _seen(username: str, sid: str | None, t: float, pwgen: int | None = None) -> None:
    """Move the session record's last-seen time on (once a minute at most, as the cookie's)."""
    key = records.SESSIONS + username
    text = _records().fields(key).get(sid or "")
    record = records.decode(text) if text else None
    if record is not None:
        record["seen"] = t
        if pwgen is not None:
            record["pwgen"] = pwgen
        _records().put(key, sid, records.encode(record), _max_age())


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
