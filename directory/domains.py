"""Domains in an environment, each with its write group."""

import re

from directory import attrs
from directory.connection import Ldap
from directory.entries import Domain
from directory.errors import InvalidValue
from directory.escape import equals
from directory.groups import create_group
from directory.tree import ENVIRONMENTS, Tree

DOMAIN_FILTER = "(objectClass=seresDomain)"
# Letters a-z and æøå (either case), digits 0-9 and inner hyphens: the generic
# write rule's DN regex cannot cope with an escaped comma, so names never need
# escaping. Other scripts' letters and digits (\w) are left out: they look
# like Latin ones and invite look-alike names.
_CHAR = "A-Za-z0-9ÆØÅæøå"
DOMAIN_NAME = re.compile(rf"[{_CHAR}][{_CHAR}-]{{0,62}}[{_CHAR}]")


def check_domain_name(name: str) -> str:
    """Return ``name`` if it is a valid domain name (2-64 letters, digits, hyphens)."""
    # fullmatch: "$" would let a trailing newline through.
    if not isinstance(name, str) or not DOMAIN_NAME.fullmatch(name):
        raise InvalidValue(f"not a domain name: {name!r}")
    return name


def list_domains(ldap: Ldap, tree: Tree, env: str) -> list[Domain]:
    """Return the domains of one environment, sorted by name."""
    found = ldap.paged(tree.domains(env), DOMAIN_FILTER, list(attrs.DOMAIN.values()), scope="one")
    domains = [Domain.from_entry(dn, env, values) for dn, values in found]
    return sorted(domains, key=lambda d: d.name.lower())


def domains_by_environment(ldap: Ldap, tree: Tree) -> dict[str, list[Domain]]:
    """Return every environment's domains, sorted by name, from one search."""
    parents = {tree.domains(env).lower(): env for env in ENVIRONMENTS}
    found: dict[str, list[Domain]] = {env: [] for env in ENVIRONMENTS}
    for dn, values in ldap.paged(tree.suffix, DOMAIN_FILTER, list(attrs.DOMAIN.values())):
        env = parents.get(dn.split(",", 1)[1].lower())
        if env is not None:
            found[env].append(Domain.from_entry(dn, env, values))
    return {env: sorted(domains, key=lambda d: d.name.lower()) for env, domains in found.items()}


def get_domain(ldap: Ldap, tree: Tree, env: str, name: str) -> Domain | None:
    found = ldap.search(
        tree.domains(env),
        f"(&{DOMAIN_FILTER}{equals('cn', name)})",
        list(attrs.DOMAIN.values()),
        scope="one",
        size_limit=2,
    )
    return Domain.from_entry(found[0][0], env, found[0][1]) if len(found) == 1 else None


def domain_taken(ldap: Ldap, tree: Tree, name: str) -> bool:
    """True if a domain of this name exists in any environment, in any case."""
    return any(get_domain(ldap, tree, env, name) is not None for env in ENVIRONMENTS)


def create_domain(
    ldap: Ldap,
    tree: Tree,
    env: str,
    name: str,
    agency: str = "",
    org_number: str = "",
    description: str = "",
    course_only: bool = False,
) -> Domain:
    """Create a domain and its (empty) write group in one environment."""
    check_domain_name(name)
    values = attrs.to_ldap(
        attrs.DOMAIN,
        {
            "name": name,
            "agency": agency,
            "org_number": org_number,
            "description": description,
            "course_only": course_only or None,
        },
    )
    dn = tree.domain(env, name)
    ldap.add(dn, attrs.DOMAIN_CLASSES, values)
    create_group(
        ldap,
        tree,
        tree.writers(env, name),
        f"writers-{name}",
        f"May write the domain {name} in {env}",
    )
    return Domain.from_entry(dn, env, values)
