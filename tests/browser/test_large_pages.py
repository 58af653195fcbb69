"""Pages the crawl does not reach in every state: a large model (RA-0678_M) closed, filtered
and with a type opened; its element form's grouped types; the domain order form with every
error at once and its new owners. Each passes axe at 1280 px and reflows at 320 px."""

import pytest

from directory.modelstore.service import import_model
from tests.browser.conftest import (
    NARROW,
    WIDE,
    axe_violations,
    new_context,
    remove_models,
    sideways_scroll,
    sign_in,
    submit,
    too_wide,
)
from tests.models.conftest import SAMPLES


@pytest.fixture(scope="module")
def large_model(manager, tree):
    data = (SAMPLES / "RA-0678_M.xsd").read_bytes()
    version = import_model(manager, tree, "prod", "BUFdir", data).version
    yield f"/domains/prod/BUFdir/models/RA-0678_M/{version.number}"
    remove_models(manager, tree)


def problems_here(page, what: str) -> list[str]:
    """The page as it is now (no reload: errors shown stay) at both widths."""
    page.set_viewport_size({"width": WIDE, "height": 900})
    found = [f"{what} at {WIDE} px: {v}" for v in axe_violations(page)]
    page.set_viewport_size({"width": NARROW, "height": 700})
    if wider := sideways_scroll(page):
        found.append(f"{what} at {NARROW} px scrolls by {wider} px: {', '.join(too_wide(page))}")
    found += [f"{what} at {NARROW} px: {v}" for v in axe_violations(page, layout_only=True)]
    return found


def test_a_large_models_pages_pass_axe_and_reflow(browser, server, role_people, large_model):
    context = new_context(browser, server)
    try:
        page = context.new_page()
        sign_in(page, server, role_people["writer"])
        problems = []
        page.goto(large_model)
        assert page.locator("section.type details[open]").count() == 0
        problems += problems_here(page, "closed")
        page.locator("#type-Kontaktperson summary").click()
        assert page.locator("#type-Kontaktperson details[open]").count() == 1
        problems += problems_here(page, "one type opened")
        page.fill("input[name=q]", "epost")
        submit(page, "form.filter")
        assert "q=epost" in page.url and page.locator("#filter-result").is_visible()
        problems += problems_here(page, "filtered")
        page.goto(f"{large_model}/types/Kontaktperson/add")
        assert page.locator("select[name=type] optgroup").count() == 4
        problems += problems_here(page, "element form")
        assert not problems, "\n".join(problems)
    finally:
        context.close()


def test_the_domain_order_form_with_every_error_passes_axe_and_reflow(browser, server, role_people):
    context = new_context(browser, server)
    try:
        page = context.new_page()
        sign_in(page, server, role_people["owner"])
        page.goto("/orders/new/domain")
        page.fill("input[name=name]", "Nytt-domene-i-nettleser")
        page.fill("input[name=org_number]", "974760674")
        page.fill("textarea[name=owners]", "ingen.slik")
        page.fill("input[name=new_owner_1_mobile]", "22 33 44 55")
        submit(page)
        summary = page.locator(".error-summary")
        assert summary.is_visible()
        text = summary.inner_text()
        assert "ingen.slik" in text and "Organisasjonsnummer" in text
        assert "Mobilnummer til ny eier 1" in text
        problems = problems_here(page, "domain form with errors")
        assert not problems, "\n".join(problems)
    finally:
        context.close()
