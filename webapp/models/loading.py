"""The version a URL names, loaded once for its view, and what every models page shares.

A view under ``/domains/<env>/<domain>/models/<name>/<number>`` is decorated
with :func:`version_page`: it is signed-in only, and gets a :class:`Target`
(the model's versions as the person sees them, the chosen version, and the
version's content read at most once), or the person gets 404 (no such
version visible to them) or 409 (a change page for a version that is not
working). Everything is read as the signed-in person, so slapd decides.
"""

import copy
import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import NoReturn

from flask import abort, redirect, request, url_for
from flask_babel import gettext as _

import models
from directory.errors import InvalidValue
from directory.modelstore import store as modelstore
from directory.tree import ENVIRONMENTS
from webapp import ldap
from webapp.auth.session import current_user, login_required, person_ldap
from webapp.errors import abort_with
from webapp.models import messages


@dataclass
class Target:
    """The version a URL names, as the signed-in person sees it."""

    env: str
    domain: str
    name: str
    number: int
    stored: modelstore.Model
    version: modelstore.Version

    @functools.cached_property
    def model(self) -> models.MessageModel:
        """The version's content, read once per request (NoSuchEntry becomes 404)."""
        data = modelstore.load(
            person_ldap(), ldap.tree(), self.env, self.domain, self.name, self.number
        )
        return models.from_dict(data)

    def copy_of_model(self) -> models.MessageModel:
        """A copy to change: a refused change leaves :attr:`model` as stored."""
        return copy.deepcopy(self.model)

    def names(self) -> dict:
        """The URL's parts, as the templates take them."""
        return {"env": self.env, "domain": self.domain, "name": self.name, "number": self.number}

    def back(self, anchor: str = "", number: int | None = None):
        """303 to the version's page (or version ``number`` of the same model)."""
        return to_version(self.env, self.domain, self.name, number or self.number, anchor)


def may_write(env: str, domain: str) -> bool:
    """Show writers' buttons (the directory still decides each write)."""
    return domain in current_user().access.env(env).writes


def stored(env: str, domain: str, name: str) -> modelstore.Model:
    """The model with the versions the person may see, or 404."""
    if env not in ENVIRONMENTS:
        abort(404)
    try:
        found = modelstore.get_model(person_ldap(), ldap.tree(), env, domain, name)
    except InvalidValue:
        abort(404)
    if found is None:
        abort(404)
    return found


def not_working(number: int) -> NoReturn:
    """409: only a working version changes, and this one is not (or no longer) working."""
    abort_with(
        409,
        _("This version can no longer be changed"),
        _(
            "Version %(number)s is published or discarded, and only a working version can be "
            "changed. Open the model again to see its versions."
        )
        % {"number": number},
    )


def invalid_version(title: str, exc: models.InvalidModel) -> NoReturn:
    """409: the stored version does not make a valid message specification; say why."""
    words = " ".join(words for _field, words in messages.invalid_model_words(exc))
    abort_with(409, title, words)


def version_page(changing: bool = False) -> Callable:
    """Make a view take the :class:`Target` its URL names instead of env/domain/name/number.

    Signed-in only. 404 if the person sees no such version. With ``changing``
    (a page with a form that changes the version) a GET is answered 409 unless
    the version is working; this only stops early: each POST still goes to
    the directory, which decides.
    """

    def decorate(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapped(env: str, domain: str, name: str, number: int, **rest):
            found = stored(env, domain, name)
            chosen = modelstore.pick_version(found, number)
            if chosen is None:
                abort(404)
            if changing and request.method != "POST" and chosen.state != modelstore.WORKING:
                not_working(number)
            return view(Target(env, domain, name, number, found, chosen), **rest)

        return login_required(wrapped)

    return decorate


def to_version(env: str, domain: str, name: str, number: int, anchor: str = ""):
    target = url_for("models.version", env=env, domain=domain, name=name, number=number)
    return redirect(target + (f"#{anchor}" if anchor else ""), 303)
