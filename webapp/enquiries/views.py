"""Enquiries: a form for any other question, its page, the desk's answer.

Stored with the orders by the web app's account (directory.enquiries); the
asker and the desk see an enquiry, anyone else gets 404.
"""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from directory.enquiries import rules, store
from directory.errors import Conflict
from directory.orders import workflow
from directory.orders.fields import Invalid
from webapp import ldap
from webapp.auth import limits
from webapp.auth.messages import refused
from webapp.auth.session import current_user, login_required
from webapp.enquiries import forms, mails
from webapp.orders.messages import show_errors

bp = Blueprint("enquiries", __name__, template_folder="templates")


def me() -> workflow.Actor:
    person = current_user()
    return workflow.Actor.of(person.dn, person.access)


def _visible(enquiry_id: str, user: workflow.Actor):
    enquiry = store.get_enquiry(ldap.service(), ldap.tree(), enquiry_id)
    if enquiry is None or not (user.servicedesk or user.is_(enquiry.orderer)):
        abort(404)
    return enquiry


def _mail_warning() -> None:
    if mails.failures():
        flash(_("Some e-mails about the enquiry could not be sent."), "error")


@bp.route("/enquiries/new", methods=["GET", "POST"])
@login_required
def new():
    form = forms.EnquiryForm(data={"domain": request.args.get("domain", "")[:64]})
    if request.method == "POST":
        form = forms.EnquiryForm()
        if form.validate_on_submit():
            data = {n: form[n].data for n in ("topic", "domain", "text")}
            try:
                details = rules.clean_enquiry(data, attachments=len(request.files))
            except Invalid as exc:
                show_errors(form, exc)
            else:
                enquiry = store.ask(ldap.service(), ldap.tree(), me().dn, details)
                mails.asked(enquiry)
                flash(_("Your enquiry is sent to SERES brukerservice."), "info")
                _mail_warning()
                return redirect(url_for("enquiries.show", enquiry_id=enquiry.id), 303)
        return render_template("enquiries/new.html", form=form), 400
    return render_template("enquiries/new.html", form=form)


@bp.route("/enquiries/ask", methods=["GET", "POST"])
def ask():
    """An enquiry without sign-in: the same answer whoever the address belongs to."""
    form = forms.PublicEnquiryForm()
    if request.method == "GET":
        return render_template("enquiries/ask.html", form=form)
    status = 400
    if form.validate_on_submit():
        data = {n: form[n].data for n in ("name", "email", "topic", "text")}
        try:
            details = rules.clean_public_enquiry(data, attachments=len(request.files))
        except Invalid as exc:
            show_errors(form, exc)
        else:
            refusal = limits.check(
                ("ENQUIRIES_PER_ADDRESS", limits.address()), ("ENQUIRIES", "all")
            )
            if refusal is None:
                enquiry = store.ask_public(ldap.service(), ldap.tree(), details)
                mails.asked(enquiry)
                flash(
                    _("Your enquiry is sent to SERES brukerservice. The answer comes by e-mail."),
                    "info",
                )
                return redirect(url_for("agencies.start"), 303)
            flash(refused(refusal), "error")
            status = 429
    return render_template("enquiries/ask.html", form=form), status


def _page(enquiry, user, answer_form=None, status=200):
    actions = rules.allowed(enquiry.state, user.is_(enquiry.orderer), user.servicedesk)
    return render_template(
        "enquiries/show.html",
        enquiry=enquiry,
        mine=user.is_(enquiry.orderer),
        answer_form=(answer_form or forms.AnswerForm(formdata=None))
        if rules.ANSWER in actions
        else None,
        withdraw_form=forms.WithdrawForm(formdata=None) if rules.WITHDRAW in actions else None,
    ), status


@bp.get("/enquiries/<enquiry_id>")
@login_required
def show(enquiry_id: str):
    user = me()
    return _page(_visible(enquiry_id, user), user)


@bp.post("/enquiries/<enquiry_id>/<any(answer, withdraw):action>")
@login_required
def act(enquiry_id: str, action: str):
    user = me()
    enquiry = _visible(enquiry_id, user)
    form = forms.AnswerForm() if action == rules.ANSWER else forms.WithdrawForm()
    if not form.validate_on_submit():
        abort(400)
    text = form.answer.data if action == rules.ANSWER else ""
    try:
        changed = store.act(ldap.service(), ldap.tree(), enquiry, user, action, text)
    except Invalid as exc:
        show_errors(form, exc)
        return _page(enquiry, user, answer_form=form, status=400)
    except workflow.NotAllowed:
        abort(403)
    except Conflict:
        flash(_("Someone else changed the enquiry just now. Look at it again."), "error")
        return redirect(url_for("enquiries.show", enquiry_id=enquiry.id), 303)
    if action == rules.ANSWER:
        mails.answered(changed)
        flash(_("The answer is sent."), "info")
    else:
        flash(_("The enquiry is withdrawn."), "info")
    _mail_warning()
    return redirect(url_for("enquiries.show", enquiry_id=enquiry.id), 303)
