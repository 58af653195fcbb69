"""Agencies and agreements in the directory (``ou=agencies``).

Read and written with whatever connection is given: the desk's (as the
person, so slapd decides), the web app's own for the order check.
"""

import datetime as dt

from directory.agencies.agreements import Agency, Agreement, from_ldap_date, to_ldap_date
from directory.connection import REPLACE, Ldap
from directory.entries import first, parse_time
from directory.escape import rdn
from directory.tree import Tree

AGENCY_ATTRS = [
    "seresOrgNumber",
    "seresAgencyName",
    "member",
    "seresAgreementWarned",
    "seresAgencySuspended",
]
AGREEMENT_ATTRS = [
    "cn",
    "seresAgreementKind",
    "seresAgreementStart",
    "seresAgreementEnd",
    "seresAgreementContact",
]


def agencies_dn(tree: Tree) -> str:
    return tree.ou("agencies")


def agency_dn(tree: Tree, org_number: str) -> str:
    return f"{rdn('seresOrgNumber', org_number)},{agencies_dn(tree)}"


def agreement_dn(tree: Tree, org_number: str, reference: str) -> str:
    return f"{rdn('cn', reference)},{agency_dn(tree, org_number)}"


def _agreement(values: dict) -> Agreement:
    end = first(values, "seresAgreementEnd")
    return Agreement(
        reference=first(values, "cn"),
        kind=first(values, "seresAgreementKind"),
        start=from_ldap_date(first(values, "seresAgreementStart")),
        end=from_ldap_date(end) if end else None,
        contact=first(values, "seresAgreementContact"),
    )


def _members(values: dict, tree: Tree) -> tuple[str, ...]:
    return tuple(
        str(m) for m in values.get("member") or () if str(m).lower() != tree.nobody.lower()
    )


def _agency(values: dict, tree: Tree, agreements) -> Agency:
    suspended = first(values, "seresAgencySuspended")
    return Agency(
        org_number=first(values, "seresOrgNumber"),
        name=first(values, "seresAgencyName"),
        members=_members(values, tree),
        agreements=tuple(sorted(agreements, key=lambda a: (a.start, a.reference))),
        warned=tuple(sorted(str(v) for v in values.get("seresAgreementWarned") or ())),
        suspended=parse_time(suspended) if suspended else None,
    )


def usernames(members: tuple[str, ...]) -> list[str]:
    """The usernames of member DNs that name people (``uid=...``), sorted."""
    return sorted(
        m.split(",", 1)[0].partition("=")[2] for m in members if m.lower().startswith("uid=")
    )


def get_agency(ldap: Ldap, tree: Tree, org_number: str) -> Agency | None:
    """The agency and its agreements, or None (also when this connection may not read it)."""
    found = ldap.search(agency_dn(tree, org_number), attributes=AGENCY_ATTRS + AGREEMENT_ATTRS)
    if not found:
        return None
    head = next((v for dn, v in found if "seresOrgNumber" in v), None)
    if head is None:
        return None
    agreements = [_agreement(v) for dn, v in found if "seresAgreementKind" in v]
    return _agency(head, tree, agreements)


def list_agencies(ldap: Ldap, tree: Tree) -> list[Agency]:
    """The agencies this connection may read, by name, with their agreements."""
    by_number: dict[str, dict] = {}
    agreements: dict[str, list[Agreement]] = {}
    for dn, values in ldap.paged(agencies_dn(tree), attributes=AGENCY_ATTRS + AGREEMENT_ATTRS):
        if "seresAgreementKind" in values:
            number = dn.split(",")[1].split("=", 1)[1]
            agreements.setdefault(number, []).append(_agreement(values))
        elif "seresOrgNumber" in values:
            by_number[first(values, "seresOrgNumber")] = values
    out = [_agency(values, tree, agreements.get(n, [])) for n, values in by_number.items()]
    return sorted(out, key=lambda a: a.name.casefold())


def add_agency(ldap: Ldap, tree: Tree, org_number: str, name: str) -> str:
    """Record an agency; AlreadyExists if its number is recorded."""
    dn = agency_dn(tree, org_number)
    ldap.add(dn, ["seresAgency"], {"seresOrgNumber": [org_number], "seresAgencyName": [name]})
    return dn


def add_agreement(ldap: Ldap, tree: Tree, org_number: str, agreement: Agreement) -> str:
    """Record an agreement under its agency; NoSuchEntry without the agency."""
    dn = agreement_dn(tree, org_number, agreement.reference)
    values = {
        "cn": [agreement.reference],
        "seresAgreementKind": [agreement.kind],
        "seresAgreementStart": [to_ldap_date(agreement.start)],
    }
    if agreement.end:
        values["seresAgreementEnd"] = [to_ldap_date(agreement.end)]
    if agreement.contact:
        values["seresAgreementContact"] = [agreement.contact]
    ldap.add(dn, ["seresAgreement"], values)
    return dn


def set_agreement_end(
    ldap: Ldap, tree: Tree, org_number: str, reference: str, end: dt.date | None
) -> None:
    """Give an agreement a new last day (None: until further notice); NoSuchEntry if none."""
    value = [to_ldap_date(end)] if end else []
    dn = agreement_dn(tree, org_number, reference)
    ldap.modify(dn, {"seresAgreementEnd": [(REPLACE, value)]})


def add_member(ldap: Ldap, tree: Tree, org_number: str, person_dn: str) -> None:
    """Tie a person to the agency: they read its entries from now on."""
    ldap.modify(agency_dn(tree, org_number), {"member": [("MODIFY_ADD", [person_dn])]})


def remove_member(ldap: Ldap, tree: Tree, org_number: str, person_dn: str) -> None:
    ldap.modify(agency_dn(tree, org_number), {"member": [("MODIFY_DELETE", [person_dn])]})


def delete_agency(ldap: Ldap, tree: Tree, org_number: str) -> None:
    """Remove an agency and its agreements (tests and the desk's mistakes)."""
    found = ldap.search(agency_dn(tree, org_number), attributes=["1.1"])
    for dn, _values in sorted(found, key=lambda e: -len(e[0])):
        ldap.delete(dn)
