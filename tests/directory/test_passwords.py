"""A password is prepared (SASLprep, RFC 4013) alike when it is stored and at a bind.

ldap3 prepares the password of every simple bind; a password stored as typed
would never match one whose characters SASLprep maps (a no-break space, a soft
hyphen, full-width letters, ligatures), and one SASLprep refuses could not be
sent at all.
"""

from dataclasses import replace

import pytest

from directory.errors import InvalidCredentials, InvalidValue
from directory.people import set_password

MAPPED = [
    "Lang\u00a0Tur over Vidda 2031",  # no-break space: a space
    "Lang-Tur-Over-Vid\u00adda-2031",  # soft hyphen: nothing
    "\uff2c\uff41\uff4e\uff47-Tur-Over-Vidda-2031",  # full-width: ASCII
    "Lang-Tur-Over-\ufb01ord-2031",  # the ligature fi: f and i
]
REFUSED = [
    "Lang-Tur\x07-Over-Vidda-2031",  # a control character
    "Lang-Tur-Over-Vidda-2031\ufffd",  # what a decoder makes of bytes that are not UTF-8
    "Lang-Tur-\u05d0\u05d1-2031",  # right-to-left and left-to-right letters mixed
]


@pytest.mark.parametrize("password", MAPPED)
def test_a_password_saslprep_maps_binds_with_the_text_it_was_set_with(
    make_person, webapp, binder, password
):
    """Stored prepared, so the bind (which ldap3 prepares) matches the same text."""
    person = make_person()
    set_password(webapp, person.dn, password)
    binder.person(replace(person, password=password)).close()


@pytest.mark.parametrize("password", REFUSED)
def test_a_password_saslprep_refuses_is_not_stored(make_person, webapp, binder, password):
    """InvalidValue, and the old password still binds."""
    person = make_person()
    with pytest.raises(InvalidValue):
        set_password(webapp, person.dn, password)
    binder.person(person).close()


@pytest.mark.parametrize("password", REFUSED)
def test_a_bind_with_a_password_saslprep_refuses_is_invalid_credentials(
    make_person, binder, password
):
    """An ordinary refusal, as for a wrong password (not a directory error)."""
    person = make_person()
    with pytest.raises(InvalidCredentials):
        binder.servers().bind(person.dn, password + "123456")
