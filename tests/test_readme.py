"""The shell examples of the README and docs/ work against a directory built from ldif/."""

import re
import shlex
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The README shows one question; docs/directory.md the rest, and a person's bind.
PAGES = (ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")))
DEV_URL = "ldap://127.0.0.1:3389"


def shell_blocks() -> list[str]:
    return [
        block
        for page in PAGES
        for block in re.findall(r"```sh\n(.*?)```", page.read_text(), flags=re.S)
    ]


def ldapsearch_examples() -> list[str]:
    return [
        block
        for block in shell_blocks()
        if block.lstrip().startswith("ldapsearch") and "cn=tools" in block
    ]


def run_example(block: str, url: str) -> str:
    command = shlex.split(block.replace("\\\n", " ").replace(DEV_URL, url))
    out = subprocess.run(command, capture_output=True, text=True, check=True)
    return out.stdout


def test_the_readme_shows_the_tool_questions():
    """There are examples for a person's groups and for who may write a domain, one of
    them in the README itself."""
    assert len(ldapsearch_examples()) >= 4
    readme = re.findall(r"```sh\n(.*?)```", PAGES[0].read_text(), flags=re.S)
    assert any(b.lstrip().startswith("ldapsearch") and "cn=tools" in b for b in readme)


def test_each_ldapsearch_example_answers_against_the_demo_directory(slapd):
    """Every example runs as printed (but for the URL) and finds something."""
    answers = [run_example(block, slapd.url) for block in ldapsearch_examples()]
    assert all("dn:" in answer for answer in answers)
    joined = "\n".join(answers).lower()
    assert "memberof: cn=writers-bufdir,ou=groups,ou=prod,dc=seres,dc=example" in joined
    assert "member: uid=skriver.bufdir,ou=people,dc=seres,dc=example" in joined


def test_the_person_bind_example_needs_and_accepts_password_plus_code(slapd, binder, accounts):
    """ldapwhoami as a person with password+code works; the README says how."""
    block = next(b for b in shell_blocks() if "ldapwhoami" in b)
    assert "CODE" in block and "Tindetopp-Sno-2026$CODE" in block
    person = accounts["leser.prod"]
    code = binder.next_code(person.username, person.otp_secret)
    out = subprocess.run(
        ["ldapwhoami", "-x", "-H", slapd.url, "-D", person.dn, "-w", person.password + code],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0 and "leser.prod" in out.stdout
