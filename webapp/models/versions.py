"""A model's versions on the web: import, the version page, publish, discard, a new version.

Everything is read and written as the signed-in person (``person_ldap()``), so
slapd decides: a working version is visible to the domain's writers alone (404
for others), a published one refuses every change (403), another domain's
model refuses a writer (403).
"""

from collections.abc import Callable
from contextlib import suppress

from flask import abort, flash, g, render_template, request
from flask_babel import gettext as _

import models
from directory.errors import AlreadyExists, DirectoryError
from directory.modelstore import store as modelstore
from directory.modelstore.service import BadModelName, ImportedMeanwhile, import_model
from directory.people import names_of
from models import browse, edit
from models.conventions import STANDARD, VARIANTS
from webapp import ldap
from webapp.auth.session import login_required, person_ldap
from webapp.domains.views import load as load_domain
from webapp.errors import abort_with
from webapp.models import forms, messages
from webapp.models.loading import (
    Target,
    invalid_version,
    may_write,
    not_working,
    stored,
    to_version,
    version_page,
)


def import_refusal(exc: Exception) -> list[str]:
    """Why an imported file is not stored, in words."""
    if isinstance(exc, models.NotSeresXsd):
        return [messages.not_seres_message(exc.code)]
    if isinstance(exc, BadModelName):
        return [
            _(
                "The model's name %(name)s cannot be stored: use at most 128 letters, digits, "
                "_ . or -, starting with a letter or digit."
            )
            % {"name": exc.name}
        ]
    intro = _("The file does not make a valid message specification, so it is not stored:")
    return [intro, *(words for _field, words in messages.invalid_model_words(exc))]


# Flashed messages travel in the session cookie, which browsers drop above about 4 KB.
WARNINGS_SHOWN = 20
WARNING_CHARACTERS = 160


def shortened(text: str, limit: int = WARNING_CHARACTERS) -> str:
    """``text``, or as many whole words of it as fit in ``limit`` characters with "…"."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.") + "…"


def flash_warnings(warnings: list[models.Issue]) -> None:
    """Flash the first WARNINGS_SHOWN warnings, each cut short, then how many more there are.

    In words only: the code (construct_unsupported, …) means nothing to the reader.
    """
    for warning in warnings[:WARNINGS_SHOWN]:
        label = messages.warning_label(warning.code)
        flash(shortened(f"{label}: {messages.warning_words(warning)}"), "warning")
    if len(warnings) > WARNINGS_SHOWN:
        flash(
            _("… and %(count)s more warnings, not listed here.")
            % {"count": len(warnings) - WARNINGS_SHOWN},
            "warning",
        )


@login_required
def import_xsd(env: str, domain: str):
    found = load_domain(env, domain)
    form = forms.ImportForm()
    if form.validate_on_submit():
        data = form.file.data.read()
        try:
            imported = import_model(person_ldap(), ldap.tree(), env, found.name, data)
        except (models.NotSeresXsd, models.InvalidModel, BadModelName) as exc:
            form.file.errors.extend(import_refusal(exc))
        except ImportedMeanwhile as exc:
            abort_with(
                409,
                _("Another import came first"),
                _(
                    "%(model)s was imported by someone else at the same moment. Open the model "
                    "to see its versions, and import again if yours is still needed."
                )
                % {"model": exc.name},
            )
        else:
            name, number = imported.model.name, imported.version.number
            flash(
                _("%(model)s is imported as version %(number)s (working).")
                % {"model": name, "number": number},
                "info",
            )
            flash_warnings(imported.warnings)
            return to_version(env, found.name, name, number)
    status = 400 if form.errors else 200
    return render_template("models/import.html", domain=found, form=form), status


@login_required
def model(env: str, domain: str, name: str):
    found = stored(env, domain, name)
    # The latest published, else the working one; else the last the person sees (discarded).
    version = modelstore.pick_version(found) or (found.versions[-1] if found.versions else None)
    if version is None:
        abort(404)
    return to_version(env, domain, name, version.number)


# Up to this many types, a version's page shows every type open; beyond, closed.
OPEN_UP_TO = 12


@version_page()
def version(target: Target):
    chosen, model = target.version, target.model
    writer = may_write(target.env, target.domain)
    editable = chosen.state == modelstore.WORKING and writer
    startable = chosen.state in (modelstore.PUBLISHED, modelstore.HISTORIC) and writer
    # The filter over types and elements: a GET form, answered 400 if too long.
    search = forms.TypeFilterForm(request.args)
    valid = search.validate()
    wanted = (search.q.data or "").strip() if valid else ""
    shown = browse.matching(model, wanted)
    root_shown = not wanted or any(
        wanted.casefold() in f"{p.name} {p.type}".casefold() for p in model.parts
    )
    return render_template(
        "models/version.html",
        search=search,
        wanted=wanted,
        groups=browse.grouped(shown),
        shown_count=len(shown),
        root_shown=root_shown,
        open_types=bool(wanted) or len(model.types) <= OPEN_UP_TO,
        group_names=messages.TYPE_GROUPS,
        env=target.env,
        domain=target.domain,
        stored=target.stored,
        version=chosen,
        model=model,
        types=model.types_by_name(),
        editable=editable,
        new_version_form=forms.NewVersionForm() if startable else None,
        # The standard variant needs a target namespace (from the domain and version).
        variants=[v for v in VARIANTS if v != STANDARD or model.target_namespace],
        states=messages.STATES,
    ), (200 if valid else 400)


def confirmed(target: Target, form, change: Callable, done: str, template: str):
    """A confirm page that changes a working version's state (publish, discard).

    On a confirmed POST the directory makes ``change`` (409 if the version is no
    longer working) and ``done`` is flashed; else the page, 400 with the form's errors.
    """
    if form.validate_on_submit():
        try:
            change(
                person_ldap(), ldap.tree(), target.env, target.domain, target.name, target.number
            )
        except modelstore.VersionNotWorking:
            not_working(target.number)
        flash(done % {"number": target.number}, "info")
        return target.back()
    status = 400 if form.errors else 200
    return render_template(
        template,
        env=target.env,
        domain=target.domain,
        name=target.name,
        version=target.version,
        form=form,
    ), status


@version_page(changing=True)
def publish(target: Target):
    try:
        edit.checked(target.model)
    except models.InvalidModel as exc:
        invalid_version(_("This version cannot be published"), exc)
    return confirmed(
        target,
        forms.PublishForm(),
        modelstore.publish,
        _("Version %(number)s is published."),
        "models/publish.html",
    )


@version_page(changing=True)
def discard(target: Target):
    return confirmed(
        target,
        forms.DiscardForm(),
        modelstore.discard,
        _("Version %(number)s is discarded."),
        "models/discard.html",
    )


@version_page()
def new_version(target: Target):
    """A working version copied from this published one; this one does not change."""
    if not forms.NewVersionForm().validate_on_submit():
        abort(400)
    try:
        started = modelstore.new_version(
            person_ldap(), ldap.tree(), target.env, target.domain, target.name, target.number
        )
    except modelstore.WorkingVersionExists as exc:
        abort_with(
            409,
            _("There is a working version already"),
            _(
                "Version %(number)s is already being worked on. Change it there, or publish or "
                "discard it before starting another."
            )
            % {"number": exc.number},
        )
    except (modelstore.VersionNotPublished, AlreadyExists):
        abort(409)
    flash(
        _("Version %(number)s is started as a copy of version %(source)s.")
        % {"number": started.number, "source": target.number},
        "info",
    )
    return target.back(number=started.number)


def dn_name(value: str) -> str:
    """A person's DN as their full name (uid=kari,... -> Kari Nordmann), read once a request;
    another DN, or a person not found, as its first value (cn=webapp,... -> webapp)."""
    if value.lower().startswith("uid="):
        names = g.setdefault("person_names", {})
        if value not in names:
            with suppress(DirectoryError):
                names.update(names_of(ldap.service(), [value]))
        if value in names:
            return names[value]
    first = value.split(",", 1)[0]
    return first.split("=", 1)[1] if "=" in first else value
