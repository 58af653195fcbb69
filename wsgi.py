"""gunicorn's entry point: ``wsgi:app``.

A setting that is missing or wrong stops the app with one line on stderr and
exit status 4, gunicorn's APP_LOAD_ERROR: the arbiter halts ("App failed to
load") instead of starting the worker again and again.
"""

import sys

from webapp import create_app
from webapp.config import SettingsError

try:
    app = create_app()
except SettingsError as exc:
    print(f"seres: {exc}", file=sys.stderr)
    raise SystemExit(4) from None
