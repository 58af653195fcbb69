"""Settings are checked when the app starts: one SettingsError naming the variable."""

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from webapp import create_app
from webapp.config import SettingsError, from_environment
from webapp.notify.outbox import Outbox

ROOT = Path(__file__).resolve().parents[2]
SECRET = "pw-hunter2-never-shown"

# What production needs: a key, the service account's password, the public
# address and where codes and links go.
GOOD = {
    "SERES_SECRET_KEY": "test-key-never-shown",
    "SERES_LDAP_PASSWORD": SECRET,
    "SERES_PUBLIC_URL": "https://tilgang.example",
    "SERES_NOTIFY_SMS": "http",
    "SERES_SMS_URL": "https://sms.example/send",
    "SERES_NOTIFY_EMAIL": "smtp",
    "SERES_SMTP_PASSWORD": SECRET,
}


def refused(environ: dict, tmp_path: Path) -> str:
    """The message of the SettingsError that from_environment raises for ``environ``."""
    environ = {k: v for k, v in environ.items() if v is not None}
    environ.setdefault("SERES_VAR", str(tmp_path))
    with pytest.raises(SettingsError) as caught:
        from_environment(environ)
    message = str(caught.value)
    assert SECRET not in message and "test-key-never-shown" not in message
    assert "\n" not in message
    return message


def test_a_good_production_environment_is_taken(tmp_path):
    config = from_environment({**GOOD, "SERES_VAR": str(tmp_path)})
    assert config["SERES_LDAP"].password == SECRET
    assert config["SERES_NOTIFY"]["sms"] == "http" and config["SERES_NOTIFY"]["email"] == "smtp"


@pytest.mark.parametrize(
    ("change", "variable"),
    [
        ({"SERES_SECRET_KEY": None}, "SERES_SECRET_KEY"),
        ({"SERES_PUBLIC_URL": None}, "SERES_PUBLIC_URL"),
        ({"SERES_PUBLIC_URL": "tilgang.example"}, "SERES_PUBLIC_URL"),
        ({"SERES_LDAP_PASSWORD": None}, "SERES_LDAP_PASSWORD"),
        (
            {"SERES_LDAP_PASSWORD": None, "SERES_LDAP_PASSWORD_FILE": "/nope"},
            "SERES_LDAP_PASSWORD_FILE",
        ),
        ({"SERES_LDAP_TIMEOUT": "soon"}, "SERES_LDAP_TIMEOUT"),
        ({"SERES_LDAP_URLS": "http://x.example"}, "SERES_LDAP_URLS"),
        ({"SERES_SYNC_URLS": "http://x.example"}, "SERES_SYNC_URLS"),
        ({"SERES_LDAP_CA_FILE": "/nope"}, "SERES_LDAP_CA_FILE"),
        ({"SERES_SYNC_CA_FILE": "/nope"}, "SERES_SYNC_CA_FILE"),
        ({"SERES_SYNC_PROD_CA_FILE": "/nope"}, "SERES_SYNC_PROD_CA_FILE"),
        ({"SERES_SYNC_FIRST": "garbage"}, "SERES_SYNC_FIRST"),
        ({"SERES_SYNC_FIRST": "2026-03-29T02:30"}, "SERES_SYNC_FIRST"),  # summer time starts
        ({"SERES_LIMIT_CODES_PER_PERSON": "lots"}, "SERES_LIMIT_CODES_PER_PERSON"),
        ({"SERES_LIMIT_CODES_PER_ADDRESS": "5/minute;x"}, "SERES_LIMIT_CODES_PER_ADDRESS"),
        ({"SERES_LIMIT_ATTEMPTS_PER_ADDRESS": "many"}, "SERES_LIMIT_ATTEMPTS_PER_ADDRESS"),
        ({"SERES_LIMIT_LINKS_PER_ADDRESS": "1/fortnight"}, "SERES_LIMIT_LINKS_PER_ADDRESS"),
        ({"SERES_LIMIT_LINKS_PER_PERSON": "-"}, "SERES_LIMIT_LINKS_PER_PERSON"),
        ({"SERES_AUTO_PROVISION": "true"}, "SERES_AUTO_PROVISION"),
        ({"SERES_DEV": "yes"}, "SERES_DEV"),
        ({"SERES_INSECURE_COOKIES": "on"}, "SERES_INSECURE_COOKIES"),
        ({"SERES_TRUSTED_PROXIES": "-1"}, "SERES_TRUSTED_PROXIES"),
        ({"SERES_NOTIFY": "smtp"}, "SERES_NOTIFY"),
        ({"SERES_NOTIFY_SMS": "smtp"}, "SERES_NOTIFY_SMS"),
        ({"SERES_NOTIFY_EMAIL": "http"}, "SERES_NOTIFY_EMAIL"),
        (
            {"SERES_SMTP_PASSWORD": None, "SERES_SMTP_PASSWORD_FILE": "/nope"},
            "SERES_SMTP_PASSWORD_FILE",
        ),
        ({"SERES_SMS_AUTH_HEADER_FILE": "/nope"}, "SERES_SMS_AUTH_HEADER_FILE"),
        ({"SERES_SMTP_PORT": "smtp"}, "SERES_SMTP_PORT"),
        ({"SERES_SMTP_PORT": "70000"}, "SERES_SMTP_PORT"),
        ({"SERES_SMTP_SECURITY": "ssl"}, "SERES_SMTP_SECURITY"),
        ({"SERES_SMTP_TIMEOUT": "long"}, "SERES_SMTP_TIMEOUT"),
        ({"SERES_SMS_URL": None}, "SERES_SMS_URL"),
        ({"SERES_SMS_URL": "ftp://sms.example"}, "SERES_SMS_URL"),
        ({"SERES_SMS_TIMEOUT": "0"}, "SERES_SMS_TIMEOUT"),
        ({"SERES_SMS_RETRIES": "three"}, "SERES_SMS_RETRIES"),
        ({"SERES_SMS_BACKOFF": "-1"}, "SERES_SMS_BACKOFF"),
    ],
)
def test_a_bad_or_missing_setting_is_refused_naming_it(tmp_path, change, variable):
    """One exception class, one line naming the variable, never a secret."""
    assert variable in refused({**GOOD, **change}, tmp_path)


@pytest.mark.parametrize(
    ("text", "problem"),
    [("{number: 1", "not JSON"), ('["{number}", "{text}"]', "JSON object")],
)
def test_a_malformed_sms_body_template_is_refused_naming_it(tmp_path, text, problem):
    template = tmp_path / "body.json"
    template.write_text(text)
    message = refused({**GOOD, "SERES_SMS_BODY_TEMPLATE_FILE": str(template)}, tmp_path)
    assert "SERES_SMS_BODY_TEMPLATE_FILE" in message and problem in message


def test_a_password_in_a_file_is_read(tmp_path):
    (tmp_path / "ldap").write_text(SECRET + "\n")
    (tmp_path / "smtp").write_text("s3cret\n")
    config = from_environment(
        {
            **GOOD,
            "SERES_LDAP_PASSWORD": "",
            "SERES_LDAP_PASSWORD_FILE": str(tmp_path / "ldap"),
            "SERES_SMTP_PASSWORD": "",
            "SERES_SMTP_PASSWORD_FILE": str(tmp_path / "smtp"),
        }
    )
    assert config["SERES_LDAP"].password == SECRET
    assert config["SERES_NOTIFY"]["smtp_password"] == "s3cret"


def test_switches_are_1_or_0():
    """1 is on; 0 or unset is off; anything else was silently off and is now refused."""
    on = from_environment({**GOOD, "SERES_AUTO_PROVISION": "1", "SERES_INSECURE_COOKIES": "1"})
    assert on["SERES_AUTO_PROVISION"] is True and on["SESSION_COOKIE_SECURE"] is False
    off = from_environment({**GOOD, "SERES_AUTO_PROVISION": "0", "SERES_DEV": "0"})
    assert off["SERES_AUTO_PROVISION"] is False and off["SERES_DEV"] is False
    assert from_environment(GOOD)["SESSION_COOKIE_SECURE"] is True


def test_good_limits_and_first_date_are_taken():
    config = from_environment(
        {**GOOD, "SERES_LIMIT_CODES_PER_PERSON": "2/minute", "SERES_SYNC_FIRST": "2026-02-02T19:00"}
    )
    assert config["SERES_LIMIT_CODES_PER_PERSON"] == "2/minute"
    assert config["SERES_SYNC_FIRST"] == "2026-02-02T19:00"


def test_production_refuses_to_start_without_a_chosen_way_to_send(tmp_path):
    """Neither backend chosen: codes would go to a local folder nobody reads."""
    base = {k: v for k, v in GOOD.items() if not k.startswith(("SERES_NOTIFY", "SERES_SMS_"))}
    message = refused(base, tmp_path)
    assert "SERES_NOTIFY_SMS" in message and "SERES_NOTIFY_EMAIL" in message
    assert "SERES_NOTIFY_SMS" in refused({**base, "SERES_NOTIFY_EMAIL": "smtp"}, tmp_path)
    email_only = {**base, "SERES_NOTIFY_SMS": "http", "SERES_SMS_URL": "https://sms.example/"}
    assert "SERES_NOTIFY_EMAIL" in refused(email_only, tmp_path)
    # Chosen on purpose: both named, or the outbox for both.
    both = from_environment({**email_only, "SERES_NOTIFY_EMAIL": "outbox"})
    assert both["SERES_NOTIFY"]["sms"] == "http" and both["SERES_NOTIFY"]["email"] == "outbox"
    outbox = from_environment({**base, "SERES_NOTIFY": "outbox"})["SERES_NOTIFY"]
    assert outbox["sms"] == "outbox" and outbox["email"] == "outbox"


def test_development_mode_needs_no_password_or_backends():
    """make run: SERES_DEV=1; the outbox is the default and the page lists it."""
    config = from_environment({"SERES_SECRET_KEY": "k", "SERES_DEV": "1"})
    assert config["SERES_DEV"] is True
    assert config["SERES_NOTIFY"]["sms"] == "outbox" and config["SERES_NOTIFY"]["email"] == "outbox"


@pytest.mark.parametrize(
    ("change", "variable"),
    [
        ({"SECRET_KEY": ""}, "SERES_SECRET_KEY"),
        ({"SERES_PUBLIC_URL": ""}, "SERES_PUBLIC_URL"),
        ({"SERES_SYNC_FIRST": "garbage"}, "SERES_SYNC_FIRST"),
        ({"SERES_LIMIT_CODES_PER_PERSON": "lots"}, "SERES_LIMIT_CODES_PER_PERSON"),
        (
            {"RATELIMIT_STORAGE_URI": "nonsense://:pw-hunter2-never-shown@x"},
            "SERES_RATELIMIT_STORAGE",
        ),
        ({"SERES_NOTIFY": {"sms": "smtp"}}, "SERES_NOTIFY_SMS"),
    ],
)
def test_create_app_checks_a_test_config_too(app_config, change, variable):
    with pytest.raises(SettingsError, match=variable) as caught:
        create_app({**app_config, **change})
    assert SECRET not in str(caught.value)


def wsgi(environ: dict) -> subprocess.CompletedProcess:
    """Import wsgi (as gunicorn's worker does) in a fresh process with ``environ``."""
    env = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(ROOT), **environ}
    return subprocess.run(
        [sys.executable, "-c", "import wsgi"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("change", "variable"),
    [
        ({"SERES_SECRET_KEY": None}, "SERES_SECRET_KEY"),  # create_app's check
        ({"SERES_LDAP_TIMEOUT": "soon"}, "SERES_LDAP_TIMEOUT"),  # InvalidValue from directory
        ({"SERES_TRUSTED_PROXIES": "-1"}, "SERES_TRUSTED_PROXIES"),  # ValueError before
        ({"SERES_SYNC_FIRST": "garbage"}, "SERES_SYNC_FIRST"),  # not checked at all before
    ],
)
def test_wsgi_exits_with_gunicorns_app_load_error_and_one_line(tmp_path, change, variable):
    """Exit status 4 (gunicorn's APP_LOAD_ERROR: the arbiter halts, no re-spawning),
    one line on stderr, no traceback, no secret."""
    environ = {k: v for k, v in {**GOOD, **change}.items() if v is not None}
    result = wsgi({**environ, "SERES_VAR": str(tmp_path)})
    assert result.returncode == 4, result.stderr
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("seres: ")
    assert variable in result.stderr and "Traceback" not in result.stderr
    assert SECRET not in result.stderr + result.stdout


def test_wsgi_loads_with_good_settings(tmp_path):
    result = wsgi({**GOOD, "SERES_VAR": str(tmp_path)})
    assert result.returncode == 0 and result.stderr == ""


def test_the_outbox_is_readable_by_its_owner_only(tmp_path):
    """Codes and links in the outbox: folder 0700, files 0600, whatever the umask."""
    old = os.umask(0o022)
    try:
        folder = tmp_path / "var" / "outbox"
        Outbox(folder).send_sms("+4799999999", "SERES: koden din er 123456")
        existing = tmp_path / "old"
        existing.mkdir(mode=0o755)
        Outbox(existing).send_email("ola@example.no", "Lenke", "https://x/recover/abc")
    finally:
        os.umask(old)
    for where in (folder, existing):
        assert stat.S_IMODE(where.stat().st_mode) == 0o700
        (message,) = where.glob("*.json")
        assert stat.S_IMODE(message.stat().st_mode) == 0o600
        assert json.loads(message.read_text())["to"]


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"SERES_GRANT_MAX_DAYS": "0"}, "SERES_GRANT_MAX_DAYS"),
        ({"SERES_GRANT_DEFAULT_DAYS": "a year"}, "SERES_GRANT_DEFAULT_DAYS"),
        ({"SERES_GRANT_DEFAULT_DAYS": "400", "SERES_GRANT_MAX_DAYS": "365"}, "must not exceed"),
    ],
)
def test_write_grant_lengths_are_checked_at_start(change, says, tmp_path):
    """Whole days above 0, the default within the maximum; the message names the setting."""
    assert says in refused({**GOOD, **change}, tmp_path)


def test_write_grant_lengths_are_taken_from_the_environment(tmp_path):
    config = from_environment(
        {
            **GOOD,
            "SERES_VAR": str(tmp_path),
            "SERES_GRANT_DEFAULT_DAYS": "90",
            "SERES_GRANT_MAX_DAYS": "180",
        }
    )
    assert (config["SERES_GRANT_DEFAULT_DAYS"], config["SERES_GRANT_MAX_DAYS"]) == (90, 180)


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"SERES_REVIEW_MONTHS": "0"}, "SERES_REVIEW_MONTHS"),
        ({"SERES_REVIEW_MONTHS": "half a year"}, "SERES_REVIEW_MONTHS"),
        ({"SERES_REVIEW_UNANSWERED": "delete"}, "SERES_REVIEW_UNANSWERED"),
    ],
)
def test_review_settings_are_checked_at_start(change, says, tmp_path):
    """Months above 0; unanswered reviews remove or flag; the message names the setting."""
    assert says in refused({**GOOD, **change}, tmp_path)


def test_review_settings_are_taken_from_the_environment(tmp_path):
    config = from_environment(
        {
            **GOOD,
            "SERES_VAR": str(tmp_path),
            "SERES_REVIEW_MONTHS": "6",
            "SERES_REVIEW_UNANSWERED": "flag",
        }
    )
    assert (config["SERES_REVIEW_MONTHS"], config["SERES_REVIEW_UNANSWERED"]) == ("6", "flag")
