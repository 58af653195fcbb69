"""The sample model the model-store tests import into BUFdir, and its cleanup."""

import pytest

from directory.modelstore import store as modelstore

SAMPLE = "Kursdomene_HvemErHvem_M_2021-04-08_5742_34627_SERES.xsd"
MODEL = "HvemErHvem_M"


@pytest.fixture
def cleanup(manager, tree):
    """Remove the sample's model from BUFdir (both environments) afterwards."""
    yield
    for env in ("prod", "course"):
        dn = modelstore.model_dn(tree, env, "BUFdir", MODEL)
        for child, _ in manager.search(dn, "(objectClass=*)", ["1.1"], scope="one"):
            manager.delete(child)
        if manager.exists(dn):
            manager.delete(dn)
