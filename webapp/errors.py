"""Error pages: a clear message in the user's language, never a stack trace.

A view that knows why it stops says so with ``abort_with(code, title, message)``
(both already translated); a bare ``abort(code)`` gets the code's own words.
Requests to the JSON API (/api/) get its problem JSON instead of a page,
``{"error": <code>, "message": <English words>}``, with the same status.
"""

import logging
from typing import NoReturn

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, MethodNotAllowed
from werkzeug.http import HTTP_STATUS_CODES

from directory.errors import (
    Busy,
    DirectoryError,
    InsufficientAccess,
    NoSuchEntry,
    Unavailable,
)

log = logging.getLogger(__name__)


class Explained(HTTPException):
    """An HTTP error whose page carries the view's own title and message."""

    def __init__(self, code: int, title: str, message: str) -> None:
        super().__init__(description=message)
        self.code = code
        self.title = title


def abort_with(code: int, title: str, message: str) -> NoReturn:
    """Stop the request with the error page for ``code`` saying ``title`` and ``message``."""
    raise Explained(code, title, message)


API_PREFIX = "/api/"
# The API's error codes and words per status: for programs, so not translated.
API_PROBLEMS = {
    400: ("bad_request", "The request was malformed."),
    403: ("forbidden", "The directory did not allow this."),
    404: ("not_found", "There is nothing here."),
    405: ("method_not_allowed", "This method is not allowed here."),
    409: ("conflict", "This was changed meanwhile."),
    413: ("too_large", "The request is too large."),
    429: ("rate_limited", "Too many requests; wait a while."),
    500: ("server_error", "Something went wrong; try again in a few minutes."),
    503: ("unavailable", "The directory does not answer; try again in a few minutes."),
}


def for_api() -> bool:
    """Whether this request is to the JSON API (also when no route matched it)."""
    return request.blueprint == "api" or request.path.startswith(API_PREFIX)


def _problem(status: int) -> tuple[str, str]:
    if status in API_PROBLEMS:
        return API_PROBLEMS[status]
    words = HTTP_STATUS_CODES.get(status, "Error")
    return words.lower().replace(" ", "_"), words + "."


def _page(status: int, title: str, message: str, headers: dict | None = None):
    """The error page, or for the API its problem JSON: the one place errors are answered."""
    if for_api():
        error, words = _problem(status)
        return jsonify(error=error, message=words), status, headers or {}
    return render_template("error.html", title=title, message=message), status, headers or {}


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(_exc):
        return _page(400, _("The form has expired"), _("Go back, reload the page and try again."))

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        if isinstance(exc, Explained):
            return _page(exc.code, exc.title, exc.description)
        titles = {
            400: _("Something in the request was wrong"),
            403: _("You do not have access to this"),
            404: _("The page was not found"),
            405: _("That is not allowed here"),
            409: _("This was changed meanwhile"),
            413: _("What you sent is too large"),
            429: _("Too many attempts"),
        }
        messages = {
            # Trying again cannot help where access is missing: say who can give it.
            403: _(
                "Your account does not have access to this page. If you need it, ask the"
                " domain's owner or SERES brukerservice."
            ),
            404: _("Check the address, or start again from the front page."),
            409: _("Open it again to see how it is now."),
        }
        title = titles.get(exc.code, _("Something went wrong"))
        message = messages.get(exc.code, _("Go back and try again."))
        headers = None
        if isinstance(exc, MethodNotAllowed) and exc.valid_methods:
            headers = {"Allow": ", ".join(exc.valid_methods)}  # as RFC 9110 wants of a 405
        return _page(exc.code or 500, title, message, headers)

    @app.errorhandler(InsufficientAccess)
    def refused(_exc):
        return _page(
            403,
            _("You do not have access to this"),
            _(
                "The directory did not allow this for your account. If you need it, ask the"
                " domain's owner or SERES brukerservice."
            ),
        )

    @app.errorhandler(NoSuchEntry)
    def missing(_exc):
        return _page(
            404,
            _("The page was not found"),
            _("Check the address, or start again from the front page."),
        )

    @app.errorhandler(Unavailable)
    @app.errorhandler(Busy)
    def unavailable(exc):
        log.error("directory unavailable: %s", exc)
        return _page(
            503,
            _("The register is unavailable"),
            _("The directory does not answer. Try again in a few minutes."),
        )

    @app.errorhandler(DirectoryError)
    def directory_error(exc):
        log.error("directory error: %s", exc)
        return _page(500, _("Something went wrong"), _("Try again in a few minutes."))

    @app.errorhandler(Exception)
    def unexpected(exc):
        log.exception("unexpected error")
        return _page(500, _("Something went wrong"), _("Try again in a few minutes."))
