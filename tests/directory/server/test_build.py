"""What a build records about its source, so `make run` notices an outdated directory."""

import shutil

import pytest
from click.testing import CliRunner

from directory import layout
from directory.cli import main
from directory.server.build import SOURCE_FILE, outdated, source_hash
from tests.directory.server.test_slapd import build_small


@pytest.fixture
def ldif_copy(tmp_path, monkeypatch):
    copy = tmp_path / "ldif"
    shutil.copytree(layout.LDIF_DIR, copy)
    monkeypatch.setattr(layout, "LDIF_DIR", copy)
    return copy


def test_the_source_hash_is_the_same_for_the_same_files(ldif_copy):
    assert source_hash() == source_hash()


@pytest.mark.parametrize(
    "change",
    [
        lambda d: (d / "config.ldif.in").write_text((d / "config.ldif.in").read_text() + "\n"),
        lambda d: (d / "schema" / "seres.ldif").unlink(),
        lambda d: (d / "schema" / "extra.ldif").write_text("dn: cn=extra\n"),
        lambda d: (d / "demo.ldif").rename(d / "demo2.ldif"),
    ],
    ids=["changed", "removed", "added", "renamed"],
)
def test_the_source_hash_changes_with_any_file_under_ldif(ldif_copy, change):
    before = source_hash()
    change(ldif_copy)
    assert source_hash() != before


def test_the_source_hash_changes_with_the_argon2_cost(ldif_copy, monkeypatch):
    before = source_hash()
    monkeypatch.setattr(layout, "ARGON2_MODULE", "argon2 m=65536 t=3 p=1")
    assert source_hash() != before


def test_a_build_records_its_source_and_up_to_date_says_when_it_differs(tmp_path):
    root = build_small(tmp_path / "built")
    assert (root / SOURCE_FILE).read_text().strip() == source_hash()
    assert outdated(root) is None
    assert CliRunner().invoke(main, ["directory", "up-to-date", str(root)]).exit_code == 0

    (root / SOURCE_FILE).write_text("0" * 64 + "\n")
    result = CliRunner().invoke(main, ["directory", "up-to-date", str(root)])
    assert result.exit_code == 1
    assert "other ldif/ files" in result.output

    (root / SOURCE_FILE).unlink()
    result = CliRunner().invoke(main, ["directory", "up-to-date", str(root)])
    assert result.exit_code == 1
    assert "older version" in result.output
