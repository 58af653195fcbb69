"""Models stored in their domain: who sees and changes which version, as slapd decides."""

import pytest

from directory.errors import InsufficientAccess, InvalidValue, NoSuchEntry
from directory.modelstore import store as modelstore

MODEL = "Melding-test_M"


@pytest.fixture
def cleanup(manager, tree):
    """Remove the test model (all versions) from BUFdir in production afterwards."""
    yield
    dn = tree.model("prod", "BUFdir", MODEL)
    for child, _ in manager.search(dn, "(objectClass=*)", ["1.1"], scope="one"):
        manager.delete(child)
    if manager.exists(dn):
        manager.delete(dn)


def save(ldap, tree, data):
    return modelstore.save_working(
        ldap,
        tree,
        "prod",
        "BUFdir",
        MODEL,
        data,
        data_format_id="5703",
        data_format_version="34553",
    )


def test_a_writer_saves_publishes_and_starts_the_next_version(bound, tree, cleanup):
    """working 1 -> published 1 -> working 2 copied forward; 1 stays readable."""
    writer = bound("skriver.bufdir")
    first = save(writer, tree, {"name": "v1"})
    assert (first.number, first.state) == (1, "working")
    save(writer, tree, {"name": "v1 changed"})
    modelstore.publish(writer, tree, "prod", "BUFdir", MODEL, 1)
    second = save(writer, tree, {"name": "v2"})
    assert second.number == 2
    model = modelstore.get_model(writer, tree, "prod", "BUFdir", MODEL)
    assert [(v.number, v.state) for v in model.versions] == [(1, "published"), (2, "working")]
    assert modelstore.load(writer, tree, "prod", "BUFdir", MODEL, 1) == {"name": "v1 changed"}


def test_a_published_version_cannot_change_even_for_its_writers(bound, tree, cleanup):
    """The directory refuses a write to a published version; the code's check is not needed."""
    writer = bound("skriver.bufdir")
    save(writer, tree, {"name": "v1"})
    modelstore.publish(writer, tree, "prod", "BUFdir", MODEL, 1)
    dn = tree.model_version("prod", "BUFdir", MODEL, 1)
    with pytest.raises(InsufficientAccess):
        writer.modify(dn, {"seresModelData": [(modelstore.REPLACE, [b'{"name":"x"}'])]})
    with pytest.raises(InsufficientAccess):
        writer.modify(dn, {"seresModelState": [(modelstore.REPLACE, ["working"])]})
    with pytest.raises(InsufficientAccess):
        writer.delete(dn)
    with pytest.raises(modelstore.VersionNotWorking):
        modelstore.publish(writer, tree, "prod", "BUFdir", MODEL, 1)


def test_a_discarded_version_cannot_change_even_for_its_writers(bound, tree, cleanup):
    """The directory refuses any write to a discarded version, whichever client sends it.

    Discarding itself is allowed: slapd checks the rules against the entry as it
    was before the change, when it was still working.
    """
    writer = bound("skriver.bufdir")
    save(writer, tree, {"name": "v1"})
    dn = tree.model_version("prod", "BUFdir", MODEL, 1)

    def state(old: str, new: str) -> dict:
        return {"seresModelState": [(modelstore.DELETE, [old]), (modelstore.ADD, [new])]}

    writer.modify(dn, state("working", "discarded"))
    save(writer, tree, {"name": "v2"})
    with pytest.raises(InsufficientAccess):
        writer.modify(dn, {"seresModelData": [(modelstore.REPLACE, [b'{"name":"x"}'])]})
    with pytest.raises(InsufficientAccess):  # it would make two working versions
        writer.modify(dn, state("discarded", "working"))
    with pytest.raises(InsufficientAccess):
        writer.modify(dn, {"seresModelState": [(modelstore.REPLACE, ["working"])]})
    with pytest.raises(InsufficientAccess):
        writer.delete(dn)
    model = modelstore.get_model(writer, tree, "prod", "BUFdir", MODEL)
    assert [(v.number, v.state) for v in model.versions] == [(1, "discarded"), (2, "working")]
    assert modelstore.load(writer, tree, "prod", "BUFdir", MODEL, 1) == {"name": "v1"}


def test_working_versions_are_seen_only_by_the_domains_writers(bound, tree, cleanup):
    """A reader of production sees published versions only."""
    writer = bound("skriver.bufdir")
    save(writer, tree, {"name": "v1"})
    modelstore.publish(writer, tree, "prod", "BUFdir", MODEL, 1)
    save(writer, tree, {"name": "draft"})
    reader = modelstore.get_model(bound("leser.prod"), tree, "prod", "BUFdir", MODEL)
    assert [(v.number, v.state) for v in reader.versions] == [(1, "published")]
    assert modelstore.load(bound("leser.prod"), tree, "prod", "BUFdir", MODEL, 1)
    with pytest.raises(NoSuchEntry):
        modelstore.load(bound("leser.prod"), tree, "prod", "BUFdir", MODEL, 2)


def test_an_older_published_version_is_historic(bound, tree, cleanup):
    """Publishing version 2 makes version 1 historic."""
    writer = bound("skriver.bufdir")
    for number in (1, 2):
        save(writer, tree, {"name": f"v{number}"})
        modelstore.publish(writer, tree, "prod", "BUFdir", MODEL, number)
    model = modelstore.get_model(writer, tree, "prod", "BUFdir", MODEL)
    assert [(v.number, v.state) for v in model.versions] == [(1, "historic"), (2, "published")]
    assert model.latest_published.number == 2


def test_a_discarded_version_is_not_continued(bound, tree, cleanup):
    """After discarding the working version, the next save starts a new number."""
    writer = bound("skriver.bufdir")
    save(writer, tree, {"name": "v1"})
    modelstore.discard(writer, tree, "prod", "BUFdir", MODEL, 1)
    assert save(writer, tree, {"name": "v2"}).number == 2


def test_a_writer_of_another_domain_cannot_store_models_here(bound, tree):
    """kurs.deltaker writes Kursdomene in course, not BUFdir."""
    with pytest.raises(InsufficientAccess):
        modelstore.save_working(bound("kurs.deltaker"), tree, "course", "BUFdir", MODEL, {"x": 1})


@pytest.mark.parametrize("name", ["", "a,b", "a b", "_x", "x" * 200, "a=b", "RA-1\n", "RA-1\r\n"])
def test_model_names_the_access_rules_cannot_carry_are_refused(tree, name):
    """Commas and other specials never become part of a model's DN."""
    with pytest.raises(InvalidValue):
        tree.model("prod", "BUFdir", name)


def test_save_version_changes_a_working_version_in_place(bound, tree, cleanup):
    """The same number keeps the new data and format metadata."""
    writer = bound("skriver.bufdir")
    save(writer, tree, {"name": "v1"})
    modelstore.save_version(
        writer, tree, "prod", "BUFdir", MODEL, 1, {"name": "edited"}, "5703", "34554"
    )
    assert modelstore.load(writer, tree, "prod", "BUFdir", MODEL, 1) == {"name": "edited"}
    version = modelstore.get_model(writer, tree, "prod", "BUFdir", MODEL).working
    assert (version.number, version.data_format_version) == (1, "34554")


def test_save_version_of_a_published_or_discarded_version_is_refused(bound, tree, cleanup):
    """Published: the directory refuses; discarded: the state assertion fails."""
    writer = bound("skriver.bufdir")
    save(writer, tree, {"name": "v1"})
    modelstore.publish(writer, tree, "prod", "BUFdir", MODEL, 1)
    with pytest.raises(InsufficientAccess):
        modelstore.save_version(writer, tree, "prod", "BUFdir", MODEL, 1, {"name": "x"})
    save(writer, tree, {"name": "v2"})
    modelstore.discard(writer, tree, "prod", "BUFdir", MODEL, 2)
    with pytest.raises(modelstore.VersionNotWorking):
        modelstore.save_version(writer, tree, "prod", "BUFdir", MODEL, 2, {"name": "x"})
    assert modelstore.load(writer, tree, "prod", "BUFdir", MODEL, 1) == {"name": "v1"}


def test_pick_version_prefers_the_latest_published(bound, tree, cleanup):
    """Default: the latest published; without one, the working version."""
    writer = bound("skriver.bufdir")
    save(writer, tree, {"name": "v1"})
    model = modelstore.get_model(writer, tree, "prod", "BUFdir", MODEL)
    assert modelstore.pick_version(model).number == 1
    modelstore.publish(writer, tree, "prod", "BUFdir", MODEL, 1)
    save(writer, tree, {"name": "v2"})
    model = modelstore.get_model(writer, tree, "prod", "BUFdir", MODEL)
    assert (modelstore.pick_version(model).number, modelstore.pick_version(model, 2).state) == (
        1,
        "working",
    )
    assert modelstore.pick_version(model, 9) is None


def test_only_the_domains_writers_discard_a_working_version(bound, tree, cleanup):
    """A reader does not see it (NoSuchEntry); sync sees it but may not write; both leave it."""
    writer = bound("skriver.bufdir")
    save(writer, tree, {"name": "v1"})
    with pytest.raises(NoSuchEntry):
        modelstore.discard(bound("leser.prod"), tree, "prod", "BUFdir", MODEL, 1)
    with pytest.raises(InsufficientAccess):
        modelstore.discard(bound("sync"), tree, "prod", "BUFdir", MODEL, 1)
    assert modelstore.get_model(writer, tree, "prod", "BUFdir", MODEL).working.number == 1
    modelstore.discard(writer, tree, "prod", "BUFdir", MODEL, 1)
    model = modelstore.get_model(writer, tree, "prod", "BUFdir", MODEL)
    assert [(v.number, v.state) for v in model.versions] == [(1, "discarded")]
    assert modelstore.load(writer, tree, "prod", "BUFdir", MODEL, 1) == {"name": "v1"}


def test_a_published_version_cannot_be_discarded(bound, tree, cleanup):
    """Only a working version is discarded; a published one stays published."""
    writer = bound("skriver.bufdir")
    save(writer, tree, {"name": "v1"})
    modelstore.publish(writer, tree, "prod", "BUFdir", MODEL, 1)
    with pytest.raises(modelstore.VersionNotWorking):
        modelstore.discard(writer, tree, "prod", "BUFdir", MODEL, 1)
    with pytest.raises(NoSuchEntry):
        modelstore.discard(writer, tree, "prod", "BUFdir", MODEL, 7)
    model = modelstore.get_model(writer, tree, "prod", "BUFdir", MODEL)
    assert [(v.number, v.state) for v in model.versions] == [(1, "published")]


def test_a_state_change_asserts_the_version_is_still_working(bound, tree, cleanup, monkeypatch):
    """Publishing a version discarded since it was read fails; it stays discarded."""
    writer = bound("skriver.bufdir")
    save(writer, tree, {"name": "v1"})
    read_before = modelstore.get_model(writer, tree, "prod", "BUFdir", MODEL)
    modelstore.discard(writer, tree, "prod", "BUFdir", MODEL, 1)
    monkeypatch.setattr(modelstore, "get_model", lambda *args: read_before)
    with pytest.raises(modelstore.VersionNotWorking):
        modelstore.publish(writer, tree, "prod", "BUFdir", MODEL, 1)
    monkeypatch.undo()
    model = modelstore.get_model(writer, tree, "prod", "BUFdir", MODEL)
    assert [(v.number, v.state) for v in model.versions] == [(1, "discarded")]


def raw_data(ldap, tree, number):
    dn = tree.model_version("prod", "BUFdir", MODEL, number)
    return ldap.read(dn, ["seresModelData", "modifyTimestamp"], raw=True)


def test_a_writer_starts_a_new_version_from_a_published_one(bound, manager, tree, cleanup):
    """Version 2 is working and holds version 1's data and format; 1 does not change."""
    writer = bound("skriver.bufdir")
    save(writer, tree, {"name": "v1", "types": ["Geek"]})
    modelstore.publish(writer, tree, "prod", "BUFdir", MODEL, 1)
    before = raw_data(manager, tree, 1)
    started = modelstore.new_version(writer, tree, "prod", "BUFdir", MODEL, 1)
    assert (started.number, started.state, started.data_format_id) == (2, "working", "5703")
    assert started.data_format_version == "34553"
    assert raw_data(manager, tree, 2)["seresModelData"] == before["seresModelData"]
    assert raw_data(manager, tree, 1) == before
    model = modelstore.get_model(writer, tree, "prod", "BUFdir", MODEL)
    assert [(v.number, v.state) for v in model.versions] == [(1, "published"), (2, "working")]


def test_a_new_version_can_start_from_a_historic_one(bound, tree, cleanup):
    """Going back: version 3 copies the historic version 1."""
    writer = bound("skriver.bufdir")
    for number in (1, 2):
        save(writer, tree, {"name": f"v{number}"})
        modelstore.publish(writer, tree, "prod", "BUFdir", MODEL, number)
    assert modelstore.new_version(writer, tree, "prod", "BUFdir", MODEL, 1).number == 3
    assert modelstore.load(writer, tree, "prod", "BUFdir", MODEL, 3) == {"name": "v1"}


def test_a_new_version_is_refused_while_one_is_working(bound, tree, cleanup):
    """One working version at a time; and only a published or historic one is copied."""
    writer = bound("skriver.bufdir")
    save(writer, tree, {"name": "v1"})
    modelstore.publish(writer, tree, "prod", "BUFdir", MODEL, 1)
    save(writer, tree, {"name": "draft"})
    with pytest.raises(modelstore.WorkingVersionExists) as refused:
        modelstore.new_version(writer, tree, "prod", "BUFdir", MODEL, 1)
    assert refused.value.number == 2
    assert str(refused.value) == f"{MODEL} already has working version 2"
    with pytest.raises(modelstore.VersionNotPublished):
        modelstore.new_version(writer, tree, "prod", "BUFdir", MODEL, 2)
    modelstore.discard(writer, tree, "prod", "BUFdir", MODEL, 2)
    with pytest.raises(modelstore.VersionNotPublished):
        modelstore.new_version(writer, tree, "prod", "BUFdir", MODEL, 2)
    with pytest.raises(NoSuchEntry):
        modelstore.new_version(writer, tree, "prod", "BUFdir", MODEL, 9)
    model = modelstore.get_model(writer, tree, "prod", "BUFdir", MODEL)
    assert [(v.number, v.state) for v in model.versions] == [(1, "published"), (2, "discarded")]


def test_only_the_domains_writers_start_a_new_version(bound, tree, cleanup):
    """A reader sees the published version but the directory refuses the new one."""
    writer = bound("skriver.bufdir")
    save(writer, tree, {"name": "v1"})
    modelstore.publish(writer, tree, "prod", "BUFdir", MODEL, 1)
    with pytest.raises(InsufficientAccess):
        modelstore.new_version(bound("leser.prod"), tree, "prod", "BUFdir", MODEL, 1)
    model = modelstore.get_model(writer, tree, "prod", "BUFdir", MODEL)
    assert [(v.number, v.state) for v in model.versions] == [(1, "published")]
