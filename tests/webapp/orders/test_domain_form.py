"""The domain order form: every error at once, and owners without a username."""

from tests.webapp.orders.helpers import domain_data, order_id_of, submit, unique


def test_an_unknown_owner_and_a_wrong_org_number_are_shown_together(roles, signed_in):
    owner = signed_in(roles.owner)
    data = domain_data(unique("Lag"), "ingen.slik", org_number="974760674")
    response = submit(owner, "/orders/new/domain", data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Ingen har brukernavnet ingen.slik" in page
    assert 'id="org_number-error"' in page and 'id="owners-error"' in page


def test_a_new_agency_names_its_owners_by_name_e_mail_and_mobile(roles, signed_in, orders_cleaned):
    owner = signed_in(roles.owner)
    data = domain_data(unique("Nyetat")) | {
        "new_owner_1_given_name": "Nora",
        "new_owner_1_surname": "Nyeier",
        "new_owner_1_mail": "nora.nyeier@etaten.example",
        "new_owner_1_mobile": "412 34 567",
    }
    order_id = order_id_of(submit(owner, "/orders/new/domain", data))
    page = owner.get(f"/orders/{order_id}").get_data(as_text=True)
    assert "Nora Nyeier, nora.nyeier@etaten.example, +4741234567" in page


def test_a_half_filled_new_owner_is_answered_on_its_fields(roles, signed_in):
    owner = signed_in(roles.owner)
    data = domain_data(unique("Nyetat")) | {"new_owner_2_mobile": "22 33 44 55"}
    response = submit(owner, "/orders/new/domain", data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    for part in ("given_name", "surname", "mail", "mobile"):
        assert f'id="new_owner_2_{part}-error"' in page
    assert 'href="#new_owner_2_mail"' in page  # the summary links to the field
