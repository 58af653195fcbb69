"""The home page: the environments and their domains; the language switch."""

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from directory.domains import domains_by_environment
from directory.tree import ENVIRONMENTS
from webapp import ldap
from webapp.auth.session import current_user, person_ldap
from webapp.i18n import LANGUAGE_COOKIE
from webapp.safe import safe_next

bp = Blueprint("home", __name__, template_folder="templates")


@bp.get("/")
def index():
    """Signed in: the domains of each environment the person reads, as the directory
    shows them to that person (one search). Not signed in: what the register is."""
    user = current_user()
    if user is None:
        return render_template("home/welcome.html")
    domains = domains_by_environment(person_ldap(), ldap.tree())
    environments = [
        (env, domains[env] if user.access.env(env).reads else None) for env in ENVIRONMENTS
    ]
    return render_template("home/index.html", environments=environments, user=user)


@bp.get("/language/<code>")
def language(code: str):
    """Choose the page language; a plain link, so it works without JavaScript."""
    if code not in current_app.config["LANGUAGES"]:
        abort(404)
    session["lang"] = code
    response = redirect(safe_next(request.args.get("next"), url_for("home.index")))
    response.set_cookie(
        LANGUAGE_COOKIE,
        code,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        httponly=True,
        secure=current_app.config["SESSION_COOKIE_SECURE"],
    )
    return response


@bp.get("/tilgjengelighetserklaering")
def accessibility():
    """The accessibility statement (required of Norwegian public services): what was
    tested, how, and where to report a barrier."""
    return render_template("home/accessibility.html")
