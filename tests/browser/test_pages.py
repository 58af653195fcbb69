"""Every page, found by following links from each role's front page, passes axe-core's
WCAG 2.1 A/AA rules in bokmål and English at 1280 and 320 px, and does not scroll
sideways at 320 px (WCAG 1.4.10).

Pages are told apart by their Flask endpoint: one address per endpoint and role
is checked, so a model with hundreds of elements costs no more than one.
"""

from urllib.parse import urlsplit

import pytest

from directory.modelstore.service import import_model
from tests.browser.conftest import (
    NARROW,
    WIDE,
    axe_violations,
    new_context,
    order_write_access,
    remove_models,
    sideways_scroll,
    sign_in,
    too_wide,
)
from tests.models.conftest import SAMPLES

# Not pages: downloads, the language switch, feeds and the API.
SKIPPED_ENDPOINTS = {"home.language", "static", "schedule.ics", "models.download"}
SKIPPED_PREFIXES = ("api.", "notify.")
DOWNLOADS = (".xsd", ".ics", ".json", ".xml", ".zip", ".csv")
# The crawl's bound per role (a page past it would be a new kind of page: raise it).
MOST_PAGES = 60


@pytest.fixture(scope="module")
def a_model(manager, tree):
    """A small model in BUFdir (production), so the model pages are there to crawl."""
    data = (SAMPLES / "Kursdomene_HvemErHvem_M_2021-04-08_5742_34627_SERES.xsd").read_bytes()
    version = import_model(manager, tree, "prod", "BUFdir", data).version
    yield version
    remove_models(manager, tree)


@pytest.fixture(scope="module")
def an_order(browser, server, role_people, manager, tree):
    """An access order awaiting the owner of BUFdir, placed by the desk in the browser,
    so that the order pages are there to crawl (for the desk and the owner)."""
    context = new_context(browser, server)
    try:
        page = context.new_page()
        sign_in(page, server, role_people["servicedesk"])
        page.goto("/orders/new/access")
        order_write_access(page, "Nils", "Nyhus", "nils.nyhus@bufdir.example", "+4791234568")
        yield page.url[len(server.url) :]
    finally:
        context.close()
        for dn, _ in manager.search(tree.orders, "(objectClass=seresOrder)", ["1.1"], scope="one"):
            manager.delete(dn)


def endpoint_of(server, url: str) -> str | None:
    """The Flask endpoint of a same-site address, None for another site or no page."""
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}" != server.url:
        return None
    adapter = server.app.url_map.bind("127.0.0.1")
    try:
        endpoint, _ = adapter.match(parts.path, method="GET")
    except Exception:  # a 404 or a redirect the crawl does not follow: not a page of its own
        return None
    return endpoint


def links(page, server, found: dict[str, str]) -> list[str]:
    """The page's links to pages of endpoints not yet in ``found`` (added to it)."""
    new = []
    hrefs = page.eval_on_selector_all("a[href]:not([download])", "links => links.map(a => a.href)")
    for href in hrefs:
        href = href.split("#")[0]
        if urlsplit(href).path.endswith(DOWNLOADS):
            continue
        endpoint = endpoint_of(server, href)
        if (
            endpoint is None
            or endpoint in found
            or endpoint in SKIPPED_ENDPOINTS
            or endpoint.startswith(SKIPPED_PREFIXES)
        ):
            continue
        found[endpoint] = href[len(server.url) :]
        new.append(found[endpoint])
    return new


def check_page(page, url: str) -> list[str]:
    """One address at both widths: axe's findings, a server error, sideways scroll."""
    page.set_viewport_size({"width": WIDE, "height": 900})
    response = page.goto(url)
    if response.status >= 500:
        return [f"{url}: status {response.status}"]
    problems = [f"{url} at {WIDE} px: {v}" for v in axe_violations(page)]
    page.set_viewport_size({"width": NARROW, "height": 700})
    wider = sideways_scroll(page)
    if wider:
        problems.append(
            f"{url} at {NARROW} px scrolls sideways by {wider} px: {', '.join(too_wide(page))}"
        )
    problems += [f"{url} at {NARROW} px: {v}" for v in axe_violations(page, layout_only=True)]
    return problems


def check_role(browser, server, person=None, extra=()) -> tuple[list[str], dict[str, str]]:
    """Crawl from the front page in bokmål checking each page, then check them in English."""
    context = new_context(browser, server)
    try:
        page = context.new_page()
        if person is not None:
            sign_in(page, server, person)
        found = {"home.index": "/"}
        queue, problems = ["/", *extra], []
        while queue:
            url = queue.pop(0)
            problems += [f"[nb] {p}" for p in check_page(page, url)]
            queue += links(page, server, found)
            assert len(found) <= MOST_PAGES, "more kinds of page than expected: raise MOST_PAGES"
        page.goto("/language/en")
        for url in ["/", *extra, *sorted(set(found.values()) - {"/"})]:
            problems += [f"[en] {p}" for p in check_page(page, url)]
        return problems, found
    finally:
        context.close()


def test_signed_out_pages_pass_axe_and_reflow(browser, server):
    """A visitor's pages: no WCAG 2.1 A/AA violation, no sideways scroll at 320 px."""
    problems, pages = check_role(browser, server, extra=["/no-such-page"])
    assert {"auth.login", "auth.forgot", "schedule.index"} <= set(pages)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("role", ["servicedesk", "owner", "writer", "reader", "course"])
def test_signed_in_pages_pass_axe_and_reflow(browser, server, role_people, a_model, an_order, role):
    """Each role's pages: no WCAG 2.1 A/AA violation, no sideways scroll at 320 px."""
    problems, pages = check_role(browser, server, role_people[role])
    assert "orders.mine" in pages
    if role in ("servicedesk", "owner"):
        assert "orders.show" in pages
    if role == "writer":
        assert "models.version" in pages
    assert not problems, "\n".join(problems)
