"""The desk changes a person's mobile or e-mail, with a reason, as the desk person.

Checked like every form's values (directory.orders.fields: E.164 mobiles,
ASCII e-mail); the write goes as the desk person, so the accesslog names
them with the old and the new value. The caller tells the person at both
the old and the new address (webapp/servicedesk/contact.py).
"""

from dataclasses import dataclass

from directory.connection import REPLACE, Ldap
from directory.errors import NoSuchEntry
from directory.orders import fields
from directory.tree import Tree

CHECKS = {"mobile": fields.mobile, "mail": fields.mail}
MAX_REASON = 500


@dataclass(frozen=True)
class ContactChange:
    username: str
    attribute: str
    old: str
    new: str
    reason: str

    @property
    def changed(self) -> bool:
        return self.old != self.new


def change_contact(
    ldap: Ldap, tree: Tree, username: str, attribute: str, value: str, reason: str
) -> ContactChange:
    """Replace a person's mobile or e-mail; Invalid for a bad value or no reason.

    Nothing is written when the value is the one already there.
    NoSuchEntry if there is no such person (or the desk may not see them).
    """
    if attribute not in CHECKS:
        raise ValueError(f"not a contact attribute: {attribute!r}")
    errors = []
    try:
        new = CHECKS[attribute]("value", value)
    except fields.Invalid as exc:
        errors += exc.errors
        new = ""
    try:
        reason = fields.text("reason", reason, max_length=MAX_REASON, multiline=True)
    except fields.Invalid as exc:
        errors += exc.errors
    if errors:
        raise fields.Invalid(errors)
    dn = tree.person(username)
    values = ldap.read(dn, [attribute])
    if values is None:
        raise NoSuchEntry(f"no person {username}")
    old = str((values.get(attribute) or [""])[0])
    change = ContactChange(username, attribute, old, new, reason)
    if change.changed:
        ldap.modify(dn, {attribute: [(REPLACE, [new])]})
    return change
