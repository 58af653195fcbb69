"""Languages of pages and of form messages."""

from babel import support
from flask_babel import force_locale

from tests.support import post_form


def test_form_messages_are_in_bokmal_from_a_catalogue_read_once(client, monkeypatch):
    """WTForms' own messages are in bokmål, and their catalogue is not read again per request."""
    reads = []
    load = support.Translations.load

    def counted(dirname=None, locales=None, domain=None):
        reads.append(domain)
        return load(dirname, locales, domain)

    monkeypatch.setattr(support.Translations, "load", counted)
    for _ in range(3):
        response = post_form(client, "/login", {"username": "x" * 70})
        assert response.status_code == 400
        assert "Feltet kan ikke være lenger enn 64 tegn." in response.get_data(as_text=True)
    assert reads.count("wtforms") <= 1


def test_each_request_renders_in_its_own_language(app):
    """Templates take each request's catalogue: English and bokmål visitors interleaved."""
    english, norwegian = app.test_client(), app.test_client()
    english.get("/language/en")
    for _ in range(2):
        assert "<h1>Sign in</h1>" in english.get("/login").get_data(as_text=True)
        assert "<h1>Logg inn</h1>" in norwegian.get("/login").get_data(as_text=True)


def test_a_template_inside_force_locale_speaks_the_forced_language_and_the_next_not(app):
    """A template inside force_locale (a mail, say) is in English; the page after it in bokmål."""
    heading = app.jinja_env.from_string("{{ _('Sign in') }}")
    with app.test_request_context("/"):
        assert heading.render() == "Logg inn"
        with force_locale("en"):
            assert heading.render() == "Sign in"
        assert heading.render() == "Logg inn"
    with app.test_request_context("/"):
        with force_locale("en"):
            assert heading.render() == "Sign in"
        assert heading.render() == "Logg inn"
