"""ldaps:// checks the server's certificate: a real slapd with a throwaway CA."""

import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from directory.cli import main
from directory.connection import REPLACE, Servers
from directory.errors import InvalidValue, Unavailable
from directory.server.build import BuildOptions, build
from directory.server.slapd import Slapd, free_port
from directory.settings import Settings
from directory.sync.connect import settings_from_env


def openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


def make_ca(where: Path, name: str) -> None:
    """``<name>.crt`` and ``<name>.key``: a CA that signs certificates for a day."""
    openssl(
        "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
        "-nodes", "-days", "1", "-subj", f"/CN=SERES test {name}",
        "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        "-keyout", f"{name}.key", "-out", f"{name}.crt",
        cwd=where,
    )  # fmt: skip


def make_server_cert(where: Path, name: str, ca: str, alt_names: str) -> None:
    """``<name>.crt`` and ``<name>.key``, signed by ``ca``, for ``alt_names`` (subjectAltName)."""
    openssl(
        "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
        "-subj", f"/CN={name}", "-keyout", f"{name}.key", "-out", f"{name}.csr",
        cwd=where,
    )  # fmt: skip
    (where / f"{name}.ext").write_text(
        f"subjectAltName={alt_names}\n"
        "basicConstraints=critical,CA:FALSE\n"
        "keyUsage=critical,digitalSignature,keyEncipherment\n"
        "extendedKeyUsage=serverAuth\n"
        "authorityKeyIdentifier=keyid\n"
        "subjectKeyIdentifier=hash\n"
    )
    openssl(
        "x509", "-req", "-in", f"{name}.csr", "-CA", f"{ca}.crt", "-CAkey", f"{ca}.key",
        "-CAcreateserial", "-days", "1", "-extfile", f"{name}.ext", "-out", f"{name}.crt",
        cwd=where,
    )  # fmt: skip


@pytest.fixture(scope="module")
def certs(tmp_path_factory) -> Path:
    """A CA; its certificates for 127.0.0.1 (and localhost) and for another host; a second CA."""
    where = tmp_path_factory.mktemp("tls")
    make_ca(where, "ca")
    make_server_cert(where, "server", "ca", "DNS:localhost,IP:127.0.0.1")
    make_server_cert(where, "elsewhere", "ca", "DNS:ldap.elsewhere.example")
    make_ca(where, "other-ca")
    return where


def set_certificate(server: Slapd, certs: Path, name: str) -> None:
    """Give slapd a certificate over ldapi as the OS user, as README's TLS section does."""
    with Servers(Settings((server.ldapi,), "", "")).external() as ldap:
        ldap.modify(
            "cn=config",
            {
                "olcTLSCertificateFile": [(REPLACE, [str(certs / f"{name}.crt")])],
                "olcTLSCertificateKeyFile": [(REPLACE, [str(certs / f"{name}.key")])],
            },
        )


@pytest.fixture(scope="module")
def tls_slapd(tmp_path_factory, accounts, certs) -> Slapd:
    """A second slapd from ldif/ that listens with ldaps:// only (and ldapi)."""
    root = tmp_path_factory.mktemp("tls-directory") / "slapd"
    build(root, BuildOptions(manager_password=accounts["manager"].password, nosync=True))
    # Without a certificate slapd does not start with an ldaps listener.
    with Slapd(root):
        set_certificate(Slapd(root), certs, "server")
    server = Slapd(root, ldaps_port=free_port()).start()
    yield server
    server.stop()


def tools_settings(url: str, accounts, tree, ca_file: str | None) -> Settings:
    tools = accounts["tools"]
    return Settings((url,), tools.dn, tools.password, tree.suffix, 2, 5, ca_file)


def test_ldaps_with_the_ca_file_binds(tls_slapd, certs, accounts, tree):
    """The server's certificate is signed by the CA in the file and names 127.0.0.1."""
    settings = tools_settings(tls_slapd.ldaps_url, accounts, tree, str(certs / "ca.crt"))
    with Servers(settings).service() as ldap:
        assert ldap.exists(tree.readers("prod"))
        # The pipeline's second connection goes over the same checked TLS.
        pipeline = ldap.pipeline()
        pipeline.close()


def test_ldaps_by_another_name_in_the_certificate_binds(tls_slapd, certs, accounts, tree):
    """The certificate names localhost too: the name in the URL is what is checked."""
    ca = str(certs / "ca.crt")
    by_name = f"ldaps://localhost:{tls_slapd.ldaps_port}"
    with Servers(tools_settings(by_name, accounts, tree, ca)).service() as ldap:
        assert ldap.exists(tree.readers("prod"))


def test_ldaps_without_the_ca_file_is_refused(tls_slapd, accounts, tree):
    """The system's CAs do not know the throwaway CA: Unavailable, at once."""
    settings = tools_settings(tls_slapd.ldaps_url, accounts, tree, None)
    with pytest.raises(Unavailable, match="certificate is refused: unable to get local issuer"):
        Servers(settings).service()


def test_ldaps_with_another_ca_is_refused(tls_slapd, certs, accounts, tree):
    settings = tools_settings(tls_slapd.ldaps_url, accounts, tree, str(certs / "other-ca.crt"))
    with pytest.raises(Unavailable, match="certificate is refused"):
        Servers(settings).service()


def test_a_certificate_for_another_host_is_refused(tls_slapd, certs, accounts, tree):
    """Signed by the trusted CA, but for ldap.elsewhere.example: refused."""
    ca = str(certs / "ca.crt")
    settings = tools_settings(tls_slapd.ldaps_url, accounts, tree, ca)
    by_name = tools_settings(f"ldaps://localhost:{tls_slapd.ldaps_port}", accounts, tree, ca)
    set_certificate(tls_slapd, certs, "elsewhere")
    try:
        with pytest.raises(Unavailable, match="refused: IP address mismatch, .* '127.0.0.1'"):
            Servers(settings).service()
        with pytest.raises(Unavailable, match="refused: Hostname mismatch, .* 'localhost'"):
            Servers(by_name).service()
    finally:
        set_certificate(tls_slapd, certs, "server")
    with Servers(settings).service() as ldap:
        assert ldap.exists(tree.readers("prod"))


def test_the_ca_file_is_read_from_the_environment(certs):
    settings = Settings.from_env(environ={"SERES_LDAP_CA_FILE": str(certs / "ca.crt")})
    assert settings.ca_file == str(certs / "ca.crt")
    assert Settings.from_env(environ={}).ca_file is None
    assert settings.with_identity("cn=x", "y").ca_file == settings.ca_file


# An unreadable file is an OSError like a missing one; as root (here and in CI)
# no file is unreadable, so that case is not tried.
@pytest.mark.parametrize("problem", ["missing", "directory", "not-pem"])
def test_a_ca_file_that_cannot_be_used_is_a_settings_error(tmp_path, problem):
    path = tmp_path / "ca.pem"
    if problem == "directory":
        path.mkdir()
    elif problem == "not-pem":
        path.write_text("not a certificate\n")
    with pytest.raises(InvalidValue, match=f"^SERES_LDAP_CA_FILE: .*{path}"):
        Settings.from_env(environ={"SERES_LDAP_CA_FILE": str(path)})


def test_the_sync_sides_have_their_own_ca_file(certs, tmp_path):
    """SERES_SYNC_PROD_CA_FILE and SERES_SYNC_COURSE_CA_FILE, falling back to SERES_SYNC_CA_FILE."""
    ca, other = str(certs / "ca.crt"), str(certs / "other-ca.crt")
    environ = {"SERES_SYNC_CA_FILE": ca, "SERES_SYNC_PROD_CA_FILE": other}
    assert settings_from_env("PROD", environ).ca_file == other
    assert settings_from_env("COURSE", environ).ca_file == ca
    missing = str(tmp_path / "nowhere.pem")
    with pytest.raises(InvalidValue, match="^SERES_SYNC_COURSE_CA_FILE: "):
        settings_from_env("COURSE", {"SERES_SYNC_COURSE_CA_FILE": missing})


def test_seres_directory_check_over_ldaps(tls_slapd, certs, accounts, tmp_path):
    """`check` takes --ca-file (or SERES_LDAP_CA_FILE); a refused certificate is a difference."""
    password = tmp_path / "pw"
    password.write_text(accounts["tools"].password)
    args = ["directory", "check", tls_slapd.ldaps_url, "--bind-dn", accounts["tools"].dn]
    args += ["--password-file", str(password)]
    trusted = CliRunner().invoke(main, [*args, "--ca-file", str(certs / "ca.crt")])
    assert trusted.exit_code == 0, trusted.output
    assert " 0 differ" in trusted.output
    refused = CliRunner().invoke(main, args, env={"SERES_LDAP_CA_FILE": ""})
    assert refused.exit_code == 1
    assert "DIFFERS directory error: the server's certificate is refused: " in refused.output
    unreadable = CliRunner().invoke(main, args, env={"SERES_LDAP_CA_FILE": str(tmp_path / "x")})
    assert unreadable.exit_code == 1
    assert unreadable.output.startswith("Error: --ca-file: cannot read CA certificates from ")
