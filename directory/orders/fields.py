"""Check what a person types into an order, field by field.

Each check returns the cleaned value or raises :class:`Invalid` carrying one
:class:`FieldError` per wrong field: a stable ``code`` and its ``params``, so
the web layer shows a message in Norwegian on the field. ``clean_*_order``
check a whole order (including what only the directory knows: does the
domain exist, is the name taken) and never write anything: every field first,
then each check against the directory that the fields it needs allow, so a
person sees every error at once (a domain order's: ``domain_order``).

Codes (``params`` in brackets):
``required``; ``too_long`` [max]; ``too_many`` [max]; ``control_characters``;
``domain_name.invalid``; ``domain_name.taken``; ``domain.unknown`` [name];
``domain.missing_in_environment`` [name, env]; ``domain.course_only`` [name];
``org_number.invalid_length``; ``org_number.invalid_format``;
``org_number.invalid_checksum``; ``mobile.invalid``; ``mobile.not_mobile``;
``mail.invalid``; ``name.invalid``; ``username.invalid``; ``username.unknown``
[name]; ``environments.invalid``; ``access.invalid``;
``access.domains_without_write``; ``date.invalid``; ``date.past``;
``date.too_far`` [max_days]; ``duplicate`` [name].
"""

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from stdnum import exceptions as stdnum_errors
from stdnum.no import orgnr

from directory.connection import Ldap
from directory.domains import check_domain_name, get_domain
from directory.errors import InvalidValue
from directory.people import USERNAME
from directory.tree import COURSE, ENVIRONMENTS, PRODUCTION, Tree

DEFAULT_REGION = "NO"
ENVIRONMENT_CHOICES = {PRODUCTION: (PRODUCTION,), COURSE: (COURSE,), "both": ENVIRONMENTS}
ACCESS_CHOICES = ("read", "write")
# Names: letters (any script), combining marks, spaces, hyphens, apostrophes, dots.
NAME_EXTRA = " -'’."
MAX_NAME = 64
MAX_LINE = 200
MAX_TEXT = 1000
MAX_OWNERS = 10
MAX_DOMAINS = 20
MAX_REFRESH_DAYS = 366
# Never allowed in text: controls, format characters, surrogates, private use
# and unassigned code points.
_FORBIDDEN_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn"}
_MULTILINE_ALLOWED = {"\n", "\r", "\t"}


@dataclass(frozen=True)
class FieldError:
    field: str
    code: str
    params: dict = field(default_factory=dict)


class Invalid(ValueError):
    """The input is wrong; ``errors`` says where and why, one or more per field."""

    def __init__(self, errors: Iterable[FieldError]):
        self.errors = tuple(errors)
        super().__init__("; ".join(f"{e.field}: {e.code}" for e in self.errors))

    def codes(self) -> dict[str, list[str]]:
        """Return ``{field: [code, ...]}``."""
        out: dict[str, list[str]] = {}
        for error in self.errors:
            out.setdefault(error.field, []).append(error.code)
        return out


def _fail(field_name: str, code: str, **params) -> Invalid:
    return Invalid([FieldError(field_name, code, params)])


def _as_text(name: str, value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _fail(name, "invalid")
    return value


def text(
    name: str, value: Any, max_length: int = MAX_LINE, required: bool = True, multiline=False
) -> str:
    """Return the text stripped and NFC-normalised; refuse controls and overlong text."""
    value = _as_text(name, value)
    allowed = _MULTILINE_ALLOWED if multiline else set()
    # Checked before normalising: a lone surrogate cannot be normalised.
    if any(
        unicodedata.category(c) in _FORBIDDEN_CATEGORIES and c not in allowed for c in value
    ) or any(0xFDD0 <= ord(c) <= 0xFDEF or ord(c) & 0xFFFE == 0xFFFE for c in value):
        raise _fail(name, "control_characters")
    value = unicodedata.normalize("NFC", value).strip()
    if not value:
        if required:
            raise _fail(name, "required")
        return ""
    if len(value) > max_length:
        raise _fail(name, "too_long", max=max_length)
    return value


def names(name: str, value: Any, max_count: int) -> list[str]:
    """Return a list of names from a list or a comma/space-separated text, in order, once each."""
    if value is None:
        items: list = []
    elif isinstance(value, str):
        items = re.split(r"[,\s]+", value)
    elif isinstance(value, list | tuple):
        items = list(value)
    else:
        raise _fail(name, "invalid")
    out: list[str] = []
    for item in items:
        item = text(name, item, max_length=MAX_NAME, required=False)
        if item and item.casefold() not in {o.casefold() for o in out}:
            out.append(item)
    if len(out) > max_count:
        raise _fail(name, "too_many", max=max_count)
    return out


def domain_name(name: str, value: Any) -> str:
    """Return a syntactically valid domain name (2-64 letters incl. æøå, digits, hyphens)."""
    value = text(name, value, max_length=MAX_NAME)
    try:
        return check_domain_name(value)
    except InvalidValue:
        raise _fail(name, "domain_name.invalid") from None


def org_number(name: str, value: Any) -> str:
    """Return a Norwegian organisation number as nine digits (modulus 11 checked)."""
    value = text(name, value, max_length=MAX_NAME)
    try:
        return orgnr.validate(value)
    except stdnum_errors.InvalidChecksum:
        raise _fail(name, "org_number.invalid_checksum") from None
    except stdnum_errors.InvalidLength:
        raise _fail(name, "org_number.invalid_length") from None
    except stdnum_errors.ValidationError:
        raise _fail(name, "org_number.invalid_format") from None


def mobile(name: str, value: Any) -> str:
    """Return a mobile number in E.164 (Norway when no country code is given)."""
    value = text(name, value, max_length=MAX_NAME)
    try:
        number = phonenumbers.parse(value, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        raise _fail(name, "mobile.invalid") from None
    if not phonenumbers.is_valid_number(number):
        raise _fail(name, "mobile.invalid")
    kind = phonenumbers.number_type(number)
    if kind not in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    ):
        raise _fail(name, "mobile.not_mobile")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def mail(name: str, value: Any) -> str:
    """Return an e-mail address in ASCII (LDAP's mail is IA5); no DNS look-up."""
    value = text(name, value, max_length=254)
    try:
        result = validate_email(value, check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError:
        raise _fail(name, "mail.invalid") from None
    return result.ascii_email or result.normalized


def person_name(name: str, value: Any) -> str:
    """Return a person's (given or family) name: letters, spaces, hyphens, apostrophes."""
    value = text(name, value, max_length=MAX_NAME)
    if not unicodedata.category(value[0]).startswith("L") or any(
        not (unicodedata.category(c)[0] in "LM" or c in NAME_EXTRA) for c in value
    ):
        raise _fail(name, "name.invalid")
    return value


def username(name: str, value: Any, required: bool = True) -> str:
    """Return a username: 2-32 of a-z, 0-9, dots and hyphens, starting and ending alphanumeric."""
    value = text(name, value, max_length=32, required=required)
    if value and not USERNAME.fullmatch(value):
        raise _fail(name, "username.invalid")
    return value


def environments(name: str, value: Any) -> tuple[str, ...]:
    """Return the environments of ``prod``, ``course`` or ``both``."""
    value = text(name, value, max_length=16)
    if value not in ENVIRONMENT_CHOICES:
        raise _fail(name, "environments.invalid")
    return ENVIRONMENT_CHOICES[value]


def choice(name: str, value: Any, choices: tuple[str, ...], code: str) -> str:
    value = text(name, value, max_length=16)
    if value not in choices:
        raise _fail(name, code)
    return value


def _iso_date(name: str, value: Any) -> dt.date | None:
    """A date as typed (ISO ``YYYY-MM-DD``) or given, or None if left empty."""
    if isinstance(value, dt.date):
        return value
    value = text(name, value, max_length=10, required=False)
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        raise _fail(name, "date.invalid") from None


def date(name: str, value: Any, today: dt.date) -> dt.date | None:
    """Return a date from today up to a year ahead (ISO ``YYYY-MM-DD``), or None for now."""
    when = _iso_date(name, value)
    if when is not None and when < today:
        raise _fail(name, "date.past")
    if when is not None and when > today + dt.timedelta(days=MAX_REFRESH_DAYS):
        raise _fail(name, "date.too_far", max_days=MAX_REFRESH_DAYS)
    return when


def grant_end(name: str, value: Any, today: dt.date, default_days: int, max_days: int) -> dt.date:
    """The last day of a write grant: ``default_days`` ahead if not given, at most ``max_days``."""
    when = _iso_date(name, value) or today + dt.timedelta(days=default_days)
    if when <= today:
        raise _fail(name, "date.not_after_today")
    if when > today + dt.timedelta(days=max_days):
        raise _fail(name, "date.too_far", max_days=max_days)
    return when


class _Collector:
    """Run field checks, keep every error, and say at the end whether all passed."""

    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def __call__(self, check: Callable, *args, **kwargs):
        try:
            return check(*args, **kwargs)
        except Invalid as exc:
            self.errors.extend(exc.errors)
            return None

    def add(self, field_name: str, code: str, **params) -> None:
        self.errors.append(FieldError(field_name, code, params))

    def failed(self, *names: str) -> bool:
        return any(e.field in names for e in self.errors)

    def done(self) -> None:
        if self.errors:
            raise Invalid(self.errors)


def _domain_in(ldap: Ldap, tree: Tree, env: str, name: str) -> str | None:
    """Return the stored spelling of a domain in ``env``, or None."""
    found = get_domain(ldap, tree, env, name)
    return found.name if found else None


def clean_access_order(
    ldap: Ldap,
    tree: Tree,
    data: Mapping[str, Any],
    today: dt.date | None = None,
    grant_days: tuple[int, int] = (365, 365),
) -> dict:
    """Check an order for user access; return its details (docs/orders.md).

    ``grant_days``: the operator's default and longest write grant, in days.
    """
    today = today or dt.date.today()
    check = _Collector()
    service_owner = check(domain_name, "service_owner", data.get("service_owner"))
    access = check(choice, "access", data.get("access"), ACCESS_CHOICES, "access.invalid")
    wanted = check(names, "write_domains", data.get("write_domains"), MAX_DOMAINS) or []
    wanted = [item for item in wanted if check(domain_name, "write_domains", item)]
    envs = check(environments, "environments", data.get("environments"))
    employer = check(text, "employer", data.get("employer"), MAX_LINE, required=False)
    given_name = check(person_name, "given_name", data.get("given_name"))
    surname = check(person_name, "surname", data.get("surname"))
    address = check(mail, "mail", data.get("mail"))
    number = check(mobile, "mobile", data.get("mobile"))
    wanted_username = check(username, "username", data.get("username"), required=False)
    until = None
    if access == "write":
        until = check(grant_end, "write_until", data.get("write_until"), today, *grant_days)
    if access == "write" and not wanted and not check.failed("write_domains"):
        check.add("write_domains", "required")
    if access == "read" and wanted:
        check.add("write_domains", "access.domains_without_write")
    # Then what the directory knows, for each field that is right so far: all at once.
    stored_owner = None
    if service_owner:
        stored_owner = next(
            (n for env in ENVIRONMENTS if (n := _domain_in(ldap, tree, env, service_owner))), None
        )
        if stored_owner is None:
            check.add("service_owner", "domain.unknown", name=service_owner)
    write_domains = []
    for item in wanted if access == "write" else ():
        spellings = {env: _domain_in(ldap, tree, env, item) for env in envs or ENVIRONMENTS}
        found = [s for s in spellings.values() if s]
        if not found:
            check.add("write_domains", "domain.unknown", name=item)
            continue
        for env, spelling in spellings.items():
            if spelling is None and envs:
                check.add("write_domains", "domain.missing_in_environment", name=item, env=env)
        write_domains.append(found[0])
    check.done()
    return {
        "service_owner": stored_owner,
        "access": access,
        "write_domains": write_domains,
        "environments": list(envs),
        "employer": employer,
        "given_name": given_name,
        "surname": surname,
        "mail": address,
        "mobile": number,
        "username": wanted_username,
        "write_until": until.isoformat() if until else None,
    }


def clean_refresh_order(
    ldap: Ldap, tree: Tree, data: Mapping[str, Any], today: dt.date | None = None
) -> dict:
    """Check an order for an extra course refresh of one domain; return its details."""
    today = today or dt.date.today()
    check = _Collector()
    name = check(domain_name, "domain", data.get("domain"))
    when = check(date, "when", data.get("when"), today)
    reason = check(text, "reason", data.get("reason"), MAX_TEXT, multiline=True)
    production = get_domain(ldap, tree, PRODUCTION, name) if name else None
    course = get_domain(ldap, tree, COURSE, name) if name else None
    if name and production is None and course is not None and course.course_only:
        check.add("domain", "domain.course_only", name=name)
    elif name and production is None:
        check.add("domain", "domain.unknown", name=name)
    check.done()
    return {
        "domain": production.name,
        "when": when.isoformat() if when else None,
        "reason": reason,
    }
