"""Password rules, checked in the form before the directory checks them again.

The rules and the list of common passwords are directory.password_rules',
the same that slapd's check module reads: the form says what is wrong in
the person's language, the directory refuses it whoever sends it.
"""

from flask_babel import lazy_gettext as _l

from directory.connection import prepared_password
from directory.errors import InvalidValue
from directory.password_rules import COMMON_PASSWORDS, MAX_LENGTH, MIN_LENGTH, common_passwords

__all__ = ["COMMON_PASSWORDS", "MAX_LENGTH", "MIN_LENGTH", "common_passwords", "problems"]


def problems(password: str, username: str) -> list:
    """Return what is wrong with a new password (empty if nothing).

    The rules apply to the password as it is stored and sent at every bind
    (SASLprep, RFC 4013): a no-break space counts as a space, a soft hyphen
    as nothing, full-width letters as plain ones. A password SASLprep
    refuses (control characters, U+FFFD, right-to-left letters mixed with
    others) could never be used to sign in.
    """
    found = []
    typed = password
    try:
        password = prepared_password(password) if password else password
    except InvalidValue:
        found.append(_l("The password contains characters that cannot be used."))
    if len(password) < MIN_LENGTH:
        found.append(_l("Use at least %(n)d characters.", n=MIN_LENGTH))
    if max(len(password), len(typed)) > MAX_LENGTH:
        found.append(_l("Use at most %(n)d characters.", n=MAX_LENGTH))
    if username and username.lower() in password.lower():
        found.append(_l("The password must not contain your username."))
    if password.lower() in common_passwords():
        found.append(_l("This password is one of the most common ones; choose another."))
    return found
