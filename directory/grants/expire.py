"""The timed job: expired write grants lose their membership; ending ones are announced.

Run by ``seres access expire`` as a service account (contrib/systemd). Each
run finds the active grants ending within the longest warning period (one
paged search per environment, on the indexed end), then:

- a grant whose end has come: the membership is deleted and the grant
  recorded ``expired``; the person is told;
- a grant ending within 14 or 3 days (``WARN_DAYS``): the person and the
  domain's owners are told once per period (``seresGrantWarned``); a grant
  found first within 3 days gets only that warning.

Running again changes nothing (ended grants and sent warnings are recorded),
so a run that died half-way is completed by the next. ``dry_run`` reports
what a run would do and writes nothing.
"""

import datetime as dt
from dataclasses import dataclass, field

from directory.connection import Ldap
from directory.errors import DirectoryError
from directory.grants import batch, ends, store
from directory.groups import members_of
from directory.notice import Notify
from directory.people import mail_of
from directory.preferences import each_event
from directory.tree import ENVIRONMENTS, Tree

WARN_DAYS = (14, 3)
# Notifications (data: env, domain, username, last_day as YYYY-MM-DD; a warning's
# also days and order).
ACCESS_ENDING = "access_ending"
ACCESS_EXPIRED = "access_expired"


@dataclass(frozen=True)
class Due:
    """One grant the job acts on: expired (``days`` None) or warned ``days`` before."""

    grant: store.Grant
    env: str
    domain: str
    days: int | None = None

    @property
    def last_day(self) -> dt.date:
        return ends.last_day(self.grant.end)


@dataclass
class Report:
    expired: list[Due] = field(default_factory=list)
    warned: list[Due] = field(default_factory=list)
    failed: list[tuple[Due, str]] = field(default_factory=list)
    dry_run: bool = False


def due(
    ldap: Ldap, tree: Tree, now: dt.datetime | None = None, warn_days=WARN_DAYS
) -> tuple[list[Due], list[Due]]:
    """The expired grants and those whose warning is due now (one paged search per env)."""
    moment = store.now_utc(now)
    horizon = store.generalized(moment + dt.timedelta(days=max(warn_days)))
    wanted = f"(&{store.GRANT_FILTER}(!(seresGrantEnded=*))(seresGrantEnd<={horizon}))"
    expired, warned = [], []
    for env in ENVIRONMENTS:
        for dn, values in ldap.paged(tree.groups(env), wanted, store.GRANT_ATTRIBUTES):
            grant = store.Grant.from_entry(dn, values)
            place = store.place_of(tree, grant.group)
            if place is None or place.domain is None or grant.end is None:
                continue
            if grant.end <= moment:
                expired.append(Due(grant, env, place.domain))
                continue
            periods = [d for d in sorted(warn_days) if grant.end - moment <= dt.timedelta(days=d)]
            if periods and str(periods[0]) not in grant.warned:
                warned.append(Due(grant, env, place.domain, periods[0]))
    return expired, warned


class OwnerAddresses:
    """The owners' addresses per domain, looked up once per run; ``each_only``: only
    those who want one mail per event (not the daily digest)."""

    def __init__(self, ldap: Ldap, tree: Tree, each_only: bool = False):
        self.ldap, self.tree, self.known, self.each_only = ldap, tree, {}, each_only

    def __call__(self, domain: str) -> list[str]:
        if domain.lower() not in self.known:
            dns = members_of(self.ldap, self.tree, self.tree.owners(domain))
            if self.each_only:
                dns = each_event(self.ldap, dns)
            self.known[domain.lower()] = [a for dn in dns if (a := mail_of(self.ldap, dn))]
        return self.known[domain.lower()]


def _tell(notify: Notify | None, kind: str, addresses, item: Due) -> None:
    if notify is None:
        return
    data = {
        "env": item.env,
        "domain": item.domain,
        "username": item.grant.username,
        "last_day": item.last_day.isoformat(),
    }
    if item.days is not None:
        data |= {"days": item.days, "order": item.grant.order}
    for address in sorted({a.lower(): a for a in addresses if a}.values()):
        notify(kind, address, **data)


def _end(ldap: Ldap, tree: Tree, items: list[Due], actor: str, moment, report) -> list[Due]:
    """Delete the expired memberships and record the grants' ends (pipelined); return those done."""
    done, failed = batch.end_grants(
        ldap, tree, items, lambda item: (item.grant.group, item.grant.member, item.grant),
        store.EXPIRED, "",
        lambda item: {"end": store.generalized(item.grant.end)}, moment,
    )  # fmt: skip
    report.failed += failed
    return done


def expire(
    ldap: Ldap,
    tree: Tree,
    now: dt.datetime | None = None,
    dry_run: bool = False,
    notify: Notify | None = None,
    warn_days=WARN_DAYS,
) -> Report:
    """Remove expired write memberships and announce ending ones, as ``ldap``'s identity."""
    moment = store.now_utc(now)
    expired, warned = due(ldap, tree, moment, warn_days)
    report = Report(dry_run=dry_run)
    if dry_run:
        report.expired, report.warned = expired, warned
        return report
    owners = OwnerAddresses(ldap, tree)
    actor = ldap.bound_dn
    for item in _end(ldap, tree, expired, actor, moment, report):
        report.expired.append(item)
        if notify is not None:
            _tell(notify, ACCESS_EXPIRED, [mail_of(ldap, item.grant.member) or ""], item)
    for item in warned:
        grant = item.grant
        periods = sorted({str(d) for d in warn_days if d >= item.days} | set(grant.warned))
        try:
            store.record(
                ldap, grant.group, grant.member, store.WARNED, actor,
                data={"days": item.days}, now=moment, replace={"warned": periods}, current=grant,
            )  # fmt: skip
        except DirectoryError as exc:
            report.failed.append((item, str(exc)))
            continue
        report.warned.append(item)
        if notify is not None:
            person = mail_of(ldap, grant.member) or ""
            _tell(notify, ACCESS_ENDING, [person, *owners(item.domain)], item)
    return report
