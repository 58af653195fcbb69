"""Provider 1 dies under a small web load: sign-ins go on through provider 2, nothing is lost."""

import threading
import time
import uuid

import pytest

from directory import otp
from directory.access import access_of
from directory.connection import DELETE, Servers
from directory.groups import add_member, members_of
from directory.modelstore import store as modelstore
from directory.orders import store as orders
from directory.orders import workflow as wf
from directory.sync import engine
from tests.support import add_person, eventually, post_form, remove_people
from webapp import create_app

PEOPLE = 3
ROUNDS = 4  # sign-ins per person: within the five steps of one window


@pytest.fixture
def ha_app(app_config, providers):
    """The web app over both providers, as `make run-ha` configures it."""
    config = {
        **app_config,
        "SERES_LDAP": providers.settings("webapp"),
        "SERES_SYNC_PROD": providers.settings("sync"),
        "SERES_SYNC_COURSE": providers.settings("sync"),
        "SERES_LIMIT_ATTEMPTS_PER_ADDRESS": "1000/minute",
    }
    app = create_app(config)
    yield app
    app.extensions["seres_service_pool"].close_all()


@pytest.fixture
def people(providers):
    with providers.manager(0) as manager:
        made = [add_person(manager, providers.tree) for _ in range(PEOPLE)]
    with providers.manager(1) as other:
        assert eventually(lambda: all(other.exists(p.dn) for p in made))
    yield made
    with Servers(providers.settings("manager")).service() as manager:
        remove_people(manager, providers.tree, [p.username for p in made])


@pytest.fixture
def provider_1_back(providers):
    """Whatever a test does to provider 1, it runs again afterwards."""
    yield
    if providers.servers[0].process.poll() is not None:
        providers.start(0)


def next_code(providers, account) -> str:
    """The code the app sends now, read from whichever provider answers."""
    with Servers(providers.settings("webapp")).service() as ldap:
        token = otp.read_token(ldap, providers.tree, account.username)
    return otp.code_at(account.otp_secret, otp.next_step(token.last_step, time.time()))


def web_sign_in(app, providers, account) -> int:
    client = app.test_client()
    page = client.get("/login")
    if page.status_code != 200:
        return page.status_code
    form = {
        "username": account.username,
        "password": account.password,
        "code": next_code(providers, account),
    }
    return post_form(client, "/login", form, page=page.get_data(as_text=True)).status_code


def test_sign_ins_go_on_through_provider_2_and_every_write_is_on_both_after(
    ha_app, providers, people, provider_1_back
):
    """Kill -9 provider 1 mid-load: sign-ins succeed on 2 within seconds; writes made on 1 and
    on 2 before and during the outage are on both once 1 is back, once each."""
    tree = providers.tree
    results: list[tuple[float, int]] = []
    killed = threading.Event()

    def load(account):
        for i in range(ROUNDS):
            if i == 1:
                killed.wait(30)
            status = web_sign_in(ha_app, providers, account)
            results.append((time.monotonic(), status))

    threads = [threading.Thread(target=load, args=(p,)) for p in people]
    for t in threads:
        t.start()
    assert eventually(lambda: len(results) >= PEOPLE, 30)

    # Writes before the kill, on either provider: an order, a grant, a model.
    with providers.manager(0) as one, providers.manager(1) as two:
        person = people[0]
        owner = wf.Actor.of(
            providers.accounts["eier.bufdir"].dn,
            access_of(one, tree, providers.accounts["eier.bufdir"].dn),
        )
        order_1 = orders.create(one, tree, owner, wf.REFRESH, {"domain": "BUFdir"})
        order_2 = orders.create(two, tree, owner, wf.REFRESH, {"domain": "BUFdir"})
        writers = tree.writers("prod", "BUFdir")
        add_member(two, tree, writers, person.dn)
        model = f"ha-{uuid.uuid4().hex[:8]}"
        modelstore.save_working(one, tree, "prod", "BUFdir", model, {"a": 1})
        assert eventually(lambda: two.exists(tree.order(order_1.id)))
        assert eventually(lambda: one.exists(tree.order(order_2.id)))

    providers.kill(0)
    killed_at = time.monotonic()
    killed.set()

    # During the outage: a write on provider 2 and a refresh against it alone.
    with providers.manager(1) as two:
        order_3 = orders.create(two, tree, owner, wf.REFRESH, {"domain": "BUFdir"})
    with Servers(providers.settings("sync", providers.urls[1])).service() as sync:
        assert engine.refresh(sync, sync, tree).ok

    for t in threads:
        t.join(60)
    after = [(at - killed_at, status) for at, status in results if at > killed_at]
    assert len(results) == PEOPLE * ROUNDS
    assert after and all(status == 303 for at, status in after if at > 5), after
    assert [s for _, s in results].count(303) >= PEOPLE * ROUNDS - PEOPLE, results

    providers.start(0)
    with providers.manager(0) as one, providers.manager(1) as two:
        for ldap in (one, two):
            assert eventually(lambda ldap=ldap: ldap.exists(tree.order(order_3.id)), 15)
            found = ldap.search(tree.orders, "(objectClass=seresOrder)", ["seresOrderId"], "one")
            ids = [attrs["seresOrderId"][0] for _, attrs in found]
            for order in (order_1, order_2, order_3):
                assert ids.count(order.id) == 1
            assert members_of(ldap, tree, writers).count(person.dn) == 1
            [saved] = modelstore.get_model(ldap, tree, "prod", "BUFdir", model).versions
            assert modelstore.load(ldap, tree, "prod", "BUFdir", model, saved.number) == {"a": 1}
        modelstore_cleanup(one, tree, model)
        for order in (order_1, order_2, order_3):
            one.delete(tree.order(order.id))

    # The refresh runs against provider 1 again, too.
    with Servers(providers.settings("sync", providers.urls[0])).service() as sync:
        assert engine.refresh(sync, sync, tree).ok


def modelstore_cleanup(ldap, tree, model):
    dn = tree.model("prod", "BUFdir", model)
    for child, _ in ldap.search(dn, "(objectClass=*)", ["1.1"], scope="one"):
        ldap.delete(child)
    ldap.delete(dn)


def on_provider(ldap, providers) -> int:
    """Which provider (0 or 1) a connection is open to."""
    return [s.port for s in providers.servers].index(ldap.connection.server.port)


def test_no_sign_in_fails_when_provider_1_dies_under_pooled_connections(
    ha_app, providers, people, provider_1_back
):
    """Every pooled connection is open to provider 1 when it dies: none costs a request a 503."""
    pool = ha_app.extensions["seres_service_pool"]
    with ha_app.app_context():
        held = [pool.get() for _ in people]
    assert [on_provider(ldap, providers) for ldap in held] == [0] * len(people)
    for ldap in held:
        pool.put(ldap, healthy=True)
    providers.kill(0)
    assert [web_sign_in(ha_app, providers, person) for person in people] == [303] * len(people)


def test_a_service_connection_reads_and_writes_on_provider_2_once_provider_1_dies(
    providers, people, provider_1_back
):
    """Mid-request: the connection binds again to provider 2; the write is made once."""
    tree = providers.tree
    person = people[0]
    writers = tree.writers("prod", "BUFdir")
    reader = Servers(providers.settings("webapp")).service()
    writer = Servers(providers.settings("manager")).service()
    assert (on_provider(reader, providers), on_provider(writer, providers)) == (0, 0)
    providers.kill(0)
    try:
        assert reader.read(person.dn, ["uid"]) == {"uid": [person.username]}
        add_member(writer, tree, writers, person.dn)
        assert (on_provider(reader, providers), on_provider(writer, providers)) == (1, 1)
        assert members_of(writer, tree, writers).count(person.dn) == 1
    finally:
        writer.modify(writers, {"member": [(DELETE, [person.dn])]})
        reader.close()
        writer.close()
