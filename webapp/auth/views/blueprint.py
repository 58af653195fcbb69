"""The sign-in blueprint, and what runs around every request of the app."""

from flask import Blueprint, flash, g, request, session
from flask_babel import gettext as _

from webapp.auth import forms
from webapp.auth import session as user_session
from webapp.auth.session import current_user

bp = Blueprint("auth", "webapp.auth", template_folder="templates")


@bp.app_template_filter("role_name")
def role_name(role: str) -> str:
    """A role in words: ``servicedesk`` is the service desk, ``owners-X`` the owners of X."""
    if role == "servicedesk":
        return _("SERES brukerservice (service desk)")
    if role.startswith("owners-"):
        return _("Owner of %(domain)s", domain=role[len("owners-") :])
    return role


def init_app(app) -> None:
    """Around each request: session expiry and sign-outs, no caching while signed in; page names."""

    @app.before_request
    def expire():
        user_session.check_expiry()
        if g.pop("session_expired", False):
            flash(_("Your session has expired. Sign in again."), "info")
        elif g.pop("session_ended", False):
            flash(_("Your session has ended. Sign in again."), "info")

    @app.after_request
    def not_stored(response):
        # A signed-in page (the app's key, a person's mobile on the desk's
        # page) must not come back from the browser's cache or its back and
        # forward cache after sign-out. Static files hold nothing personal.
        if "user" in session and request.endpoint != "static":
            response.headers["Cache-Control"] = "no-store"
        return response

    @app.context_processor
    def account():
        return {
            "signed_in": session.get("name") if "user" in session else None,
            "logout_form": lambda: forms.LogoutForm(formdata=None),  # reads no body
            "current_user": current_user,
        }
