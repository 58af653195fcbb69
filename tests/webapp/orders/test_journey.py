"""The journey: a domain ordered, a writer ordered for it, who signs in and changes the domain."""

import json
import re
from pathlib import Path

import pytest

from directory.modelstore import store as modelstore
from tests.support import ask_code, post_form, web_sign_in
from tests.webapp.orders.conftest import new_app
from tests.webapp.orders.helpers import (
    access_data,
    domain_data,
    mails,
    order_id_of,
    press,
    state_of,
    submit,
    unique,
)


def outbox(app) -> list[dict]:
    folder = Path(app.config["SERES_VAR"]) / "outbox"
    return [json.loads(p.read_text()) for p in sorted(folder.glob("*.json"))]


def last_code(app, number: str) -> str:
    sms = [m for m in outbox(app) if m["kind"] == "sms" and m["to"] == number]
    return re.search(r"\b(\d{6})\b", sms[-1]["text"]).group(1)


@pytest.fixture
def app(settings_for, accounts, tmp_path):
    """The app, letting one person ask for a code twice in a minute (activation, then /login)."""
    app = new_app(
        settings_for(accounts["webapp"]), tmp_path, SERES_LIMIT_CODES_PER_PERSON="10/minute"
    )
    yield app
    app.extensions["seres_service_pool"].close_all()


def test_from_a_domain_order_to_a_new_writer_changing_the_domain(
    app, binder, make_person, manager, webapp, tree, orders_cleaned, cleanup, trained
):
    """Order, provision, order access, provision, activate, /login (HTTP); then a model written."""
    name, username = unique("Reise"), unique("skriver.")
    cleanup.domains.append(name)
    cleanup.people.append(username)
    trained(username)  # write access in production needs a course
    agency_contact = make_person()
    desk_person = make_person(groups=(tree.servicedesk,))
    contact, desk = app.test_client(), app.test_client()
    assert web_sign_in(contact, binder, agency_contact).status_code == 303
    assert web_sign_in(desk, binder, desk_person).status_code == 303

    # 1. The agency's contact orders a domain and names themself its owner.
    domain_order = order_id_of(
        submit(contact, "/orders/new/domain", domain_data(name, agency_contact.username))
    )
    assert press(desk, domain_order, "provision").status_code == 303
    assert state_of(manager, tree, domain_order) == "completed"

    # 2. Now its owner, they order write access to it for a new person. Four eyes: the
    # only owner ordered it, so the desk approves on their behalf, saying how they agreed.
    data = access_data(
        username, service_owner=name, write_domains=[name], environments="both", mobile="41234567"
    )
    access_order = order_id_of(submit(contact, "/orders/new/access", data))
    assert state_of(manager, tree, access_order) == "awaiting_owner"
    approved = press(
        desk, access_order, "approve", owner=agency_contact.username, reference="Telefon 2. mars"
    )
    assert approved.status_code == 303
    assert state_of(manager, tree, access_order) == "ready"
    history = desk.get(f"/orders/{access_order}").get_data(as_text=True)
    assert "Telefon 2. mars" in history
    # The history names the owner by name, not by username.
    assert f"på vegne av eieren Test {agency_contact.username}" in history
    assert press(desk, access_order, "provision").status_code == 303
    assert state_of(manager, tree, access_order) == "completed"

    # 3. The new writer follows the activation link, chooses a password with the SMS code.
    activation = next(m for m in mails(app) if m["to"] == f"{username}@new.example")
    link = re.search(r"https?://[^/\s]+(/activate/\S+)", activation["body"]).group(1)
    writer = app.test_client()
    page = writer.get(link)
    assert page.status_code == 200
    password = "Sjokolade-Fjell-2026-ny"
    response = post_form(
        writer,
        link,
        {"password": password, "confirm": password, "code": last_code(app, "+4741234567")},
        page=page.get_data(as_text=True),
    )
    assert response.status_code == 303
    writer.post("/logout", data={"csrf_token": _token(writer.get("/").get_data(as_text=True))})

    # 4. They sign in through /login with the password and a new code.
    code_page = ask_code(writer, username)
    assert code_page.status_code == 200
    response = post_form(
        writer,
        "/login",
        {"username": username, "password": password, "code": last_code(app, "+4741234567")},
        page=code_page.get_data(as_text=True),
    )
    assert response.status_code == 303

    # 5. The home page shows them writing the new domain in both environments.
    home = writer.get("/").get_data(as_text=True)
    access = home.split('id="my-access"', 1)[1].split("</section>", 1)[0]
    assert access.count(name) == 2

    # 6. And they change it through the web: they import a model into their
    # domain (written as themself; the directory's writers rule decides).
    sample = (
        Path(__file__).resolve().parents[2]
        / "models"
        / "samples"
        / "Kursdomene_HvemErHvem_M_2021-04-08_5742_34627_SERES.xsd"
    )
    import_url = f"/domains/prod/{name}/models/import"
    form = writer.get(import_url)
    assert form.status_code == 200
    response = writer.post(
        import_url,
        data={
            "csrf_token": _token(form.get_data(as_text=True)),
            "file": (sample.open("rb"), sample.name),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    # The app's own account sees the model but not its working version: that is
    # the writers' alone, so the import really was written as the person.
    assert modelstore.get_model(webapp, tree, "prod", name, "HvemErHvem_M").versions == ()
    domain_page = writer.get(f"/domains/prod/{name}").get_data(as_text=True)
    assert "HvemErHvem_M" in domain_page
    # ... and the same import into a domain they do not write is refused by slapd.
    other = writer.get("/domains/prod/BUFdir/models/import")
    refused = writer.post(
        "/domains/prod/BUFdir/models/import",
        data={
            "csrf_token": _token(other.get_data(as_text=True)),
            "file": (sample.open("rb"), sample.name),
        },
        content_type="multipart/form-data",
    )
    assert refused.status_code == 403
    model_dn = tree.model("prod", name, "HvemErHvem_M")
    for child, _ in manager.search(model_dn, "(objectClass=*)", ["1.1"], scope="one"):
        manager.delete(child)
    manager.delete(model_dn)


def _token(html: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
