"""The `seres directory` commands: build from ldif/, and check a server against it."""

import subprocess
import sys

import pytest
from click.testing import CliRunner

from directory.cli import main
from directory.server.slapd import Slapd, free_port


def test_build_makes_a_directory_that_serves_the_demo_tree(tmp_path, accounts):
    """`seres directory build DIR --demo` gives a server with the demo people."""
    root = tmp_path / "built"
    result = CliRunner().invoke(main, ["directory", "build", str(root), "--demo", "--nosync"])
    assert result.exit_code == 0, result.output
    from directory.connection import Servers
    from directory.settings import Settings

    with Slapd(root, port=free_port()) as server:
        tools = accounts["tools"]
        with Servers(Settings((server.url,), tools.dn, tools.password)).service() as ldap:
            assert ldap.exists(accounts["brukerservice"].dn)


def test_build_without_demo_needs_a_manager_password(tmp_path):
    """A production build never falls back to the demo manager password."""
    result = CliRunner().invoke(main, ["directory", "build", str(tmp_path / "x")])
    assert result.exit_code != 0
    assert "manager-password-file" in result.output
    assert not (tmp_path / "x").exists()


def test_check_finds_a_server_that_matches_ldif(slapd, accounts, tmp_path):
    """The test server is built from ldif/: schema and configuration match."""
    password = tmp_path / "pw"
    password.write_text(accounts["tools"].password)
    result = CliRunner().invoke(
        main,
        [
            "directory",
            "check",
            slapd.url,
            "--bind-dn",
            accounts["tools"].dn,
            "--password-file",
            str(password),
            "--ldapi",
            slapd.ldapi,
        ],
    )
    assert result.exit_code == 0, result.output
    assert " 0 differ" in result.output


def check_changed_server(tmp_path, accounts, ldapmodify: list[str], change: str, edit=None):
    """Build a demo server, change it with ``ldapmodify`` (``-H`` URL added), run the check.

    ``edit(root)``, if given, changes the built files instead.
    """
    root = tmp_path / "drifted"
    CliRunner().invoke(main, ["directory", "build", str(root), "--demo", "--nosync"])
    with Slapd(root, port=free_port()) as server:
        url = server.ldapi if "EXTERNAL" in ldapmodify else server.url
        if edit:
            edit(root)
        else:
            subprocess.run(
                ["ldapmodify", "-H", url, *ldapmodify],
                input=change,
                text=True,
                check=True,
                capture_output=True,
            )
        password = tmp_path / "pw"
        password.write_text(accounts["tools"].password)
        return CliRunner().invoke(
            main,
            [
                "directory",
                "check",
                server.url,
                "--bind-dn",
                accounts["tools"].dn,
                "--password-file",
                str(password),
                "--ldapi",
                server.ldapi,
            ],
        )


@pytest.mark.parametrize(
    ("change", "attribute"),
    [
        ("delete: olcAccess\nolcAccess: {5}\n-\n", "olcAccess"),
        # Adds checked attribute by attribute: without it the attribute rules miss adds.
        ("replace: olcAddContentAcl\nolcAddContentAcl: FALSE\n-\n", "olcAddContentAcl"),
    ],
    ids=["access-rule", "add-content-acl"],
)
def test_check_reports_an_access_rule_changed_on_the_server(tmp_path, accounts, change, attribute):
    """A server whose access rules drifted from ldif/ fails the check and says where."""
    result = check_changed_server(
        tmp_path,
        accounts,
        ["-Q", "-Y", "EXTERNAL"],
        "dn: olcDatabase={2}mdb,cn=config\nchangetype: modify\n" + change,
    )
    assert result.exit_code == 1
    assert f"DIFFERS configuration: {attribute}" in result.output


@pytest.mark.parametrize(
    ("change", "reported"),
    [
        # The password history that let anyone bound test any password.
        (
            "dn: cn=password,ou=tokens,dc=seres,dc=example\nchangetype: modify\n"
            "replace: pwdInHistory\npwdInHistory: 5\n-\n",
            "password policy: policy cn=password,ou=tokens,dc=seres,dc=example differs",
        ),
        # A service account under the people's policy, which locks.
        (
            "dn: cn=sync,ou=services,dc=seres,dc=example\nchangetype: modify\n"
            "delete: pwdPolicySubentry\n-\n",
            "password policy: cn=sync,ou=services,dc=seres,dc=example has pwdPolicySubentry (none)",
        ),
    ],
    ids=["history", "service-without-its-policy"],
)
def test_check_reports_an_old_password_policy(tmp_path, accounts, change, reported):
    """A server still on the old policy fails the check and says what to change."""
    manager = accounts["manager"]
    result = check_changed_server(
        tmp_path, accounts, ["-x", "-D", manager.dn, "-w", manager.password], change
    )
    assert result.exit_code == 1
    assert f"DIFFERS {reported}" in result.output


def test_check_reports_password_rules_older_than_ldif(tmp_path, accounts):
    """A rules file from before a change to the list or the lengths: rebuild."""

    def old_rules(root):
        rules = root / "password-rules"
        rules.write_text(rules.read_text().replace("min 12", "min 8"))

    result = check_changed_server(tmp_path, accounts, [], "", edit=old_rules)
    assert result.exit_code == 1
    assert "password-rules differs from the rules in directory/password_rules.py" in result.output


def test_check_leaves_the_sites_service_networks_alone(tmp_path, accounts):
    """Built with --service-network, the server still matches ldif/; a bad network is refused."""
    root = tmp_path / "site"
    result = CliRunner().invoke(
        main,
        ["directory", "build", str(root), "--demo", "--nosync", "--service-network", "10.1.0.0/16"],
    )
    assert result.exit_code == 0, result.output
    with Slapd(root, port=free_port()) as server:
        result = CliRunner().invoke(
            main,
            ["directory", "check", server.url, "--ldapi", server.ldapi]
            + ["--bind-dn", "cn=manager,dc=seres,dc=example", "--password-file", "-"],
            input=accounts["manager"].password,
        )
    assert result.exit_code == 0, result.output
    bad = CliRunner().invoke(
        main,
        ["directory", "build", str(tmp_path / "bad"), "--demo", "--service-network", "10.1.0.1/16"],
    )
    assert bad.exit_code == 2
    assert "not an IP network" in bad.output
    assert not (tmp_path / "bad").exists()


def test_the_seres_console_script_is_installed():
    """`seres --help` runs as a console script."""
    out = subprocess.run(
        [sys.executable, "-m", "directory.cli", "--help"], capture_output=True, text=True
    )
    assert out.returncode == 0 and "directory" in out.stdout


def test_a_schema_difference_names_the_kind_in_the_singular():
    """'objectClass seresDomain', not 'objectClasse seresDomain'."""
    from directory.server.check import schema_of

    class Served:
        def read(self, dn, attributes):
            return {
                "attributeTypes": ["( 1.2.3 NAME 'seresThing' )"],
                "objectClasses": ["( 1.2.4 NAME ( 'seresDomain' 'seresDom' ) )"],
            }

    assert set(schema_of(Served())) == {"attributeType seresThing", "objectClass seresDomain"}
