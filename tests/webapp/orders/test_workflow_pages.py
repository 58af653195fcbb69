"""Every transition and permission of ordering, through the real forms with CSRF on."""

from directory.domains import get_domain
from directory.groups import members_of
from tests.webapp.orders.helpers import (
    access_data,
    buttons,
    count,
    domain_data,
    mails,
    order_id_of,
    press,
    reference_of,
    state_of,
    submit,
    unique,
)


def test_a_domain_order_is_ready_at_once_and_the_desk_carries_it_out(
    roles, signed_in, module_app, manager, tree, orders_cleaned, cleanup
):
    """Anyone orders a domain; the desk is told, provisions it; the orderer is told."""
    name = unique("Dom")
    cleanup.domains.append(name)
    orderer = signed_in(roles.reader)
    before = len(mails(module_app))
    order_id = order_id_of(
        submit(orderer, "/orders/new/domain", domain_data(name, roles.owner.username))
    )
    assert state_of(manager, tree, order_id) == "ready"
    told = mails(module_app)[before:]
    assert any(m["to"] == f"{roles.desk.username}@test.example" for m in told)
    assert all(f"/orders/{order_id}" in m["body"] for m in told)
    assert buttons(orderer, order_id) == {"withdraw"}
    desk = signed_in(roles.desk)
    assert buttons(desk, order_id) == {"reject", "provision"}
    assert press(desk, order_id, "provision").status_code == 303
    assert state_of(manager, tree, order_id) == "completed"
    for env in ("prod", "course"):
        assert get_domain(manager, tree, env, name) is not None
    assert roles.owner.dn.lower() in {
        d.lower() for d in members_of(manager, tree, tree.owners(name))
    }
    last = mails(module_app)[-1]
    assert last["to"] == f"{roles.reader.username}@test.example"
    assert "gjennomført" in last["subject"]
    page = orderer.get(f"/orders/{order_id}").get_data(as_text=True)
    assert "Fullført" in page and "Gjennomført" in page and roles.desk.username in page


def test_write_access_to_a_domain_waits_for_its_owner_then_the_desk_provisions(
    roles, signed_in, module_app, manager, tree, orders_cleaned, cleanup, trained
):
    """awaiting_owner → approve (owner) → ready → provision (desk) → completed, with e-mails."""
    username = unique("ny.")
    cleanup.people.append(username)
    trained(username)  # write access in production needs a course
    orderer = signed_in(roles.lmv_owner)
    data = access_data(username, service_owner="Legemiddelverket", write_domains=["BUFdir"])
    before = len(mails(module_app))
    order_id = order_id_of(submit(orderer, "/orders/new/access", data))
    assert state_of(manager, tree, order_id) == "awaiting_owner"
    told = mails(module_app)[before:]
    assert [m["to"] for m in told] == sorted(
        {"ola.eiersen@bufdir.example", f"{roles.owner.username}@test.example"}
    )
    owner = signed_in(roles.owner)
    assert order_id in owner.get("/orders/approvals").get_data(as_text=True)
    assert buttons(owner, order_id) == {"approve", "reject"}
    assert press(owner, order_id, "approve").status_code == 303
    assert state_of(manager, tree, order_id) == "ready"
    assert "brukerservice" in mails(module_app)[-1]["subject"]
    desk = signed_in(roles.desk)
    assert press(desk, order_id, "provision").status_code == 303
    assert state_of(manager, tree, order_id) == "completed"
    person = tree.person(username)
    assert person.lower() in {d.lower() for d in members_of(manager, tree, tree.readers("prod"))}
    writers = members_of(manager, tree, tree.writers("prod", "BUFdir"))
    assert person.lower() in {d.lower() for d in writers}
    activation, completed = mails(module_app)[-2:]
    assert activation["to"] == f"{username}@new.example" and "/activate/" in activation["body"]
    assert completed["to"] == f"{roles.lmv_owner.username}@test.example"
    history = owner.get(f"/orders/{order_id}").get_data(as_text=True)
    for word in ("Sendt inn", "Godkjent", "Konto valgt", "Gjennomført", roles.owner.username):
        assert word in history


def test_a_rejection_needs_a_reason_and_the_orderer_is_told_it(
    roles, signed_in, module_app, manager, tree, orders_cleaned
):
    """Empty reason: 400 with a message, nothing changes; with a reason: rejected, e-mailed."""
    orderer = signed_in(roles.lmv_owner)
    data = access_data(unique("r."), service_owner="Legemiddelverket", write_domains=["BUFdir"])
    order_id = order_id_of(submit(orderer, "/orders/new/access", data))
    owner = signed_in(roles.owner)
    refused = press(owner, order_id, "reject", reason="  ")
    assert refused.status_code == 400
    assert "Oppgi begrunnelsen." in refused.get_data(as_text=True)
    assert state_of(manager, tree, order_id) == "awaiting_owner"
    assert press(owner, order_id, "reject", reason="Ikke avtalt med oss").status_code == 303
    assert state_of(manager, tree, order_id) == "rejected"
    last = mails(module_app)[-1]
    assert last["to"] == f"{roles.lmv_owner.username}@test.example"
    assert "Ikke avtalt med oss" in last["body"]
    assert "Ikke avtalt med oss" in orderer.get(f"/orders/{order_id}").get_data(as_text=True)
    assert buttons(orderer, order_id) == set()


def test_the_desk_rejects_a_ready_order(roles, signed_in, manager, tree, orders_cleaned):
    """The service desk may reject any open order, with a reason."""
    orderer = signed_in(roles.reader)
    order_id = order_id_of(
        submit(orderer, "/orders/new/domain", domain_data(unique("Rej"), roles.reader.username))
    )
    assert press(signed_in(roles.desk), order_id, "reject", reason="Finnes").status_code == 303
    assert state_of(manager, tree, order_id) == "rejected"


def test_the_orderer_withdraws_an_open_order(roles, signed_in, manager, tree, orders_cleaned):
    """Withdrawn by the orderer; afterwards nobody can act on it."""
    orderer = signed_in(roles.owner)
    order_id = order_id_of(
        submit(
            orderer,
            "/orders/new/access",
            access_data(unique("w."), access="read", write_domains=[]),
        )
    )
    assert state_of(manager, tree, order_id) == "ready"
    assert press(orderer, order_id, "withdraw").status_code == 303
    assert state_of(manager, tree, order_id) == "withdrawn"
    assert buttons(signed_in(roles.desk), order_id) == set()


def test_only_the_desk_carries_out_an_order(roles, signed_in, manager, tree, orders_cleaned):
    """The domain's owner sees a ready order but pressing provision is 403; no button either."""
    owner = signed_in(roles.owner)
    order_id = order_id_of(
        submit(
            owner, "/orders/new/access", access_data(unique("p."), access="read", write_domains=[])
        )
    )
    assert "provision" not in buttons(owner, order_id)
    page = owner.get(f"/orders/{order_id}").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="', 1)[1].split('"', 1)[0]
    response = owner.post(f"/orders/{order_id}/provision", data={"csrf_token": token})
    assert response.status_code == 403
    assert state_of(manager, tree, order_id) == "ready"


def test_an_order_is_hidden_from_anyone_with_no_part_in_it(
    roles, signed_in, manager, tree, orders_cleaned
):
    """Not the orderer, desk or an owner concerned: 404 for the page and every button."""
    owner = signed_in(roles.owner)
    order_id = order_id_of(
        submit(
            owner, "/orders/new/access", access_data(unique("h."), access="read", write_domains=[])
        )
    )
    outsider = signed_in(roles.writer)
    assert outsider.get(f"/orders/{order_id}").status_code == 404
    page = outsider.get("/orders").get_data(as_text=True)
    assert order_id not in page
    token = page.split('name="csrf_token" type="hidden" value="', 1)[1].split('"', 1)[0]
    for action in ("approve", "reject", "withdraw", "provision"):
        response = outsider.post(
            f"/orders/{order_id}/{action}", data={"csrf_token": token, "reason": "x"}
        )
        assert response.status_code == 404, action
    assert state_of(manager, tree, order_id) == "ready"
    assert outsider.get("/orders/" + "0" * 32).status_code == 404
    assert outsider.get("/orders/(uid=*)").status_code == 404


def test_an_order_id_that_is_not_hex_is_not_found(roles, signed_in):
    """Letters and digits beyond ASCII are no order id: 404, not a 500 from the directory."""
    owner = signed_in(roles.owner)
    page = owner.get("/orders").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="', 1)[1].split('"', 1)[0]
    for order_id in ("Ø", "²", "ﬁ", "A" * 32, "٣" * 32):
        assert owner.get(f"/orders/{order_id}").status_code == 404, order_id
        response = owner.post(f"/orders/{order_id}/withdraw", data={"csrf_token": token})
        assert response.status_code == 404, order_id


def test_only_owners_and_the_desk_order_access_and_refreshes(
    roles, signed_in, manager, tree, orders_cleaned
):
    """A reader may order a domain only; an owner may not order for another's domain."""
    reader = signed_in(roles.reader)
    assert reader.get("/orders/new/domain").status_code == 200
    assert reader.get("/orders/new/access").status_code == 403
    assert reader.get("/orders/new/refresh").status_code == 403
    owner = signed_in(roles.owner)
    before = count(manager, tree.orders)
    response = submit(
        owner, "/orders/new/access", access_data(unique("x."), service_owner="Legemiddelverket")
    )
    assert response.status_code == 400
    assert "Du kan bare bestille for domener du eier." in response.get_data(as_text=True)
    response = submit(
        owner, "/orders/new/refresh", {"domain": "Legemiddelverket", "reason": "Kurs"}
    )
    assert response.status_code == 400
    assert count(manager, tree.orders) == before


def test_an_invalid_order_is_shown_again_with_norwegian_messages_and_nothing_written(
    roles, signed_in, manager, tree, orders_cleaned
):
    """400, each wrong field says why (linked from the summary), and no entry is written."""
    owner = signed_in(roles.owner)
    before = (count(manager, tree.orders), count(manager, tree.people))
    response = submit(
        owner,
        "/orders/new/access",
        access_data(
            "Ugyldig Navn", mail="ikke-epost", mobile="22 22 22 22", write_domains=["Finnesikke"]
        ),
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    for message in (
        "Dette er ikke en gyldig e-postadresse.",
        "Dette er ikke et mobilnummer; engangskodene sendes på SMS.",
        "Et brukernavn har 2–32 tegn",
    ):
        assert message in html
    assert 'href="#mail"' in html and 'aria-invalid="true"' in html
    response = submit(owner, "/orders/new/domain", domain_data("Ny", "x", org_number="986128434"))
    assert response.status_code == 400
    assert "kontrollsifferet stemmer ikke" in response.get_data(as_text=True)
    response = submit(owner, "/orders/new/domain", domain_data("BUFDIR", "finnes.ikke"))
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Dette navnet er tatt" in html and "Ingen har brukernavnet finnes.ikke." in html
    assert (count(manager, tree.orders), count(manager, tree.people)) == before


def test_the_forms_label_every_field_and_group_choices(roles, signed_in):
    """Labels in Norwegian, autocomplete off for someone else's data, fieldsets with legends."""
    html = signed_in(roles.owner).get("/orders/new/access").get_data(as_text=True)
    assert "<h1>Bestille brukertilgang</h1>" in html
    assert '<label for="mail">E-postadresse</label>' in html
    assert 'type="tel"' in html and 'type="email"' in html
    assert html.count("<fieldset") == 3 and "<legend>Domener med skrivetilgang" in html
    assert 'type="checkbox"' in html and 'id="write_domains-help"' in html
    domain = signed_in(roles.owner).get("/orders/new/domain").get_data(as_text=True)
    assert "<h1>Bestille domene</h1>" in domain and 'autocomplete="organization"' in domain
    refresh = signed_in(roles.owner).get("/orders/new/refresh").get_data(as_text=True)
    assert "<h1>Bestille oppdatering av kursmiljøet</h1>" in refresh and 'type="date"' in refresh


def test_a_partial_approval_asks_nobody_again(
    roles, signed_in, module_app, manager, tree, orders_cleaned
):
    """Write to BUFdir and Legemiddelverket: both domains' owners are asked once, at
    submission; BUFdir's approval sends Legemiddelverket's owners nothing new."""
    desk = signed_in(roles.desk)
    before = len(mails(module_app))
    data = access_data(unique("delvis."), write_domains=["BUFdir", "Legemiddelverket"])
    order_id = order_id_of(submit(desk, "/orders/new/access", data))
    asked = [m["to"] for m in mails(module_app)[before:]]
    assert f"{roles.owner.username}@test.example" in asked
    assert f"{roles.lmv_owner.username}@test.example" in asked
    before = len(mails(module_app))
    assert press(signed_in(roles.owner), order_id, "approve").status_code == 303
    assert state_of(manager, tree, order_id) == "awaiting_owner"
    assert mails(module_app)[before:] == []
    assert press(signed_in(roles.lmv_owner), order_id, "approve").status_code == 303
    told = mails(module_app)[before:]
    assert told and all("brukerservice" in m["subject"] for m in told)


def test_withdrawing_a_ready_order_tells_the_desk_and_an_awaiting_one_nobody(
    roles, signed_in, module_app, manager, tree, orders_cleaned
):
    """The desk was asked to carry out the ready one: it hears that it is withdrawn. The
    owners asked to approve the other find it gone from their list: no e-mail."""
    orderer = signed_in(roles.owner)
    ready = order_id_of(
        submit(orderer, "/orders/new/domain", domain_data(unique("Angre"), roles.owner.username))
    )
    before = len(mails(module_app))
    assert press(orderer, ready, "withdraw").status_code == 303
    told = mails(module_app)[before:]
    assert f"{roles.desk.username}@test.example" in [m["to"] for m in told]
    assert {m["subject"] for m in told} == {
        f"SERES: bestilling {reference_of(manager, tree, ready)} er trukket tilbake"
    }
    assert all(f"/orders/{ready}" in m["body"] for m in told)

    awaiting = order_id_of(
        submit(
            orderer,
            "/orders/new/access",
            access_data(unique("angre."), write_domains=["BUFdir", "Legemiddelverket"]),
        )
    )
    assert state_of(manager, tree, awaiting) == "awaiting_owner"
    before = len(mails(module_app))
    assert press(orderer, awaiting, "withdraw").status_code == 303
    assert mails(module_app)[before:] == []
