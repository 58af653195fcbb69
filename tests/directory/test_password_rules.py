"""The rules file slapd's check module reads is made from the web app's own rules."""

from directory import password_rules
from webapp.auth import passwords


def _section(name: str) -> list[str]:
    lines = password_rules.rules_text().splitlines()
    start = next(i for i, line in enumerate(lines) if line.split()[0] == name)
    count = int(lines[start].split()[1])
    return lines[start + 1 : start + 1 + count]


def test_the_module_reads_the_same_common_passwords_as_the_form():
    """Every listed password the lengths let through, and no other."""
    lengths = range(passwords.MIN_LENGTH, passwords.MAX_LENGTH + 1)
    assert set(_section("common")) == {w for w in passwords.common_passwords() if len(w) in lengths}


def test_the_module_reads_the_same_lengths_as_the_form():
    lines = password_rules.rules_text().splitlines()
    assert lines[1:3] == [f"min {passwords.MIN_LENGTH}", f"max {passwords.MAX_LENGTH}"]


def test_the_characters_the_module_accepts_are_kept_as_they_are_by_saslprep():
    """Each range holds only characters SASLprep neither changes nor refuses; ASCII is in."""
    from directory.connection import prepared_password

    ranges = [tuple(int(x, 16) for x in line.split()) for line in _section("allowed")]
    assert (0x20, 0x7E) in ranges
    for first, last in ranges:
        for code in (first, last, (first + last) // 2):
            assert prepared_password(f"a{chr(code)}b") == f"a{chr(code)}b", hex(code)
