"""Back up a running directory, destroy it, restore it: the same entries, and binds work."""

import json
import shutil

import pytest
from click.testing import CliRunner

from directory.cli import main
from directory.connection import Servers
from directory.errors import InvalidCredentials
from directory.server.build import BuildOptions, build
from directory.server.slapd import Slapd, free_port
from directory.settings import Settings
from directory.tree import Tree
from tests.support import Binder


def everything(ldap, suffix):
    """Every entry of the data with its user attributes and entryUUID."""
    found = ldap.paged(suffix, attributes=["*", "entryUUID"], raw=True)
    return {dn.lower(): {k.lower(): sorted(v) for k, v in attrs.items()} for dn, attrs in found}


def test_backup_destroy_restore_gives_the_same_directory(tmp_path, accounts):
    tree = Tree()
    root = tmp_path / "server"
    build(root, BuildOptions(manager_password=accounts["manager"].password, nosync=True))
    port = free_port()
    manager = Settings(
        (f"ldap://127.0.0.1:{port}",), accounts["manager"].dn, accounts["manager"].password
    )
    webapp = manager.with_identity(accounts["webapp"].dn, accounts["webapp"].password)
    runner = CliRunner()
    binder = Binder(f"ldap://127.0.0.1:{port}", tree, accounts["webapp"])
    person = accounts["leser.prod"]
    with Slapd(root, port=port):
        used = binder.next_code(person.username, person.otp_secret)
        binder.servers().bind(person.dn, person.password + used).close()
        with Servers(manager).service() as ldap:
            ldap.add(
                tree.person("backedup"),
                ["inetOrgPerson"],
                {"uid": "backedup", "cn": "Backed Up", "sn": "Up"},
            )
            before = everything(ldap, tree.suffix)
        out = runner.invoke(main, ["directory", "backup", str(tmp_path / "b"), "--root", str(root)])
        assert out.exit_code == 0, out.output
    manifest = json.loads((tmp_path / "b" / "manifest.json").read_text())
    assert manifest["suffix"] == tree.suffix and manifest["slapd_version"].startswith("2.")
    assert set(manifest["files"]) == {"config.ldif", "data.ldif", "accesslog.ldif"}
    assert manifest["files"]["data.ldif"]["entries"] == len(before)
    assert manifest["files"]["accesslog.ldif"]["entries"] > 1  # the add above, at least
    shutil.rmtree(root)
    # Onto another folder: cn=config's paths follow it.
    restored = tmp_path / "restored"
    out = runner.invoke(
        main, ["directory", "restore", str(tmp_path / "b"), "--root", str(restored)]
    )
    assert out.exit_code == 0, out.output
    assert not root.exists()
    with Slapd(restored, port=port):
        with Servers(manager).service() as ldap:
            assert everything(ldap, tree.suffix) == before
        with Servers(webapp).service() as ldap:  # a service account's password still binds
            assert ldap.exists(tree.person("backedup"))
        # A person binds with the next code; the code used before the backup stays used.
        binder.person(person).close()
        with pytest.raises(InvalidCredentials):
            binder.servers().bind(person.dn, person.password + used)


def test_a_changed_backup_file_is_refused(tmp_path, slapd):
    out = CliRunner().invoke(
        main, ["directory", "backup", str(tmp_path / "b"), "--root", str(slapd.root)]
    )
    assert out.exit_code == 0, out.output
    with open(tmp_path / "b" / "data.ldif", "ab") as f:
        f.write(b"\n")
    out = CliRunner().invoke(
        main, ["directory", "restore", str(tmp_path / "b"), "--root", str(tmp_path / "new")]
    )
    assert out.exit_code == 1
    assert "data.ldif" in out.output and not (tmp_path / "new").exists()


def test_restore_refuses_an_existing_folder(tmp_path, slapd):
    CliRunner().invoke(
        main, ["directory", "backup", str(tmp_path / "b"), "--root", str(slapd.root)]
    )
    out = CliRunner().invoke(
        main, ["directory", "restore", str(tmp_path / "b"), "--root", str(slapd.root)]
    )
    assert out.exit_code == 1 and "exists" in out.output
