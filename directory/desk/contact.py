"""The desk changes a person's mobile or e-mail, with a reason, as the desk person.

Checked like every form's values (directory.orders.fields: E.164 mobiles,
ASCII e-mail); the write goes as the desk person, so the accesslog names
them with the old and the new value. The caller tells the person at both
the old and the new address (webapp/servicedesk/contact.py).

A person changes their own the same way (``set_contact``), as the web app's
account once a code sent to the new address came back (webapp/servicedesk/
account.py): the directory lets nobody but the desk and the web app write them.
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


def checked(attribute: str, value: str) -> str:
    """The value in its one stored form (E.164, trimmed e-mail); Invalid if it is none."""
    if attribute not in CHECKS:
        raise ValueError(f"not a contact attribute: {attribute!r}")
    return CHECKS[attribute]("value", value)


def change_contact(
    ldap: Ldap, tree: Tree, username: str, attribute: str, value: str, reason: str
) -> ContactChange:
    """Replace a person's mobile or e-mail; Invalid for a bad value or no reason.

    Nothing is written when the value is the one already there.
    NoSuchEntry if there is no such person (or the desk may not see them).
    """
    errors = []
    try:
        new = checked(attribute, value)
    except fields.Invalid as exc:
        errors += exc.errors
        new = ""
    try:
        reason = fields.text("reason", reason, max_length=MAX_REASON, multiline=True)
    except fields.Invalid as exc:
        errors += exc.errors
    if errors:
        raise fields.Invalid(errors)
    return set_contact(ldap, tree, username, attribute, new, reason)


def current_contact(ldap: Ldap, tree: Tree, username: str, attribute: str) -> str:
    """The person's mobile or e-mail now ("" for none); NoSuchEntry if there is no such person."""
    values = ldap.read(tree.person(username), [attribute])
    if values is None:
        raise NoSuchEntry(f"no person {username}")
    return str((values.get(attribute) or [""])[0])


def set_contact(
    ldap: Ldap, tree: Tree, username: str, attribute: str, new: str, reason: str = ""
) -> ContactChange:
    """Write a value already ``checked``; nothing is written if it is the one there."""
    old = current_contact(ldap, tree, username, attribute)
    change = ContactChange(username, attribute, old, new, reason)
    if change.changed:
        ldap.modify(tree.person(username), {attribute: [(REPLACE, [new])]})
    return change
