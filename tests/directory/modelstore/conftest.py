"""The sample model the model-store tests import into BUFdir, and its cleanup."""

import pytest

SAMPLE = "Kursdomene_HvemErHvem_M_2021-04-08_5742_34627_SERES.xsd"
MODEL = "HvemErHvem_M"


@pytest.fixture
def cleanup(manager, tree):
    """Remove the sample's model from BUFdir (both environments) afterwards."""
    yield
    for env in ("prod", "course"):
        dn = tree.model(env, "BUFdir", MODEL)
        for child, _ in manager.search(dn, "(objectClass=*)", ["1.1"], scope="one"):
            manager.delete(child)
        if manager.exists(dn):
            manager.delete(dn)
