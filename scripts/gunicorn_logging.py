"""gunicorn's logger, with the tokens of activation and recovery links left out.

A link's token is in its path (``/activate/<token>``, ``/recover/<token>``),
so gunicorn's access log would keep working links, in the request line, the
path and the next page's Referer. ``scripts/run.sh`` uses this class:

    gunicorn --logger-class scripts.gunicorn_logging.RedactingLogger ...

Only gunicorn is imported here: the class is loaded in gunicorn's master
process, before (and apart from) the Flask app.
"""

import re

from gunicorn.glogging import Logger

_LINK_TOKEN = re.compile(r"(/(?:activate|recover)/)[^/?#\s\"]+", re.IGNORECASE)
REDACTED = "[redacted]"


def redact(text: str) -> str:
    """Replace the token of every activation or recovery link path in ``text``."""
    return _LINK_TOKEN.sub(r"\g<1>" + REDACTED, text)


class RedactingLogger(Logger):
    """gunicorn's logger; every value an access-log line can show is redacted."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {
            key: redact(value) if isinstance(value, str) else value for key, value in atoms.items()
        }
