"""The menu counts what waits for the signed-in role: "Til min godkjenning (n)", "Bestillingskø (n)"."""

import pytest

from directory.access import access_of
from directory.orders import store as orders
from directory.orders import workflow as wf
from tests.support import web_sign_in

pytestmark = pytest.mark.usefixtures("clean_orders")


def order(webapp, tree, accounts, access):
    """An order by BUFdir's demo owner: write access waits for another owner, read is ready."""
    dn = accounts["eier.bufdir"].dn
    details = {
        "service_owner": "BUFdir",
        "access": access,
        "write_domains": ["BUFdir"] if access == "write" else [],
        "environments": "prod",
        "given_name": "Nina",
        "surname": "Nybruker",
        "mail": "nina.nybruker@bufdir.example",
        "mobile": "412 34 567",
    }
    return orders.submit(
        webapp, tree, wf.Actor.of(dn, access_of(webapp, tree, dn)), wf.ACCESS, details
    )


def test_an_owner_sees_how_many_orders_await_their_approval(
    client, binder, make_person, webapp, tree, accounts
):
    """Two write orders for BUFdir wait for another owner: the menu says (2)."""
    owner = make_person(groups=(tree.owners("BUFdir"), tree.readers("prod")))
    order(webapp, tree, accounts, "write")
    order(webapp, tree, accounts, "write")
    web_sign_in(client, binder, owner)
    assert "Til min godkjenning (2)" in client.get("/").get_data(as_text=True)


def test_the_desk_sees_how_many_orders_are_ready(client, binder, desk, webapp, tree, accounts):
    """A read order is ready for the desk at once: the menu says (1)."""
    order(webapp, tree, accounts, "read")
    web_sign_in(client, binder, desk)
    assert "Bestillingskø (1)" in client.get("/").get_data(as_text=True)
