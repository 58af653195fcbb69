"""The audit trail on the web, one view and three ways in: the desk's (all of it, or one
person's, or one domain's), a domain's for its owners ("Historikk"), and one's own.

The desk reads as itself: the accesslog's rules decide what they see. Owners
and persons read through the web app's account, with the scope fixed from who
they are by directory/desk/trails.py (never from the query string). Times
on the page are Oslo time (the ``when`` filter); the exports say UTC.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from flask import Response, abort, render_template, request, session, stream_with_context

from directory.desk import audit, trails
from directory.domains import check_domain_name
from directory.errors import InvalidValue
from webapp import ldap
from webapp.auth import signin
from webapp.auth.session import current_user, login_required, person_ldap, servicedesk_required
from webapp.servicedesk import forms
from webapp.servicedesk.views import bp

OSLO = ZoneInfo("Europe/Oslo")
PER_PAGE = 50
DEFAULT_DAYS = 30
# Each way in, and its downloads.
EXPORTS = {
    "servicedesk.audit_trail": "servicedesk.audit_export",
    "servicedesk.domain_history": "servicedesk.domain_history_export",
    "servicedesk.own_history": "servicedesk.own_history_export",
}


def _day(text: str, end: bool = False) -> dt.datetime | None:
    """The start (or the end) of a day in Oslo, in UTC."""
    if not text:
        return None
    day = dt.datetime.combine(dt.date.fromisoformat(text), dt.time.max if end else dt.time.min)
    return day.replace(tzinfo=OSLO).astimezone(dt.UTC)


def _scope(form: forms.AuditForm, person: str, domain: str) -> audit.Scope | None:
    """The trail's scope from the form and a person or a domain, or None if they are wrong."""
    tree = ldap.tree()
    person = signin.normalize(person)
    if domain:
        try:
            check_domain_name(domain)
        except InvalidValue:
            return None
    actor = signin.normalize(form.actor.data or "")
    since = _day(form.since.data)
    if since is None and not (person or domain):
        since = dt.datetime.now(dt.UTC) - dt.timedelta(days=DEFAULT_DAYS)
    return audit.Scope(
        domain=domain or None,
        person_dn=tree.person(person) if person else None,
        since=since,
        until=_day(form.until.data, end=True),
        actor_dn=tree.person(actor) if actor else None,
        kinds=frozenset(form.kinds.data or ()),
    )


def _trail(person: str = "", domain: str = ""):
    """The filters' form and the scope (None if the form is wrong)."""
    form = forms.AuditForm(request.args)
    scope = _scope(form, person, domain) if form.validate() else None
    return form, scope


def _lines(scope: audit.Scope) -> list[audit.Line]:
    """The trail as the desk person, from every provider's accesslog (docs/ha.md)."""
    reader = person_ldap()
    with ldap.servers().others(reader) as others:
        return audit.trail(reader, ldap.tree(), scope, others)


def _page(lines, form, endpoint: str, fixed: dict, person: str = "", domain: str = ""):
    """One page of the trail (the same page for the desk, an owner, a person); no lines:
    the form is wrong (400)."""
    shown = {"lines": None}
    if lines is not None:
        page = request.args.get("page", "1")
        if not page.isdigit() or int(page) < 1:
            abort(404)
        page = int(page)
        pages = max(1, -(-len(lines) // PER_PAGE))
        if page > pages:
            abort(404)
        desk = endpoint == "servicedesk.audit_trail"
        ignored = {"page"} if desk else {"page", "person", "domain"}
        args = {k: v for k, v in request.args.lists() if k not in ignored} | fixed
        shown = {
            "lines": lines[(page - 1) * PER_PAGE : page * PER_PAGE],
            "total": len(lines),
            "page": page,
            "pages": pages,
            "args": args,
        }
    html = render_template(
        "servicedesk/audit.html",
        form=form,
        endpoint=endpoint,
        export=EXPORTS[endpoint],
        fixed=fixed,
        person=person,
        domain=domain,
        **shown,
    )
    return html, 200 if lines is not None else 400


def _export(lines, kind: str, name: str) -> Response:
    body = audit.to_csv(lines) if kind == "csv" else audit.to_json_lines(lines)
    mimetype = "text/csv" if kind == "csv" else "application/jsonl"
    return Response(
        stream_with_context(body),
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{name}.{kind}"'},
    )


@bp.get("/servicedesk/audit")
@servicedesk_required
def audit_trail():
    form, scope = _trail(request.args.get("person", ""), request.args.get("domain", ""))
    if scope is None:
        return _page(None, form, "servicedesk.audit_trail", {})
    lines = _lines(scope)
    return _page(
        lines,
        form,
        "servicedesk.audit_trail",
        {},
        person=request.args.get("person", ""),
        domain=request.args.get("domain", ""),
    )


@bp.get("/servicedesk/audit.<any(csv, jsonl):kind>")
@servicedesk_required
def audit_export(kind: str):
    form, scope = _trail(request.args.get("person", ""), request.args.get("domain", ""))
    if scope is None:
        abort(400)
    return _export(_lines(scope), kind, "audit")


def _domain_lines(name: str):
    """The domain's trail for its owner or the desk (404 for a bad name, 403 for others)."""
    try:
        check_domain_name(name)
    except InvalidValue:
        abort(404)
    form, scope = _trail(domain=name)
    if scope is None:
        return form, None
    try:
        lines = trails.domain_trail(ldap.service(), ldap.tree(), current_user().dn, name, scope)
    except trails.NotYours:
        abort(403)
    return form, lines


@bp.get("/domains/<name>/history")
@login_required
def domain_history(name: str):
    """A domain's trail ("Historikk"), for its owners and the desk."""
    form, lines = _domain_lines(name)
    fixed = {"name": name}
    if lines is None:
        return _page(None, form, "servicedesk.domain_history", fixed, domain=name)
    return _page(lines, form, "servicedesk.domain_history", fixed, domain=name)


@bp.get("/domains/<name>/history.<any(csv, jsonl):kind>")
@login_required
def domain_history_export(name: str, kind: str):
    form, lines = _domain_lines(name)
    if lines is None:
        abort(400)
    return _export(lines, kind, f"history-{name}")


def _own_lines():
    form, scope = _trail(person=session["user"])
    if scope is None:
        return form, None
    return form, trails.own_trail(ldap.service(), ldap.tree(), current_user().dn, scope)


@bp.get("/account/history")
@login_required
def own_history():
    """Everything done to and by the signed-in person."""
    form, lines = _own_lines()
    if lines is None:
        return _page(None, form, "servicedesk.own_history", {}, person=session["user"])
    return _page(lines, form, "servicedesk.own_history", {}, person=session["user"])


@bp.get("/account/history.<any(csv, jsonl):kind>")
@login_required
def own_history_export(kind: str):
    form, lines = _own_lines()
    if lines is None:
        abort(400)
    return _export(lines, kind, "history")
