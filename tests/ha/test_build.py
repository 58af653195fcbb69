"""`seres directory build --provider N --peer URL`: a provider of a multi-provider set."""

from click.testing import CliRunner

from directory.cli import main


def config_text(root) -> str:
    files = sorted((root / "slapd.d").rglob("*.ldif"))
    return "\n".join(path.read_text() for path in files)


def test_build_with_provider_and_peer_makes_a_replicating_provider(tmp_path):
    """Server id, syncprov first on both databases, a consumer of the peer, multi-provider on."""
    root = tmp_path / "p2"
    args = ["directory", "build", str(root), "--demo", "--nosync", "--provider", "2"]
    result = CliRunner().invoke(main, [*args, "--peer", "ldap://127.0.0.1:3389"])
    assert result.exit_code == 0, result.output
    text = config_text(root)
    assert "olcServerID: 2" in text
    assert "olcMultiProvider: TRUE" in text
    assert "rid=001 provider=ldap://127.0.0.1:3389" in text
    for db in ("{1}mdb", "{2}mdb"):
        assert (
            root / "slapd.d" / "cn=config" / f"olcDatabase={db}" / "olcOverlay={0}syncprov.ldif"
        ).exists()


def test_two_providers_built_apart_hold_the_same_entry_identities(tmp_path):
    """entryUUID and entryCSN depend on the DN only, so the first meeting copies nothing."""
    from directory.server.build import merged_entries
    from directory.server.replication import stamped

    entries = merged_entries(
        "dn: ou=x,dc=seres,dc=example\nobjectClass: organizationalUnit\nou: x\n"
    )
    first, second = list(stamped(entries)), list(stamped(entries))
    assert first == second
    assert (
        first[0][1]["entryUUID"]
        != list(
            stamped(
                merged_entries(
                    "dn: ou=y,dc=seres,dc=example\nobjectClass: organizationalUnit\nou: y\n"
                )
            )
        )[0][1]["entryUUID"]
    )


def test_provider_without_peer_is_refused(tmp_path):
    """--provider and --peer go together; nothing is built."""
    result = CliRunner().invoke(
        main, ["directory", "build", str(tmp_path / "p"), "--demo", "--provider", "1"]
    )
    assert result.exit_code == 2
    assert "--provider and --peer go together" in result.output
    assert not (tmp_path / "p").exists()


def test_a_peer_that_is_not_an_ldap_url_is_refused(tmp_path):
    result = CliRunner().invoke(
        main,
        ["directory", "build", str(tmp_path / "p"), "--demo", "--provider", "1", "--peer", "x y"],
    )
    assert result.exit_code == 2
    assert "not an ldap:// or ldaps:// URL" in result.output
