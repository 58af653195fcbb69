"""The demo people in their roles, each signed in once for this module."""

import pytest

from tests.webapp.orders.helpers import access_data, order_id_of, press, state_of, submit, unique


@pytest.fixture(scope="module")
def demo(signed_in, accounts):
    return lambda username: signed_in(accounts[username])


def test_the_demo_people_see_what_their_roles_allow(demo, manager, tree, orders_cleaned):
    """leser.prod may not order access; eier.bufdir orders, brukerservice sees and rejects it."""
    assert demo("leser.prod").get("/orders/new/access").status_code == 403
    owner = demo("eier.bufdir")
    data = access_data(unique("demo."), access="read", write_domains=[])
    order_id = order_id_of(submit(owner, "/orders/new/access", data))
    assert demo("leser.prod").get(f"/orders/{order_id}").status_code == 404
    assert demo("skriver.bufdir").get(f"/orders/{order_id}").status_code == 404
    desk = demo("brukerservice")
    assert order_id[:8] in desk.get("/orders/queue").get_data(as_text=True)
    assert press(desk, order_id, "reject", reason="Demo").status_code == 303
    assert state_of(manager, tree, order_id) == "rejected"
