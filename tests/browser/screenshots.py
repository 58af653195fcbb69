"""`make screenshots`: the main pages at 1280 and 320 px into var/screenshots/ (or
$SERES_SCREENSHOTS), made by the browser tests' server and chromium over a throw-away
slapd. Not part of `make test` (the name does not start with test_); run by the Makefile."""

import os
from pathlib import Path

from tests.browser.conftest import (
    NARROW,
    WIDE,
    new_context,
    order_write_access,
    remove_models,
    sign_in,
)
from tests.models.conftest import SAMPLES

OUT = Path(os.environ.get("SERES_SCREENSHOTS", "var/screenshots"))


def shoot(page, name: str) -> None:
    for width in (WIDE, NARROW):
        page.set_viewport_size({"width": width, "height": 900 if width == WIDE else 700})
        page.screenshot(path=OUT / f"{name}-{width}.png", full_page=True)


def test_screenshots(browser, server, role_people, manager, tree, clean_orders):
    """Take the main pages' pictures, signed out, as the desk and as a writer."""
    from directory.modelstore import store
    from directory.modelstore.service import import_model

    OUT.mkdir(parents=True, exist_ok=True)
    data = (SAMPLES / "Kursdomene_HvemErHvem_M_2021-04-08_5742_34627_SERES.xsd").read_bytes()
    version = import_model(manager, tree, "prod", "BUFdir", data).version
    store.publish(manager, tree, "prod", "BUFdir", version.model, version.number)
    context = new_context(browser, server)
    try:
        page = context.new_page()
        for name, path in (
            ("welcome", "/"),
            ("login", "/login"),
            ("schedule", "/kursmiljo/oppdateringer"),
            ("accessibility", "/tilgjengelighetserklaering"),
        ):
            page.goto(path)
            shoot(page, name)
        page.goto("/login")
        page.fill("input[name=username]", role_people["servicedesk"].account.username)
        page.locator("main form [type=submit]").first.click()
        page.wait_for_selector("input[name=code]")
        shoot(page, "login-code")
        sign_in(page, server, role_people["servicedesk"])
        shoot(page, "home")
        page.goto("/orders/new/access")
        shoot(page, "order-access")
        page.locator("main form [type=submit]").last.click()
        page.wait_for_load_state()
        shoot(page, "order-access-errors")
        page.goto("/orders/new/access")
        order_write_access(page, "Nora", "Nyansatt", "nora@bufdir.example", "+4791234567")
        shoot(page, "order")
        page.goto("/orders/queue")
        shoot(page, "queue")
        page.goto("/domains/prod/BUFdir")
        shoot(page, "domain")
        page.goto(f"/domains/prod/BUFdir/models/{version.model}/{version.number}")
        shoot(page, "model-version")
    finally:
        context.close()
        remove_models(manager, tree)
