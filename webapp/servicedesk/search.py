"""The desk's people directory: search, filters, sorted pages, and the list as CSV.

Read as the desk person (the web app acting for them); the token filters
read the token entries with the web app's own account (kinds and last used
steps, no secrets). The work is directory.desk.people's.
"""

from flask import Response, abort, render_template, request, stream_with_context
from flask_babel import gettext as _

from directory.desk import people
from webapp import ldap
from webapp.auth.session import person_ldap, servicedesk_required
from webapp.servicedesk import forms
from webapp.servicedesk.views import bp

MESSAGES = {
    "text.too_long": lambda: _("At most 100 characters."),
    "text.invalid": lambda: _("The search text holds characters that cannot be searched for."),
}


def _searched(form: forms.PeopleSearchForm):
    """The query of a valid form, or the form with a message on the field at fault."""
    try:
        return form.query().checked()
    except people.BadQuery as exc:
        words = MESSAGES.get(exc.code, lambda: _("Choose one of the options."))()
        form.q.errors = [*form.q.errors, words]
        return None


def _args(form: forms.PeopleSearchForm) -> dict:
    """The search as query-string arguments, for the paging and export links."""
    args = {"q": form.q.data or "", "filters": form.filters.data or [], "sort": form.sort.data}
    return {key: value for key, value in args.items() if value}


@bp.get("/servicedesk/directory")
@servicedesk_required
def people_search():
    form = forms.PeopleSearchForm(request.args)
    if not request.args:
        return render_template("servicedesk/search.html", form=form, page=None, args={})
    query = _searched(form) if form.validate() else None
    if query is None:
        return render_template("servicedesk/search.html", form=form, page=None, args={}), 400
    page = people.find_people(person_ldap(), ldap.tree(), query, tokens=ldap.service())
    if page.page > page.pages:
        abort(404)
    return render_template("servicedesk/search.html", form=form, page=page, args=_args(form))


@bp.get("/servicedesk/directory.csv")
@servicedesk_required
def people_search_csv():
    form = forms.PeopleSearchForm(request.args)
    query = _searched(form) if form.validate() else None
    if query is None:
        abort(400)
    lines = people.export_csv(person_ldap(), ldap.tree(), query, tokens=ldap.service())
    return Response(
        stream_with_context(lines),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="people.csv"'},
    )
