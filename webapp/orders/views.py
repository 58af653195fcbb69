"""Ordering: the three order forms, an order's page and its buttons, the lists.

Orders are the web app's own records (its service account reads and writes
ou=orders); who sees and does what is ``directory.orders.workflow``'s decision. An
order someone has no part in is answered 404, as if there were none.
"""

import datetime as dt

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from wtforms.fields.choices import SelectChoice

from directory.domains import domains_by_environment
from directory.errors import Conflict, DirectoryError
from directory.orders import references, service, workflow
from directory.orders import store as orders
from directory.orders.fields import FieldError, Invalid
from directory.orders.provisioning import ProvisioningError, failure_of
from directory.people import names_of
from directory.tree import ENVIRONMENTS, PRODUCTION
from webapp import ldap
from webapp.auth.session import current_user, login_required, servicedesk_required
from webapp.orders import extend, forms, mails
from webapp.orders.messages import (
    STOPPED_FOR_OTHERS,
    event_name,
    event_reason,
    failure_message,
    field_message,
    show_errors,
    state_name,
    type_name,
)

bp = Blueprint("orders", __name__, template_folder="templates")

# The field that says for which domain an order is placed (where NotAllowed lands).
OWNER_FIELD = {workflow.ACCESS: "service_owner", workflow.REFRESH: "domain"}
FORMS = {
    workflow.DOMAIN: (forms.DomainOrderForm, "orders/domain_form.html"),
    workflow.ACCESS: (forms.AccessOrderForm, "orders/access_form.html"),
    workflow.REFRESH: (forms.RefreshOrderForm, "orders/refresh_form.html"),
}


@bp.app_context_processor
def words():
    return {
        "type_name": type_name,
        "state_name": state_name,
        "event_name": event_name,
        "event_reason": event_reason,
    }


def context() -> service.Context:
    """The ordering use cases' outside, from this app: e-mails, the course refresh, the rule."""
    config = current_app.config
    return service.Context(
        ldap.service(),
        ldap.tree(),
        mails.send,
        refresh=service.course_refresh(
            config.get("SERES_SYNC_PROD"), config.get("SERES_SYNC_COURSE"), ldap.tree()
        ),
        auto_provision=bool(config.get("SERES_AUTO_PROVISION")),
        grant_days=(int(config["SERES_GRANT_DEFAULT_DAYS"]), int(config["SERES_GRANT_MAX_DAYS"])),
    )


def me() -> workflow.Actor:
    person = current_user()
    return workflow.Actor.of(person.dn, person.access)


def may_order_for_domains(user: workflow.Actor) -> bool:
    """Access and refresh orders: the owners of some domain, and the desk."""
    return user.servicedesk or bool(user.owns)


def _domain_names(*envs: str) -> list[str]:
    names: dict[str, str] = {}
    found = domains_by_environment(ldap.service(), ldap.tree())
    for env in envs:
        for domain in found[env]:
            names.setdefault(domain.name.casefold(), domain.name)
    return sorted(names.values(), key=str.casefold)


def _ordered_for(user: workflow.Actor, names: list[str]) -> list[str]:
    """The domains this person may place an order for: their own, or all for the desk."""
    return names if user.servicedesk else [n for n in names if user.owns_domain(n)]


def _prepare(kind: str, form, user: workflow.Actor) -> None:
    if kind == workflow.ACCESS:
        form.service_owner.choices = [
            SelectChoice("", _("Choose…")),
            *map(SelectChoice, _ordered_for(user, _domain_names(*ENVIRONMENTS))),
        ]
        form.write_domains.choices = list(map(SelectChoice, _domain_names(*ENVIRONMENTS)))
        if not form.write_until.data:
            default = current_app.config["SERES_GRANT_DEFAULT_DAYS"]
            form.write_until.data = (
                service.oslo_today() + dt.timedelta(days=int(default))
            ).isoformat()
    elif kind == workflow.REFRESH:
        form.domain.choices = [
            SelectChoice("", _("Choose…")),
            *map(SelectChoice, _ordered_for(user, _domain_names(PRODUCTION))),
        ]


def _form_data(form) -> dict:
    return {
        name: f.data for name, f in form._fields.items() if name not in ("csrf_token", "submit")
    }


@bp.route("/orders/new/<any(domain, access, refresh):kind>", methods=["GET", "POST"])
@login_required
def new(kind: str):
    user = me()
    if kind != workflow.DOMAIN and not may_order_for_domains(user):
        abort(403)
    form_class, template = FORMS[kind]
    form = form_class()
    _prepare(kind, form, user)
    page = {"form": form, "grant_max_days": int(current_app.config["SERES_GRANT_MAX_DAYS"])}
    if kind == workflow.ACCESS and request.method == "GET" and extend.asked():
        return _extension_page(form, template, page)
    if not form.validate_on_submit():
        return render_template(template, **page), 400 if request.method == "POST" else 200
    try:
        order = service.submit(context(), user, kind, _form_data(form)).order
    except Invalid as exc:
        show_errors(form, exc)
        return render_template(template, **page), 400
    except workflow.NotAllowed:
        field = OWNER_FIELD[kind]
        form[field].errors = [field_message(FieldError(field, "not_owner"))]
        return render_template(template, **page), 400
    flash(_("Your order is sent."), "info")
    _mail_warning()
    return redirect(url_for("orders.show", order_id=order.id), 303)


def _extension_page(form, template: str, page: dict):
    """The access order filled in from a warning e-mail's link (or 400 and why not)."""
    error = extend.prefill(form)
    if error is not None:
        flash(error, "error")
        return render_template(template, **page), 400
    flash(_("The order is filled in to extend this write access. Check the end date."), "info")
    return render_template(template, **page), 200


def after_action(action: str, order) -> str:
    """What happened, in words, after an approval, a rejection or a withdrawal."""
    if action == workflow.REJECT:
        return _("The order is rejected. The orderer is told by e-mail.")
    if action == workflow.WITHDRAW:
        return _("The order is withdrawn.")
    if order.state == workflow.AWAITING_OWNER:
        return _(
            "Your approval is recorded. The order still awaits the owners of %(domains)s.",
            domains=", ".join(order.pending),
        )
    if order.state == workflow.COMPLETED:
        return _("The order is approved and carried out.")
    return _("The order is approved. SERES brukerservice carries it out next.")


def _mail_warning() -> None:
    if mails.failures():
        flash(
            _("Some e-mails about the order could not be sent. The service desk can help."), "error"
        )


def _visible(order_id: str, user: workflow.Actor):
    order = orders.visible_order(ldap.service(), ldap.tree(), order_id, user)
    if order is None:
        abort(404)
    return order


def _show(order, user: workflow.Actor, failed=None, status: int = 200):
    """The order's page; ``failed`` is an action form shown again with its errors."""
    allowed = workflow.allowed(order, user)
    action_forms = {
        action: failed if failed is not None and isinstance(failed, cls) else cls(formdata=None)
        for action, cls in forms.ACTION_FORMS.items()
        if action in allowed
    }
    return render_template(
        "orders/show.html",
        order=order,
        action_forms=action_forms,
        mine=user.is_(order.orderer),
        # The history names people by name, not by username.
        names=names_of(ldap.service(), [order.orderer, *(event.actor for event in order.events)]),
        desk=user.servicedesk,
        claim_minutes=int(workflow.CLAIM_EXPIRES.total_seconds() // 60),
    ), status


@bp.get("/orders/<order_id>")
@login_required
def show(order_id: str):
    user = me()
    order = _visible(order_id, user)
    if order.type == "enquiry":  # kept with the orders; its page is the enquiries'
        return redirect(url_for("enquiries.show", enquiry_id=order.id), 303)
    return _show(order, user)


@bp.get("/orders/<order_id>/provision")
@login_required
def confirm_provision(order_id: str):
    """The step before carrying an order out: what will be done, and one button."""
    user = me()
    order = _visible(order_id, user)
    if workflow.PROVISION not in workflow.allowed(order, user):
        return redirect(url_for("orders.show", order_id=order.id), 303)
    return render_template(
        "orders/provision.html", order=order, form=forms.ProvisionForm(formdata=None)
    )


@bp.post("/orders/<order_id>/<any(approve, reject, withdraw, provision):action>")
@login_required
def act(order_id: str, action: str):
    user = me()
    order = _visible(order_id, user)
    form = forms.ACTION_FORMS[action]()
    if not form.validate_on_submit():
        abort(403)
    if action not in workflow.allowed(order, user):
        if order.state == workflow.PROVISIONING:
            # Pressed on a page read before someone began carrying it out.
            flash(_("The order is being carried out just now. Look at it again shortly."), "error")
            return redirect(url_for("orders.show", order_id=order.id), 303)
        abort(403)
    try:
        reason, owner = "", ""
        if action == workflow.REJECT:
            reason = form.reason.data
        elif action == workflow.APPROVE and user.servicedesk:
            reason, owner = form.reference.data, form.owner.data
        outcome = service.act(context(), order, user, action, reason, on_behalf=owner)
        if action == workflow.PROVISION:
            flash(
                _("The order is carried out: the access is in place, and the person is told."),
                "info",
            )
        else:
            flash(after_action(action, outcome.order), "info")
    except Invalid as exc:
        show_errors(form, exc)
        return _show(order, user, failed=form, status=400)
    except workflow.NotAllowed:
        abort(403)
    except Conflict:
        flash(_("Someone else changed the order just now. Look at it again."), "error")
    except (ProvisioningError, DirectoryError) as exc:
        # Why, only to the desk: the reason may name other people's accounts.
        reason = failure_message(failure_of(exc)) if user.servicedesk else STOPPED_FOR_OTHERS
        flash(_("Carrying out the order stopped: %(reason)s", reason=reason), "error")
    _mail_warning()
    return redirect(url_for("orders.show", order_id=order.id), 303)


@bp.get("/orders")
@login_required
def mine():
    user = me()
    return render_template(
        "orders/mine.html",
        orders=orders.my_orders(ldap.service(), ldap.tree(), user),
        may_order_for_domains=may_order_for_domains(user),
    )


@bp.get("/orders/approvals")
@login_required
def approvals():
    user = me()
    if not user.owns:
        abort(403)
    return render_template(
        "orders/approvals.html", orders=orders.awaiting_approval(ldap.service(), ldap.tree(), user)
    )


@bp.get("/orders/queue")
@servicedesk_required
def queue():
    form = forms.QueueFilterForm(request.args)
    if not form.validate():
        return render_template("orders/queue.html", form=form, page=None), 400
    page = orders.queue(
        ldap.service(),
        ldap.tree(),
        kind=form.type.data or None,
        state=form.state.data or None,
        domain=form.domain.data or None,
        page=int(form.page.data or 1),
        topic=form.topic.data or None,
        reference=references.normalise(form.reference.data or "") or None,
    )
    if page.page > page.pages:
        abort(404)
    args = {
        k: v
        for k, v in (
            ("reference", form.reference.data),
            ("type", form.type.data),
            ("state", form.state.data),
            ("domain", form.domain.data),
            ("topic", form.topic.data),
        )
        if v
    }
    return render_template("orders/queue.html", form=form, page=page, args=args)


# The owner order's form registers its own route on this blueprint.
from webapp.orders import owners  # noqa: E402, F401
