"""Provisioning against the real slapd: what it makes, twice, repaired, and the journey."""

import datetime as dt
import secrets
import time

import pytest

from directory import otp
from directory.access import access_of
from directory.connection import REPLACE
from directory.domains import create_domain
from directory.errors import Conflict, InsufficientAccess, NoSuchEntry
from directory.grants import ends, store
from directory.groups import create_group, members_of
from directory.orders import fields as validation
from directory.orders import provisioning
from directory.orders import store as orders
from directory.orders import workflow as wf
from directory.orders.accounts import username_for
from directory.orders.provisioning import ProvisioningError, provision
from directory.people import mail_of
from tests.support import demo_accounts

pytestmark = pytest.mark.usefixtures("clean_orders")


@pytest.fixture(autouse=True)
def new_writer_trained(trained):
    """The new person these orders make (Åse Kari Ødegård) has completed a course: write
    access in production needs it (tests/directory/orders/test_training.py)."""
    trained("aase-kari.odegaard")


def people_dns(tree, username):
    return [tree.person(username), tree.token(username)]


def domain_dns(tree, name):
    return [
        tree.owners(name),
        *(tree.writers(env, name) for env in ("prod", "course")),
        *(tree.domain(env, name) for env in ("prod", "course")),
    ]


def snapshot(manager, tree):
    """Every entry's entryCSN: any write anywhere changes it."""
    return dict(manager.search(tree.suffix, "(objectClass=*)", ["entryCSN"]))


def lowered(dns):
    return {d.lower() for d in dns}


@pytest.fixture
def test_domain(manager, tree, leftovers):
    """A domain in both environments, made for one test."""
    name = f"Prov-{secrets.token_hex(3)}"
    for env in ("prod", "course"):
        create_domain(manager, tree, env, name, agency="Test", org_number="986128433")
    # Its owner, for whom the desk approves (four eyes).
    owner = demo_accounts()["eier.bufdir"].dn
    create_group(manager, tree, tree.owners(name), f"owners-{name}", members=(owner,))
    leftovers.extend(domain_dns(tree, name))
    return name


def access_data(domain, **changes):
    data = {
        "service_owner": "BUFdir",
        "access": "write",
        "write_domains": [domain],
        "environments": "both",
        "given_name": "Åse Kari",
        "surname": "Ødegård",
        "mail": f"ase.{secrets.token_hex(3)}@bufdir.example",
        "mobile": "412 34 567",
        "employer": "Konsulentene AS",
    }
    return data | changes


# The test domain's owner, who approves the desk's orders (four eyes).
OWNER = "eier.bufdir"


def owner_user(webapp, tree):
    dn = tree.person(OWNER)
    return wf.Actor.of(dn, access_of(webapp, tree, dn))


def current(webapp, tree, order):
    """The order as it is now (provision takes the order its caller has loaded)."""
    return orders.get_order(webapp, tree, order.id)


def ready_access_order(webapp, tree, desk, domain, **changes):
    """An access order for write to ``domain``, ordered by the desk, approved by its owner."""
    order = orders.submit(webapp, tree, desk, wf.ACCESS, access_data(domain, **changes))
    return orders.act(webapp, tree, order, owner_user(webapp, tree), wf.APPROVE)


def domain_data(name, orderer):
    return {
        "name": name,
        "description": "Kappløp",
        "agency": "Testetaten",
        "org_number": "974760673",
        "owners": orderer.dn.split(",", 1)[0][4:],
    }


def account_of(order):
    return next(e.data for e in order.events if e.event == wf.ACCOUNT)


@pytest.mark.parametrize(
    ("given", "surname", "username"),
    [
        ("Åse Kari", "Ødegård", "aase-kari.odegaard"),
        ("Ola", "Nordmann", "ola.nordmann"),
        ("Zoë", "O'Brien", "zoe.o-brien"),
        ("李", "王", "bruker"),
    ],
)
def test_a_new_username_is_made_from_the_name_in_ascii(given, surname, username):
    """given.surname, æ→ae, ø→o, å→aa, accents dropped; no Latin letters: 'bruker'."""
    assert username_for(given, surname) == username


def test_an_access_order_makes_the_person_token_and_memberships(
    webapp, tree, desk, test_domain, leftovers, notified, accounts
):
    """Person with E.164 mobile, SMS token, readers of each environment, writers of the domain."""
    order = ready_access_order(webapp, tree, desk, test_domain)
    done = provision(webapp, tree, current(webapp, tree, order), desk, notified)
    account = account_of(done.order)
    leftovers[:0] = people_dns(tree, account["username"])
    assert account == {"username": "aase-kari.odegaard", "new": True}
    dn = tree.person("aase-kari.odegaard")
    person = webapp.read(dn, ["cn", "sn", "mail", "mobile", "o", "userPassword", "oathTOTPToken"])
    assert person["cn"] == ["Åse Kari Ødegård"] and person["sn"] == ["Ødegård"]
    assert person["mobile"] == ["+4741234567"] and person["o"] == ["Konsulentene AS"]
    assert "userPassword" not in person
    assert otp.read_token(webapp, tree, "aase-kari.odegaard").params_dn == tree.otp_params("sms")
    for env in ("prod", "course"):
        assert dn.lower() in lowered(members_of(webapp, tree, tree.readers(env)))
        assert lowered(members_of(webapp, tree, tree.writers(env, test_domain))) == {dn.lower()}
    assert done.order.state == wf.COMPLETED
    assert done.order.events[-1].actor == desk.dn
    assert notified.kinds() == [
        ("activation", order.details["mail"]),
        ("completed", "brukerservice@seres.example"),
    ]
    told = notified[0][2]
    assert (told["order_id"], told["username"]) == (order.id, "aase-kari.odegaard")
    assert told["reference"] == order.reference and told["person"] == "Åse Kari Ødegård"


def test_a_write_grant_records_its_end_date_and_who_granted_it(
    webapp, manager, tree, desk, test_domain, leftovers
):
    """Beside each write membership, a seresGrant entry: the order's last day, the order,
    and the owner who approved it."""
    last_day = dt.date.today() + dt.timedelta(days=30)
    order = ready_access_order(webapp, tree, desk, test_domain, write_until=last_day.isoformat())
    done = provision(webapp, tree, order, desk)
    leftovers[:0] = people_dns(tree, account_of(done.order)["username"])
    person = tree.person(account_of(done.order)["username"])
    for env in ("prod", "course"):
        grant = store.get_grant(manager, tree.writers(env, test_domain), person)
        assert grant.end == ends.end_of(last_day) and ends.last_day(grant.end) == last_day
        owner = tree.person(OWNER)
        assert (grant.order, grant.by, grant.active) == (order.id, owner, True)
        assert grant.events[-1].event == "granted"


def test_a_write_grant_beyond_the_operators_maximum_is_refused(webapp, tree, desk, test_domain):
    """The order's end date is within the maximum; none given is the default."""
    too_far = (dt.date.today() + dt.timedelta(days=31)).isoformat()
    with pytest.raises(validation.Invalid) as caught:
        orders.submit(
            webapp,
            tree,
            desk,
            wf.ACCESS,
            access_data(test_domain, write_until=too_far),
            grant_days=(10, 30),
        )
    assert caught.value.codes() == {"write_until": ["date.too_far"]}
    order = orders.submit(
        webapp, tree, desk, wf.ACCESS, access_data(test_domain), grant_days=(10, 30)
    )
    assert order.details["write_until"] == (dt.date.today() + dt.timedelta(days=10)).isoformat()


def test_provisioning_twice_changes_nothing_the_second_time(
    webapp, manager, tree, desk, test_domain, leftovers, notified
):
    """The second run writes no entry anywhere and tells nobody."""
    order = ready_access_order(webapp, tree, desk, test_domain)
    done = provision(webapp, tree, current(webapp, tree, order), desk)
    leftovers[:0] = people_dns(tree, account_of(done.order)["username"])
    before = snapshot(manager, tree)
    again = provision(webapp, tree, current(webapp, tree, order), desk, notified)
    assert again.changes == ()
    assert snapshot(manager, tree) == before
    assert notified == []


def test_a_run_after_parts_were_removed_makes_them_again(
    webapp, manager, tree, desk, test_domain, leftovers
):
    """Token gone and a membership gone: the next run restores both and says so."""
    order = ready_access_order(webapp, tree, desk, test_domain)
    done = provision(webapp, tree, current(webapp, tree, order), desk)
    username = account_of(done.order)["username"]
    leftovers[:0] = people_dns(tree, username)
    dn = tree.person(username)
    from directory.groups import remove_member

    manager.delete(tree.token(username))
    remove_member(manager, tree, tree.writers("course", test_domain), dn)
    again = provision(webapp, tree, current(webapp, tree, order), desk)
    # refint left cn=nobody as the person's token: relinked too.
    assert set(again.changes) == {
        f"created {tree.token(username)}",
        f"linked {tree.token(username)}",
        f"added {dn} to {tree.writers('course', test_domain)}",
    }
    assert webapp.read(dn, ["oathTOTPToken"])["oathTOTPToken"] == [tree.token(username)]
    assert otp.read_token(webapp, tree, username) is not None
    assert dn.lower() in lowered(members_of(webapp, tree, tree.writers("course", test_domain)))
    assert again.order.events[-1].event == wf.REPROVISIONED
    assert again.order.events[-1].data == {"changes": list(again.changes)}


def test_a_run_that_fails_half_way_is_completed_by_the_next(
    webapp, manager, tree, desk, test_domain, leftovers, notified
):
    """The course writers group is missing: the run stops there, the order stays ready;
    with the group back, the next run completes the same account."""
    order = ready_access_order(webapp, tree, desk, test_domain)
    manager.delete(tree.writers("course", test_domain))
    with pytest.raises(NoSuchEntry):
        provision(webapp, tree, current(webapp, tree, order), desk, notified)
    stopped = orders.get_order(webapp, tree, order.id)
    username = account_of(stopped)["username"]
    leftovers[:0] = people_dns(tree, username)
    assert stopped.state == wf.READY
    assert stopped.events[-1].event == "provisioning_failed"
    assert notified == []
    dn = tree.person(username)
    # The prod half was made before the failure.
    assert dn.lower() in lowered(members_of(webapp, tree, tree.writers("prod", test_domain)))
    create_group(manager, tree, tree.writers("course", test_domain), f"writers-{test_domain}")
    done = provision(webapp, tree, current(webapp, tree, order), desk, notified)
    assert done.order.state == wf.COMPLETED
    assert account_of(done.order)["username"] == username
    assert dn.lower() in lowered(members_of(webapp, tree, tree.writers("course", test_domain)))
    assert [k for k, _ in notified.kinds()] == ["activation", "completed"]


def test_a_run_interrupted_by_an_exception_completes_on_the_next_call(
    webapp, tree, desk, test_domain, leftovers, monkeypatch
):
    """Something unforeseen breaks half-way: ready again (not left claimed); next call completes."""
    order = ready_access_order(webapp, tree, desk, test_domain)
    real_join = provisioning._join

    def broken(*args):
        monkeypatch.setattr(provisioning, "_join", real_join)
        raise ConnectionError("connection lost")

    monkeypatch.setattr(provisioning, "_join", broken)
    with pytest.raises(ConnectionError):
        provision(webapp, tree, current(webapp, tree, order), desk)
    stopped = orders.get_order(webapp, tree, order.id)
    leftovers[:0] = people_dns(tree, account_of(stopped)["username"])
    assert stopped.state == wf.READY
    assert stopped.events[-1].event == "provisioning_failed"
    done = provision(webapp, tree, current(webapp, tree, order), desk)
    assert done.order.state == wf.COMPLETED


def test_e_mails_go_out_only_once_the_order_is_recorded_completed(
    webapp, tree, desk, test_domain, leftovers, notified
):
    """The mail server fails after the directory work: the order is completed all the same,
    and the next run (a repair) does not send the activation again."""
    order = ready_access_order(webapp, tree, desk, test_domain)
    seen = []

    def mail_down(kind, to, **data):
        seen.append((kind, orders.get_order(webapp, tree, order.id).state))
        raise ConnectionError("smtp down")

    with pytest.raises(ConnectionError):
        provision(webapp, tree, current(webapp, tree, order), desk, mail_down)
    stopped = orders.get_order(webapp, tree, order.id)
    leftovers[:0] = people_dns(tree, account_of(stopped)["username"])
    assert seen == [("activation", "completed")]
    assert stopped.state == wf.COMPLETED
    again = provision(webapp, tree, current(webapp, tree, order), desk, notified)
    assert again.changes == () and notified == []


def events_of(webapp, tree, order_id):
    return [e.event for e in orders.get_order(webapp, tree, order_id).events]


def test_a_withdrawal_or_rejection_while_it_is_carried_out_is_refused(
    webapp, tree, desk, user_of, make_person, leftovers, monkeypatch, notified
):
    """Domain order: the orderer withdraws and the desk rejects while the domain is being
    made: both refused; the order ends completed, matching the directory."""
    orderer = user_of(make_person().dn)
    name = f"Race-{secrets.token_hex(3)}"
    leftovers.extend(domain_dns(tree, name))
    order = orders.submit(webapp, tree, orderer, wf.DOMAIN, domain_data(name, orderer))
    refused = []
    real_create = provisioning.create_domain

    def racing(*args, **kwargs):
        monkeypatch.setattr(provisioning, "create_domain", real_create)
        for who, action in ((orderer, wf.WITHDRAW), (desk, wf.REJECT)):
            try:
                now = orders.get_order(webapp, tree, order.id)
                orders.act(webapp, tree, now, who, action, "ombestemt meg")
            except wf.NotAllowed:
                refused.append(action)
        return real_create(*args, **kwargs)

    monkeypatch.setattr(provisioning, "create_domain", racing)
    done = provision(webapp, tree, current(webapp, tree, order), desk, notified)
    assert refused == [wf.WITHDRAW, wf.REJECT]
    assert done.order.state == wf.COMPLETED
    assert orders.get_order(webapp, tree, order.id).state == wf.COMPLETED
    assert webapp.exists(tree.owners(name))
    assert notified.kinds() == [("completed", mail_of(webapp, orderer.dn))]


def test_a_second_run_while_one_holds_the_order_is_refused_and_records_nothing(
    webapp, tree, desk, test_domain, leftovers, monkeypatch, notified
):
    """The app by itself and the desk at once: the one that comes second is refused; the
    order gets one provisioned event, no failure, and the activation goes out once."""
    order = ready_access_order(webapp, tree, desk, test_domain)
    second = []
    real_join = provisioning._join

    def racing(*args):
        monkeypatch.setattr(provisioning, "_join", real_join)
        try:
            provision(webapp, tree, current(webapp, tree, order), wf.SYSTEM, notified)
        except (wf.NotAllowed, Conflict) as exc:
            second.append(type(exc))
        return real_join(*args)

    monkeypatch.setattr(provisioning, "_join", racing)
    done = provision(webapp, tree, current(webapp, tree, order), desk, notified)
    leftovers[:0] = people_dns(tree, account_of(done.order)["username"])
    assert second == [wf.NotAllowed]
    assert done.order.state == wf.COMPLETED
    history = events_of(webapp, tree, order.id)
    assert history.count("provisioned") == 1 and "provisioning_failed" not in history
    assert [k for k, _ in notified.kinds()] == ["activation", "completed"]


def test_the_run_that_claims_second_gets_conflict_and_records_no_failure(
    webapp, tree, desk, test_domain, leftovers, monkeypatch
):
    """Both read the ready order; the other run claims and completes it first: this one's
    claim fails on the revision (Conflict) and the completed order gets no failure."""
    order = ready_access_order(webapp, tree, desk, test_domain)
    provision(webapp, tree, order, wf.SYSTEM)
    with pytest.raises(Conflict):
        provision(webapp, tree, order, desk)
    final = orders.get_order(webapp, tree, order.id)
    leftovers[:0] = people_dns(tree, account_of(final)["username"])
    assert final.state == wf.COMPLETED
    assert final.events[-1].event == "provisioned"
    assert "provisioning_failed" not in [e.event for e in final.events]


def test_the_refresh_hook_runs_once_when_two_runs_race(webapp, tree, accounts, user_of, desk):
    """The desk presses while the app carries out a refresh order by itself: one refresh."""
    owner = user_of(accounts["eier.bufdir"].dn)
    order = orders.submit(
        webapp, tree, owner, wf.REFRESH, {"domain": "BUFdir", "when": "", "reason": "Kurs"}
    )
    calls, second = [], []

    def hook(**kwargs):
        calls.append(kwargs)
        if len(calls) > 1:
            return
        try:
            provision(webapp, tree, current(webapp, tree, order), desk, refresh=hook)
        except (wf.NotAllowed, Conflict) as exc:
            second.append(type(exc))

    done = provision(webapp, tree, current(webapp, tree, order), wf.SYSTEM, refresh=hook)
    assert len(calls) == 1 and second == [wf.NotAllowed]
    assert done.order.state == wf.COMPLETED


def test_a_claim_left_by_a_run_that_died_is_taken_over_by_the_desk_after_a_while(
    webapp, tree, desk, test_domain, leftovers, notified
):
    """A run claimed the order and died. Until CLAIM_EXPIRES has passed nobody may touch
    it (not even to reject it); then the desk carries it out (the app by itself does not)."""
    order = ready_access_order(webapp, tree, desk, test_domain)
    claimed_at = dt.datetime.now(dt.UTC).replace(microsecond=0)
    change = wf.decide(order, wf.SYSTEM, wf.PROVISION, now=claimed_at)
    claimed = orders.record(webapp, tree, order, webapp.bound_dn, change, now=claimed_at)
    assert claimed.state == wf.PROVISIONING
    soon = claimed_at + wf.CLAIM_EXPIRES - dt.timedelta(minutes=1)
    later = claimed_at + wf.CLAIM_EXPIRES
    for who, when in ((desk, soon), (wf.SYSTEM, soon), (wf.SYSTEM, later)):
        with pytest.raises(wf.NotAllowed):
            provision(webapp, tree, claimed, who, now=when)
    with pytest.raises(wf.NotAllowed):
        orders.act(webapp, tree, claimed, desk, wf.REJECT, "for sent", now=soon)
    done = provision(webapp, tree, claimed, desk, notified, now=later)
    leftovers[:0] = people_dns(tree, account_of(done.order)["username"])
    assert done.order.state == wf.COMPLETED
    assert [e.event for e in done.order.events][-4:] == [
        "provisioning_started",
        "provisioning_started",
        "account",
        "provisioned",
    ]
    assert [k for k, _ in notified.kinds()] == ["activation", "completed"]


def test_an_order_for_someone_with_an_account_adds_access_to_it(
    webapp, tree, desk, test_domain, make_person, notified, trained
):
    """Matched by e-mail (any case): no new account; the person is told of the new access."""
    person = make_person()
    trained(person.username)
    order = ready_access_order(
        webapp, tree, desk, test_domain, mail=f"{person.username.upper()}@test.example"
    )
    done = provision(webapp, tree, current(webapp, tree, order), desk, notified)
    assert account_of(done.order) == {"username": person.username, "new": False}
    assert person.dn.lower() in lowered(members_of(webapp, tree, tree.writers("prod", test_domain)))
    assert notified.kinds()[0] == ("access_added", order.details["mail"])


def test_a_given_username_of_another_person_stops_provisioning(
    webapp, tree, desk, test_domain, make_person
):
    """The desk must look: the order stays ready, with the reason in its history."""
    person = make_person()
    order = ready_access_order(webapp, tree, desk, test_domain, username=person.username)
    with pytest.raises(ProvisioningError):
        provision(webapp, tree, current(webapp, tree, order), desk)
    stopped = orders.get_order(webapp, tree, order.id)
    assert stopped.state == wf.READY
    assert "another person" in stopped.events[-1].reason
    # The code and its params, for the desk's words on the web.
    assert stopped.events[-1].data == {
        "code": "username_taken",
        "params": {"username": person.username},
    }


def test_only_the_desk_or_the_app_itself_provisions(
    webapp, tree, desk, test_domain, accounts, user_of, leftovers
):
    """An owner may not; the app itself may, and the history names the app."""
    order = ready_access_order(webapp, tree, desk, test_domain)
    with pytest.raises(wf.NotAllowed):
        provision(webapp, tree, current(webapp, tree, order), user_of(accounts["eier.bufdir"].dn))
    done = provision(webapp, tree, current(webapp, tree, order), wf.SYSTEM)
    leftovers[:0] = people_dns(tree, account_of(done.order)["username"])
    assert done.order.events[-1].actor == accounts["webapp"].dn


def test_provisioning_as_the_desk_is_checked_by_slapd(
    webapp, tree, test_domain, make_person, leftovers
):
    """Acting for a person whom the workflow took for the desk, slapd still refuses."""
    impostor = make_person()
    fake_desk = wf.Actor(impostor.dn, servicedesk=True)
    order = orders.submit(webapp, tree, fake_desk, wf.ACCESS, access_data(test_domain))
    order = orders.act(webapp, tree, order, owner_user(webapp, tree), wf.APPROVE)
    with pytest.raises(InsufficientAccess):
        provision(webapp, tree, current(webapp, tree, order), fake_desk)
    assert orders.get_order(webapp, tree, order.id).state == wf.READY
    account = account_of(orders.get_order(webapp, tree, order.id))
    leftovers[:0] = people_dns(tree, account["username"])
    # Refused before the app's own account wrote anything.
    assert not webapp.exists(tree.person(account["username"]))
    assert not webapp.exists(tree.token(account["username"]))


def test_a_refresh_order_calls_the_refresh_hook_once(webapp, tree, accounts, user_of, desk):
    """Completion asks the course refresh for the domain and date; a repair does not ask again."""
    owner = user_of(accounts["eier.bufdir"].dn)
    order = orders.submit(
        webapp, tree, owner, wf.REFRESH, {"domain": "BUFdir", "when": "", "reason": "Kurs"}
    )
    with pytest.raises(ProvisioningError):
        provision(webapp, tree, current(webapp, tree, order), desk)
    calls = []
    done = provision(
        webapp, tree, current(webapp, tree, order), desk, refresh=lambda **kw: calls.append(kw)
    )
    assert calls == [{"domain": "BUFdir", "when": None, "order_id": order.id}]
    assert done.order.state == wf.COMPLETED
    provision(
        webapp, tree, current(webapp, tree, order), desk, refresh=lambda **kw: calls.append(kw)
    )
    assert len(calls) == 1


def test_journey_from_a_domain_order_to_a_new_writer_changing_their_domain(
    webapp, manager, binder, tree, accounts, user_of, desk, make_person, leftovers, notified
):
    """Domain ordered, provisioned; a writer ordered, approved by its owner, provisioned;
    the writer binds with password and code and writes there, and nowhere else."""
    orderer = user_of(make_person().dn)
    new_owner = make_person()
    name = f"Reise-{secrets.token_hex(3)}"
    leftovers.extend(domain_dns(tree, name))
    domain_order = orders.submit(
        webapp,
        tree,
        orderer,
        wf.DOMAIN,
        {
            "name": name,
            "description": "Reiseregning",
            "agency": "Reisedirektoratet",
            "org_number": "974760673",
            "owners": new_owner.username,
        },
    )
    assert domain_order.state == wf.READY
    provision(webapp, tree, current(webapp, tree, domain_order), desk, notified)
    owner = user_of(new_owner.dn)
    assert owner.owns_domain(name)

    # BUFdir's owner orders write to the new domain for a new person of BUFdir.
    bufdir_owner = user_of(accounts["eier.bufdir"].dn)
    access_order = orders.submit(
        webapp, tree, bufdir_owner, wf.ACCESS, access_data(name, environments="prod")
    )
    assert access_order.pending == (name,)
    assert [o.id for o in orders.awaiting_approval(webapp, tree, owner)] == [access_order.id]
    access_order = orders.act(webapp, tree, access_order, owner, wf.APPROVE)
    assert [o.id for o in orders.queue(webapp, tree, state=wf.READY).orders] == [access_order.id]
    done = provision(webapp, tree, current(webapp, tree, access_order), desk, notified)
    username = account_of(done.order)["username"]
    leftovers[:0] = people_dns(tree, username)
    assert ("activation", access_order.details["mail"]) in notified.kinds()

    # Activation, as the web app will do it: it sets the password and sends the code.
    password = secrets.token_urlsafe(18)
    dn = tree.person(username)
    webapp.modify(dn, {"userPassword": [(REPLACE, [password])]})
    token = otp.read_token(webapp, tree, username)
    code = otp.code_at(token.secret_b32, otp.next_step(token.last_step, time.time()))
    writer = binder.servers().bind(dn, password + code)
    model = f"cn=reisemodell,{tree.domain('prod', name)}"
    writer.add(model, ["seresModel"], {"cn": "reisemodell"})
    leftovers.insert(0, model)
    with pytest.raises(InsufficientAccess):
        writer.add(f"cn=x,{tree.domain('prod', 'BUFdir')}", ["seresModel"], {"cn": "x"})
    with pytest.raises(InsufficientAccess):
        writer.add(f"cn=x,{tree.domain('course', name)}", ["seresModel"], {"cn": "x"})
    writer.close()
