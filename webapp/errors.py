"""Error pages: a clear message in the user's language, never a stack trace.

A view that knows why it stops says so with ``abort_with(code, title, message)``
(both already translated); a bare ``abort(code)`` gets the code's own words.
"""

import logging
from typing import NoReturn

from flask import Flask, render_template
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from directory.errors import DirectoryError, InsufficientAccess, NoSuchEntry, Unavailable

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


def _page(status: int, title: str, message: str):
    return render_template("error.html", title=title, message=message), status


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
        messages = {409: _("Open it again to see how it is now.")}
        title = titles.get(exc.code, _("Something went wrong"))
        return _page(exc.code or 500, title, messages.get(exc.code, _("Go back and try again.")))

    @app.errorhandler(InsufficientAccess)
    def refused(_exc):
        return _page(
            403,
            _("You do not have access to this"),
            _("The directory did not allow this for your account."),
        )

    @app.errorhandler(NoSuchEntry)
    def missing(_exc):
        return _page(404, _("The page was not found"), _("Go back and try again."))

    @app.errorhandler(Unavailable)
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
