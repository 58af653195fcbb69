"""Extension from the warning e-mail's link: the access order filled in, approved, the
grant's end moved (issue 12)."""

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest

from directory.grants import ends, store
from directory.grants.expire import ACCESS_ENDING
from tests.webapp.orders.helpers import mails, order_id_of, press, state_of, submit
from webapp.access import mails as access_mails

pytestmark = pytest.mark.usefixtures("orders_cleaned", "clean_grants")


@pytest.fixture
def ending(people, tree, webapp):
    """A writer of BUFdir in production whose grant ends in ten days."""
    writer = people.make(tree.readers("prod"), tree.writers("prod", "BUFdir"))
    store.record(
        webapp, tree.writers("prod", "BUFdir"), writer.dn, store.GRANTED, webapp.bound_dn,
        replace={"end": [store.now_utc() + dt.timedelta(days=10)], "order": ["a" * 32]},
    )  # fmt: skip
    return writer


def warning_link(app, writer) -> str:
    """The link in the warning e-mail the timed job sends, as a path."""
    with app.test_request_context("/"):
        access_mails.send(
            ACCESS_ENDING, "owner@test.example", env="prod", domain="BUFdir",
            username=writer.username, last_day="2031-01-01", days=14, order="a" * 32,
        )  # fmt: skip
    body = mails(app)[-1]["body"]
    url = re.search(r"https?://\S*/orders/new/access\?\S+", body).group(0)
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def test_the_warning_links_to_the_access_order_filled_in_for_the_same_writer(
    module_app, signed_in, roles, ending
):
    """Same person, domain and environment; write access; the default end date."""
    page = signed_in(roles.owner).get(warning_link(module_app, ending))
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert f'value="{ending.username}@test.example"' in html
    assert re.search(r'value="BUFdir"[^>]*checked|checked[^>]*value="BUFdir"', html)
    assert re.search(r'value="prod"[^>]*checked|checked[^>]*value="prod"', html)
    assert re.search(r'value="write"[^>]*checked|checked[^>]*value="write"', html)


def test_a_link_naming_nobody_is_answered_400(signed_in, roles):
    page = signed_in(roles.owner).get(
        "/orders/new/access?extend_env=prod&extend_domain=BUFdir&extend_user=nobody-here"
    )
    assert page.status_code == 400
    assert "Fyll ut bestillingen" in page.get_data(as_text=True)


def test_approving_the_extension_moves_the_grants_end(
    module_app, people, signed_in, roles, ending, manager, tree, trained
):
    """Ordered by one owner from the link, approved by another, carried out: the new end."""
    trained(ending.username)  # production write access needs completed training
    client = signed_in(roles.owner)
    url = warning_link(module_app, ending)
    last_day = (dt.date.today() + dt.timedelta(days=200)).isoformat()
    data = {
        "service_owner": "BUFdir",
        "access": "write",
        "write_domains": ["BUFdir"],
        "environments": "prod",
        "given_name": "Test",
        "surname": "Test",
        "mail": f"{ending.username}@test.example",
        "mobile": "+4799999999",
        "employer": "",
        "username": ending.username,
        "write_until": last_day,
    }
    order_id = order_id_of(submit(client, url, data))
    co_owner = people.make(tree.owners("BUFdir"), tree.readers("prod"))
    assert press(signed_in(co_owner), order_id, "approve").status_code == 303
    assert press(signed_in(roles.desk), order_id, "provision").status_code == 303
    assert state_of(manager, tree, order_id) == "completed"
    grant = store.get_grant(manager, tree.writers("prod", "BUFdir"), ending.dn)
    assert ends.last_day(grant.end).isoformat() == last_day
