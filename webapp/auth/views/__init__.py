"""Sign-in's pages, one module per feature; ``bp`` and ``init_app`` for the factory."""

from webapp.auth.views import authenticator, links, password, signin  # noqa: F401 -- their routes
from webapp.auth.views.blueprint import bp, init_app

__all__ = ["bp", "init_app"]
