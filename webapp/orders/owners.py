"""Ordering a change of a domain's owners: its owners (or the desk) order, the desk carries
it out (``directory.orders.owner_changes``). The order's page, buttons and lists are the
other orders'; only the form is its own, kept apart from the other forms' views."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from wtforms.fields.choices import SelectChoice

from directory.orders import service, workflow
from directory.orders.fields import FieldError, Invalid
from directory.tree import ENVIRONMENTS
from webapp.auth.session import login_required
from webapp.orders import forms
from webapp.orders.messages import field_message, show_errors
from webapp.orders.views import (
    _domain_names,
    _form_data,
    _mail_warning,
    _ordered_for,
    bp,
    context,
    may_order_for_domains,
    me,
)


@bp.route("/orders/new/owner", methods=["GET", "POST"])
@login_required
def new_owner():
    """The owner order's form; a valid one is stored ready for the desk."""
    user = me()
    if not may_order_for_domains(user):
        abort(403)
    form = forms.OwnerOrderForm()
    form.domain.choices = [
        SelectChoice("", _("Choose…")),
        *map(SelectChoice, _ordered_for(user, _domain_names(*ENVIRONMENTS))),
    ]
    if request.method == "GET" and request.args.get("domain"):
        form.domain.data = request.args["domain"]
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template("orders/owner_form.html", form=form), status
    try:
        order = service.submit(context(), user, workflow.OWNER, _form_data(form)).order
    except Invalid as exc:
        show_errors(form, exc)
        return render_template("orders/owner_form.html", form=form), 400
    except workflow.NotAllowed:
        form.domain.errors = [field_message(FieldError("domain", "not_owner"))]
        return render_template("orders/owner_form.html", form=form), 400
    flash(_("Your order is sent. SERES brukerservice decides it."), "info")
    _mail_warning()
    return redirect(url_for("orders.show", order_id=order.id), 303)
