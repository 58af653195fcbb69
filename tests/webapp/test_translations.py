"""Every user-facing string has a Norwegian bokmål translation."""

import importlib.util
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]


def load_messages_script():
    spec = importlib.util.spec_from_file_location("messages", ROOT / "scripts" / "messages.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_string_in_the_web_app_is_translated_to_bokmal():
    """Extracting each feature's strings anew finds none its nb catalogue lacks or leaves empty."""
    messages = load_messages_script()
    untranslated = []
    for feature in messages.features():
        wanted = {m.id for m in messages.extract(feature) if m.id}
        path = messages.catalog_path(feature)
        done = set()
        if path.exists():
            with path.open("rb") as f:
                done = {m.id for m in read_po(f) if m.id and m.string and not m.fuzzy}
        untranslated += [f"{feature.name}: {msgid}" for msgid in sorted(wanted - done)]
    assert untranslated == []


def test_the_extraction_finds_the_strings_of_templates_and_code():
    """The check above would see a new string: the front page's heading is extracted."""
    messages = load_messages_script()
    found = {m.id for feature in messages.features() for m in messages.extract(feature)}
    assert {"Environments and domains", "The page was not found"} <= found


def test_the_bokmal_words_the_review_corrected_stay_corrected():
    """ "Skrivere" means printers; one word for restrictions (Restriksjon, as SERES says);
    the register, not "Katalogen", in what everyone reads (the desk's own words keep it)."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "webapp"
    msgstrs = "\n".join(
        line
        for po in root.rglob("nb/LC_MESSAGES/messages.po")
        for line in po.read_text().splitlines()
        if not line.startswith(("msgid", "#"))
    )
    wrong_words = ("Skrivere", "skrivere", "Begrensning", "begrensning", "TTT:MM")
    for wrong in (*wrong_words, "Katalogen tillot", "Katalogen svarer", "Katalogen godtok"):
        assert wrong not in msgstrs, wrong
    assert '"bare kurs"' not in msgstrs
    assert " unbounded" not in msgstrs.replace("«unbounded»", "")
