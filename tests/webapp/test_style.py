"""The one style sheet keeps what markup tests cannot see: focus contrast and reflow."""

import re
from pathlib import Path

CSS = (Path(__file__).resolve().parents[2] / "webapp" / "static" / "style.css").read_text()


def luminance(colour: str) -> float:
    """Relative luminance of a #rrggbb colour (WCAG 2.1 definition)."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def rules() -> list[tuple[str, str]]:
    """(selector, declarations) for each rule, comments removed (a simple parse: no nesting)."""
    text = re.sub(r"/\*.*?\*/", "", CSS, flags=re.S)
    return [(s.strip(), d.strip()) for s, d in re.findall(r"([^{}]+)\{([^{}]*)\}", text)]


def test_the_focus_outline_has_3_to_1_contrast_against_the_page():
    """WCAG 1.4.11: the focus ring is dark, at least 3:1 on white (the old #ffbf47 was 1.64:1)."""
    focus = [d for s, d in rules() if "a:focus" in s and "button:focus" in s]
    assert len(focus) == 1
    colour = re.search(r"outline:\s*\d+px\s+solid\s+(#[0-9a-fA-F]{6})", focus[0]).group(1)
    assert contrast(colour, "#ffffff") >= 3
    # The yellow band next to the control is there for blue buttons: 3:1 on the accent.
    accent = re.search(r"--ds-accent:\s*(#[0-9a-fA-F]{6})", CSS).group(1)
    band = re.search(r"box-shadow:[^;]*(#[0-9a-fA-F]{6})", focus[0]).group(1)
    assert contrast(band, accent) >= 3


def test_contrast_is_computed_as_wcag_defines_it():
    assert round(contrast("#ffbf47", "#ffffff"), 2) == 1.64
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0


def test_long_code_and_preformatted_text_wrap_and_tables_scroll_in_their_region():
    """WCAG 1.4.10 at 320 px: nothing forces the page itself to scroll sideways."""
    found = dict(rules())
    assert "overflow-wrap: anywhere" in found["code"]
    assert "white-space: pre-wrap" in found["pre"] and "overflow-wrap: anywhere" in found["pre"]
    assert "overflow-x: auto" in found[".table-scroll"]


def test_the_schedules_tables_scroll_in_a_named_region_with_caption_and_headers(client):
    """The public schedule page: each table in a keyboard-focusable, named scrolling region."""
    html = client.get("/kursmiljo/oppdateringer").get_data(as_text=True)
    regions = re.findall(r'<div class="table-scroll"([^>]*)>\s*<table>\s*<caption', html)
    assert regions and len(regions) == html.count("<table>")
    for attributes in regions:
        assert 'role="region"' in attributes and 'tabindex="0"' in attributes
        assert re.search(r'aria-label="[^"]+"', attributes)
