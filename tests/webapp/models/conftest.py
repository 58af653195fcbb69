"""Fixtures of the model pages: people signed in once per module, a clean BUFdir; helpers."""

import io

import pytest

from directory.modelstore import store as modelstore
from models import from_dict, import_xsd, to_dict
from tests.models.conftest import read_sample
from tests.support import csrf_token
from tests.webapp.orders.conftest import module_app, people, signed_in  # noqa: F401

SAMPLE = "Kursdomene_HvemErHvem_M_2021-04-08_5742_34627_SERES.xsd"
MODEL = "HvemErHvem_M"
SAMPLE_MODELS = (MODEL, "BliTjenesteeier_M", "RA-0678_M", "KRT-1011_M", "RA-0597_M")
BASE = "/domains/prod/BUFdir/models"
VERSION1 = f"{BASE}/{MODEL}/1"


def upload(client, data: bytes, domain: str = "BUFdir", filename: str = "model.xsd"):
    """GET the import form, then POST the file with its CSRF token."""
    url = f"/domains/prod/{domain}/models/import"
    page = client.get(url)
    assert page.status_code == 200
    token = csrf_token(page.get_data(as_text=True))
    return client.post(
        url,
        data={"csrf_token": token, "file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


def post(client, url: str, data: dict, page_url: str | None = None):
    """GET the page (or ``page_url``) for its CSRF token, then POST ``data`` to ``url``."""
    html = client.get(page_url or url).get_data(as_text=True)
    return client.post(url, data={"csrf_token": csrf_token(html), **data})


def crafted_post(client, url: str, data: dict | None = None):
    """POST with a token from the domain's page: a form the person was never shown."""
    token = csrf_token(client.get("/domains/prod/BUFdir").get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **(data or {})})


def versions(manager, tree, domain="BUFdir"):
    """The model's (number, state) pairs as the manager sees them."""
    found = modelstore.get_model(manager, tree, "prod", domain, MODEL)
    return [] if found is None else [(v.number, v.state) for v in found.versions]


def stored_model(manager, tree, number=1):
    """Version ``number`` of the model as stored."""
    return from_dict(modelstore.load(manager, tree, "prod", "BUFdir", MODEL, number))


@pytest.fixture(scope="module")
def roles(people, tree):  # noqa: F811
    """A writer of BUFdir, a writer of Legemiddelverket, and a reader of production."""

    class Roles:
        writer = people.make(tree.readers("prod"), tree.writers("prod", "BUFdir"))
        other = people.make(tree.readers("prod"), tree.writers("prod", "Legemiddelverket"))
        reader = people.make(tree.readers("prod"))

    return Roles


def remove_models(manager, tree, *names):
    for domain in ("BUFdir", "Legemiddelverket"):
        for name in names:
            dn = tree.model("prod", domain, name)
            for child, _ in manager.search(dn, "(objectClass=*)", ["1.1"], scope="one"):
                manager.delete(child)
            if manager.exists(dn):
                manager.delete(dn)


@pytest.fixture
def clean_models(manager, tree):
    """Remove every model the test stored (the samples' names) afterwards."""
    yield
    remove_models(manager, tree, *SAMPLE_MODELS)


@pytest.fixture
def stored_working(manager, tree, clean_models):
    """The sample stored as BUFdir's working version 1 (set up directly in the directory)."""
    model = import_xsd(read_sample(SAMPLE)).model
    modelstore.save_working(manager, tree, "prod", "BUFdir", MODEL, to_dict(model), "5742", "34627")
    return model


@pytest.fixture
def stored_published(manager, tree, stored_working):
    """The sample as BUFdir's published version 1."""
    modelstore.publish(manager, tree, "prod", "BUFdir", MODEL, 1)
    return stored_working
