"""`seres access ...`: list write access, revoke it, expire ended grants (issue 12).

As the identity in SERES_LDAP_* (the directory decides what it may do); the
timed job runs as the web app's service account (contrib/systemd). People
are told by e-mail through the web app's mailer, which the project installs
as the entry point ``seres.notify: mail`` (it reads the web app's SERES_*
settings: SERES_PUBLIC_URL for links, SERES_NOTIFY_EMAIL/SERES_SMTP_* for
sending); ``--no-mail`` tells nobody.

Exit status: 0 done; 1 the job ran but some grants could not be changed; 2
nothing was done (bad settings, refused, not found).
"""

import datetime as dt
import json
import os
from importlib.metadata import entry_points

import click

from directory.clitools import carry_out, fail
from directory.errors import DirectoryError, InsufficientAccess, InvalidValue
from directory.grants import accounts, closing, ends, review, store
from directory.grants.expire import expire
from directory.grants.lists import Holding, holdings
from directory.grants.remove import LifecycleError, remove_access
from directory.notice import Notify
from directory.people import USERNAME
from directory.tree import ENVIRONMENTS


def mailer(wanted: bool, name: str = "mail") -> Notify | None:
    """The installed mailer (entry point seres.notify: ``name``), or None with ``--no-mail``."""
    if not wanted:
        return None
    found = list(entry_points(group="seres.notify", name=name))
    if not found:
        fail(f"no mailer is installed (entry point seres.notify: {name}); use --no-mail")
    try:
        return found[0].load()()
    except ValueError as exc:  # the web app's SettingsError
        fail(f"cannot send e-mail: {exc}")


def username_arg(ctx, param, value):
    if value is not None and not USERNAME.fullmatch(value):
        raise click.BadParameter("not a username")
    return value


@click.group("access")
def access() -> None:
    """Write access to domains: who holds it until when, taking it back, ending it."""


def as_json(h: Holding) -> dict:
    grant = h.grant
    return {
        "domain": h.domain,
        "env": h.env,
        "username": h.username,
        "person": h.person,
        "end": store.generalized(h.end) if h.end else None,
        "last_day": ends.last_day(h.end).isoformat() if h.end else None,
        "order": grant.order or None if grant else None,
        "granted_by": grant.by or None if grant else None,
    }


@access.command("list")
@click.option("--domain", help="Only this domain's writers.")
@click.option("--person", callback=username_arg, help="Only this person's (a username).")
@click.option(
    "--expiring-within",
    type=click.IntRange(min=0),
    metavar="DAYS",
    help="Only grants that end within DAYS days (not those without an end).",
)
@click.option("--json", "as_json_lines", is_flag=True, help="One JSON object per line.")
def list_command(domain, person, expiring_within, as_json_lines) -> None:
    """Write access held now, with each grant's last day and order."""

    def action(ldap, tree):
        dn = tree.person(person) if person else None
        return holdings(ldap, tree, domain=domain, person=dn)

    found = carry_out(action, (InsufficientAccess, lambda e: f"refused: {e}"))
    if expiring_within is not None:
        limit = store.now_utc() + dt.timedelta(days=expiring_within)
        found = [h for h in found if h.end is not None and h.end <= limit]
    for h in found:
        if as_json_lines:
            click.echo(json.dumps(as_json(h), ensure_ascii=False, sort_keys=True))
        else:
            last = ends.last_day(h.end).isoformat() if h.end else "-"
            click.echo(f"{h.domain}\t{h.env}\t{h.username}\t{last}")


@access.command("revoke")
@click.argument("username", callback=username_arg)
@click.option("--domain", required=True, help="The domain whose write access goes.")
@click.option(
    "--env",
    type=click.Choice(ENVIRONMENTS),
    help="Only this environment (default: both).",
)
@click.option("--reason", required=True, help="Why; recorded and told to the person.")
@click.option("--no-mail", is_flag=True, help="Tell nobody.")
def revoke_command(username, domain, env, reason, no_mail) -> None:
    """Take USERNAME's write access to a domain away, as the SERES_LDAP_* identity."""
    if not reason.strip():
        fail("give a reason (--reason)")
    notify = mailer(not no_mail)

    def action(ldap, tree):
        done = []
        for where in (env,) if env else ENVIRONMENTS:
            try:
                remove_access(
                    ldap, tree, tree.writers(where, domain), tree.person(username),
                    ldap.bound_dn, reason, notify,
                )  # fmt: skip
            except LifecycleError as exc:
                if exc.code != "not_member":
                    raise
                continue
            done.append(where)
        return done

    done = carry_out(action, (InsufficientAccess, lambda e: f"refused: {e}"))
    if not done:
        fail(f"{username} does not write {domain} there")
    for where in done:
        click.echo(f"removed {username} from the writers of {domain} in {where}")


@access.command("expire")
@click.option("--dry-run", is_flag=True, help="Say what would be done; change nothing.")
@click.option("--no-mail", is_flag=True, help="Tell nobody.")
def expire_command(dry_run, no_mail) -> None:
    """End expired write grants and announce those ending in 14 and 3 days (idempotent)."""
    notify = mailer(not (no_mail or dry_run))
    report = carry_out(
        lambda ldap, tree: expire(ldap, tree, dry_run=dry_run, notify=notify),
        (DirectoryError, lambda e: f"the directory refused: {e}"),
    )
    verb = "would end" if dry_run else "ended"
    for item in report.expired:
        click.echo(f"{verb} {item.grant.username} on {item.domain} in {item.env}")
    verb = "would warn" if dry_run else "warned"
    for item in report.warned:
        click.echo(
            f"{verb} {item.grant.username} on {item.domain} in {item.env}:"
            f" ends after {item.last_day.isoformat()} ({item.days} days)"
        )
    for item, error in report.failed:
        click.echo(
            f"failed {item.grant.username} on {item.domain} in {item.env}: {error}", err=True
        )
    click.echo(
        f"{len(report.expired)} expired, {len(report.warned)} warned, {len(report.failed)} failed"
    )
    if report.failed:
        raise SystemExit(1)


def review_setting(name: str, parse, default):
    """A SERES_* lifecycle setting as the web app reads it (the timed job shares its settings)."""
    try:
        return parse(os.environ.get(name) or default)
    except InvalidValue as exc:
        fail(str(exc))


@access.group("review")
def review_group() -> None:
    """Recertification: each domain's owners confirm its writers by a deadline."""


@review_group.command("start")
@click.option("--domain", help="Only this domain (default: every domain).")
@click.option(
    "--deadline",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="The last day (Oslo) to answer, YYYY-MM-DD (default: 30 days on).",
)
@click.option("--no-mail", is_flag=True, help="Tell no owner.")
def review_start_command(domain, deadline, no_mail) -> None:
    """Open a review for each domain (or one); its owners are told and answer on its page."""
    end = ends.end_of(deadline.date()) if deadline else None
    notify = mailer(not no_mail)

    def action(ldap, tree):
        names = [domain] if domain else review.domains(ldap, tree)
        started = [review.start(ldap, tree, name, end) for name in names]
        if notify is not None:
            review.remind(ldap, tree, notify)
        return started

    started = carry_out(
        action,
        (LifecycleError, lambda e: str(e)),
        (DirectoryError, lambda e: f"the directory refused: {e}"),
    )
    for item in started:
        last = ends.last_day(item.deadline).isoformat()
        click.echo(f"started the review of {item.domain}: answer by {last}")


@review_group.command("status")
@click.option("--domain", help="Only this domain.")
@click.option("--json", "as_json_lines", is_flag=True, help="One JSON object per line.")
def review_status_command(domain, as_json_lines) -> None:
    """Per domain: its review open, late or closed, writers confirmed and pending."""
    found = carry_out(
        lambda ldap, tree: review.status(ldap, tree, domain=domain),
        (DirectoryError, lambda e: f"the directory refused: {e}"),
    )
    for item in found:
        deadline = item.review.deadline if item.review else None
        if as_json_lines:
            line = {
                "domain": item.domain,
                "state": item.state,
                "deadline": store.generalized(deadline) if deadline else None,
                "confirmed": item.confirmed,
                "pending": item.pending,
            }
            click.echo(json.dumps(line, ensure_ascii=False, sort_keys=True))
        else:
            last = ends.last_day(deadline).isoformat() if deadline else "-"
            click.echo(
                f"{item.domain}\t{item.state or 'never'}\t{last}"
                f"\t{item.confirmed} confirmed\t{item.pending} pending"
            )


@review_group.command("close")
@click.option("--dry-run", is_flag=True, help="Say what would be done; change nothing.")
def review_close_command(dry_run) -> None:
    """Close the reviews past their deadline: remove (or flag) what was not confirmed."""
    mode = review_setting("SERES_REVIEW_UNANSWERED", review.unanswered, review.REMOVE)
    report = carry_out(
        lambda ldap, tree: closing.close(ldap, tree, mode, dry_run=dry_run),
        (DirectoryError, lambda e: f"the directory refused: {e}"),
    )
    words = ("would remove", "would flag") if dry_run else ("removed", "flagged")
    for verb, items in zip(words, (report.removed, report.flagged), strict=True):
        for h in items:
            click.echo(f"{verb} {h.username} on {h.domain} in {h.env}")
    for h, error in report.failed:
        click.echo(f"failed {h.username} on {h.domain} in {h.env}: {error}", err=True)
    for name in report.closed:
        click.echo(f"closed the review of {name}")
    if report.failed:
        raise SystemExit(1)


@review_group.command("due")
@click.option("--no-mail", is_flag=True, help="Tell no owner.")
def review_due_command(no_mail) -> None:
    """Close the late reviews, start those due (every SERES_REVIEW_MONTHS), remind owners."""
    every = review_setting("SERES_REVIEW_MONTHS", review.months, review.DEFAULT_MONTHS)
    mode = review_setting("SERES_REVIEW_UNANSWERED", review.unanswered, review.REMOVE)
    notify = mailer(not no_mail)

    def action(ldap, tree):
        closed = closing.close(ldap, tree, mode)
        started = [review.start(ldap, tree, name) for name in review.due(ldap, tree, every)]
        if notify is not None:
            review.remind(ldap, tree, notify)
        return closed, started

    closed, started = carry_out(action, (DirectoryError, lambda e: f"the directory refused: {e}"))
    for name in closed.closed:
        click.echo(f"closed the review of {name}")
    for item in started:
        click.echo(f"started the review of {item.domain}")
    if closed.failed:
        raise SystemExit(1)


@access.command("accounts")
@click.option("--dry-run", is_flag=True, help="Say what would be done; change nothing.")
@click.option("--no-mail", is_flag=True, help="Tell nobody.")
def accounts_command(dry_run, no_mail) -> None:
    """Disable accounts whose end has come (dormant, never activated); announce dormant ones."""
    days = review_setting(
        "SERES_DORMANT_DAYS", accounts.dormant_days, accounts.DEFAULT_DORMANT_DAYS
    )
    notify = mailer(not (no_mail or dry_run))
    report = carry_out(
        lambda ldap, tree: accounts.run(ldap, tree, days, dry_run=dry_run, notify=notify),
        (DirectoryError, lambda e: f"the directory refused: {e}"),
    )
    would = "would " if dry_run else ""
    for item in report.cleared:
        click.echo(f"{would}clear the end of {item.username}: signed in since it was announced")
    for item, reason in report.disabled:
        click.echo(f"{would}disable {item.username}: {reason}")
    for item in report.warned:
        last = ends.last_day(item.end).isoformat()
        click.echo(f"{would}warn {item.username}: no sign-in for {days} days, ends after {last}")
    for item, error in report.failed:
        click.echo(f"failed {item.username}: {error}", err=True)
    click.echo(
        f"{len(report.disabled)} disabled, {len(report.warned)} warned, "
        f"{len(report.cleared)} cleared, {len(report.failed)} failed"
    )
    if report.failed:
        raise SystemExit(1)
