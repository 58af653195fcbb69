"""The desk changes a mobile or an e-mail: checked, written as the desk, old and new kept."""

import pytest

from directory.desk.contact import change_contact
from directory.orders import fields


@pytest.fixture
def as_desk(webapp, accounts):
    return webapp.acting_as(accounts["brukerservice"].dn)


def test_a_mobile_in_any_format_is_stored_in_e164(as_desk, manager, tree, make_person):
    """The old and the new value come back; the directory holds the normalised number."""
    person = make_person()
    done = change_contact(as_desk, tree, person.username, "mobile", "912 34 567", "lost phone")
    assert (done.old, done.new, done.changed) == ("+4799999999", "+4791234567", True)
    assert manager.read(person.dn, ["mobile"])["mobile"] == ["+4791234567"]


def test_a_bad_value_or_no_reason_writes_nothing(as_desk, manager, tree, make_person):
    """Both errors at once, each on its field; the entry is unchanged."""
    person = make_person()
    with pytest.raises(fields.Invalid) as refused:
        change_contact(as_desk, tree, person.username, "mail", "not an address", "  ")
    assert refused.value.codes() == {"value": ["mail.invalid"], "reason": ["required"]}
    assert manager.read(person.dn, ["mail"])["mail"] == [f"{person.username}@test.example"]


def test_the_same_value_is_not_written_again(as_desk, tree, make_person):
    """A change to the value already there is no change."""
    person = make_person()
    done = change_contact(as_desk, tree, person.username, "mobile", "+47 999 99 999", "check")
    assert not done.changed
