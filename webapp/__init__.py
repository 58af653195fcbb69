"""The SERES access register's web application (Flask application factory)."""

import os

from flask import Flask

from webapp import errors, i18n, ldap
from webapp.config import Defaults, from_environment


def create_app(test_config: dict | None = None) -> Flask:
    """Create the app: defaults, then the environment (or ``test_config``)."""
    app = Flask(__name__)
    app.config.from_object(Defaults)
    app.config.update(test_config if test_config is not None else from_environment(os.environ))
    if not app.config.get("SECRET_KEY"):
        raise RuntimeError("SERES_SECRET_KEY is not set")

    from flask_wtf.csrf import CSRFProtect

    CSRFProtect(app)
    i18n.init_app(app)
    ldap.init_app(app)
    errors.init_app(app)

    from webapp.home.views import bp as home_bp

    app.register_blueprint(home_bp)

    from webapp.schedule.views import bp as schedule_bp

    app.register_blueprint(schedule_bp)
    return app
