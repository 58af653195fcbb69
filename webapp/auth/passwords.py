"""Password rules, checked in the form before the directory (ppolicy) checks them again.

The list of common passwords is Django's (django/contrib/auth/common-passwords.txt.gz,
20,000 passwords by Royce Williams, lowercased; BSD/CC-BY), taken from its PyPI
package: Debian's slapd ships no such list, and ppolicy cannot check one.
"""

import functools
import gzip
from pathlib import Path

from flask_babel import lazy_gettext as _l

from directory.connection import prepared_password
from directory.errors import InvalidValue

MIN_LENGTH = 12  # ppolicy's pwdMinLength in ldif/base.ldif
MAX_LENGTH = 128
COMMON_PASSWORDS = Path(__file__).with_name("common-passwords.txt.gz")


@functools.cache
def common_passwords() -> frozenset[str]:
    with gzip.open(COMMON_PASSWORDS, "rt", encoding="utf-8") as f:
        return frozenset(line.strip() for line in f if line.strip())


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
