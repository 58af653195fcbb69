"""Dormant and never-activated accounts: announced, then disabled by the timed job.

An account's end is ppolicy's ``pwdEndTime`` on the person (slapd refuses
every bind after it, whatever the password and code), set by the web app:

- when it e-mails an activation link to someone who never signed in: the
  link's end (the account expires with its link; using the link clears it);
- by this job, for an account with no sign-in for ``days`` days (dormant):
  ``WARN_DAYS`` ahead, and the person is told by e-mail.

Last sign-in is the OTP token's last used step (``oathTOTPLastTimeStep``,
written by the otp overlay at every bind of a person, by any tool), as the
desk's people search reads it: the configuration records neither ppolicy's
``pwdLastSuccess`` nor lastbind (they would write the accesslog at every bind).

Each run (``seres access accounts``, as the web app's account), in turn:

1. an account with an end that signed in since it was announced: the end is
   cleared (the person is active again);
2. an account whose end has come: disabled as leavers are
   (:func:`directory.grants.leavers.disable_person`: locked for good, every
   access and role removed, each recorded with the reason);
3. a dormant account without an end: its end is set, the person told.

Disabling, not deleting: the person's orders, grant records and the
accesslog keep naming the entry, and the desk can unlock it and send a new
link (which needs new orders for any access). Idempotent; ``dry_run``
writes nothing.
"""

import datetime as dt
from dataclasses import dataclass, field

from directory.connection import DELETE, REPLACE, Ldap
from directory.entries import parse_time
from directory.errors import DirectoryError, InvalidValue
from directory.escape import equals, normalize_dn
from directory.grants import ends, store
from directory.grants.leavers import disable_person
from directory.notice import Notify
from directory.otp import STEP_SECONDS
from directory.people import DISABLED_MARK
from directory.tree import Tree

DEFAULT_DORMANT_DAYS = 180
WARN_DAYS = 14
END = "pwdEndTime"
# Notification to the person (data: username, last_day as YYYY-MM-DD).
ACCOUNT_DORMANT = "account_dormant"
DORMANT_REASON = "no sign-in for {days} days (dormant account)"
NEVER_ACTIVATED_REASON = "never activated: the activation link expired"
# Usernames per filter when looking people up by name.
CHUNK = 200


def dormant_days(value) -> int:
    """SERES_DORMANT_DAYS: a whole number of days above WARN_DAYS, else InvalidValue."""
    try:
        number = int(str(value).strip())
    except ValueError:
        number = 0
    if number <= WARN_DAYS:
        raise InvalidValue(
            f"SERES_DORMANT_DAYS must be a whole number of days above {WARN_DAYS}, not {value!r}"
        )
    return number


@dataclass(frozen=True)
class Account:
    """A person the job looks at: their last sign-in (None: never) and their end, if any."""

    username: str
    dn: str
    mail: str
    last_sign_in: dt.datetime | None
    end: dt.datetime | None

    @property
    def never_activated(self) -> bool:
        return self.last_sign_in is None


@dataclass
class Report:
    cleared: list[Account] = field(default_factory=list)
    disabled: list[tuple[Account, str]] = field(default_factory=list)
    warned: list[Account] = field(default_factory=list)
    pending: list[Account] = field(default_factory=list)  # announced, end not come yet
    failed: list[tuple[Account, str]] = field(default_factory=list)
    dry_run: bool = False


def _kinds(tree: Tree) -> dict[str, int]:
    """Each token kind's parameters entry (normalised) and its step in seconds."""
    return {normalize_dn(tree.otp_params(k)): s for k, s in STEP_SECONDS.items()}


def _sign_ins(ldap: Ldap, tree: Tree, token_filter: str) -> dict[str, dt.datetime]:
    """Username (lower case) to last sign-in, for the used tokens the filter finds."""
    kinds, out = _kinds(tree), {}
    wanted = f"(&(objectClass=oathTOTPToken)(oathTOTPLastTimeStep=*){token_filter})"
    attributes = ["cn", "oathTOTPParams", "oathTOTPLastTimeStep"]
    for _, values in ldap.paged(tree.tokens, wanted, attributes, scope="one"):
        params = normalize_dn(str((values.get("oathTOTPParams") or [""])[0]))
        seconds = kinds.get(params, STEP_SECONDS["sms"])
        step = int(values["oathTOTPLastTimeStep"][0])
        name = str(values["cn"][0]).lower()
        out[name] = dt.datetime.fromtimestamp(step * seconds, dt.UTC)
    return out


def last_sign_ins(ldap: Ldap, tree: Tree, usernames) -> dict[str, dt.datetime]:
    """Username (lower case) to last sign-in, of those who ever signed in (one search)."""
    names = list(usernames)
    return _sign_ins(ldap, tree, _any_of("cn", names)) if names else {}


def _dormant_filter(tree: Tree, cutoff: dt.datetime) -> str:
    """Tokens last used at or before the cutoff (steps count in each kind's period)."""
    parts = "".join(
        f"(&{equals('oathTOTPParams', tree.otp_params(kind))}"
        f"(oathTOTPLastTimeStep<={int(cutoff.timestamp()) // seconds}))"
        for kind, seconds in STEP_SECONDS.items()
    )
    return f"(|{parts})"


def _any_of(attribute: str, names) -> str:
    return "(|" + "".join(equals(attribute, n) for n in names) + ")"


PERSON_ATTRIBUTES = ["uid", "mail", END, "pwdAccountLockedTime"]


def _people(ldap: Ldap, tree: Tree, wanted: str):
    """(dn, values) of the people the filter finds who are not disabled already."""
    found = ldap.paged(tree.people, wanted, PERSON_ATTRIBUTES, scope="one")
    for dn, values in found:
        if DISABLED_MARK not in [str(v) for v in values.get("pwdAccountLockedTime", ())]:
            yield dn, values


def _account(dn: str, values: dict, sign_ins: dict) -> Account:
    username = str(values["uid"][0])
    end = (values.get(END) or [None])[0]
    return Account(
        username,
        dn,
        str((values.get("mail") or [""])[0]),
        sign_ins.get(username.lower()),
        parse_time(str(end)) if end else None,
    )


def review_accounts(
    ldap: Ldap, tree: Tree, days: int, now: dt.datetime | None = None, warn_days: int = WARN_DAYS
) -> tuple[list[Account], list[Account]]:
    """(accounts with an end, dormant accounts without one), none of them disabled.

    Four searches whatever the size (people with an end and their tokens;
    dormant tokens and their people), the last two in chunks of CHUNK names.
    """
    moment = store.now_utc(now)
    ending = list(_people(ldap, tree, f"(&(objectClass=inetOrgPerson)({END}=*))"))
    names = [str(v["uid"][0]) for _, v in ending]
    signed = {}
    for i in range(0, len(names), CHUNK):
        signed |= last_sign_ins(ldap, tree, names[i : i + CHUNK])
    with_end = [_account(dn, values, signed) for dn, values in ending]
    known = {a.username.lower() for a in with_end}
    dormant_tokens = _sign_ins(ldap, tree, _dormant_filter(tree, moment - dt.timedelta(days=days)))
    candidates = sorted(n for n in dormant_tokens if n not in known)
    dormant = []
    for i in range(0, len(candidates), CHUNK):
        wanted = f"(&(objectClass=inetOrgPerson){_any_of('uid', candidates[i : i + CHUNK])})"
        dormant += [_account(dn, v, dormant_tokens) for dn, v in _people(ldap, tree, wanted)]
    return with_end, sorted(dormant, key=lambda a: a.username.lower())


def signed_in_since_announced(account: Account, warn_days: int = WARN_DAYS) -> bool:
    """True if the person signed in after their end was set.

    The end is set at most ``warn_days`` and a day before it (the midnight
    ending the last day, Oslo), so a sign-in after that point came later.
    """
    if account.last_sign_in is None or account.end is None:
        return False
    return account.last_sign_in > account.end - dt.timedelta(days=warn_days + 1)


def run(
    webapp: Ldap,
    tree: Tree,
    days: int = DEFAULT_DORMANT_DAYS,
    now: dt.datetime | None = None,
    dry_run: bool = False,
    notify: Notify | None = None,
    warn_days: int = WARN_DAYS,
) -> Report:
    """Clear the ends of accounts in use, disable those whose end has come, announce dormant ones."""
    moment = store.now_utc(now)
    with_end, dormant = review_accounts(webapp, tree, days, moment, warn_days)
    report = Report(dry_run=dry_run)
    actor = webapp.bound_dn
    for account in with_end:
        try:
            if signed_in_since_announced(account, warn_days):
                if not dry_run:
                    webapp.modify(account.dn, {END: [(DELETE, [])]})
                report.cleared.append(account)
            elif account.end <= moment:
                if account.never_activated:
                    reason = NEVER_ACTIVATED_REASON
                else:
                    reason = DORMANT_REASON.format(days=days)
                if not dry_run:
                    disable_person(webapp, tree, account.dn, actor, reason, now=moment)
                report.disabled.append((account, reason))
            else:
                report.pending.append(account)
        except DirectoryError as exc:
            report.failed.append((account, str(exc)))
    end = ends.end_of(ends.oslo_day(moment + dt.timedelta(days=warn_days)))
    for account in dormant:
        if not dry_run:
            try:
                webapp.modify(account.dn, {END: [(REPLACE, [store.generalized(end)])]})
            except DirectoryError as exc:
                report.failed.append((account, str(exc)))
                continue
            if notify is not None and account.mail:
                last_day = ends.last_day(end).isoformat()
                notify(ACCOUNT_DORMANT, account.mail, username=account.username, last_day=last_day)
        report.warned.append(Account(account.username, account.dn, account.mail,
                                     account.last_sign_in, end))  # fmt: skip
    return report


def awaits_activation(webapp: Ldap, dn: str, until: dt.datetime, ever_signed_in: bool) -> bool:
    """Set the account's end to its activation link's end if it never signed in.

    Called when an activation link is sent: the account expires with the
    link. Someone who has signed in keeps their account whatever link they get.
    """
    if ever_signed_in:
        return False
    webapp.modify(dn, {END: [(REPLACE, [store.generalized(store.now_utc(until))])]})
    return True


def activated(webapp: Ldap, dn: str) -> None:
    """The person set their password by a link: their account's end (if any) is cleared."""
    values = webapp.read(dn, [END]) or {}
    if values.get(END):
        webapp.modify(dn, {END: [(DELETE, [])]})
