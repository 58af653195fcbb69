"""Edits of a working version: its types' elements, new and removed types, a simple type's
restrictions and codes. Each change goes through ``models.edit`` and must leave a valid
message specification; the directory refuses a version that is not working (409)."""

from collections.abc import Callable

from flask import abort, flash, render_template, request
from flask_babel import gettext as _

import models
from directory.modelstore import store as modelstore
from models import edit
from models.model import FACET_NAMES, Facets, SimpleType
from webapp import ldap
from webapp.auth.session import person_ldap
from webapp.models import forms, messages
from webapp.models.loading import Target, not_working, version_page


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


def apply_edit(target: Target, change: Callable, form) -> bool:
    """Change a copy of the version, check it still makes a valid schema, save it.

    Return False (the message on ``form``) if the change is refused; the
    directory refuses a published version (403) and VersionNotWorking is 409.
    """
    model = target.copy_of_model()
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
            target.env,
            target.domain,
            target.name,
            target.number,
            models.to_dict(model),
            model.data_format_id or "",
            model.data_format_version or "",
        )
    except modelstore.VersionNotWorking:
        not_working(target.number)
    return True


def _owner_properties(model: models.MessageModel, owner: str):
    try:
        return edit.properties_of(model, owner)
    except edit.EditError:
        abort(404)


def _checked(form, problems: Callable[[], list]) -> bool:
    """Check a posted form and the model's own checks together: ``problems()`` runs the
    model's checks of the parts the form found right. Every error goes on its field at
    once; True if there is none."""
    if not form.is_submitted():
        return False
    valid = form.validate_on_submit()
    found = problems()
    for problem in found:
        attach_error(form, problem)
    return valid and not found


def _right(form, *names: str) -> bool:
    return not any(form[name].errors for name in names)


def _property_checked(form, model, owner: str, current: str | None = None) -> bool:
    return _checked(
        form,
        lambda: edit.property_problems(
            model,
            owner,
            form.name.data.strip() if _right(form, "name") else None,
            form.type.data if _right(form, "type") else None,
            form.occurrence() if _right(form, "min_occurs", "max_occurs") else None,
            current=current,
        ),
    )


@version_page(changing=True)
def add_property(target: Target, owner: str):
    model = target.model
    _owner_properties(model, owner)
    form = forms.PropertyForm()
    form.type.choices = messages.type_groups(edit.grouped_type_choices(model))
    if _property_checked(form, model, owner):
        low, high = form.occurrence()
        new = form.name.data.strip()

        def change(m):
            edit.add_property(m, owner, new, form.type.data, low, high)

        if apply_edit(target, change, form):
            flash(_("%(name)s is added.") % {"name": new}, "info")
            return target.back(f"type-{owner}")
    return _property_page(target, owner, None, form)


def _property_page(target: Target, owner, prop, form):
    """An element's page: adding one (``prop`` None) or changing ``prop``; 400 after errors."""
    return render_template(
        "models/property.html",
        **target.names(),
        owner=owner,
        prop=prop,
        form=form,
        remove_form=None if prop is None else forms.RemoveForm(),
    ), (400 if form.errors else 200)


@version_page(changing=True)
def change_property(target: Target, owner: str, prop: str):
    model = target.model
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
    groups = edit.grouped_type_choices(model)
    if found.type not in edit.type_choices(model):  # kept as it is, if unusual
        groups.append((edit.BUILTINS, [found.type]))
    form.type.choices = messages.type_groups(groups)
    if _property_checked(form, model, owner, current=prop):
        low, top = form.occurrence()
        new = form.name.data.strip()

        def change(m):
            edit.set_property_type(m, owner, prop, form.type.data)
            edit.set_occurrence(m, owner, prop, low, top)
            edit.rename_property(m, owner, prop, new)

        if apply_edit(target, change, form):
            flash(_("%(name)s is saved.") % {"name": new}, "info")
            return target.back(f"type-{owner}")
    return _property_page(target, owner, found, form)


@version_page()
def remove_property(target: Target, owner: str, prop: str):
    form = forms.RemoveForm()
    if not form.validate_on_submit():
        abort(400)
    if not apply_edit(target, lambda m: edit.remove_property(m, owner, prop), form):
        abort(400)
    flash(_("%(name)s is removed.") % {"name": prop}, "info")
    return target.back(f"type-{owner}")


@version_page(changing=True)
def add_type(target: Target, kind: str):
    """A new complex type (``kind`` "complex": object or complex data type) or simple type;
    the route allows only these two."""
    form = forms.ComplexTypeForm() if kind == "complex" else forms.SimpleTypeForm()
    model = target.model
    name = form.name.data.strip() if form.name.data else None
    if _checked(
        form, lambda: edit.type_name_problems(model, name if _right(form, "name") else None)
    ):
        new = form.name.data.strip()
        if kind == "complex":

            def change(m):
                edit.add_complex_type(m, new, form.kind.data)
        else:

            def change(m):
                edit.add_simple_type(m, new, form.base.data)

        if apply_edit(target, change, form):
            flash(_("%(name)s is added.") % {"name": new}, "info")
            return target.back(f"type-{new}")
    status = 400 if form.errors else 200
    return render_template("models/new_type.html", **target.names(), kind=kind, form=form), status


@version_page(changing=True)
def remove_type(target: Target, type_name: str):
    """Confirm removing a type; refused, naming the users, while anything uses it."""
    model = target.model
    item = model.type_named(type_name)
    if item is None:
        abort(404)
    form = forms.RemoveTypeForm()
    if form.validate_on_submit() and apply_edit(
        target, lambda m: edit.remove_type(m, type_name), form
    ):
        flash(_("%(name)s is removed.") % {"name": type_name}, "info")
        return target.back()
    status = 400 if form.errors else 200
    return render_template(
        "models/remove_type.html",
        **target.names(),
        item=item,
        users=edit.type_users(model, type_name),
        form=form,
    ), status


def _facets_data(item: SimpleType) -> dict:
    data = {field: getattr(item.facets, field) for field, _xsd in FACET_NAMES}
    data["patterns"] = "\n".join(item.facets.patterns)
    return data


def _facets_from(form: forms.FacetsForm, valid_only: bool = False) -> Facets:
    """The restrictions typed; ``valid_only``: a field the form found wrong as None."""
    values = {}
    for field, _xsd in FACET_NAMES:
        value = getattr(form, field).data
        if valid_only and getattr(form, field).errors:
            value = [] if field == "patterns" else None
        if field == "patterns":
            values[field] = [line.strip() for line in (value or "").splitlines() if line.strip()]
        elif isinstance(value, str):
            values[field] = value.strip() or None
        else:
            values[field] = value
    return Facets(**values)


@version_page(changing=True)
def simple_type(target: Target, type_name: str):
    """A simple type's restrictions and code values; each form posts here with ``action``."""
    try:
        item = edit.simple_type(target.model, type_name)
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
        anchor = f"type-{type_name}"
        if action == "facets" and _checked(
            facets_form, lambda: edit.facet_problems(_facets_from(facets_form, valid_only=True))
        ):
            facets = _facets_from(facets_form)
            if apply_edit(target, lambda m: edit.set_facets(m, type_name, facets), facets_form):
                flash(_("The restrictions of %(name)s are saved.") % {"name": type_name}, "info")
                return target.back(anchor)
        elif action == "code" and code_form.validate_on_submit():
            value = code_form.value.data.strip()
            text = (code_form.description.data or "").strip()
            if apply_edit(target, lambda m: edit.add_code(m, type_name, value, text), code_form):
                flash(_("The code %(value)s is added.") % {"value": value}, "info")
                return target.back(anchor)
        elif action.startswith("remove:") and remove_form.validate_on_submit():
            value = action.split(":", 1)[1]
            if apply_edit(target, lambda m: edit.remove_code(m, type_name, value), code_form):
                flash(_("The code %(value)s is removed.") % {"value": value}, "info")
                return target.back(anchor)
        elif action not in ("facets", "code") and not action.startswith("remove:"):
            abort(400)
        failed = True
    status = 400 if failed else 200
    return render_template(
        "models/simple.html",
        **target.names(),
        item=item,
        facets_form=facets_form,
        code_form=code_form,
        remove_form=remove_form,
    ), status
