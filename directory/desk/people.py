"""The desk's people directory: find people by any part of what identifies them.

One search per page: slapd sorts (RFC 2891) and cuts the page (virtual list
view) with its sssvlv overlay, so a page costs one LDAP operation on any
connection, and the total comes with it. Filters that depend on a person's
OTP token (app or SMS, never signed in, dormant) first ask the token
entries, which only the web app's own account reads (``tokens``): what kind
of token and its last used step, never the secret.
"""

import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import phonenumbers

from directory import listview
from directory.connection import Ldap
from directory.desk.export import csv_lines
from directory.escape import equals, filter_value
from directory.orders.fields import DEFAULT_REGION
from directory.otp import STEP_SECONDS  # noqa: F401  (re-exported for the desk)
from directory.people import DISABLED_MARK  # noqa: F401
from directory.tree import Tree

PERSON_FILTER = "(objectClass=inetOrgPerson)"
# What a part of the text may be found in: username, names, e-mail,
# employer (o) and agency or unit (ou). A mobile number is matched apart.
TEXT_ATTRIBUTES = ("uid", "cn", "givenName", "sn", "displayName", "mail", "o", "ou")
ROW_ATTRIBUTES = ["uid", "cn", "mail", "mobile", "o", "ou", "pwdAccountLockedTime"]
LOCKED = "locked"
DISABLED = "disabled"
NEVER_ACTIVATED = "never_activated"
DORMANT = "dormant"
NO_MOBILE = "no_mobile"
APP = "app"
SMS = "sms"
FILTERS = (LOCKED, DISABLED, NEVER_ACTIVATED, DORMANT, NO_MOBILE, APP, SMS)
SORTS = {"name": ("cn", "uid"), "username": ("uid",)}
DORMANT_DAYS = 180
PER_PAGE = 25
MAX_PER_PAGE = 100
MAX_TEXT = 100
_PHONE_LIKE = re.compile(r"[+(\d][\d\s()+.-]*")
NOTHING = "(!(objectClass=*))"


class BadQuery(ValueError):
    """A query the directory is not asked: the code says which part is wrong."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Query:
    text: str = ""
    filters: frozenset[str] = frozenset()
    sort: str = "name"
    page: int = 1
    per_page: int = PER_PAGE

    def checked(self) -> "Query":
        """Return the query, or raise BadQuery naming what is wrong."""
        if len(self.text) > MAX_TEXT:
            raise BadQuery("text.too_long")
        if any(not char.isprintable() for char in self.text):
            raise BadQuery("text.invalid")
        if not self.filters <= set(FILTERS):
            raise BadQuery("filter.unknown")
        if self.sort not in SORTS:
            raise BadQuery("sort.unknown")
        if not isinstance(self.page, int) or self.page < 1:
            raise BadQuery("page.invalid")
        if not 1 <= self.per_page <= MAX_PER_PAGE:
            raise BadQuery("per_page.invalid")
        return self


@dataclass(frozen=True)
class Row:
    """One person in the list: what the desk sees at a glance."""

    dn: str
    username: str
    name: str
    mail: str = ""
    mobile: str = ""
    employer: str = ""
    agency: str = ""
    locked: bool = False
    disabled: bool = False

    @classmethod
    def from_entry(cls, dn: str, values: dict) -> "Row":
        def one(name):
            return str((values.get(name) or [""])[0])

        locked_at = [str(v) for v in values.get("pwdAccountLockedTime") or ()]
        disabled = DISABLED_MARK in locked_at
        return cls(
            dn=dn,
            username=one("uid"),
            name=one("cn"),
            mail=one("mail"),
            mobile=one("mobile"),
            employer=one("o"),
            agency=one("ou"),
            locked=bool(locked_at) and not disabled,
            disabled=disabled,
        )


@dataclass(frozen=True)
class Page:
    rows: list[Row]
    total: int
    page: int
    per_page: int
    query: Query = field(default_factory=Query)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def mobile_clause(text: str) -> str | None:
    """Return the filter for a text that looks like (a part of) a mobile number.

    A whole number in any format (``+47 400 00 001``, ``0047 40000001``,
    ``400 00 001``) is normalised to E.164, as mobiles are stored; a part is
    matched as its digits anywhere in the number. None for other text.
    """
    text = text.strip()
    digits = re.sub(r"\D", "", text)
    if not _PHONE_LIKE.fullmatch(text) or len(digits) < 3:
        return None
    try:
        number = phonenumbers.parse(text, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        number = None
    if number is not None and phonenumbers.is_valid_number(number):
        e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        return equals("mobile", e164)
    return f"(mobile=*{filter_value(digits.removeprefix('00'))}*)"


def text_filter(text: str) -> str:
    """Every word of the text must be found, each in any of TEXT_ATTRIBUTES."""
    words = text.split()
    if not words:
        return ""
    phone = mobile_clause(text)
    clauses = []
    for word in words:
        value = filter_value(word)
        clauses.append("(|" + "".join(f"({a}=*{value}*)" for a in TEXT_ATTRIBUTES) + ")")
    words_clause = clauses[0] if len(clauses) == 1 else "(&" + "".join(clauses) + ")"
    return f"(|{phone}{words_clause})" if phone else words_clause


def _any_token(token_dns: Iterable[str]) -> str:
    dns = list(token_dns)
    if not dns:
        return NOTHING
    return "(|" + "".join(equals("oathTOTPToken", dn) for dn in dns) + ")"


def token_dns(tokens: Ldap, tree: Tree, token_filter: str) -> list[str]:
    """Return the DNs of the OTP tokens that match (read as the web app; no secrets)."""
    found = tokens.paged(
        tree.tokens, f"(&(objectClass=oathTOTPToken){token_filter})", ["1.1"], scope="one"
    )
    return [dn for dn, _ in found]


def _token_filter(tree: Tree, name: str, now: float) -> str:
    if name in (APP, SMS):
        return equals("oathTOTPParams", tree.otp_params(name))
    if name == NEVER_ACTIVATED:
        return "(!(oathTOTPLastTimeStep=*))"
    # DORMANT: used once, but not for DORMANT_DAYS; steps count in each kind's period.
    cutoff = now - DORMANT_DAYS * 86400
    kinds = "".join(
        f"(&{equals('oathTOTPParams', tree.otp_params(kind))}"
        f"(oathTOTPLastTimeStep<={int(cutoff // seconds)}))"
        for kind, seconds in STEP_SECONDS.items()
    )
    return f"(|{kinds})"


def search_filter(tree: Tree, query: Query, tokens: Ldap | None = None, now=None) -> str:
    """Return the LDAP filter for a checked query; ``tokens`` for the token filters."""
    now = time.time() if now is None else now
    parts = [PERSON_FILTER]
    if query.text.strip():
        parts.append(text_filter(query.text))
    for name in sorted(query.filters):
        if name == LOCKED:
            parts.append(
                f"(&(pwdAccountLockedTime=*)(!{equals('pwdAccountLockedTime', DISABLED_MARK)}))"
            )
        elif name == DISABLED:
            parts.append(equals("pwdAccountLockedTime", DISABLED_MARK))
        elif name == NO_MOBILE:
            parts.append("(!(mobile=*))")
        else:
            if tokens is None:
                raise BadQuery("filter.needs_tokens")
            matching = _any_token(token_dns(tokens, tree, _token_filter(tree, name, now)))
            if name == NEVER_ACTIVATED:
                matching = f"(|(!(oathTOTPToken=*)){matching})"
            parts.append(matching)
    return "(&" + "".join(parts) + ")"


def find_people(ldap: Ldap, tree: Tree, query: Query, tokens: Ldap | None = None, now=None) -> Page:
    """Return one sorted page of the people the query finds, and how many there are."""
    query = query.checked()
    entries, total = listview.window(
        ldap,
        tree.people,
        search_filter(tree, query, tokens, now),
        ROW_ATTRIBUTES,
        SORTS[query.sort],
        offset=(query.page - 1) * query.per_page + 1,
        count=query.per_page,
        scope="one",
    )
    if (query.page - 1) * query.per_page >= total:
        entries = []
    rows = [Row.from_entry(dn, values) for dn, values in entries]
    return Page(rows, total, query.page, query.per_page, query)


CSV_COLUMNS = ("username", "name", "mail", "mobile", "employer", "agency", "locked", "disabled")


def export_csv(
    ldap: Ldap, tree: Tree, query: Query, tokens: Ldap | None = None, now=None
) -> Iterator[str]:
    """Yield the whole list the query finds as CSV lines, header first, in order."""
    query = query.checked()
    entries = listview.sorted_paged(
        ldap,
        tree.people,
        search_filter(tree, query, tokens, now),
        ROW_ATTRIBUTES,
        SORTS[query.sort],
        scope="one",
    )
    rows = (Row.from_entry(dn, values) for dn, values in entries)
    yield from csv_lines(CSV_COLUMNS, ([getattr(row, c) for c in CSV_COLUMNS] for row in rows))
