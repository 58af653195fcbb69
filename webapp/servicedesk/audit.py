"""The audit trail on the web: for the desk, all of it, or one person's, or one domain's.

Read as the desk person: the accesslog's rules decide what they see. Times
on the page are Oslo time (the ``when`` filter); the exports say UTC.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from flask import Response, abort, render_template, request, stream_with_context

from directory.desk import audit
from directory.domains import check_domain_name
from directory.errors import InvalidValue
from webapp import ldap
from webapp.auth import signin
from webapp.auth.session import person_ldap, servicedesk_required
from webapp.servicedesk import forms
from webapp.servicedesk.views import bp

OSLO = ZoneInfo("Europe/Oslo")
PER_PAGE = 50
DEFAULT_DAYS = 30


def _day(text: str, end: bool = False) -> dt.datetime | None:
    """The start (or the end) of a day in Oslo, in UTC."""
    if not text:
        return None
    day = dt.datetime.combine(dt.date.fromisoformat(text), dt.time.max if end else dt.time.min)
    return day.replace(tzinfo=OSLO).astimezone(dt.UTC)


def _scope(form: forms.AuditForm) -> audit.Scope | None:
    """The trail's scope from the form and ?person= / ?domain=, or None if they are wrong."""
    tree = ldap.tree()
    person = signin.normalize(request.args.get("person", ""))
    domain = request.args.get("domain", "")
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


def _trail():
    form = forms.AuditForm(request.args)
    scope = _scope(form) if form.validate() else None
    return form, scope


def _lines(scope: audit.Scope) -> list[audit.Line]:
    """The trail as the desk person, from every provider's accesslog (docs/ha.md)."""
    reader = person_ldap()
    with ldap.servers().others(reader) as others:
        return audit.trail(reader, ldap.tree(), scope, others)


@bp.get("/servicedesk/audit")
@servicedesk_required
def audit_trail():
    form, scope = _trail()
    if scope is None:
        return render_template("servicedesk/audit.html", form=form, lines=None), 400
    lines = _lines(scope)
    page = request.args.get("page", "1")
    if not page.isdigit() or int(page) < 1:
        abort(404)
    page = int(page)
    pages = max(1, -(-len(lines) // PER_PAGE))
    if page > pages:
        abort(404)
    args = {k: v for k, v in request.args.lists() if k != "page"}
    return render_template(
        "servicedesk/audit.html",
        form=form,
        lines=lines[(page - 1) * PER_PAGE : page * PER_PAGE],
        total=len(lines),
        page=page,
        pages=pages,
        args=args,
        person=request.args.get("person", ""),
        domain=request.args.get("domain", ""),
    )


@bp.get("/servicedesk/audit.<any(csv, jsonl):kind>")
@servicedesk_required
def audit_export(kind: str):
    form, scope = _trail()
    if scope is None:
        abort(400)
    lines = _lines(scope)
    body = audit.to_csv(lines) if kind == "csv" else audit.to_json_lines(lines)
    mimetype = "text/csv" if kind == "csv" else "application/jsonl"
    return Response(
        stream_with_context(body),
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="audit.{kind}"'},
    )
