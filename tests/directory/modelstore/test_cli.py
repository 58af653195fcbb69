"""`seres models import/export` against the real slapd, as a person (password + code)."""

import json

import pytest
import xmlschema
from click.testing import CliRunner

from directory.cli import main
from directory.modelstore import store as modelstore
from models import from_dict, generate_xsd, import_xsd, seres_xsd, to_csharp
from models.compare import differences
from tests.directory.modelstore.conftest import MODEL, SAMPLE
from tests.models.conftest import SAMPLES, read_sample


@pytest.fixture
def writer(make_person, tree):
    """A throw-away person who reads production and writes BUFdir there."""
    return make_person(groups=(tree.readers("prod"), tree.writers("prod", "BUFdir")))


@pytest.fixture
def run(slapd, binder):
    """Run `seres` as a person (the password followed by the next code) or a service."""

    def invoke(account, *args):
        password = account.password
        if account.kind == "person":
            password += binder.next_code(account.username, account.otp_secret)
        env = {
            "SERES_LDAP_URLS": slapd.url,
            "SERES_LDAP_BIND_DN": account.dn,
            "SERES_LDAP_PASSWORD": password,
        }
        return CliRunner(env=env).invoke(main, list(args))

    return invoke


def test_a_writer_imports_a_sample_and_sees_its_name_and_version(
    run, writer, manager, tree, cleanup
):
    """The working version is stored in the domain; the output names model and version."""
    result = run(writer, "models", "import", str(SAMPLES / SAMPLE), "--domain", "BUFdir")
    assert result.exit_code == 0, result.output
    assert "HvemErHvem_M version 1 (working) in BUFdir (prod)" in result.output
    stored = modelstore.get_model(manager, tree, "prod", "BUFdir", MODEL)
    assert [(v.number, v.state, v.data_format_id) for v in stored.versions] == [
        (1, "working", "5742")
    ]


def test_import_warnings_are_printed_by_name(run, writer, tmp_path, cleanup):
    """What the model cannot hold is listed with its code."""
    source = read_sample(SAMPLE).replace(
        b'name="navn" type="Navn"', b'name="navn" type="Navn" default="x"'
    )
    path = tmp_path / "with-default.xsd"
    path.write_bytes(source)
    result = run(writer, "models", "import", str(path), "--domain", "BUFdir")
    assert result.exit_code == 0, result.output
    assert "warning unsupported_attribute: unsupported attribute default" in result.output


def test_import_into_another_domain_is_refused_by_the_directory(run, writer, manager, tree):
    """A BUFdir writer cannot store a model in Legemiddelverket: non-zero, nothing written."""
    result = run(writer, "models", "import", str(SAMPLES / SAMPLE), "--domain", "Legemiddelverket")
    assert result.exit_code == 2
    assert "refused" in result.output
    assert modelstore.get_model(manager, tree, "prod", "Legemiddelverket", MODEL) is None


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "empty"),
        (b"not xml at all", "not_xml"),
        (b"<html><body>hello</body></html>", "html"),
        (b'<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema"/>', "no_root_element"),
    ],
)
def test_a_file_that_is_not_seres_is_refused_with_a_clear_message(
    accounts, run, tmp_path, content, code
):
    """Exit 2 and the reason; the file is read before anything is written."""
    path = tmp_path / "bad.xsd"
    path.write_bytes(content)
    result = run(accounts["tools"], "models", "import", str(path), "--domain", "BUFdir")
    assert result.exit_code == 2
    assert f"is not a SERES XSD ({code})" in result.output


@pytest.mark.parametrize(
    ("old", "new", "code"),
    [
        (
            b'<xsd:attribute name="dataFormatId"',
            b'<xsd:attribute name="andreId"',
            "missing_metadata",
        ),
        (b'name="navn" type="Navn"', b'name="navn" type="Navn" maxOccurs="0"', "bad_occurrence"),
        (b'name="epost"', b'name="navn"', "duplicate_element"),
    ],
)
def test_a_file_that_makes_no_valid_specification_is_refused_with_its_codes(
    accounts, run, manager, tree, tmp_path, cleanup, old, new, code
):
    """Exit 2 and the checks' codes; nothing is stored (a download of it would fail)."""
    path = tmp_path / "spoiled.xsd"
    assert old in read_sample(SAMPLE)
    path.write_bytes(read_sample(SAMPLE).replace(old, new, 1))
    result = run(accounts["tools"], "models", "import", str(path), "--domain", "BUFdir")
    assert result.exit_code == 2, result.output
    assert "does not make a valid message specification" in result.output
    assert f"{code}: " in result.output
    assert modelstore.get_model(manager, tree, "prod", "BUFdir", MODEL) is None


def test_a_model_name_the_directory_cannot_hold_is_refused(accounts, run, tmp_path):
    """A name like _M imports but cannot name an entry: exit 2 with the reason, not a trace."""
    path = tmp_path / "underscore.xsd"
    path.write_bytes(read_sample(SAMPLE).replace(MODEL.encode(), b"_M"))
    result = run(accounts["tools"], "models", "import", str(path), "--domain", "BUFdir")
    assert result.exit_code == 2, result.output
    assert "the model's name cannot be stored" in result.output


def test_export_of_both_variants_equals_the_import(
    run, writer, accounts, manager, tree, tmp_path, cleanup
):
    """The writer exports the working version; after publishing, a service account too."""
    assert (
        run(writer, "models", "import", str(SAMPLES / SAMPLE), "--domain", "BUFdir").exit_code == 0
    )
    out = tmp_path / "working.xsd"
    result = run(writer, "models", "export", "BUFdir", MODEL, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert list(differences(read_sample(SAMPLE), out.read_bytes())) == []
    modelstore.publish(manager, tree, "prod", "BUFdir", MODEL, 1)
    for variant in ("altinn", "standard"):
        result = run(accounts["tools"], "models", "export", "BUFdir", MODEL, "--variant", variant)
        assert result.exit_code == 0, result.output
        assert list(differences(read_sample(SAMPLE), result.stdout_bytes)) == []
        assert import_xsd(result.stdout_bytes).model.variant == variant


def test_export_of_a_working_version_is_hidden_from_a_service_account(
    run, writer, accounts, cleanup
):
    """Only the domain's writers see a working version: the tools account gets an error."""
    assert (
        run(writer, "models", "import", str(SAMPLES / SAMPLE), "--domain", "BUFdir").exit_code == 0
    )
    result = run(accounts["tools"], "models", "export", "BUFdir", MODEL, "--version", "1")
    assert result.exit_code == 2
    assert "HvemErHvem_M has no version 1 visible in BUFdir (prod)" in result.output


def test_export_without_a_visible_version_says_why(run, writer, accounts, cleanup):
    """No "version  visible" with an empty number: the message names what is missing and
    why (only the domain's writers see a working version)."""
    assert (
        run(writer, "models", "import", str(SAMPLES / SAMPLE), "--domain", "BUFdir").exit_code == 0
    )
    result = run(accounts["tools"], "models", "export", "BUFdir", MODEL)
    assert result.exit_code == 2
    assert "version  " not in result.output
    assert "has no published version, nor a working one, visible" in result.output
    assert "visible to the domain's writers only" in result.output
    missing = run(accounts["tools"], "models", "export", "BUFdir", "Finnes_M")
    assert missing.exit_code == 2
    assert "there is no model Finnes_M in BUFdir (prod) that this identity may see" in (
        missing.output
    )


def test_export_to_a_file_writes_seres_xsd_beside_it(run, writer, tmp_path, cleanup):
    """The standard variant imports seres.xsd: the export puts it in the same folder."""
    assert (
        run(writer, "models", "import", str(SAMPLES / SAMPLE), "--domain", "BUFdir").exit_code == 0
    )
    out = tmp_path / "standard.xsd"
    result = run(
        writer, "models", "export", "BUFdir", MODEL, "--variant", "standard", "-o", str(out)
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "seres.xsd").read_bytes() == seres_xsd()
    assert "seres.xsd" in result.output
    # It resolves the import by its relative location, with no help.
    xmlschema.XMLSchema(str(out), allow="local")
    altinn = tmp_path / "altinn" / "a.xsd"
    altinn.parent.mkdir()
    result = run(
        writer, "models", "export", "BUFdir", MODEL, "--variant", "altinn", "-o", str(altinn)
    )
    assert result.exit_code == 0, result.output
    assert not (altinn.parent / "seres.xsd").exists()  # this one imports nothing


def test_import_refuses_a_file_over_the_webs_limit_unless_max_size_allows(
    run, writer, manager, tree, tmp_path, cleanup
):
    """2 MB, as on the web, by default; --max-size changes it; nothing stored when refused."""
    big = tmp_path / "big.xsd"
    data = read_sample(SAMPLE)
    big.write_bytes(
        data.replace(b"</xsd:schema>", b"<!--" + b"x" * (2 * 1024 * 1024) + b"-->\n</xsd:schema>")
    )
    result = run(writer, "models", "import", str(big), "--domain", "BUFdir")
    assert result.exit_code == 2
    assert "more than the limit of 2097152 bytes (--max-size allows more)" in result.output
    assert states(manager, tree) == []
    small = run(
        writer,
        "models",
        "import",
        str(SAMPLES / SAMPLE),
        "--domain",
        "BUFdir",
        "--max-size",
        "1000",
    )
    assert small.exit_code == 2
    assert states(manager, tree) == []
    allowed = run(
        writer,
        "models",
        "import",
        str(big),
        "--domain",
        "BUFdir",
        "--max-size",
        str(3 * 1024 * 1024),
    )
    assert allowed.exit_code == 0, allowed.output
    assert states(manager, tree) == [(1, "working")]


def states(manager, tree, domain="BUFdir"):
    found = modelstore.get_model(manager, tree, "prod", domain, MODEL)
    return [] if found is None else [(v.number, v.state) for v in found.versions]


def test_a_writer_discards_the_working_version_and_the_next_import_starts_anew(
    run, writer, manager, tree, cleanup
):
    """`discard` names what it did; importing again gives version 2."""
    assert (
        run(writer, "models", "import", str(SAMPLES / SAMPLE), "--domain", "BUFdir").exit_code == 0
    )
    result = run(writer, "models", "discard", "BUFdir", MODEL)
    assert result.exit_code == 0, result.output
    assert "HvemErHvem_M version 1 (discarded) in BUFdir (prod)" in result.output
    assert states(manager, tree) == [(1, "discarded")]
    result = run(writer, "models", "discard", "BUFdir", MODEL)
    assert result.exit_code == 2
    assert "HvemErHvem_M has no working version visible in BUFdir (prod)" in result.output
    result = run(writer, "models", "import", str(SAMPLES / SAMPLE), "--domain", "BUFdir")
    assert "HvemErHvem_M version 2 (working)" in result.output
    assert states(manager, tree) == [(1, "discarded"), (2, "working")]


def test_discard_is_refused_to_others_by_the_directory(
    run, writer, make_person, accounts, manager, tree, cleanup
):
    """Another domain's writer sees no working version; sync sees it but may not write."""
    assert (
        run(writer, "models", "import", str(SAMPLES / SAMPLE), "--domain", "BUFdir").exit_code == 0
    )
    other = make_person(groups=(tree.readers("prod"), tree.writers("prod", "Legemiddelverket")))
    result = run(other, "models", "discard", "BUFdir", MODEL, "--version", "1")
    assert result.exit_code == 2
    assert "has no version 1 visible" in result.output
    result = run(accounts["sync"], "models", "discard", "BUFdir", MODEL)
    assert result.exit_code == 2
    assert "the directory refused to discard HvemErHvem_M in BUFdir (prod)" in result.output
    assert states(manager, tree) == [(1, "working")]


def test_a_published_version_cannot_be_discarded(run, writer, manager, tree, cleanup):
    """Exit 2 with the reason; it stays published."""
    assert (
        run(writer, "models", "import", str(SAMPLES / SAMPLE), "--domain", "BUFdir").exit_code == 0
    )
    modelstore.publish(manager, tree, "prod", "BUFdir", MODEL, 1)
    result = run(writer, "models", "discard", "BUFdir", MODEL, "--version", "1")
    assert result.exit_code == 2
    assert "only a working version can be discarded" in result.output
    assert states(manager, tree) == [(1, "published")]


def test_a_writer_starts_a_new_version_from_the_published_one(run, writer, manager, tree, cleanup):
    """`new-version` copies the latest published version; a second is refused while working."""
    assert (
        run(writer, "models", "import", str(SAMPLES / SAMPLE), "--domain", "BUFdir").exit_code == 0
    )
    result = run(writer, "models", "new-version", "BUFdir", MODEL)
    assert result.exit_code == 2
    assert "HvemErHvem_M has no published version visible in BUFdir (prod)" in result.output
    modelstore.publish(manager, tree, "prod", "BUFdir", MODEL, 1)
    result = run(writer, "models", "new-version", "BUFdir", MODEL)
    assert result.exit_code == 0, result.output
    assert "HvemErHvem_M version 2 (working) from version 1 in BUFdir (prod)" in result.output
    assert states(manager, tree) == [(1, "published"), (2, "working")]
    assert modelstore.load(manager, tree, "prod", "BUFdir", MODEL, 2) == modelstore.load(
        manager, tree, "prod", "BUFdir", MODEL, 1
    )
    result = run(writer, "models", "new-version", "BUFdir", MODEL, "--from", "1")
    assert result.exit_code == 2
    assert "HvemErHvem_M already has working version 2: publish or discard it first" in (
        result.output
    )
    result = run(writer, "models", "new-version", "BUFdir", MODEL, "--from", "2")
    assert result.exit_code == 2
    assert "starts from a published or historic one" in result.output
    assert states(manager, tree) == [(1, "published"), (2, "working")]


def test_a_new_version_is_refused_to_others_by_the_directory(
    run, writer, make_person, manager, tree, cleanup
):
    """Another domain's writer sees the published version; slapd refuses the new one."""
    assert (
        run(writer, "models", "import", str(SAMPLES / SAMPLE), "--domain", "BUFdir").exit_code == 0
    )
    modelstore.publish(manager, tree, "prod", "BUFdir", MODEL, 1)
    other = make_person(groups=(tree.readers("prod"), tree.writers("prod", "Legemiddelverket")))
    result = run(other, "models", "new-version", "BUFdir", MODEL)
    assert result.exit_code == 2
    assert "the directory refused to add a version of HvemErHvem_M in BUFdir (prod)" in (
        result.output
    )
    assert states(manager, tree) == [(1, "published")]


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"SERES_LDAP_PASSWORD_FILE": "/nonexistent"}, "SERES_LDAP_PASSWORD_FILE: cannot read"),
        ({"SERES_LDAP_TIMEOUT": "x"}, "SERES_LDAP_TIMEOUT must be a number of seconds"),
        ({"SERES_LDAP_URLS": "ldaps//x:abc"}, "SERES_LDAP_URLS: not an LDAP URL"),
    ],
)
def test_bad_settings_are_named_with_exit_2(env, message):
    """`seres models` says which setting is wrong (never the password) instead of a traceback."""
    settings = {"SERES_LDAP_URLS": "ldap://127.0.0.1:9", "SERES_LDAP_PASSWORD": "hemmelig-1234"}
    if "SERES_LDAP_PASSWORD_FILE" in env:
        settings["SERES_LDAP_PASSWORD"] = ""
    out = CliRunner().invoke(main, ["models", "export", "BUFdir", MODEL], env={**settings, **env})
    assert out.exit_code == 2, (out.output, out.exception)
    assert isinstance(out.exception, SystemExit)
    assert message in out.stderr and "hemmelig-1234" not in out.output


def test_export_writes_altinn_studios_json_schema_and_csharp_and_the_schema_reads_back(
    run, writer, manager, tree, tmp_path, cleanup
):
    """--json-schema and --csharp write Altinn Studio's formats; importing the schema gives the model."""
    assert (
        run(writer, "models", "import", str(SAMPLES / SAMPLE), "--domain", "BUFdir").exit_code == 0
    )
    out, schema = tmp_path / "m.xsd", tmp_path / "m.schema.json"
    csharp = tmp_path / "m.cs"
    result = run(
        writer,
        *("models", "export", "BUFdir", MODEL, "-o", str(out)),
        *("--json-schema", str(schema), "--csharp", str(csharp)),
    )
    assert result.exit_code == 0, result.output
    assert f"wrote {csharp}: Altinn Studio's C# model" in result.output
    assert to_csharp(import_xsd(read_sample(SAMPLE)).model) == csharp.read_text("utf-8")
    assert f"  public class {MODEL}\n" in csharp.read_text("utf-8")
    data = json.loads(schema.read_text("utf-8"))
    assert data["@xsdRootElement"] == "melding"
    assert data["oneOf"] == [{"$ref": f"#/$defs/{MODEL}"}]
    modelstore.discard(manager, tree, "prod", "BUFdir", MODEL, 1)
    again = run(writer, "models", "import", str(schema), "--domain", "BUFdir")
    assert again.exit_code == 0, again.output
    assert "version 2 (working)" in again.output
    stored = modelstore.load(manager, tree, "prod", "BUFdir", MODEL, 2)
    assert list(differences(read_sample(SAMPLE), generate_xsd(from_dict(stored), "altinn"))) == []
