"""Language: Norwegian bokmål by default, English on request (Flask-Babel)."""

import functools
from datetime import UTC, date, datetime
from pathlib import Path

from babel import Locale, support
from babel.dates import get_date_format, get_datetime_format, get_time_format
from flask import Flask, current_app, g, request, session
from flask_babel import Babel, format_date, format_datetime, get_locale, get_translations
from wtforms.i18n import messages_path

LANGUAGE_COOKIE = "seres_lang"


def select_locale() -> str:
    """The language chosen on the page, else bokmål.

    The browser's Accept-Language is not followed: many Norwegian users run
    English browsers, and a Norwegian public service speaks bokmål until the
    person picks English with the link on every page.
    """
    chosen = session.get("lang") or request.cookies.get(LANGUAGE_COOKIE)
    if chosen in current_app.config["LANGUAGES"]:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def translation_directories(app: Flask) -> str:
    """Every feature's catalogue: webapp/translations and webapp/<feature>/translations."""
    root = Path(app.root_path)
    found = [root / "translations", *sorted(root.glob("*/translations"))]
    return ";".join(str(p) for p in found if p.is_dir())


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", translation_directories(app))
    Babel(app, locale_selector=select_locale)
    install_template_gettext(app)
    app.context_processor(language_context)
    app.before_request(share_wtforms_catalogue)
    app.add_template_filter(when, "when")
    app.add_template_filter(day, "day")


def request_catalogue() -> support.NullTranslations:
    """The catalogue of the request's current language, looked up once per language.

    Flask-Babel looks the catalogue up again for every string (about 6 µs
    through several context proxies); a page holds dozens of strings. Keyed
    by the current locale, so that a template rendered inside
    ``force_locale`` (or after ``refresh()``) takes that language's
    catalogue, and the one after it the request's own again.
    """
    language = str(get_locale())
    catalogues = g.get("_seres_catalogues")
    if catalogues is None:
        catalogues = g._seres_catalogues = {}
    catalogue = catalogues.get(language)
    if catalogue is None:
        catalogue = catalogues[language] = get_translations()
    return catalogue


def install_template_gettext(app: Flask) -> None:
    """Templates' _, gettext, ngettext, pgettext and npgettext, from the request's catalogue."""
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: request_catalogue().ugettext(s),
        ngettext=lambda s, p, n: request_catalogue().ungettext(s, p, n),
        pgettext=lambda c, s: request_catalogue().upgettext(c, s),
        npgettext=lambda c, s, p, n: request_catalogue().unpgettext(c, s, p, n),
        newstyle=True,
    )


@functools.cache
def _wtforms_catalogue(language: str) -> support.NullTranslations:
    return support.Translations.load(messages_path(), [language], domain="wtforms")


def share_wtforms_catalogue() -> None:
    """Give Flask-WTF the form messages' catalogue read once per process.

    Flask-WTF would read and parse WTForms' catalogue from disk in every
    request that shows a form; it takes one already on the request.
    """
    request.wtforms_translations = _wtforms_catalogue(current_language())


def current_language() -> str:
    return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])


def language_context() -> dict:
    return {"current_language": current_language(), "languages": current_app.config["LANGUAGES"]}


# Dates and times: the one way. Every page shows a moment with ``when`` and a
# date with ``day`` (template filters of the same names): Oslo time
# (BABEL_DEFAULT_TIMEZONE), in the page's language, the year in full and no
# seconds: "29. nov. 2026, 03:15" in bokmål, "Nov 29, 2026, 3:15 AM" in English.


@functools.cache
def moment_pattern(language: str) -> str:
    """The locale's medium date and short time, joined as the locale joins them."""
    locale = Locale.parse(language)
    return (
        get_datetime_format("medium", locale)
        .replace("{1}", get_date_format("medium", locale).pattern)
        .replace("{0}", get_time_format("short", locale).pattern)
    )


def as_datetime(value: datetime | str) -> datetime | None:
    """A datetime (naive ones are UTC, as Flask-Babel takes them) or the directory's
    generalized time (20261129021500Z); None for anything else."""
    if isinstance(value, datetime):
        return value
    text = str(value or "")
    if len(text) < 14 or not text[:14].isdigit():
        return None
    return datetime.strptime(text[:14], "%Y%m%d%H%M%S").replace(tzinfo=UTC)


def when(value: datetime | str) -> str:
    """A moment in Oslo time, in the page's language."""
    moment = as_datetime(value)
    if moment is None:
        return str(value or "")
    return format_datetime(moment, moment_pattern(current_language()))


def day(value: date | datetime) -> str:
    """A date (of a datetime: its Oslo date), in the page's language."""
    return format_date(value, "medium")
