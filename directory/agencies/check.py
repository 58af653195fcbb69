"""The one question orders ask of agencies: may this organisation number have a new domain?"""

import datetime as dt

from directory.agencies.agreements import why_not
from directory.agencies.store import get_agency
from directory.connection import Ldap
from directory.tree import Tree


def domain_refusal(
    ldap: Ldap, tree: Tree, org_number: str, day: dt.date | None = None
) -> str | None:
    """A code saying why a domain for ``org_number`` is refused on ``day``, or None.

    Codes as ``agreements.why_not``: the agency must be recorded and have an
    agreement in force (service development in Altinn, or SERES outside
    Altinn). ``ldap`` must read all of ``ou=agencies`` (the web app's account).
    """
    return why_not(get_agency(ldap, tree, org_number), day or dt.date.today())
