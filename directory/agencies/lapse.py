"""The timed check of agreements (``seres agencies check``): warn, suspend, restore.

For each agency, on ``today``:

- agreements in force that run out within 60 or 14 days (``WARN_DAYS``; the
  last day covered without a gap): the owners of the agency's domains and
  the desk are told, once per period and last day (``seresAgreementWarned``
  on the agency: a new end date warns afresh). Found first within 14 days,
  only that warning goes;
- agreements lapsed (they ended, none is in force): the writers of its
  domains are suspended (directory.agencies.suspension), the agency notes
  since when (``seresAgencySuspended``); writers added meanwhile are
  suspended at the next run;
- agreements in force again (renewed: a new agreement or a new end date)
  and writers suspended: they are restored.

Running again changes nothing. ``dry_run`` reports and writes nothing. The
desk's pages call :func:`settle` for one agency right after recording an
agreement, so a renewal restores at once.
"""

import datetime as dt
from dataclasses import dataclass, field

from directory.agencies import suspension
from directory.agencies.agreements import Agency
from directory.agencies.store import agency_dn, get_agency, list_agencies
from directory.connection import ADD, REPLACE, Ldap
from directory.errors import DirectoryError
from directory.grants.store import generalized, now_utc
from directory.groups import members_of
from directory.notice import Notify
from directory.people import mail_of
from directory.tree import Tree

WARN_DAYS = (60, 14)
# Notifications (data: org_number, agency, last_day as YYYY-MM-DD; a warning's
# also days; a suspension's and restoration's domains and count).
AGREEMENT_ENDING = "agreement_ending"
GRANTS_SUSPENDED = "grants_suspended"
GRANTS_RESTORED = "grants_restored"
LAPSED_REASON = "The agency's agreement with SERES has lapsed"
RENEWED_REASON = "The agency's agreement with SERES is renewed"


@dataclass(frozen=True)
class Warning:
    agency: Agency
    last_day: dt.date
    days: int


@dataclass
class Report:
    warned: list[Warning] = field(default_factory=list)
    suspended: list[tuple[Agency, list[suspension.Moved]]] = field(default_factory=list)
    restored: list[tuple[Agency, list[suspension.Moved]]] = field(default_factory=list)
    failed: list[tuple[Agency, str]] = field(default_factory=list)
    dry_run: bool = False


def warning_due(agency: Agency, today: dt.date, warn_days=WARN_DAYS) -> Warning | None:
    """The warning due on ``today`` (the shortest period the last day falls within), if unsent."""
    last = agency.lapses_soon(today, max(warn_days))
    if last is None:
        return None
    days = min(d for d in warn_days if (last - today).days <= d)
    if f"{last.isoformat()}:{days}" in agency.warned:
        return None
    return Warning(agency, last, days)


class Recipients:
    """The addresses of the desk and of each agency's domains' owners (looked up once)."""

    def __init__(self, ldap: Ldap, tree: Tree):
        self.ldap, self.tree = ldap, tree
        self.desk = self.addresses(members_of(ldap, tree, tree.servicedesk))

    def addresses(self, dns) -> list[str]:
        found = {a.lower(): a for dn in dns if (a := mail_of(self.ldap, dn))}
        return sorted(found.values())

    def owners(self, domains: list[str]) -> list[str]:
        dns = [dn for d in domains for dn in members_of(self.ldap, self.tree, self.tree.owners(d))]
        return self.addresses(dns)

    def tell(self, notify: Notify | None, kind: str, addresses, **data) -> None:
        if notify is None:
            return
        for address in sorted({a.lower(): a for a in addresses}.values()):
            notify(kind, address, **data)


def _data(agency: Agency, last: dt.date | None = None) -> dict:
    data = {"org_number": agency.org_number, "agency": agency.name}
    if last is not None:
        data["last_day"] = last.isoformat()
    return data


def _warn(ldap, tree, item: Warning, warn_days, recipients: Recipients, notify) -> None:
    last = item.last_day.isoformat()
    marks = [f"{last}:{d}" for d in warn_days if d >= item.days]
    marks = [m for m in marks if m not in item.agency.warned]
    ldap.modify(agency_dn(tree, item.agency.org_number), {"seresAgreementWarned": [(ADD, marks)]})
    domains = suspension.agency_domains(ldap, tree, item.agency.org_number)
    recipients.tell(
        notify, AGREEMENT_ENDING, recipients.owners(domains) + recipients.desk,
        days=item.days, domains=domains, **_data(item.agency, item.last_day),
    )  # fmt: skip


def _suspend(ldap, tree, agency, actor, moment, recipients, notify, dry_run):
    domains = suspension.agency_domains(ldap, tree, agency.org_number)
    moved = suspension.suspend(ldap, tree, domains, actor, LAPSED_REASON, moment, dry_run)
    if dry_run:
        return moved
    if agency.suspended is None:
        ldap.modify(
            agency_dn(tree, agency.org_number),
            {"seresAgencySuspended": [(REPLACE, [generalized(moment)])]},
        )
    _tell_moved(recipients, notify, GRANTS_SUSPENDED, agency, domains, moved)
    return moved


def _restore(ldap, tree, agency, actor, moment, recipients, notify, dry_run):
    domains = suspension.agency_domains(ldap, tree, agency.org_number)
    moved = suspension.restore(ldap, tree, domains, actor, RENEWED_REASON, moment, dry_run)
    if dry_run:
        return moved
    if agency.suspended is not None:
        ldap.modify(agency_dn(tree, agency.org_number), {"seresAgencySuspended": [(REPLACE, [])]})
    _tell_moved(recipients, notify, GRANTS_RESTORED, agency, domains, moved)
    return moved


def _tell_moved(recipients, notify, kind, agency, domains, moved) -> None:
    """Tell the owners, the desk and the writers moved (not those dropped), if any."""
    writers = [m.member for m in moved if not m.dropped]
    if writers:
        recipients.tell(
            notify, kind, recipients.owners(domains) + recipients.desk + recipients.addresses(writers),
            domains=domains, count=len(writers), **_data(agency),
        )  # fmt: skip


def _check_one(ldap, tree, agency, today, actor, moment, recipients, notify, report, warn_days):
    dry = report.dry_run
    if agency.lapsed(today):
        moved = _suspend(ldap, tree, agency, actor, moment, recipients, notify, dry)
        if moved or (agency.suspended is None and not dry):
            report.suspended.append((agency, moved))
        return
    if agency.in_force(today) and (
        agency.suspended is not None
        or suspension.suspended_writers(
            ldap, tree, suspension.agency_domains(ldap, tree, agency.org_number)
        )
    ):
        report.restored.append(
            (agency, _restore(ldap, tree, agency, actor, moment, recipients, notify, dry))
        )
    item = warning_due(agency, today, warn_days)
    if item is not None:
        if not dry:
            _warn(ldap, tree, item, warn_days, recipients, notify)
        report.warned.append(item)


def check(
    ldap: Ldap,
    tree: Tree,
    today: dt.date | None = None,
    dry_run: bool = False,
    notify: Notify | None = None,
    org_numbers: tuple[str, ...] = (),
    now: dt.datetime | None = None,
    warn_days=WARN_DAYS,
) -> Report:
    """Warn, suspend and restore for every agency (or those of ``org_numbers``), as ``ldap``.

    ``ldap`` reads all of ``ou=agencies`` and writes the groups and grant
    entries (the web app's account). A failure for one agency is reported
    and left for the next run.
    """
    moment = now_utc(now)
    today = today or dt.date.today()
    report = Report(dry_run=dry_run)
    agencies = list_agencies(ldap, tree)
    if org_numbers:
        agencies = [a for a in agencies if a.org_number in org_numbers]
    recipients = Recipients(ldap, tree)
    for agency in agencies:
        try:
            _check_one(
                ldap, tree, agency, today, ldap.bound_dn, moment, recipients, notify, report,
                warn_days,
            )  # fmt: skip
        except DirectoryError as exc:
            report.failed.append((agency, str(exc)))
    return report


def settle(
    webapp: Ldap,
    tree: Tree,
    org_number: str,
    actor: str,
    notify: Notify | None = None,
    today: dt.date | None = None,
) -> list[suspension.Moved]:
    """Right after the desk records an agreement: restore the writers if it is in force again.

    The groups are changed as ``actor`` (the desk person), the records by
    ``webapp``. Returns who was restored (or dropped); nothing when there is
    nothing to restore.
    """
    agency = get_agency(webapp, tree, org_number)
    day = today or dt.date.today()
    if agency is None or not agency.in_force(day):
        return []
    recipients = Recipients(webapp, tree)
    return _restore(webapp, tree, agency, actor, now_utc(), recipients, notify, False)
