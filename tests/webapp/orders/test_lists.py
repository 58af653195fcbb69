"""The lists: my orders, awaiting my approval, the desk's queue with filters and paging."""

import datetime as dt

from directory.orders import store as orders
from directory.orders import workflow
from tests.webapp.orders.helpers import access_data, domain_data, order_id_of, submit, unique


def test_my_orders_lists_what_i_placed_and_nothing_else(roles, signed_in, orders_cleaned):
    """The orderer sees their order; another person's list does not show it."""
    owner = signed_in(roles.owner)
    order_id = order_id_of(
        submit(
            owner, "/orders/new/access", access_data(unique("m."), access="read", write_domains=[])
        )
    )
    assert order_id in owner.get("/orders").get_data(as_text=True)
    assert order_id not in signed_in(roles.reader).get("/orders").get_data(as_text=True)


def test_the_approval_list_and_queue_are_for_owners_and_the_desk(roles, signed_in):
    """Approvals: 403 for a person who owns nothing; the queue: 403 for all but the desk."""
    assert signed_in(roles.reader).get("/orders/approvals").status_code == 403
    assert signed_in(roles.owner).get("/orders/approvals").status_code == 200
    assert signed_in(roles.owner).get("/orders/queue").status_code == 403
    assert signed_in(roles.desk).get("/orders/queue").status_code == 200


def test_the_navigation_shows_only_what_the_person_can_use(roles, signed_in):
    """Everyone: my orders; owners: approvals; the desk: the queue."""
    reader = signed_in(roles.reader).get("/").get_data(as_text=True)
    assert "Mine bestillinger" in reader and "Til min godkjenning" not in reader
    assert "Bestillingskø" not in reader
    assert "Til min godkjenning" in signed_in(roles.owner).get("/").get_data(as_text=True)
    assert "Bestillingskø" in signed_in(roles.desk).get("/").get_data(as_text=True)


def test_the_queue_filters_by_type_state_and_domain(roles, signed_in, orders_cleaned):
    """Each filter narrows the list to the matching orders."""
    owner = signed_in(roles.owner)
    access = order_id_of(
        submit(
            owner, "/orders/new/access", access_data(unique("q."), access="read", write_domains=[])
        )
    )
    refresh = order_id_of(
        submit(owner, "/orders/new/refresh", {"domain": "BUFdir", "reason": "Kurs i morgen"})
    )
    domain = order_id_of(
        submit(owner, "/orders/new/domain", domain_data(unique("Q"), roles.owner.username))
    )
    desk = signed_in(roles.desk)
    page = desk.get("/orders/queue?type=refresh").get_data(as_text=True)
    assert refresh[:8] in page and access[:8] not in page and domain[:8] not in page
    page = desk.get("/orders/queue?domain=BUFdir&state=ready").get_data(as_text=True)
    assert refresh[:8] in page and access[:8] in page and domain[:8] not in page
    page = desk.get("/orders/queue?state=completed").get_data(as_text=True)
    assert "Ingen bestillinger passer." in page


def test_the_queue_pages_through_many_orders(roles, signed_in, webapp, tree, orders_cleaned):
    """21 orders: page 1 holds 20 and links to page 2, which holds the last; page 3 is 404."""
    user = workflow.Actor(roles.desk.dn, servicedesk=True)
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    made = [
        orders.submit(
            webapp,
            tree,
            user,
            "domain",
            domain_data(unique("P"), roles.owner.username),
            now=start + dt.timedelta(minutes=n),
        ).id
        for n in range(21)
    ]
    desk = signed_in(roles.desk)
    first = desk.get("/orders/queue?type=domain").get_data(as_text=True)
    assert all(i[:8] in first for i in made[:20]) and made[20][:8] not in first
    assert "side 1 av 2" in first and 'href="/orders/queue?page=2&amp;type=domain"' in first
    second = desk.get("/orders/queue?type=domain&page=2").get_data(as_text=True)
    assert made[20][:8] in second and made[0][:8] not in second
    assert desk.get("/orders/queue?type=domain&page=3").status_code == 404


def test_bad_queue_parameters_are_refused_with_400(roles, signed_in):
    """Unknown type or state, a non-number page, a filter special as domain: 400 and a message."""
    desk = signed_in(roles.desk)
    for query in (
        "type=bogus",
        "state=open",
        "page=0",
        "page=abc",
        "page=99999999",
        "domain=*)(cn=*",
        "domain=a%00b",
    ):
        response = desk.get(f"/orders/queue?{query}")
        assert response.status_code == 400, query
        assert "error-summary" in response.get_data(as_text=True)
