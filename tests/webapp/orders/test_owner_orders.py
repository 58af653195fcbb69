"""Owners added and removed by order, with the desk's approval (issue 12 item 4)."""

import pytest

from directory.domains import create_domain
from directory.grants.owners import ownership
from directory.groups import create_group, members_of
from directory.orders import workflow
from directory.orders.store import get_order
from tests.webapp.orders.helpers import access_data, order_id_of, press, state_of, submit, unique

pytestmark = pytest.mark.usefixtures("orders_cleaned")


def owners_of(manager, tree, domain):
    return {m.lower() for m in members_of(manager, tree, tree.owners(domain))}


@pytest.fixture
def small_domain(manager, tree, people):
    """A domain with one owner, removed after the test."""
    name = unique("Eier")
    create_domain(manager, tree, "prod", name)
    owner = people.make(tree.readers("prod"))
    create_group(manager, tree, tree.owners(name), f"owners-{name}", members=(owner.dn,))
    yield name, owner
    for dn in (tree.owners(name), tree.writers("prod", name), tree.domain("prod", name)):
        if manager.exists(dn):
            manager.delete(dn)


def order_owner(client, domain, change, username, reason="Ny kontaktperson"):
    data = {"domain": domain, "change": change, "username": username, "reason": reason}
    return submit(client, "/orders/new/owner", data)


def test_an_owner_orders_a_second_owner_and_the_desk_carries_it_out(
    signed_in, roles, people, manager, tree, small_domain
):
    """Ready for the desk at once (not approved by the app itself); done, the role has both."""
    name, owner = small_domain
    colleague = people.make(tree.readers("prod"))
    order_id = order_id_of(order_owner(signed_in(owner), name, "add", colleague.username))
    assert state_of(manager, tree, order_id) == workflow.READY
    assert colleague.dn.lower() not in owners_of(manager, tree, name)
    assert press(signed_in(roles.desk), order_id, "provision").status_code == 303
    assert state_of(manager, tree, order_id) == workflow.COMPLETED
    assert owners_of(manager, tree, name) == {owner.dn.lower(), colleague.dn.lower()}
    found = {o.domain: o for o in ownership(manager, tree)}[name]
    assert not found.flagged


def test_removing_the_last_owner_leaves_the_domain_orphaned_and_unable_to_approve(
    signed_in, roles, people, manager, tree, small_domain
):
    """The desk cannot approve write access for an orphaned domain: there is no owner to name."""
    name, owner = small_domain
    order_id = order_id_of(order_owner(signed_in(owner), name, "remove", owner.username, "Sluttet"))
    assert press(signed_in(roles.desk), order_id, "provision").status_code == 303
    assert owners_of(manager, tree, name) == set()
    assert {o.domain: o for o in ownership(manager, tree)}[name].orphaned
    data = access_data(unique("w."), service_owner="BUFdir", write_domains=[name])
    access_id = order_id_of(submit(signed_in(roles.owner), "/orders/new/access", data))
    refused = press(
        signed_in(roles.desk), access_id, "approve", owner=owner.username, reference="Telefon"
    )
    assert refused.status_code == 400
    assert state_of(manager, tree, access_id) == workflow.AWAITING_OWNER


def test_a_bad_owner_order_is_shown_again_with_400_and_nothing_is_stored(
    signed_in, manager, tree, small_domain
):
    name, owner = small_domain
    client = signed_in(owner)
    before = len(manager.search(tree.orders, "(objectClass=seresOrder)", ["1.1"], scope="one"))
    unknown = order_owner(client, name, "add", "finnes-ikke")
    assert unknown.status_code == 400
    assert "Ingen har brukernavnet finnes-ikke" in unknown.get_data(as_text=True)
    already = order_owner(client, name, "add", owner.username)
    assert already.status_code == 400
    assert "allerede eier" in already.get_data(as_text=True)
    after = len(manager.search(tree.orders, "(objectClass=seresOrder)", ["1.1"], scope="one"))
    assert after == before


def test_only_the_domains_owners_and_the_desk_order_a_change_of_its_owners(
    signed_in, roles, small_domain
):
    name, _ = small_domain
    assert signed_in(roles.reader).get("/orders/new/owner").status_code == 403
    response = order_owner(signed_in(roles.lmv_owner), name, "add", roles.reader.username)
    assert response.status_code == 400


def test_the_app_never_carries_out_an_owner_order_by_itself(
    signed_in, manager, tree, webapp, small_domain, module_app
):
    """SERES_AUTO_PROVISION on: the owner order still waits for the desk."""
    name, owner = small_domain
    module_app.config["SERES_AUTO_PROVISION"] = True
    try:
        response = order_owner(signed_in(owner), name, "remove", owner.username)
    finally:
        module_app.config["SERES_AUTO_PROVISION"] = False
    order = get_order(webapp, tree, order_id_of(response))
    assert order.state == workflow.READY and not workflow.provisions_by_itself(order)
    assert owners_of(manager, tree, name) == {owner.dn.lower()}
