"""Every page keeps the structural rules of WCAG 2.1 AA that markup can show.

A crawl of the pages a visitor and a signed-in service-desk person reach,
checked for: the page language, one h1 and no skipped heading levels, a
label for every form control, help and errors tied to their field by
aria-describedby, header cells in data tables, text for every link and
button, alt text for images, and unique ids. (Contrast and keyboard order
follow from the one style sheet and plain HTML; they are not checked here.)
"""

from html.parser import HTMLParser

import pytest

from tests.support import csrf_token, web_sign_in

VISITOR_PAGES = ["/", "/login", "/forgot", "/kursmiljo/oppdateringer", "/no-such-page"]
SIGNED_IN_PAGES = [
    "/",
    "/password",
    "/app",
    "/servicedesk/people",
    "/domains/prod/BUFdir",
    "/orders",
    "/orders/new/domain",
    "/orders/new/access",
    "/orders/new/refresh",
    "/orders/approvals",
    "/orders/queue",
    "/kursmiljo/oppdateringer",
    "/domains/prod/BUFdir/writers/skriver.bufdir/remove",
    "/access/readers/remove",
    "/access/people/disable",
    "/access/owners",
]
CONTROLS = {"input", "select", "textarea"}
UNLABELLED_INPUTS = {"hidden", "submit", "button", "reset", "image"}


class Page(HTMLParser):
    """Collects what the checks need from one page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lang = None
        self.headings: list[int] = []
        self.ids: list[str] = []
        self.labels_for: set[str] = set()
        self.controls: list[dict] = []
        self.images: list[dict] = []
        self.tables = 0
        self.table_headers = 0
        self.open_links: list[list] = []
        self.links: list[str] = []
        self.open_buttons: list[list] = []
        self.buttons: list[str] = []
        self.label_depth = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "html":
            self.lang = a.get("lang")
        elif tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self.headings.append(int(tag[1]))
        elif tag == "label":
            self.label_depth += 1
            if a.get("for"):
                self.labels_for.add(a["for"])
        elif tag in CONTROLS:
            if not (tag == "input" and a.get("type", "text") in UNLABELLED_INPUTS):
                self.controls.append({**a, "_tag": tag, "_wrapped": self.label_depth > 0})
            elif a.get("type") == "submit":
                self.buttons.append(a.get("value", ""))
        elif tag == "img":
            self.images.append(a)
        elif tag == "table":
            self.tables += 1
        elif tag == "th":
            self.table_headers += 1
        elif tag == "a":
            self.open_links.append([a.get("aria-label", "")])
        elif tag == "button":
            self.open_buttons.append([a.get("aria-label", "")])

    def handle_endtag(self, tag):
        if tag == "label":
            self.label_depth -= 1
        elif tag == "a" and self.open_links:
            self.links.append("".join(self.open_links.pop()).strip())
        elif tag == "button" and self.open_buttons:
            self.buttons.append("".join(self.open_buttons.pop()).strip())

    def handle_data(self, data):
        for open_ in self.open_links + self.open_buttons:
            open_.append(data)


def problems(html: str) -> list[str]:
    page = Page()
    page.feed(html)
    found = []
    if page.lang not in ("nb", "en"):
        found.append(f"html lang is {page.lang!r}")
    if page.headings.count(1) != 1:
        found.append(f"{page.headings.count(1)} h1 elements")
    for before, after in zip(page.headings, page.headings[1:], strict=False):
        if after > before + 1:
            found.append(f"heading level jumps from h{before} to h{after}")
    duplicates = {i for i in page.ids if page.ids.count(i) > 1}
    if duplicates:
        found.append(f"duplicate ids {sorted(duplicates)}")
    for control in page.controls:
        named = (
            control.get("id") in page.labels_for
            or control["_wrapped"]
            or control.get("aria-label")
            or control.get("aria-labelledby")
        )
        if not named:
            found.append(f"{control['_tag']} {control.get('name')!r} has no label")
        for ref in (control.get("aria-describedby") or "").split():
            if ref not in page.ids:
                found.append(f"aria-describedby={ref!r} names no element")
    found += [f"image {i.get('src')!r} has no alt" for i in page.images if "alt" not in i]
    if page.tables and not page.table_headers:
        found.append("a table without header cells")
    found += ["a link without text" for text in page.links if not text]
    found += ["a button without text" for text in page.buttons if not text]
    return found


@pytest.mark.parametrize("path", VISITOR_PAGES)
def test_visitor_pages_keep_the_structural_rules(client, path):
    """Pages for visitors who are not signed in."""
    assert problems(client.get(path).get_data(as_text=True)) == []


def test_the_code_step_of_sign_in_keeps_the_structural_rules(client):
    """The second step of /login: password and code."""
    page = client.get("/login").get_data(as_text=True)
    answer = client.post("/login", data={"username": "nobody-here", "csrf_token": csrf_token(page)})
    assert problems(answer.get_data(as_text=True)) == []


@pytest.fixture(scope="module")
def desk_client(request, tmp_path_factory, settings_for, accounts, binder, tree):
    """One service-desk person, owner and writer of BUFdir, reader of both environments, signed in."""
    from tests.support import add_person, remove_people
    from webapp import create_app

    manager = binder.service(accounts["manager"])
    person = add_person(
        manager,
        tree,
        groups=(
            tree.servicedesk,
            tree.owners("BUFdir"),
            tree.readers("prod"),
            tree.readers("course"),
            tree.writers("prod", "BUFdir"),
        ),
    )
    app = create_app(
        {
            "SECRET_KEY": "test",
            "SERES_LDAP": settings_for(accounts["webapp"]),
            "SERES_SYNC_PROD": settings_for(accounts["sync"]),
            "SERES_SYNC_COURSE": settings_for(accounts["sync"]),
            "SESSION_COOKIE_SECURE": False,
            "SERES_PUBLIC_URL": "http://localhost",
            "SERES_VAR": str(tmp_path_factory.mktemp("var")),
        }
    )
    client = app.test_client()
    assert web_sign_in(client, binder, person).status_code == 303
    yield client
    # The model the model pages' test imports (its modellnavn, not the file's name).
    model = f"cn=HvemErHvem_M,{tree.domain('prod', 'BUFdir')}"
    for dn, _ in manager.search(model, "(objectClass=*)", ["1.1"], scope="one"):
        manager.delete(dn)
    if manager.exists(model):
        manager.delete(model)
    app.extensions["seres_service_pool"].close_all()
    remove_people(manager, tree, [person.username])
    manager.close()


@pytest.mark.parametrize("path", SIGNED_IN_PAGES)
def test_signed_in_pages_keep_the_structural_rules(desk_client, path):
    """Pages a signed-in service-desk person reaches."""
    response = desk_client.get(path)
    assert response.status_code == 200, path
    assert problems(response.get_data(as_text=True)) == []


def test_a_form_shown_again_with_errors_keeps_the_structural_rules(desk_client):
    """An invalid order form (400) ties each error to its field and lists them at the top."""
    page = desk_client.get("/orders/new/domain").get_data(as_text=True)
    answer = desk_client.post("/orders/new/domain", data={"csrf_token": csrf_token(page)})
    html = answer.get_data(as_text=True)
    assert answer.status_code == 400
    assert 'class="error-summary"' in html and 'aria-invalid="true"' in html
    assert problems(html) == []


def test_the_checks_find_what_they_look_for():
    """A page with each fault is reported for each (so a clean result means something)."""
    bad = (
        '<html><body><h1>a</h1><h3>b</h3><input name="x" id="x">'
        '<input name="y" aria-describedby="nowhere" id="y"><label for="y">Y</label>'
        '<img src="i.png"><table><tr><td>1</td></tr></table><a href="/"></a>'
        '<button></button><p id="d"></p><p id="d"></p></body></html>'
    )
    found = " | ".join(problems(bad))
    for fault in (
        "html lang",
        "jumps from h1 to h3",
        "'x' has no label",
        "names no element",
        "has no alt",
        "without header cells",
        "link without text",
        "button without text",
        "duplicate ids",
    ):
        assert fault in found, fault


def test_model_pages_keep_the_structural_rules(desk_client):
    """The import form, a version's tree, its state and edit pages (also with errors), anew."""
    from pathlib import Path

    sample = (
        Path(__file__).resolve().parents[1]
        / "models"
        / "samples"
        / "Kursdomene_HvemErHvem_M_2021-04-08_5742_34627_SERES.xsd"
    )
    import_url = "/domains/prod/BUFdir/models/import"
    form = desk_client.get(import_url).get_data(as_text=True)
    assert problems(form) == []
    answer = desk_client.post(
        import_url,
        data={"csrf_token": csrf_token(form), "file": (sample.open("rb"), sample.name)},
        content_type="multipart/form-data",
    )
    assert answer.status_code == 303, answer.status_code
    version_url = answer.headers["Location"].split("#")[0]
    version = desk_client.get(version_url).get_data(as_text=True)
    assert problems(version) == []
    import re

    edit_links = sorted(set(re.findall(r'href="([^"]*/(?:types|simple)/[^"]+)"', version)))
    assert edit_links
    property_links = [u for u in edit_links if "/properties/" in u]
    simple_links = [u for u in edit_links if "/simple/" in u]
    remove_type_links = [u for u in edit_links if "/properties/" not in u and "/remove" in u]
    assert remove_type_links
    for url in [
        version_url + "/publish",
        version_url + "/discard",
        version_url + "/new-type/complex",
        version_url + "/new-type/simple",
        *property_links[:2],
        *simple_links[:2],
        *remove_type_links[:2],
    ]:
        response = desk_client.get(url)
        assert response.status_code == 200, url
        assert problems(response.get_data(as_text=True)) == [], url
    # Forms shown again with their errors: discard unconfirmed, a bad type name, a type in use.
    for url, data in (
        (version_url + "/discard", {}),
        (version_url + "/new-type/complex", {"name": "1x", "kind": "Dataobjekttype"}),
        (remove_type_links[0], {"confirm": "y"}),
    ):
        page = desk_client.get(url).get_data(as_text=True)
        answer = desk_client.post(url, data={"csrf_token": csrf_token(page), **data})
        assert answer.status_code == 400, url
        assert problems(answer.get_data(as_text=True)) == [], url
    # Published: the page offers a new version; the new one; the published one pointing to it.
    page = desk_client.get(version_url + "/publish").get_data(as_text=True)
    answer = desk_client.post(
        version_url + "/publish", data={"csrf_token": csrf_token(page), "confirm": "y"}
    )
    assert answer.status_code == 303
    published = desk_client.get(version_url).get_data(as_text=True)
    assert "/new-version" in published
    assert problems(published) == []
    answer = desk_client.post(
        version_url + "/new-version", data={"csrf_token": csrf_token(published)}
    )
    assert answer.status_code == 303
    for url in (answer.headers["Location"], version_url):
        response = desk_client.get(url)
        assert response.status_code == 200, url
        assert problems(response.get_data(as_text=True)) == [], url


def page_title(html: str) -> str:
    import re

    return re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()


def test_a_domains_title_names_its_environment(desk_client):
    """Production and course both hold BUFdir: the two pages' titles differ (2.4.2)."""
    prod = page_title(desk_client.get("/domains/prod/BUFdir").get_data(as_text=True))
    course = page_title(desk_client.get("/domains/course/BUFdir").get_data(as_text=True))
    assert prod.startswith("BUFdir (Produksjon)")
    assert course.startswith("BUFdir (Kursmiljø)")
    assert prod != course
