"""Extract user-facing strings per feature and update its bokmål catalogue.

Each feature (the core in webapp/, each blueprint package under it) keeps its
own catalogue in <feature>/translations, so features never edit one shared
file; the app loads them all.  Run by `make messages`; then fill in the
empty msgstr lines of the catalogues it names.  A test fails while any
string lacks its bokmål text.
"""

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
WEBAPP = ROOT / "webapp"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None}


def features() -> list[Path]:
    return [WEBAPP] + sorted(p.parent for p in WEBAPP.glob("*/__init__.py"))


def sources(feature: Path) -> list[tuple[str, Path]]:
    """The files whose strings belong to ``feature`` (the core excludes the packages)."""
    if feature == WEBAPP:
        py = sorted(WEBAPP.glob("*.py"))
        html = sorted((WEBAPP / "templates").rglob("*.html"))
    else:
        py = sorted(feature.rglob("*.py"))
        html = sorted((feature / "templates").rglob("*.html"))
    return [("python", p) for p in py] + [("jinja2", p) for p in html]


def extract(feature: Path) -> Catalog:
    catalog = Catalog(locale="nb", project="seres-access")
    for method, path in sources(feature):
        for lineno, message, comments, context in extract_from_file(
            method, str(path), keywords=KEYWORDS
        ):
            catalog.add(
                message,
                locations=[(str(path.relative_to(ROOT)), lineno)],
                auto_comments=comments,
                context=context,
            )
    return catalog


def catalog_path(feature: Path) -> Path:
    return feature / "translations" / "nb" / "LC_MESSAGES" / "messages.po"


def update(feature: Path) -> list[str]:
    """Merge the extracted strings into the feature's nb catalogue; return the untranslated."""
    po_path = catalog_path(feature)
    template = extract(feature)
    if po_path.exists():
        with po_path.open("rb") as f:
            catalog = read_po(f, locale="nb")
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
    else:
        catalog = template
    if not len(catalog):
        return []
    catalog.fuzzy = False  # a fuzzy catalogue would not be compiled
    po_path.parent.mkdir(parents=True, exist_ok=True)
    with po_path.open("wb") as f:
        write_po(f, catalog, width=100)
    return [f"{po_path.relative_to(ROOT)}: {m.id}" for m in catalog if m.id and not m.string]


def main() -> int:
    for line in (line for feature in features() for line in update(feature)):
        print("untranslated:", line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
