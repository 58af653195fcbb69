"""Language: Norwegian bokmål by default, English on request (Flask-Babel)."""

import functools
from pathlib import Path

from babel import support
from flask import Flask, current_app, g, request, session
from flask_babel import Babel, get_locale, get_translations
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
