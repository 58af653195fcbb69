"""Importing a model (directory.modelstore.service.import_model): the one import of the CLI
and the web, against the real slapd."""

import pytest

import models
from directory.modelstore import service
from directory.modelstore import store as modelstore
from tests.directory.modelstore.conftest import MODEL, SAMPLE
from tests.models.conftest import read_sample


def test_an_import_stores_the_working_version_and_returns_model_and_warnings(
    manager,
    tree,
    cleanup,  # noqa: F811
):
    imported = service.import_model(manager, tree, "prod", "BUFdir", read_sample(SAMPLE))
    assert imported.model.name == MODEL
    assert (imported.version.model, imported.version.number) == (MODEL, 1)
    assert imported.version.state == modelstore.WORKING
    assert imported.warnings == models.import_xsd(read_sample(SAMPLE)).warnings
    stored = modelstore.get_model(manager, tree, "prod", "BUFdir", MODEL)
    assert [v.number for v in stored.versions] == [1]


def test_a_name_the_directory_cannot_hold_is_refused_by_name_and_nothing_is_stored(manager, tree):
    data = read_sample(SAMPLE).replace(MODEL.encode(), b"_M")
    with pytest.raises(service.BadModelName) as refused:
        service.import_model(manager, tree, "prod", "BUFdir", data)
    assert refused.value.name == "_M"
    assert modelstore.get_model(manager, tree, "prod", "BUFdir", MODEL) is None


def test_a_file_that_makes_no_valid_specification_stores_nothing(manager, tree):
    data = read_sample(SAMPLE).replace(b'name="epost"', b'name="navn"', 1)
    with pytest.raises(models.InvalidModel):
        service.import_model(manager, tree, "prod", "BUFdir", data)
    assert modelstore.get_model(manager, tree, "prod", "BUFdir", MODEL) is None


def test_a_file_that_is_not_seres_is_refused(manager, tree):
    with pytest.raises(models.NotSeresXsd):
        service.import_model(manager, tree, "prod", "BUFdir", b"<not-xsd/>")
