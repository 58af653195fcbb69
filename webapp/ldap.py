"""The web app's directory connection: one per request, closed at teardown."""

from flask import Flask, current_app, g

from directory.connection import Directory, Ldap
from directory.tree import Tree


def init_app(app: Flask) -> None:
    app.extensions["seres_directory"] = Directory(app.config["SERES_LDAP"])
    app.teardown_appcontext(close)


def directory() -> Directory:
    return current_app.extensions["seres_directory"]


def tree() -> Tree:
    return Tree(directory().settings.suffix)


def service() -> Ldap:
    """The web app's own connection for this request (its service account)."""
    if "seres_ldap" not in g:
        g.seres_ldap = directory().service()
    return g.seres_ldap


def close(_exc: BaseException | None = None) -> None:
    ldap = g.pop("seres_ldap", None)
    if ldap is not None:
        ldap.close()
