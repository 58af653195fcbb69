"""Short order references (B-2026-0042): given at submission, unique, found again."""

import datetime as dt
import re
from concurrent.futures import ThreadPoolExecutor

import pytest

from directory.connection import DELETE, REPLACE
from directory.orders import references
from directory.orders import store as orders
from directory.orders import workflow as wf
from tests.directory.orders.helpers import access_data

pytestmark = pytest.mark.usefixtures("clean_orders")


@pytest.fixture
def fresh_year(manager, tree):
    """A year no other test uses, its counter removed afterwards."""
    year = 2100 + dt.datetime.now().microsecond % 800
    yield year
    dn = tree.order_counter(f"order-reference-{references.PREFIX}-{year}")
    if manager.exists(dn):
        manager.delete(dn)


def test_an_order_gets_a_reference_of_prefix_year_and_number_at_submission(
    webapp, tree, accounts, user_of
):
    """B-<year>-<four digits>, stored with the order, the year it is in Oslo."""
    owner = user_of(accounts["eier.bufdir"].dn)
    now = dt.datetime(2026, 12, 31, 23, 30, tzinfo=dt.UTC)  # already 2027 in Oslo
    order = orders.submit(webapp, tree, owner, wf.ACCESS, access_data(), now=now)
    assert re.fullmatch(r"B-2027-\d{4}", order.reference)
    assert orders.get_order(webapp, tree, order.id).reference == order.reference
    assert order.label == order.reference


def test_references_count_up_per_year_from_one(webapp, tree, fresh_year):
    first = references.next_reference(webapp, tree, fresh_year)
    second = references.next_reference(webapp, tree, fresh_year)
    assert (first, second) == (f"B-{fresh_year}-0001", f"B-{fresh_year}-0002")


def test_workers_taking_references_at_once_never_share_one(
    directory_as, accounts, tree, fresh_year
):
    """Eight connections race for 80 numbers: 80 different references, 1 to 80."""
    servers = directory_as(accounts["webapp"])

    def take(_):
        with servers.service() as ldap:
            return [references.next_reference(ldap, tree, fresh_year) for _ in range(10)]

    with ThreadPoolExecutor(8) as pool:
        taken = [r for batch in pool.map(take, range(8)) for r in batch]
    assert sorted(taken) == [f"B-{fresh_year}-{n:04d}" for n in range(1, 81)]


def test_a_number_already_on_an_order_is_skipped(webapp, manager, tree, accounts, user_of):
    """After a failover the counter may lag its orders: a reference in use is never given."""
    owner = user_of(accounts["eier.bufdir"].dn)
    order = orders.submit(webapp, tree, owner, wf.ACCESS, access_data())
    year = int(order.reference.split("-")[1])
    counter = tree.order_counter(f"order-reference-B-{year}")
    number = int(order.reference.split("-")[2])
    manager.modify(counter, {"seresCounterValue": [(REPLACE, [str(number - 1)])]})
    assert references.next_reference(webapp, tree, year) == f"B-{year}-{number + 1:04d}"


def test_an_order_from_before_references_shows_its_id(webapp, manager, tree, accounts, user_of):
    """Older orders have no reference: they are called by their id's first eight digits."""
    owner = user_of(accounts["eier.bufdir"].dn)
    order = orders.submit(webapp, tree, owner, wf.ACCESS, access_data())
    manager.modify(order.dn, {"seresOrderReference": [(DELETE, [])]})
    old = orders.get_order(webapp, tree, order.id)
    assert (old.reference, old.label) == ("", order.id[:8])


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("B-2026-0042", "B-2026-0042"),
        (" b-2026-42 ", "B-2026-0042"),
        ("B - 2026 - 7", "B-2026-0007"),
    ],
)
def test_a_reference_is_found_however_it_is_typed(typed, stored):
    assert references.normalise(typed) == stored


@pytest.mark.parametrize("typed", ["", "B2026", "B-26-1", "*", "B-2026-1)(x=*"])
def test_anything_else_is_no_reference(typed):
    assert references.normalise(typed) is None


def test_the_queue_finds_an_order_by_its_reference(webapp, tree, accounts, user_of):
    owner = user_of(accounts["eier.bufdir"].dn)
    first = orders.submit(webapp, tree, owner, wf.ACCESS, access_data())
    orders.submit(webapp, tree, owner, wf.ACCESS, access_data())
    page = orders.queue(webapp, tree, reference=first.reference)
    assert [o.id for o in page.orders] == [first.id]
