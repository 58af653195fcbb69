"""Check an order for a new domain: its fields, its owners, what the directory knows.

Owners are people with a username, or (a new agency's first domain) people
named by given name, surname, e-mail and mobile, made on provisioning with an
activation link as an access order's person is. Every field is checked, then
each look-up in the directory that the fields it needs allow, so the person
sees every error at once (an unknown owner beside a wrong organisation
number). Codes as ``directory.orders.fields``; a new owner's row partly
filled in gets ``required`` on each part left empty.
"""

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from directory.connection import Ldap
from directory.domains import domain_taken
from directory.orders import fields
from directory.orders.fields import MAX_LINE, MAX_TEXT, _Collector
from directory.people import find_person
from directory.tree import Tree

MAX_OWNERS = fields.MAX_OWNERS
# How many new owners one order may name (rows in the form: works without script).
NEW_OWNERS = 2
NEW_OWNER_PARTS = {
    "given_name": fields.person_name,
    "surname": fields.person_name,
    "mail": fields.mail,
    "mobile": fields.mobile,
}


def new_owner_field(number: int, part: str) -> str:
    """The name of one part of the ``number``-th new owner (1-based) in the order's data."""
    return f"new_owner_{number}_{part}"


def _new_owners(check: _Collector, data: Mapping[str, Any]) -> list[dict]:
    """The new owners named in full; a row left empty is no owner, a half one an error."""
    found = []
    for number in range(1, NEW_OWNERS + 1):
        typed = {part: data.get(new_owner_field(number, part)) for part in NEW_OWNER_PARTS}
        if not any(isinstance(v, str) and v.strip() for v in typed.values()):
            continue
        owner = {
            part: check(clean, new_owner_field(number, part), typed[part])
            for part, clean in NEW_OWNER_PARTS.items()
        }
        if all(owner.values()):
            if owner["mail"].lower() in {o["mail"].lower() for o in found}:
                check.add(new_owner_field(number, "mail"), "duplicate", name=owner["mail"])
            else:
                found.append(owner)
    return found


def clean_domain_order(
    ldap: Ldap,
    tree: Tree,
    data: Mapping[str, Any],
    open_names: Iterable[str] = (),
    refusal: Callable[[str], str | None] | None = None,
) -> dict:
    """Check an order for a new domain; return its details (docs/orders.md).

    ``open_names`` are the domains of open domain orders: taken as well.
    ``refusal(org_number)`` says why the agency may not order (an ``agency.*``
    code), or None.
    """
    check = _Collector()
    name = check(fields.domain_name, "name", data.get("name"))
    description = check(
        fields.text, "description", data.get("description"), MAX_TEXT, multiline=True
    )
    agency = check(fields.text, "agency", data.get("agency"), MAX_LINE)
    number = check(fields.org_number, "org_number", data.get("org_number"))
    owners = check(fields.names, "owners", data.get("owners"), MAX_OWNERS)
    new_owners = _new_owners(check, data)
    if owners == [] and not new_owners and not check.failed(*_new_owner_fields()):
        check.add("owners", "required")
    # What the directory knows, for each field right so far.
    taken = {n.casefold() for n in open_names}
    if name and (name.casefold() in taken or domain_taken(ldap, tree, name)):
        check.add("name", "domain_name.taken")
    if number and refusal is not None and (code := refusal(number)):
        check.add("org_number", code)
    owner_dns = []
    for owner in owners or ():
        if check(fields.username, "owners", owner):
            person = find_person(ldap, tree, owner)
            if person is None:
                check.add("owners", "username.unknown", name=owner)
            else:
                owner_dns.append(person.dn)
    check.done()
    details = {
        "name": name,
        "description": description,
        "agency": agency,
        "org_number": number,
        "owners": owners,
        "owner_dns": owner_dns,
    }
    if new_owners:  # left out when none: older orders read the same
        details["new_owners"] = new_owners
    return details


def _new_owner_fields() -> list[str]:
    return [new_owner_field(n, p) for n in range(1, NEW_OWNERS + 1) for p in NEW_OWNER_PARTS]
