"""Who sees what on an order's page: no e-mail → username oracle, the person's contact
details only for the orderer and the desk."""

from tests.webapp.orders.helpers import access_data, order_id_of, press, state_of, submit, unique


def history(client, order_id: str) -> str:
    html = client.get(f"/orders/{order_id}").get_data(as_text=True)
    return html.split("<h2>Historikk</h2>", 1)[1].split("</table>", 1)[0]


def test_why_provisioning_stopped_is_shown_to_the_desk_only(
    roles, people, signed_in, manager, tree, orders_cleaned
):
    """An order for someone's e-mail address with another username stops naming the
    address's real username: the desk reads that (in bokmål); the orderer and the
    approving owner read only that it stopped and the desk is on it."""
    someone = people.make(tree.readers("prod"))
    wanted = unique("onsket.")
    data = access_data(
        wanted,
        service_owner="Legemiddelverket",
        write_domains=["BUFdir"],
        mail=f"{someone.username}@test.example",
    )
    orderer = signed_in(roles.lmv_owner)
    order_id = order_id_of(submit(orderer, "/orders/new/access", data))
    assert press(signed_in(roles.owner), order_id, "approve").status_code == 303
    desk = signed_in(roles.desk)
    response = press(desk, order_id, "provision")
    assert response.status_code == 303
    assert state_of(manager, tree, order_id) == "ready"
    flashed = desk.get(f"/orders/{order_id}").get_data(as_text=True)
    assert f"Adressen tilhører {someone.username}, ikke {wanted}." in flashed
    assert f"Adressen tilhører {someone.username}, ikke {wanted}." in history(desk, order_id)
    for client in (orderer, signed_in(roles.owner)):
        seen = history(client, order_id)
        assert someone.username not in seen
        assert "belongs to" not in seen
        assert "Brukerservice ser på det." in seen


def test_the_account_an_address_matched_is_named_to_the_desk_only(
    roles, people, signed_in, manager, tree, orders_cleaned
):
    """Carried out for an existing person (matched by e-mail): the orderer does not learn
    the username that goes with the address; the desk does."""
    someone = people.make(tree.readers("prod"))
    data = access_data(
        "", access="read", write_domains=[], mail=f"{someone.username.upper()}@test.example"
    )
    orderer = signed_in(roles.owner)
    order_id = order_id_of(submit(orderer, "/orders/new/access", data))
    assert press(signed_in(roles.desk), order_id, "provision").status_code == 303
    assert state_of(manager, tree, order_id) == "completed"
    mine = history(orderer, order_id)
    assert "Konto valgt" in mine and someone.username not in mine
    assert f"Konto valgt ({someone.username})" in history(signed_in(roles.desk), order_id)


def test_the_persons_e_mail_and_mobile_are_for_the_orderer_and_the_desk(
    roles, signed_in, orders_cleaned
):
    """The owner who approves write access sees who (name, employer), not how to reach them."""
    mail = f"{unique('kontakt.')}@new.example"
    data = access_data(
        "",
        service_owner="Legemiddelverket",
        write_domains=["BUFdir"],
        mail=mail,
        employer="Konsulentene AS",
    )
    order_id = order_id_of(submit(signed_in(roles.lmv_owner), "/orders/new/access", data))
    for client in (signed_in(roles.lmv_owner), signed_in(roles.desk)):
        page = client.get(f"/orders/{order_id}").get_data(as_text=True)
        assert mail in page and "+4741234567" in page
    page = signed_in(roles.owner).get(f"/orders/{order_id}").get_data(as_text=True)
    assert "Åse Ørn" in page and "Konsulentene AS" in page
    assert mail not in page and "+4741234567" not in page
    assert "E-postadresse" not in page and "Mobilnummer" not in page


def test_every_provisioning_code_has_the_desks_words_and_others_get_none(module_app):
    """Each ProvisioningError code is in the one table (bokmål); an event stored before the
    codes shows the desk its text; others always get the same generic words."""
    import datetime as dt
    import re
    from pathlib import Path

    from directory.entries import OrderEvent
    from webapp.orders.messages import PROVISIONING_MESSAGES, event_reason, failure_message

    root = Path(__file__).resolve().parents[3]
    raised = set()
    for path in (root / "directory/orders/provisioning.py", root / "directory/orders/service.py"):
        raised |= set(re.findall(r'ProvisioningError\(\s*"(\w+)"', path.read_text()))
    assert raised and raised <= set(PROVISIONING_MESSAGES)
    at = dt.datetime(2026, 3, 2, tzinfo=dt.UTC)
    coded = OrderEvent(
        2,
        at,
        "x",
        "provisioning_failed",
        "Legemiddelverket exists in course for another agency",
        {"code": "domain_other_agency", "params": {"name": "Legemiddelverket", "env": "course"}},
    )
    older = OrderEvent(2, at, "x", "provisioning_failed", "the address belongs to a, not b")
    with module_app.test_request_context(headers={"Accept-Language": "nb"}):
        assert event_reason(coded, desk=True) == (
            "Legemiddelverket finnes i kursmiljøet for en annen virksomhet."
        )
        assert event_reason(older, desk=True) == "the address belongs to a, not b"
        for event in (coded, older):
            assert event_reason(event, desk=False) == (
                "Gjennomføringen stoppet. Brukerservice ser på det."
            )
        assert failure_message({"code": "directory", "params": {"error": "busy"}}) == (
            "Katalogen avviste: busy"
        )
