"""The main journeys, clicked through in the browser as a person would: sign-in with
the code from the SMS, an access order from order to activation, a model imported
and published, a refresh ordered. Each page on the way also passes axe-core."""

import re
import time
import uuid

import pytest

from tests.browser.conftest import (
    Person,
    axe_violations,
    new_context,
    order_write_access,
    remove_models,
    sign_in,
    submit,
)
from tests.models.conftest import SAMPLES
from tests.support import Account, remove_people


def accessible(page) -> None:
    assert axe_violations(page) == [], page.url


@pytest.fixture
def contexts(browser, server):
    """Fresh browser contexts, one per person in the journey; closed afterwards."""
    made = []

    def make():
        context = new_context(browser, server)
        made.append(context)
        return context.new_page()

    yield make
    for context in made:
        context.close()


def test_sign_in_with_the_code_from_the_sms_shows_the_front_page(contexts, server, role_people):
    """Username, then password and the SMS's code: the front page greets the person."""
    page = contexts()
    page.goto("/")
    page.locator("header a[href='/login']").click()
    accessible(page)
    sign_in(page, server, role_people["reader"])
    assert page.url == f"{server.url}/"
    assert page.locator("header form.account").is_visible()
    accessible(page)


def test_access_order_approved_carried_out_and_activated(
    contexts, server, role_people, manager, tree, clean_orders
):
    """The desk orders write access for a newcomer, the owner approves, the desk waives the
    training the newcomer has not had, carries it out, and the newcomer activates the
    account from the e-mail and signs in."""
    mail = f"nora.{uuid.uuid4().hex[:8]}@bufdir.example"
    mobile = "+4791234567"
    desk, owner, newcomer = contexts(), contexts(), contexts()
    made: list[str] = []
    try:
        sign_in(desk, server, role_people["servicedesk"])
        desk.locator("header nav a[href='/orders']").click()
        desk.locator("main a[href='/orders/new/access']").click()
        accessible(desk)
        order_write_access(desk, "Nora", "Nyansatt", mail, mobile)
        assert re.search(r"/orders/[0-9a-f]{32}$", desk.url), desk.url
        order_url = desk.url[len(server.url) :]
        accessible(desk)

        sign_in(owner, server, role_people["owner"])
        owner.locator("header nav a[href='/orders/approvals']").click()
        owner.locator(f"main a[href='{order_url}']").first.click()
        accessible(owner)
        submit(owner, "main form.action-approve")
        # More than "Done.": what happens next.
        assert "SERES brukerservice" in owner.locator(".messages").inner_text()
        assert owner.locator("main a[href='/orders/approvals']").count()
        accessible(owner)

        desk.goto("/orders/queue")
        desk.locator(f"main a[href='{order_url}']").first.click()
        assert desk.locator("main a[href='/orders/queue']").count()  # the desk's way back
        # A newcomer has no course yet: the desk waives the training, with a reason.
        assert "training-state" in desk.content()
        desk.fill("main form.action-waive textarea[name=reason]", "Kurs hos Altinn i 2025")
        submit(desk, "main form.action-waive")
        accessible(desk)
        desk.locator("main a[href$='/provision']").click()
        accessible(desk)  # the confirmation step
        submit(desk, "main form.action-provision")
        assert "/provision" not in desk.url
        accessible(desk)

        before = time.time_ns()
        email = server.newest("email", mail)
        link = re.search(r"https?://\S+/activate/\S+", email["body"]).group(0)
        newcomer.goto(link[len(server.url) :])
        username = re.search(r":\s*([\w.-]+)\.", newcomer.locator("main p").first.inner_text())
        made.append(username.group(1))
        code = server.newest("sms", mobile, after=before - 60_000_000_000)["text"]
        password = "Fjellvann-Ny-Konto-2026"
        newcomer.fill("input[name=password]", password)
        newcomer.fill("input[name=confirm]", password)
        newcomer.fill("input[name=code]", re.search(r"\d{6}", code).group(0))
        accessible(newcomer)
        submit(newcomer)
        assert "/activate/" not in newcomer.url, newcomer.locator("main").inner_text()
        account = Account("person", made[0], tree.person(made[0]), password)
        signed_in = contexts()
        sign_in(signed_in, server, Person(account, mobile))
        assert "BUFdir" in signed_in.locator("main").inner_text()
    finally:
        remove_people(manager, tree, made)


def test_a_writer_imports_and_publishes_a_model(contexts, server, role_people, manager, tree):
    """From the domain page: import a SERES XSD, see its working version, publish it."""
    page = contexts()
    sign_in(page, server, role_people["writer"])
    try:
        page.locator("main a[href='/domains/prod/BUFdir']").click()
        page.locator("main a[href$='/import']").click()
        accessible(page)
        page.set_input_files(
            "input[type=file]",
            SAMPLES / "Kursdomene_BliTjenesteeier_M_2020-05-25_5703_34553_SERES.xsd",
        )
        submit(page)
        assert re.search(r"/domains/prod/BUFdir/models/[^/]+/\d+$", page.url), page.url
        accessible(page)
        page.locator("main a[href$='/publish']").click()
        accessible(page)
        page.check("input[name=confirm]")
        submit(page)
        accessible(page)
        assert page.locator("main a[href$='/publish']").count() == 0
    finally:
        remove_models(manager, tree)


def test_an_owner_orders_a_refresh_of_the_course_environment(
    contexts, server, role_people, clean_orders
):
    """My orders → order a refresh → the order's page with its state."""
    page = contexts()
    sign_in(page, server, role_people["owner"])
    page.locator("header nav a[href='/orders']").click()
    page.locator("main a[href='/orders/new/refresh']").click()
    accessible(page)
    page.select_option("select[name=domain]", "BUFdir")
    page.fill("textarea[name=reason]", "Kurs for nye modellerere neste uke")
    submit(page)
    assert re.search(r"/orders/[0-9a-f]{32}$", page.url), page.url
    assert "BUFdir" in page.locator("main").inner_text()
    accessible(page)
