"""Owner orders: a domain's owner added or removed, by order, with the desk's approval.

An owner of the domain (or the desk) orders the change with a reason; the
order is ready at once for the service desk, whose carrying it out is the
approval (``workflow.OWNER`` is never carried out by the app by itself).
The change is written as the desk person (proxied): slapd lets only the
desk and the web app write ``cn=owners-<domain>``. Removing the last owner
leaves the domain orphaned (docs/access.md): it cannot approve write access
until the desk names a new owner, by such an order or on the role itself.

Kept apart from ``fields.py`` and ``provisioning.py``: one function each is
all they call.
"""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from directory.connection import Ldap
from directory.domains import get_domain
from directory.entries import Order
from directory.groups import add_member, create_group, members_of, remove_member
from directory.orders import fields
from directory.people import find_person
from directory.tree import ENVIRONMENTS, Tree

ADD, REMOVE = "add", "remove"
CHANGES = (ADD, REMOVE)


def clean_owner_order(
    ldap: Ldap, tree: Tree, data: Mapping[str, Any], today: dt.date | None = None, **_
) -> dict:
    """Check an owner order; return its details, or raise fields.Invalid (nothing written).

    Codes: the fields' own, ``domain.unknown``, ``username.unknown``,
    ``owner.already`` (adding an owner), ``owner.not_owner`` (removing one).
    """
    errors: list[fields.FieldError] = []

    def checked(check, name, *args):
        try:
            return check(name, *args)
        except fields.Invalid as exc:
            errors.extend(exc.errors)
            return None

    domain = checked(fields.domain_name, "domain", data.get("domain"))
    change = checked(fields.choice, "change", data.get("change"), CHANGES, "invalid")
    username = checked(fields.username, "username", data.get("username"))
    reason = checked(fields.text, "reason", data.get("reason"), fields.MAX_TEXT, True, True)
    if domain and not any(get_domain(ldap, tree, env, domain) for env in ENVIRONMENTS):
        errors.append(fields.FieldError("domain", "domain.unknown", {"name": domain}))
    person = find_person(ldap, tree, username) if username else None
    if username and person is None:
        errors.append(fields.FieldError("username", "username.unknown", {"name": username}))
    if errors:
        raise fields.Invalid(errors)
    owners = {m.lower() for m in members_of(ldap, tree, tree.owners(domain))}
    if change == ADD and person.dn.lower() in owners:
        raise fields.Invalid([fields.FieldError("username", "owner.already", {"name": domain})])
    if change == REMOVE and person.dn.lower() not in owners:
        raise fields.Invalid([fields.FieldError("username", "owner.not_owner", {"name": domain})])
    return {
        "domain": domain,
        "change": change,
        "username": person.username,
        "person_dn": person.dn,
        "reason": reason,
    }


def apply_owner_order(acting: Ldap, tree: Tree, order: Order) -> list[str]:
    """Add or remove the owner as the desk person (``acting``); return what was changed."""
    details = order.details
    role, person = tree.owners(details["domain"]), details["person_dn"]
    if details["change"] == ADD:
        if not acting.exists(role):
            name = details["domain"]
            create_group(acting, tree, role, f"owners-{name}", f"Owners of the domain {name}",
                         (person,))  # fmt: skip
            return [f"created {role}", f"added {person} to {role}"]
        return [f"added {person} to {role}"] if add_member(acting, tree, role, person) else []
    return [f"removed {person} from {role}"] if remove_member(acting, tree, role, person) else []
