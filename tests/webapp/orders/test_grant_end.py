"""The access order asks until when write access holds (issue 12)."""

import datetime as dt

import pytest

from directory.orders.store import get_order
from tests.webapp.orders.helpers import access_data, order_id_of, submit

pytestmark = pytest.mark.usefixtures("orders_cleaned")


def test_the_access_form_offers_the_default_end_date(signed_in, roles, module_app):
    """Prefilled with the operator's default length from today; the help says the maximum."""
    days = module_app.config["SERES_GRANT_DEFAULT_DAYS"]
    page = signed_in(roles.owner).get("/orders/new/access").get_data(as_text=True)
    default = (dt.date.today() + dt.timedelta(days=days)).isoformat()
    assert f'name="write_until" type="date" value="{default}"' in page


def test_an_end_beyond_the_maximum_is_shown_again_with_400(signed_in, roles, module_app):
    """In bokmål, naming the maximum; no order is stored."""
    most = module_app.config["SERES_GRANT_MAX_DAYS"]
    too_far = (dt.date.today() + dt.timedelta(days=most + 1)).isoformat()
    response = submit(
        signed_in(roles.owner), "/orders/new/access", access_data("ny.person", write_until=too_far)
    )
    assert response.status_code == 400
    assert f"Høyst {most} dager fram i tid." in response.get_data(as_text=True)


def test_the_chosen_end_is_stored_in_the_order(signed_in, roles, webapp, tree):
    """The order's details keep write_until, which provisioning records on the grant."""
    last_day = (dt.date.today() + dt.timedelta(days=60)).isoformat()
    response = submit(
        signed_in(roles.owner), "/orders/new/access", access_data("ny.person", write_until=last_day)
    )
    order = get_order(webapp, tree, order_id_of(response))
    assert order.details["write_until"] == last_day
