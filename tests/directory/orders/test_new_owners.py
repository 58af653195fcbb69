"""A new agency's first domain: owners named by name, e-mail and mobile, leftovers on provisioning."""

import secrets

import pytest

from directory import otp
from directory.groups import members_of
from directory.orders import store as orders
from directory.orders import workflow as wf
from directory.orders.domain_order import clean_domain_order, new_owner_field
from directory.orders.fields import Invalid
from directory.orders.provisioning import provision
from directory.people import find_person
from tests.directory.orders.test_provisioning import domain_dns

pytestmark = pytest.mark.usefixtures("clean_orders")


def new_owner(number: int, given: str, surname: str, mail: str, mobile: str) -> dict:
    parts = {"given_name": given, "surname": surname, "mail": mail, "mobile": mobile}
    return {new_owner_field(number, part): value for part, value in parts.items()}


def order_data(name: str, owners: str = "", **more) -> dict:
    return {
        "name": name,
        "description": "Et nytt domene",
        "agency": "Testetaten",
        "org_number": "974760673",
        "owners": owners,
    } | more


def test_a_domain_order_may_name_owners_without_a_username(webapp, tree):
    """Name, e-mail and mobile (validated as an access order's person) instead of a username."""
    mail = f"ny.{secrets.token_hex(3)}@etaten.example"
    details = clean_domain_order(
        webapp, tree, order_data("Nyetat", **new_owner(1, "Nora", "Ny", mail, "412 34 567"))
    )
    assert details["owners"] == [] and details["owner_dns"] == []
    assert details["new_owners"] == [
        {"given_name": "Nora", "surname": "Ny", "mail": mail, "mobile": "+4741234567"}
    ]


def test_a_new_owner_half_filled_in_gets_an_error_on_each_part(webapp, tree):
    """A row left empty is no owner; a row begun must be whole, with a mobile number."""
    data = order_data("Nyetat", **new_owner(2, "Nora", "", "ikke-epost", "22 33 44 55"))
    with pytest.raises(Invalid) as caught:
        clean_domain_order(webapp, tree, data)
    assert caught.value.codes() == {
        "new_owner_2_surname": ["required"],
        "new_owner_2_mail": ["mail.invalid"],
        "new_owner_2_mobile": ["mobile.not_mobile"],
    }
    with pytest.raises(Invalid) as caught:
        clean_domain_order(webapp, tree, order_data("Nyetat"))
    assert caught.value.codes() == {"owners": ["required"]}


def test_every_error_of_a_domain_order_comes_at_once(webapp, tree):
    """An unknown owner beside the org number's checksum, a taken name and a bad mobile."""
    data = order_data(
        "BUFdir",
        owners="ingen.slik",
        org_number="974760674",
        **new_owner(1, "Nora", "Ny", "nora@etaten.example", "123"),
    )
    with pytest.raises(Invalid) as caught:
        clean_domain_order(webapp, tree, data)
    assert caught.value.codes() == {
        "name": ["domain_name.taken"],
        "org_number": ["org_number.invalid_checksum"],
        "owners": ["username.unknown"],
        "new_owner_1_mobile": ["mobile.invalid"],
    }


def test_the_agencys_refusal_comes_with_the_other_errors(webapp, tree, accounts, user_of):
    """An agency without an agreement, and an unknown owner: both at once."""
    orderer = user_of(accounts["eier.bufdir"].dn)
    data = order_data("Nyetat", owners="ingen.slik", org_number="923609016")
    with pytest.raises(Invalid) as caught:
        orders.submit(webapp, tree, orderer, wf.DOMAIN, data)
    codes = caught.value.codes()
    assert codes["owners"] == ["username.unknown"]
    assert [c.split(".")[0] for c in codes["org_number"]] == ["agency"]


def test_provisioning_makes_new_owners_with_tokens_and_activation_links(
    webapp,
    manager,
    tree,
    desk,
    make_person,
    leftovers,
    notified,  # noqa: F811
):
    """Each new owner: a person without a password, an SMS token, the owners role, an
    activation link; someone whose e-mail is known already keeps their account."""
    known = make_person()
    known_mail = manager.read(known.dn, ["mail"])["mail"][0]
    name = f"Nyetat-{secrets.token_hex(3)}"
    mail = f"nora.{secrets.token_hex(3)}@etaten.example"
    leftovers.extend(domain_dns(tree, name))
    data = order_data(
        name,
        **new_owner(1, "Nora", "Nyeier", mail, "412 34 567"),
        **new_owner(2, "Kjent", "Person", known_mail, "412 34 568"),
    )
    order = orders.submit(webapp, tree, desk, wf.DOMAIN, data)
    done = provision(webapp, tree, order, desk, notified)
    person = find_person(webapp, tree, "nora.nyeier", personal=True)
    assert person is not None
    leftovers[:0] = [tree.person("nora.nyeier"), tree.token("nora.nyeier")]
    assert (person.mail, person.mobile) == (mail, "+4741234567")
    assert "userPassword" not in manager.read(person.dn, ["userPassword"])
    assert otp.read_token(webapp, tree, "nora.nyeier").params_dn == tree.otp_params("sms")
    owners = {m.lower() for m in members_of(webapp, tree, tree.owners(name))}
    assert owners == {person.dn.lower(), known.dn.lower()}
    assert ("activation", mail) in notified.kinds()
    assert ("activation", known_mail) not in notified.kinds()
    accounts_chosen = [e.data for e in done.order.events if e.event == wf.ACCOUNT]
    assert accounts_chosen == [
        {"username": "nora.nyeier", "new": True, "mail": mail},
        {"username": known.username, "new": False, "mail": known_mail},
    ]
    # Again: the same accounts, nothing new.
    again = provision(webapp, tree, orders.get_order(webapp, tree, order.id), desk, notified)
    assert again.changes == ()
