"""The JSON API for other programs: ask for a code, check credentials (/api/v1).

No cookies are read or set here, so CSRF protection does not apply; the
limits and answers are those of the web sign-in.
"""

import logging
import math
import re
import time
from pathlib import Path

from flask import Blueprint, Response, jsonify, request

from directory.groups import groups_of
from webapp import ldap
from webapp.auth import attempts, limits, sending, signin

log = logging.getLogger(__name__)
bp = Blueprint("api", __name__, url_prefix="/api/v1")
OPENAPI = Path(__file__).with_name("openapi.json")

# What openapi.json promises: a name of at most 64 characters that could be
# a username, a code of six digits (spaces around it are ignored) and a
# password of at most 256 characters (the web sign-in's limit). Anything else
# is refused before a limit counts it or a log line quotes it: a limit's key
# stays in memory for its whole window.
USERNAME_MAX = 64
PASSWORD_MAX = 256
CODE = re.compile(r"\s*[0-9]{6}\s*")
BAD_USERNAME = (
    f"The username has at most {USERNAME_MAX} characters: letters a-z, digits and . _ @ -,"
    " beginning with a letter or digit."
)


def _problem(status: int, error: str, message: str):
    return jsonify(error=error, message=message), status


def _body(*names: str) -> dict[str, str] | None:
    data = request.get_json(silent=True)
    if not isinstance(data, dict) or not all(isinstance(data.get(n), str) for n in names):
        return None
    return {n: data[n] for n in names}


def _username(text: str) -> str | None:
    """The normalized username, or None if ``text`` cannot be one (the same for any name)."""
    if len(text) > USERNAME_MAX or not text.isascii():  # "\u212a".lower() is "k"
        return None
    username = signin.normalize(text)
    return username if signin.plausible(username) else None


def _rate_limited(refusal: limits.Refusal):
    """429 naming the limit (SERES_LIMIT_<name>) and when it allows again (Retry-After)."""
    wait = max(1, math.ceil(refusal.until - time.time()))
    body, status = _problem(
        429,
        "rate_limited",
        f"Limit {refusal.name}: at most {refusal.amount} per {refusal.seconds} seconds;"
        f" ask again in {wait} seconds.",
    )
    body.headers["Retry-After"] = str(wait)
    return body, status


@bp.get("/openapi.json")
def openapi():
    return Response(OPENAPI.read_text(), mimetype="application/json")


@bp.post("/codes")
def codes():
    body = _body("username")
    if body is None:
        return _problem(400, "bad_request", "Send JSON with a string 'username'.")
    username = _username(body["username"])
    if username is None:
        return _problem(400, "bad_request", BAD_USERNAME)
    sent = sending.send_code(username)
    if sent.refusal is not None:
        return _rate_limited(sent.refusal)
    if sent.status == 503:
        return _problem(503, "send_failed", "The code could not be sent; try again.")
    # The same answer whether or not the person exists.
    return jsonify(status="accepted"), 202


@bp.post("/auth/check")
def check():
    body = _body("username", "password", "code")
    if body is None:
        return _problem(400, "bad_request", "Send JSON with strings username, password and code.")
    username = _username(body["username"])
    if username is None:
        return _problem(400, "bad_request", BAD_USERNAME)
    if len(body["password"]) > PASSWORD_MAX:
        return _problem(400, "bad_request", f"The password has at most {PASSWORD_MAX} characters.")
    if not CODE.fullmatch(body["code"]):
        return _problem(400, "bad_request", "The code has six digits.")
    tried = attempts.attempt(username, body["password"], body["code"])
    if tried.refusal is not None:
        return _rate_limited(tried.refusal)
    person = tried.person
    if person is None:
        log.info("API credential check refused: %r", username)
        return _problem(401, "invalid_credentials", "Username, password or code is wrong.")
    from directory.access import access_of

    access = access_of(ldap.service(), ldap.tree(), person.dn)
    groups = groups_of(ldap.service(), ldap.tree(), person.dn)
    return jsonify(
        username=person.username,
        dn=person.dn,
        name=person.name,
        groups=sorted(g.dn for g in groups),
        roles=list(access.roles),
        access={e.env: {"read": e.reads, "write": list(e.writes)} for e in access.environments},
    )
