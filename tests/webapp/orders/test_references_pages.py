"""Order references on the pages: shown on the order, its lists, and found in the queue."""

from tests.webapp.orders.helpers import (
    access_data,
    domain_data,
    order_id_of,
    reference_of,
    submit,
    unique,
)


def test_the_reference_is_shown_on_the_order_and_in_the_lists(
    roles, signed_in, manager, tree, orders_cleaned
):
    owner = signed_in(roles.owner)
    order_id = order_id_of(
        submit(
            owner, "/orders/new/access", access_data(unique("r."), access="read", write_domains=[])
        )
    )
    reference = reference_of(manager, tree, order_id)
    page = owner.get(f"/orders/{order_id}").get_data(as_text=True)
    assert f'<dd id="order-reference"><strong>{reference}</strong></dd>' in page
    assert f"<title>Bestilling {reference}" in page
    assert f">{reference}</a>" in owner.get("/orders").get_data(as_text=True)


def test_the_desk_finds_an_order_by_its_reference_however_typed(
    roles, signed_in, manager, tree, orders_cleaned
):
    owner = signed_in(roles.owner)
    wanted = order_id_of(
        submit(owner, "/orders/new/domain", domain_data(unique("Ref"), roles.owner.username))
    )
    other = order_id_of(
        submit(owner, "/orders/new/domain", domain_data(unique("Ref"), roles.owner.username))
    )
    reference = reference_of(manager, tree, wanted)
    prefix, year, number = reference.split("-")
    desk = signed_in(roles.desk)
    typed = f"{prefix.lower()}-{year}-{int(number)}"
    page = desk.get("/orders/queue", query_string={"reference": typed}).get_data(as_text=True)
    assert f"/orders/{wanted}" in page and f"/orders/{other}" not in page


def test_a_reference_that_is_none_is_answered_400_with_a_message(roles, signed_in):
    response = signed_in(roles.desk).get("/orders/queue", query_string={"reference": "x)(y=*"})
    assert response.status_code == 400
    assert "Ikke en bestillingsreferanse (som B-2026-0042)." in response.get_data(as_text=True)


def test_the_confirmation_before_carrying_out_names_the_reference(
    roles, signed_in, manager, tree, orders_cleaned
):
    owner = signed_in(roles.owner)
    order_id = order_id_of(
        submit(owner, "/orders/new/domain", domain_data(unique("Bekreft"), roles.owner.username))
    )
    page = signed_in(roles.desk).get(f"/orders/{order_id}/provision").get_data(as_text=True)
    assert f"<strong>{reference_of(manager, tree, order_id)}</strong>" in page
