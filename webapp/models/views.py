"""A domain's models on the web: tree, downloads, import, element edits, a version's state.

Everything is read and written as the signed-in person (``person_ldap()``), so
slapd decides: a working version is visible to the domain's writers alone (404
for others), a published one refuses every change (403), another domain's
model refuses a writer (403). A page with a form to change a version that is
not working answers 409 before showing it. The model is changed only through
``models.edit``.
"""

import re
import unicodedata
from collections.abc import Callable
from typing import NoReturn
from urllib.parse import quote

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

import models
from directory import modelstore
from directory.errors import AlreadyExists, InvalidValue
from directory.tree import ENVIRONMENTS
from models import edit
from models.conventions import STANDARD, VARIANTS
from models.model import FACET_NAMES, Facets, SimpleType
from webapp import ldap
from webapp.auth.session import current_user, login_required, person_ldap
from webapp.domains.views import load as load_domain
from webapp.errors import abort_with
from webapp.models import forms, messages

bp = Blueprint("models", __name__, template_folder="templates")
BASE = "/domains/<env>/<domain>/models"
VERSION = BASE + "/<name>/<int:number>"


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


def version_of(found: modelstore.Model, number: int) -> modelstore.Version:
    version = modelstore.pick_version(found, number)
    if version is None:
        abort(404)
    return version


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


def to_change(env: str, domain: str, name: str, number: int) -> modelstore.Version:
    """The version a change page is for; a form (GET) only while it is working, else 409.

    This only stops early: each POST still goes to the directory, which decides.
    """
    chosen = version_of(stored(env, domain, name), number)
    if request.method != "POST" and chosen.state != modelstore.WORKING:
        not_working(number)
    return chosen


def loaded(env: str, domain: str, name: str, number: int) -> models.MessageModel:
    """The version's model as the person may read it (NoSuchEntry becomes 404)."""
    return models.from_dict(modelstore.load(person_ldap(), ldap.tree(), env, domain, name, number))


_NOT_ASCII_SAFE = re.compile(r"[^A-Za-z0-9._-]+")
_NOT_SAFE = re.compile(r"[^\w.-]+")


def _ascii_part(value: str) -> str:
    """Őrség -> Orseg; anything but A-Z a-z 0-9 . _ - becomes _ (quotes, ;, newlines too)."""
    folded = unicodedata.normalize("NFKD", value)
    return _NOT_ASCII_SAFE.sub("_", "".join(c for c in folded if not unicodedata.combining(c)))


def xsd_filename(domain: str, model: models.MessageModel, variant: str) -> tuple[str, str]:
    """SERES style: <domain>_<model>_<dataFormatId>_<dataFormatVersion>_SERES.xsd.

    Return the name in ASCII (for ``filename``) and in letters of any script
    (for ``filename*``). The parts come from uploaded files, so each keeps
    only letters, digits, ".", "_" and "-": no quote, ";" or newline reaches
    the header.
    """
    parts = [domain, model.name, model.data_format_id or "", model.data_format_version or ""]
    suffix = "_SERES" if variant == "altinn" else "_SERES_standard"
    ascii_name = "_".join(p for p in map(_ascii_part, parts) if p) + suffix + ".xsd"
    name = "_".join(p for p in (_NOT_SAFE.sub("_", p) for p in parts) if p) + suffix + ".xsd"
    return ascii_name, name


def content_disposition(ascii_name: str, name: str) -> str:
    """An attachment header in ASCII; RFC 6266's filename* when the name has other letters."""
    value = f'attachment; filename="{ascii_name}"'
    if name != ascii_name:
        value += f"; filename*=UTF-8''{quote(name, safe='')}"
    return value


def attach_error(form, exc: Exception) -> None:
    """Put a refused edit's words on the field each concerns (or the form's first field)."""
    if isinstance(exc, models.InvalidModel):
        intro = _("The change would make an invalid message specification: %(why)s")
        found = [
            (field, intro % {"why": words}) for field, words in messages.invalid_model_words(exc)
        ]
    else:
        found = [messages.edit_words(exc)]
    first = next(f for f in form if f.type not in ("CSRFTokenField", "HiddenField"))
    for field, text in found:
        target = form._fields.get(field) if field else None
        target = target or first
        target.errors = [*target.errors, text]


def apply_edit(env: str, domain: str, name: str, number: int, change: Callable, form) -> bool:
    """Load the version, change it, check it still makes a valid schema, save it.

    Return False (the message on ``form``) if the change is refused; the
    directory refuses a published version (403) and VersionNotWorking is 409.
    """
    model = loaded(env, domain, name, number)
    try:
        change(model)
        edit.checked(model)
    except (edit.EditError, models.InvalidModel) as exc:
        attach_error(form, exc)
        return False
    try:
        modelstore.save_version(
            person_ldap(),
            ldap.tree(),
            env,
            domain,
            name,
            number,
            models.to_dict(model),
            model.data_format_id or "",
            model.data_format_version or "",
        )
    except modelstore.VersionNotWorking:
        not_working(number)
    return True


def to_version(env: str, domain: str, name: str, number: int, anchor: str = ""):
    target = url_for("models.version", env=env, domain=domain, name=name, number=number)
    return redirect(target + (f"#{anchor}" if anchor else ""), 303)


def refusal(model: models.MessageModel) -> list[str]:
    """Why an imported model is not stored, in words; empty if it may be.

    Only a model that makes a valid message specification is stored, so that
    every stored version can be downloaded, published and edited; and its name
    must be one the directory can hold.
    """
    try:
        modelstore.check_model_name(model.name)
    except InvalidValue:
        return [
            _(
                "The model's name %(name)s cannot be stored: use at most 128 letters, digits, "
                "_ . or -, starting with a letter or digit."
            )
            % {"name": model.name}
        ]
    try:
        edit.checked(model)
    except models.InvalidModel as exc:
        intro = _("The file does not make a valid message specification, so it is not stored:")
        return [intro, *(words for _field, words in messages.invalid_model_words(exc))]
    return []


def save_import(env: str, domain: str, model: models.MessageModel) -> modelstore.Version:
    """Store an imported model as the working version; 409 if another import got there first."""
    try:
        return modelstore.save_working(
            person_ldap(),
            ldap.tree(),
            env,
            domain,
            model.name,
            models.to_dict(model),
            data_format_id=model.data_format_id or "",
            data_format_version=model.data_format_version or "",
        )
    except AlreadyExists:
        abort_with(
            409,
            _("Another import came first"),
            _(
                "%(model)s was imported by someone else at the same moment. Open the model to "
                "see its versions, and import again if yours is still needed."
            )
            % {"model": model.name},
        )


def invalid_version(title: str, exc: models.InvalidModel) -> NoReturn:
    """409: the stored version does not make a valid message specification; say why."""
    words = " ".join(words for _field, words in messages.invalid_model_words(exc))
    abort_with(409, title, words)


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


@bp.route(BASE + "/import", methods=["GET", "POST"])
@login_required
def import_xsd(env: str, domain: str):
    found = load_domain(env, domain)
    form = forms.ImportForm()
    if form.validate_on_submit():
        try:
            result = models.import_xsd(form.file.data.read())
        except models.NotSeresXsd as exc:
            form.file.errors.append(messages.not_seres_message(exc.code))
        else:
            model = result.model
            refused = refusal(model)
            if refused:
                form.file.errors.extend(refused)
            else:
                version = save_import(env, found.name, model)
                flash(
                    _("%(model)s is imported as version %(number)s (working).")
                    % {"model": model.name, "number": version.number},
                    "info",
                )
                flash_warnings(result.warnings)
                return to_version(env, found.name, model.name, version.number)
    status = 400 if form.errors else 200
    return render_template("models/import.html", domain=found, form=form), status


@bp.route(BASE + "/<name>")
@login_required
def model(env: str, domain: str, name: str):
    found = stored(env, domain, name)
    # The latest published, else the working one; else the last the person sees (discarded).
    version = modelstore.pick_version(found) or (found.versions[-1] if found.versions else None)
    if version is None:
        abort(404)
    return to_version(env, domain, name, version.number)


@bp.route(VERSION)
@login_required
def version(env: str, domain: str, name: str, number: int):
    found = stored(env, domain, name)
    chosen = version_of(found, number)
    model = loaded(env, domain, name, number)
    writer = may_write(env, domain)
    editable = chosen.state == modelstore.WORKING and writer
    startable = chosen.state in (modelstore.PUBLISHED, modelstore.HISTORIC) and writer
    return render_template(
        "models/version.html",
        env=env,
        domain=domain,
        stored=found,
        version=chosen,
        model=model,
        types=model.types_by_name(),
        editable=editable,
        new_version_form=forms.NewVersionForm() if startable else None,
        # The standard variant needs a target namespace (from the domain and version).
        variants=[v for v in VARIANTS if v != STANDARD or model.target_namespace],
        states=messages.STATES,
    )


@bp.route(VERSION + "/<variant>.xsd")
@login_required
def download(env: str, domain: str, name: str, number: int, variant: str):
    if variant not in VARIANTS:
        abort(404)
    version_of(stored(env, domain, name), number)
    model = loaded(env, domain, name, number)
    try:
        body = models.generate_xsd(model, variant)
    except models.InvalidModel as exc:
        invalid_version(_("This version cannot be written as XSD"), exc)
    return (
        body,
        200,
        {
            "Content-Type": "application/xml; charset=utf-8",
            "Content-Disposition": content_disposition(*xsd_filename(domain, model, variant)),
        },
    )


@bp.route(VERSION + "/" + models.SERES_XSD_NAME)
@login_required
def seres_xsd(env: str, domain: str, name: str, number: int):
    """seres.xsd beside the XSD downloads: what their xsd:import names, for offline checks."""
    version_of(stored(env, domain, name), number)
    return (
        models.seres_xsd(),
        200,
        {
            "Content-Type": "application/xml; charset=utf-8",
            "Content-Disposition": content_disposition(
                models.SERES_XSD_NAME, models.SERES_XSD_NAME
            ),
        },
    )


def confirmed(
    chosen: modelstore.Version,
    env: str,
    domain: str,
    name: str,
    number: int,
    form,
    change: Callable,
    done: str,
    template: str,
):
    """A confirm page that changes a working version's state (publish, discard).

    On a confirmed POST the directory makes ``change`` (409 if the version is no
    longer working) and ``done`` is flashed; else the page, 400 with the form's errors.
    """
    if form.validate_on_submit():
        try:
            change(person_ldap(), ldap.tree(), env, domain, name, number)
        except modelstore.VersionNotWorking:
            not_working(number)
        flash(done % {"number": number}, "info")
        return to_version(env, domain, name, number)
    status = 400 if form.errors else 200
    return render_template(
        template, env=env, domain=domain, name=name, version=chosen, form=form
    ), status


@bp.route(VERSION + "/publish", methods=["GET", "POST"])
@login_required
def publish(env: str, domain: str, name: str, number: int):
    chosen = to_change(env, domain, name, number)
    try:
        edit.checked(loaded(env, domain, name, number))
    except models.InvalidModel as exc:
        invalid_version(_("This version cannot be published"), exc)
    return confirmed(
        chosen,
        env,
        domain,
        name,
        number,
        forms.PublishForm(),
        modelstore.publish,
        _("Version %(number)s is published."),
        "models/publish.html",
    )


@bp.route(VERSION + "/discard", methods=["GET", "POST"])
@login_required
def discard(env: str, domain: str, name: str, number: int):
    return confirmed(
        to_change(env, domain, name, number),
        env,
        domain,
        name,
        number,
        forms.DiscardForm(),
        modelstore.discard,
        _("Version %(number)s is discarded."),
        "models/discard.html",
    )


@bp.route(VERSION + "/new-version", methods=["POST"])
@login_required
def new_version(env: str, domain: str, name: str, number: int):
    """A working version copied from this published one; this one does not change."""
    version_of(stored(env, domain, name), number)
    if not forms.NewVersionForm().validate_on_submit():
        abort(400)
    try:
        started = modelstore.new_version(person_ldap(), ldap.tree(), env, domain, name, number)
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
        % {"number": started.number, "source": number},
        "info",
    )
    return to_version(env, domain, name, started.number)


def _owner_properties(model: models.MessageModel, owner: str):
    try:
        return edit.properties_of(model, owner)
    except edit.EditError:
        abort(404)


@bp.route(VERSION + "/types/<owner>/add", methods=["GET", "POST"])
@login_required
def add_property(env: str, domain: str, name: str, number: int, owner: str):
    to_change(env, domain, name, number)
    model = loaded(env, domain, name, number)
    _owner_properties(model, owner)
    form = forms.PropertyForm()
    form.type.choices = edit.type_choices(model)
    if form.validate_on_submit():
        low, high = form.occurrence()
        new = form.name.data.strip()

        def change(m):
            edit.add_property(m, owner, new, form.type.data, low, high)

        if apply_edit(env, domain, name, number, change, form):
            flash(_("%(name)s is added.") % {"name": new}, "info")
            return to_version(env, domain, name, number, f"type-{owner}")
    return _property_page(env, domain, name, number, owner, None, form)


def _property_page(env, domain, name, number, owner, prop, form):
    """An element's page: adding one (``prop`` None) or changing ``prop``; 400 after errors."""
    return render_template(
        "models/property.html",
        env=env,
        domain=domain,
        name=name,
        number=number,
        owner=owner,
        prop=prop,
        form=form,
        remove_form=None if prop is None else forms.RemoveForm(),
    ), (400 if form.errors else 200)


@bp.route(VERSION + "/types/<owner>/properties/<prop>", methods=["GET", "POST"])
@login_required
def change_property(env: str, domain: str, name: str, number: int, owner: str, prop: str):
    to_change(env, domain, name, number)
    model = loaded(env, domain, name, number)
    _owner_properties(model, owner)
    try:
        found = edit.find_property(model, owner, prop)
    except edit.EditError:
        abort(404)
    high = "unbounded" if found.max_occurs is None else str(found.max_occurs)
    form = forms.PropertyForm(
        data={
            "name": found.name,
            "type": found.type,
            "min_occurs": found.min_occurs,
            "max_occurs": high,
        }
    )
    form.type.choices = edit.type_choices(model)
    if found.type not in form.type.choices:
        form.type.choices.append(found.type)
    if form.validate_on_submit():
        low, top = form.occurrence()
        new = form.name.data.strip()

        def change(m):
            edit.set_property_type(m, owner, prop, form.type.data)
            edit.set_occurrence(m, owner, prop, low, top)
            edit.rename_property(m, owner, prop, new)

        if apply_edit(env, domain, name, number, change, form):
            flash(_("%(name)s is saved.") % {"name": new}, "info")
            return to_version(env, domain, name, number, f"type-{owner}")
    return _property_page(env, domain, name, number, owner, found, form)


@bp.route(VERSION + "/types/<owner>/properties/<prop>/remove", methods=["POST"])
@login_required
def remove_property(env: str, domain: str, name: str, number: int, owner: str, prop: str):
    version_of(stored(env, domain, name), number)
    form = forms.RemoveForm()
    if not form.validate_on_submit():
        abort(400)
    if not apply_edit(
        env, domain, name, number, lambda m: edit.remove_property(m, owner, prop), form
    ):
        abort(400)
    flash(_("%(name)s is removed.") % {"name": prop}, "info")
    return to_version(env, domain, name, number, f"type-{owner}")


@bp.route(VERSION + "/new-type/<kind>", methods=["GET", "POST"])
@login_required
def add_type(env: str, domain: str, name: str, number: int, kind: str):
    """A new complex type (``kind`` "complex": object or complex data type) or simple type."""
    if kind not in ("complex", "simple"):
        abort(404)
    to_change(env, domain, name, number)
    form = forms.ComplexTypeForm() if kind == "complex" else forms.SimpleTypeForm()
    if form.validate_on_submit():
        new = form.name.data.strip()
        if kind == "complex":

            def change(m):
                edit.add_complex_type(m, new, form.kind.data)
        else:

            def change(m):
                edit.add_simple_type(m, new, form.base.data)

        if apply_edit(env, domain, name, number, change, form):
            flash(_("%(name)s is added.") % {"name": new}, "info")
            return to_version(env, domain, name, number, f"type-{new}")
    status = 400 if form.errors else 200
    return render_template(
        "models/new_type.html",
        env=env,
        domain=domain,
        name=name,
        number=number,
        kind=kind,
        form=form,
    ), status


@bp.route(VERSION + "/types/<type_name>/remove", methods=["GET", "POST"])
@login_required
def remove_type(env: str, domain: str, name: str, number: int, type_name: str):
    """Confirm removing a type; refused, naming the users, while anything uses it."""
    to_change(env, domain, name, number)
    model = loaded(env, domain, name, number)
    item = model.type_named(type_name)
    if item is None:
        abort(404)
    form = forms.RemoveTypeForm()
    if form.validate_on_submit() and apply_edit(
        env, domain, name, number, lambda m: edit.remove_type(m, type_name), form
    ):
        flash(_("%(name)s is removed.") % {"name": type_name}, "info")
        return to_version(env, domain, name, number)
    status = 400 if form.errors else 200
    return render_template(
        "models/remove_type.html",
        env=env,
        domain=domain,
        name=name,
        number=number,
        item=item,
        users=edit.type_users(model, type_name),
        form=form,
    ), status


def _facets_data(item: SimpleType) -> dict:
    data = {field: getattr(item.facets, field) for field, _xsd in FACET_NAMES}
    data["patterns"] = "\n".join(item.facets.patterns)
    return data


def _facets_from(form: forms.FacetsForm) -> Facets:
    values = {}
    for field, _xsd in FACET_NAMES:
        value = getattr(form, field).data
        if field == "patterns":
            values[field] = [line.strip() for line in (value or "").splitlines() if line.strip()]
        elif isinstance(value, str):
            values[field] = value.strip() or None
        else:
            values[field] = value
    return Facets(**values)


@bp.route(VERSION + "/simple/<type_name>", methods=["GET", "POST"])
@login_required
def simple_type(env: str, domain: str, name: str, number: int, type_name: str):
    """A simple type's restrictions and code values; each form posts here with ``action``."""
    to_change(env, domain, name, number)
    model = loaded(env, domain, name, number)
    try:
        item = edit.simple_type(model, type_name)
    except edit.EditError:
        abort(404)
    action = request.form.get("action", "") if request.method == "POST" else ""

    def posted(wanted: bool):
        # Only the form that was sent reads the request; the others show the stored values.
        return request.form if wanted else None

    facets_form = forms.FacetsForm(formdata=posted(action == "facets"), data=_facets_data(item))
    code_form = forms.CodeForm(formdata=posted(action == "code"))
    remove_form = forms.RemoveForm(formdata=posted(action.startswith("remove:")))
    failed = False
    if request.method == "POST":
        if action == "facets" and facets_form.validate_on_submit():
            facets = _facets_from(facets_form)
            if apply_edit(
                env,
                domain,
                name,
                number,
                lambda m: edit.set_facets(m, type_name, facets),
                facets_form,
            ):
                flash(_("The restrictions of %(name)s are saved.") % {"name": type_name}, "info")
                return to_version(env, domain, name, number, f"type-{type_name}")
        elif action == "code" and code_form.validate_on_submit():
            value = code_form.value.data.strip()
            text = (code_form.description.data or "").strip()
            if apply_edit(
                env,
                domain,
                name,
                number,
                lambda m: edit.add_code(m, type_name, value, text),
                code_form,
            ):
                flash(_("The code %(value)s is added.") % {"value": value}, "info")
                return to_version(env, domain, name, number, f"type-{type_name}")
        elif action.startswith("remove:") and remove_form.validate_on_submit():
            value = action.split(":", 1)[1]
            if apply_edit(
                env,
                domain,
                name,
                number,
                lambda m: edit.remove_code(m, type_name, value),
                code_form,
            ):
                flash(_("The code %(value)s is removed.") % {"value": value}, "info")
                return to_version(env, domain, name, number, f"type-{type_name}")
        elif action not in ("facets", "code") and not action.startswith("remove:"):
            abort(400)
        failed = True
    status = 400 if failed else 200
    return render_template(
        "models/simple.html",
        env=env,
        domain=domain,
        name=name,
        number=number,
        item=item,
        facets_form=facets_form,
        code_form=code_form,
        remove_form=remove_form,
    ), status


@bp.app_template_filter("dn_name")
def dn_name(value: str) -> str:
    """uid=kari,ou=people,... -> kari; cn=webapp,ou=services,... -> webapp."""
    first = value.split(",", 1)[0]
    return first.split("=", 1)[1] if "=" in first else value
