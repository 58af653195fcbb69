"""An extension from the warning e-mail's link: the access order filled in for the same
person, domain and environment (docs/access.md). Approving it extends the grant:
provisioning gives the existing grant the order's new end.

Kept apart from the order views so that the form's other changes merge cleanly.
"""

from flask import request
from flask_babel import gettext as _

from directory.people import USERNAME, find_person
from directory.tree import ENVIRONMENTS
from webapp import ldap

# The link's query parameters (webapp.access.mails builds them).
PARAMETERS = ("extend_env", "extend_domain", "extend_user")


def asked() -> bool:
    """True if the page was opened from an extension link."""
    return any(request.args.get(name) for name in PARAMETERS)


def prefill(form) -> str | None:
    """Fill the access order in from the link; return an error in words, or None.

    The domain must be one the form offers (and the signed-in person may
    order for, else they choose), the environment one of the two, the
    person an existing account. The end date stays the operator's default.
    """
    env, domain, username = (request.args.get(name, "") for name in PARAMETERS)
    offered = {str(c.value).casefold(): c.value for c in form.write_domains.choices}
    person = (
        find_person(ldap.service(), ldap.tree(), username, personal=True)
        if USERNAME.fullmatch(username)
        else None
    )
    if env not in ENVIRONMENTS or domain.casefold() not in offered or person is None:
        return _("The link does not name a person's write access to extend. Fill the order in.")
    domain = offered[domain.casefold()]
    owners = {str(c.value).casefold() for c in form.service_owner.choices}
    if domain.casefold() in owners:
        form.service_owner.data = domain
    form.access.data = "write"
    form.write_domains.data = [domain]
    form.environments.data = env
    form.given_name.data = person.given_name
    form.surname.data = person.surname
    form.mail.data = person.mail
    form.mobile.data = person.mobile
    form.username.data = person.username
    return None
