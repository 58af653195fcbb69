"""The password rules, for the web app's form and the directory's own check alike.

The web app (webapp/auth/passwords.py) says what is wrong in the person's
language; slapd refuses the same passwords whoever sends them, through
ppolicy's pwdCheckModule (ldif/modules/seres-password-check.c), which reads
the file :func:`rules_text` writes at `seres directory build`. Both count
characters of the password as it is stored (SASLprep, RFC 4013), refuse one
that contains the username, and refuse the common passwords below.

The list of common passwords is Django's (django/contrib/auth/common-passwords.txt.gz,
20,000 passwords by Royce Williams, lowercased; BSD/CC-BY), taken from its PyPI
package: Debian's slapd ships no such list, and no check module that reads one.
"""

import functools
import gzip
import stringprep
import unicodedata

from directory import layout

MIN_LENGTH = 12
MAX_LENGTH = 128
COMMON_PASSWORDS = layout.LDIF_DIR / "common-passwords.txt.gz"
# The characters the module accepts are looked for up to here: planes 0-1
# hold every script in use; beyond are rare ideographs, which it refuses.
_LAST_CODE_POINT = 0x1FFFF
# Hangul vowels and final consonants join the syllable before them (NFKC
# composes them algorithmically, not through the decomposition table).
_HANGUL_JOINING = (range(0x1161, 0x1176), range(0x11A8, 0x11C3))


@functools.cache
def common_passwords() -> frozenset[str]:
    with gzip.open(COMMON_PASSWORDS, "rt", encoding="utf-8") as f:
        return frozenset(line.strip() for line in f if line.strip())


@functools.cache
def _joining() -> frozenset[str]:
    """Characters that NFKC may join to the character before them."""
    found = {chr(c) for r in _HANGUL_JOINING for c in r}
    for code in range(_LAST_CODE_POINT + 1):
        parts = unicodedata.decomposition(chr(code)).split()
        if len(parts) == 2 and not parts[0].startswith("<"):
            found.add(chr(int(parts[1], 16)))
    return frozenset(found)


def _kept(char: str) -> bool:
    """SASLprep leaves ``char`` as it is, alone and beside any other kept character.

    Stricter than SASLprep where that keeps the module simple: letters of
    right-to-left scripts and combining marks are refused (SASLprep allows
    them in some orders only).
    """
    return not (
        stringprep.in_table_a1(char)  # unassigned
        or stringprep.in_table_b1(char)  # mapped to nothing
        or stringprep.in_table_c12(char)  # non-ASCII spaces: mapped to a space
        or stringprep.in_table_c21_c22(char)
        or stringprep.in_table_c3(char)
        or stringprep.in_table_c4(char)
        or stringprep.in_table_c5(char)
        or stringprep.in_table_c6(char)
        or stringprep.in_table_c7(char)
        or stringprep.in_table_c8(char)
        or stringprep.in_table_c9(char)
        or unicodedata.bidirectional(char) in ("R", "AL")
        or unicodedata.combining(char)
        or unicodedata.normalize("NFKC", char) != char
        or unicodedata.ucd_3_2_0.normalize("NFKC", char) != char
        or char in _joining()
    )


def _ranges(codes) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for code in codes:
        if out and out[-1][1] == code - 1:
            out[-1][1] = code
        else:
            out.append([code, code])
    return [(a, b) for a, b in out]


@functools.cache
def rules_text() -> str:
    """Return the rules file the check module reads (a few lines of numbers and the list)."""
    allowed = _ranges(c for c in range(_LAST_CODE_POINT + 1) if _kept(chr(c)))
    lower = [
        (c, chr(c).lower())
        for c in range(_LAST_CODE_POINT + 1)
        if _kept(chr(c)) and chr(c).lower() != chr(c)
    ]
    # Shorter or longer ones are refused for their length already.
    common = sorted(w for w in common_passwords() if MIN_LENGTH <= len(w) <= MAX_LENGTH)
    lines = ["seres-password-rules 1", f"min {MIN_LENGTH}", f"max {MAX_LENGTH}"]
    lines.append(f"allowed {len(allowed)}")
    lines += [f"{a:x} {b:x}" for a, b in allowed]
    lines.append(f"lower {len(lower)}")
    lines += [f"{c:x} {len(s)} " + " ".join(f"{ord(x):x}" for x in s) for c, s in lower]
    lines.append(f"common {len(common)}")
    lines += common
    return "\n".join(lines) + "\n"
