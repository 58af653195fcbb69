"""The audit trail's three ways in: the desk's (all), a domain's owners', a person's own.

The desk reads the trail as itself (the accesslog's rules grant the desk).
Owners and persons read it through the web app's own account, which the
accesslog's rules let read what the desk reads and no more (never a secret
or a hash). slapd cannot say which records are an owner's or a person's part
(a record's DN is ``reqStart=...``; "below a domain I own" and "adds me to a
group" are not expressible in a rule), so the scope is fixed here from who
asks, never from what they typed: an owner gets their own domain's scope or
:class:`NotYours`; a person only their own DN. In a person's own trail, the
values of writes to *other* people (a desk person's change of someone's
mobile) are left out: they did it, but the values are not theirs to read.
"""

from dataclasses import replace

from directory.access import access_of
from directory.connection import Ldap
from directory.desk import audit
from directory.escape import same_dn
from directory.tree import Tree

ALL = audit.Scope()


class NotYours(Exception):
    """The asker is neither an owner of the domain nor the desk."""


def owns(ldap: Ldap, tree: Tree, viewer_dn: str, domain: str) -> bool:
    """Whether the directory says the viewer owns the domain or is the desk (read now)."""
    held = access_of(ldap, tree, viewer_dn)
    return held.servicedesk or domain.casefold() in {d.casefold() for d in held.owns}


def domain_trail(
    service: Ldap, tree: Tree, viewer_dn: str, domain: str, scope: audit.Scope = ALL
) -> list[audit.Line]:
    """One domain's trail for its owners (and the desk); NotYours for anyone else.

    Only the domain and the filters of ``scope`` count (a person in it is ignored).
    """
    if not owns(service, tree, viewer_dn, domain):
        raise NotYours(domain)
    return audit.trail(service, tree, replace(scope, domain=domain, person_dn=None))


def own_trail(
    service: Ldap, tree: Tree, person_dn: str, scope: audit.Scope = ALL
) -> list[audit.Line]:
    """Everything done to and by one person, for that person: their DN, whatever is asked."""
    lines = audit.trail(service, tree, replace(scope, person_dn=person_dn, domain=None))
    return [_redacted(line, person_dn) for line in lines]


def _redacted(line: audit.Line, person_dn: str) -> audit.Line:
    """The line without the values of another person's entry."""
    if line.kind != audit.PERSON or not line.changes or same_dn(line.target_dn, person_dn):
        return line
    return replace(line, changes=tuple(audit.Change(c.attribute) for c in line.changes))
