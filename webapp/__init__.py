"""The SERES access register's web application (Flask application factory)."""

import os

from flask import Flask

from webapp import errors, headers, i18n, ldap
from webapp.config import Defaults, SettingsError, check, from_environment, public_url


def create_app(test_config: dict | None = None) -> Flask:
    """Create the app: defaults, then the environment (or ``test_config``)."""
    app = Flask(__name__)
    app.config.from_object(Defaults)
    app.config.update(test_config if test_config is not None else from_environment(os.environ))
    check(app.config)  # SettingsError naming the variable; wsgi.py exits with status 4
    if app.config["SERES_PUBLIC_URL"]:
        app.config["SERES_PUBLIC_URL"] = public_url(app.config["SERES_PUBLIC_URL"])
    behind_proxies(app)

    from flask_wtf.csrf import CSRFProtect

    csrf = CSRFProtect(app)
    i18n.init_app(app)
    ldap.init_app(app)
    errors.init_app(app)
    headers.init_app(app)

    from webapp import notify
    from webapp.auth import limits

    try:
        app.extensions["seres_notifier"] = notify.from_config(
            {"outbox": f"{app.config['SERES_VAR']}/outbox", **app.config["SERES_NOTIFY"]}
        )
    except ValueError as exc:
        raise SettingsError(
            f"notification settings (SERES_NOTIFY_*, SERES_SMTP_*, SERES_SMS_*): {exc}"
        ) from None
    limits.init_app(app)

    from webapp.home.views import bp as home_bp

    app.register_blueprint(home_bp)

    from webapp.auth import views as auth_views

    auth_views.init_app(app)
    app.register_blueprint(auth_views.bp)

    from webapp.servicedesk.views import bp as servicedesk_bp

    app.register_blueprint(servicedesk_bp)

    from webapp.api.views import bp as api_bp

    csrf.exempt(api_bp)  # JSON without cookies: nothing for a forged request to ride on
    app.register_blueprint(api_bp)

    from webapp.domains.views import bp as domains_bp

    app.register_blueprint(domains_bp)

    from webapp.access.views import bp as access_bp

    app.register_blueprint(access_bp)

    from webapp.models.views import bp as models_bp

    app.register_blueprint(models_bp)

    from webapp.agencies.views import bp as agencies_bp

    app.register_blueprint(agencies_bp)

    from webapp.enquiries.views import bp as enquiries_bp

    app.register_blueprint(enquiries_bp)

    from webapp.courses import training as _courses_training  # noqa: F401 (its routes)
    from webapp.courses.views import bp as courses_bp

    app.register_blueprint(courses_bp)
    from webapp.orders.views import bp as orders_bp

    app.register_blueprint(orders_bp)
    if app.config["SERES_DEV"]:
        from webapp import devmode
        from webapp.notify.views import bp as notify_bp

        devmode.init_app(app)

        app.register_blueprint(notify_bp)
    from webapp.schedule.views import bp as schedule_bp

    app.register_blueprint(schedule_bp)
    from webapp.ops import views as ops_views

    ops_views.init_app(app)
    return app


def behind_proxies(app: Flask) -> None:
    """Behind N trusted proxies, take the client's address and scheme from their headers.

    X-Forwarded-For gives limits.address() the client's address instead of the
    proxy's; X-Forwarded-Proto makes links in e-mails https. X-Forwarded-Host
    is not trusted: e-mailed activation and recovery links are built from the
    host, and a forwarded host is often the client's word passed on unchecked
    (a recovery link pointing elsewhere); the proxy sets Host itself instead.
    """
    count = app.config["SERES_TRUSTED_PROXIES"]
    if count:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count)
