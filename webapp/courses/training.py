"""Training on an access order: what the owner and the desk see, and the desk's waiver.

The order's page includes ``courses/_order_training.html``, which asks
``order_training(order)`` (a template global); the waiver is one button.
"""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from directory.courses import store as course_store
from directory.courses.training import Training, training_for
from directory.entries import Order
from directory.errors import Conflict, InvalidValue
from directory.orders import store as orders
from directory.orders.training import waive_training
from directory.orders.workflow import NotAllowed
from webapp import ldap
from webapp.auth.session import servicedesk_required
from webapp.courses import forms
from webapp.courses.views import bp
from webapp.orders.views import me


@bp.app_template_global()
def order_training(order: Order) -> Training:
    """The order's training as the web app reads it (the same for the owner and the desk)."""
    return training_for(ldap.service(), ldap.tree(), order)


@bp.app_template_global()
def person_courses(person_dn: str) -> list:
    """The courses a person took part in or completed (the desk's person page)."""
    return course_store.courses_of(ldap.service(), ldap.tree(), person_dn)


@bp.app_template_global()
def waive_form():
    return forms.WaiveForm(formdata=None)


@bp.post("/orders/<order_id>/waive-training")
@servicedesk_required
def waive(order_id: str):
    user = me()
    order = orders.visible_order(ldap.service(), ldap.tree(), order_id, user)
    if order is None:
        abort(404)
    form = forms.WaiveForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        waive_training(ldap.service(), ldap.tree(), order, user, form.reason.data or "")
    except InvalidValue:
        form.reason.errors = [_("Say why the condition is waived.")]
        return render_template("courses/waive.html", order=order, form=form), 400
    except NotAllowed:
        abort(403)
    except Conflict:
        flash(_("Someone else changed the order just now. Look at it again."), "error")
        return redirect(url_for("orders.show", order_id=order.id), 303)
    flash(_("The training condition is waived; the reason is in the order's history."), "info")
    return redirect(url_for("orders.show", order_id=order.id), 303)
