"""Recertification (issue 12 item 3): each domain's owners confirm or remove its writers.

A review is one entry per domain (``Tree.review``: start, deadline, closed).
A writer (of either environment) is confirmed when its grant entry's
``seresGrantConfirmed`` is at or after the review's start, written as the
owner (``acting_as``: slapd decides). At the deadline ``close`` (the timed
job, as the web app's account) removes or flags (SERES_REVIEW_UNANSWERED)
what was not confirmed; ``due`` starts reviews every SERES_REVIEW_MONTHS.
Contract and numbers: docs/access.md.
"""

import datetime as dt
from dataclasses import dataclass

from directory import attrs
from directory.connection import ADD, REPLACE, Ldap
from directory.entries import first, parse_time
from directory.errors import DirectoryError, InvalidValue
from directory.grants import accounts, ends, store
from directory.grants.expire import OwnerAddresses
from directory.grants.lists import Holding, writers_of
from directory.grants.remove import LifecycleError, acting, remove_access
from directory.groups import GROUP_FILTER
from directory.tree import ENVIRONMENTS, Tree

REMOVE, FLAG = "remove", "flag"
UNANSWERED = (REMOVE, FLAG)
DEFAULT_MONTHS = 12
DEFAULT_DAYS_TO_ANSWER = 30
UNANSWERED_REASON = "not confirmed in the domain's review"
OPEN, LATE, CLOSED = "open", "late", "closed"


def months(value) -> int:
    """SERES_REVIEW_MONTHS: a whole number of months above 0, else InvalidValue."""
    try:
        number = int(str(value).strip())
    except ValueError:
        number = 0
    if number < 1:
        raise InvalidValue(f"SERES_REVIEW_MONTHS must be a whole number above 0, not {value!r}")
    return number


def unanswered(value) -> str:
    """SERES_REVIEW_UNANSWERED: remove or flag, else InvalidValue."""
    text = str(value or "").strip().lower()
    if text not in UNANSWERED:
        raise InvalidValue(f"SERES_REVIEW_UNANSWERED must be remove or flag, not {value!r}")
    return text


@dataclass(frozen=True)
class Review:
    """One domain's review: when it began, its deadline, when it closed (None while open)."""

    domain: str
    start: dt.datetime
    deadline: dt.datetime
    closed: dt.datetime | None = None
    reminded: tuple[str, ...] = ()

    @property
    def last_day(self) -> dt.date:
        """The last day (Oslo) to answer."""
        return ends.last_day(self.deadline)

    def state(self, now: dt.datetime) -> str:
        if self.closed is not None:
            return CLOSED
        return LATE if now >= self.deadline else OPEN

    def confirms(self, holding: Holding) -> bool:
        g = holding.grant
        return bool(g and g.confirmed and g.confirmed >= self.start)


def get_review(ldap: Ldap, tree: Tree, domain: str) -> Review | None:
    values = ldap.read(tree.review(domain), list(attrs.REVIEW.values()))
    return _review(domain, values) if values else None


def reviews(ldap: Ldap, tree: Tree) -> dict[str, Review]:
    """Every domain's review, by domain name (one search)."""
    found = ldap.paged(
        tree.groups("prod"), "(objectClass=seresReview)", list(attrs.REVIEW.values())
    )
    out = {}
    for dn, values in found:
        # cn=review,<the write group>: the group's DN (with its escapes) names the domain.
        place = store.place_of(tree, dn.split(",", 1)[1])
        if place and place.domain and (item := _review(place.domain, values)) is not None:
            out[place.domain] = item
    return out


def _review(domain: str, values) -> Review | None:
    if not first(values, attrs.REVIEW["start"]):
        return None
    closed = first(values, attrs.REVIEW["closed"])
    return Review(
        domain,
        parse_time(first(values, attrs.REVIEW["start"])),
        parse_time(first(values, attrs.REVIEW["deadline"])),
        parse_time(closed) if closed else None,
        tuple(str(v).lower() for v in values.get(attrs.REVIEW["reminded"], ())),
    )


def domains(ldap: Ldap, tree: Tree) -> list[str]:
    """Every domain with a production write group (one search)."""
    found = ldap.paged(tree.groups("prod"), f"(&{GROUP_FILTER}(cn=writers-*))", ["cn"], scope="one")
    names = {str(v["cn"][0])[len("writers-") :] for _, v in found}
    return sorted(names, key=str.lower)


def writers(ldap: Ldap, tree: Tree, domain: str) -> list[Holding]:
    """The domain's writers in both environments with their grants (four searches)."""
    out = []
    for env in ENVIRONMENTS:
        out += writers_of(ldap, tree, env, domain)
    return out


def start(
    webapp: Ldap,
    tree: Tree,
    domain: str,
    deadline: dt.datetime | None = None,
    now: dt.datetime | None = None,
) -> Review:
    """Open (or reopen) a domain's review, until ``deadline`` (default: 30 days on)."""
    moment = store.now_utc(now)
    deadline = deadline or ends.end_of(
        ends.oslo_day(moment) + dt.timedelta(days=DEFAULT_DAYS_TO_ANSWER)
    )
    if deadline <= moment:
        raise LifecycleError("deadline_past", "the deadline must be in the future")
    dn = tree.review(domain)
    values = {
        attrs.REVIEW["start"]: [store.generalized(moment)],
        attrs.REVIEW["deadline"]: [store.generalized(deadline)],
    }
    if webapp.read(dn, ["cn"]) is None:
        webapp.add(dn, attrs.REVIEW_CLASSES, {"cn": "review", **values})
    else:
        change = {name: [(REPLACE, v)] for name, v in values.items()}
        change[attrs.REVIEW["closed"]] = [(REPLACE, [])]
        change[attrs.REVIEW["reminded"]] = [(REPLACE, [])]
        webapp.modify(dn, change)
    return Review(domain, moment, deadline)


def confirm(
    webapp: Ldap,
    tree: Tree,
    domain: str,
    env: str,
    person_dn: str,
    actor: str,
    now: dt.datetime | None = None,
) -> None:
    """``actor`` keeps ``person_dn``'s write access: written as ``actor`` (slapd decides).

    A membership older than the lifecycle gets its grant entry first (the
    web app's record); the confirmation itself is the actor's write.
    """
    moment = store.now_utc(now)
    group = tree.writers(env, domain)
    grant = store.get_grant(webapp, group, person_dn)
    if grant is None:
        store.record(webapp, group, person_dn, store.GRANTED, webapp.bound_dn, now=moment,
                     data={"before_lifecycle": True})  # fmt: skip
        grant = store.get_grant(webapp, group, person_dn)
    acting(webapp, actor).modify(
        grant.dn,
        {
            attrs.GRANT["confirmed"]: [(REPLACE, [store.generalized(moment)])],
            attrs.GRANT["confirmed_by"]: [(REPLACE, [actor])],
        },
    )
    store.record(webapp, group, person_dn, store.CONFIRMED, actor, now=moment, current=grant,
                 data={"env": env}, replace={"unconfirmed": []})  # fmt: skip


@dataclass(frozen=True)
class Status:
    domain: str
    review: Review | None
    state: str | None
    confirmed: int
    pending: int


def status(ldap: Ldap, tree: Tree, now: dt.datetime | None = None, domain: str | None = None):
    """Per domain: its review's state (None: never reviewed), writers confirmed and pending."""
    moment = store.now_utc(now)
    out = []
    known = reviews(ldap, tree)
    for name in [domain] if domain else domains(ldap, tree):
        review = known.get(name)
        held = writers(ldap, tree, name) if review else []
        confirmed = sum(1 for h in held if review.confirms(h))
        out.append(
            Status(
                name,
                review,
                review.state(moment) if review else None,
                confirmed,
                len(held) - confirmed,
            )
        )
    return out


def due(ldap: Ldap, tree: Tree, every_months: int, now: dt.datetime | None = None) -> list[str]:
    """Domains whose last review began ``every_months`` ago or more (or never)."""
    moment = store.now_utc(now)
    out = []
    known = reviews(ldap, tree)
    for name in domains(ldap, tree):
        review = known.get(name)
        if review is None or _add_months(review.start, every_months) <= moment:
            out.append(name)
    return out


def _add_months(moment: dt.datetime, count: int) -> dt.datetime:
    month = moment.month - 1 + count
    year, month = moment.year + month // 12, month % 12 + 1
    day = min(moment.day, 28)
    return moment.replace(year=year, month=month, day=day)


KEEP, DECISIONS = "keep", ("keep", REMOVE)
REVIEW_REMOVED_REASON = "removed in the domain's review"


@dataclass(frozen=True)
class Row:
    """One writer on a review page: the grant (when, by whom), the last sign-in if recorded."""

    holding: Holding
    last_sign_in: dt.datetime | None


def page(ldap: Ldap, tree: Tree, domain: str) -> tuple[Review | None, list[Row]]:
    """What a domain's review page shows, in six LDAP operations whatever the writers:
    the review (one read), the writers (four searches), their last sign-ins (one search
    of their OTP tokens' last used steps, as ``accounts`` reads them; ``ldap`` must be
    the web app's account, which reads tokens)."""
    current = get_review(ldap, tree, domain)
    held = writers(ldap, tree, domain)
    signed_in = accounts.last_sign_ins(ldap, tree, sorted({h.username.lower() for h in held}))
    return current, [Row(h, signed_in.get(h.username.lower())) for h in held]


def decide(
    webapp: Ldap,
    tree: Tree,
    domain: str,
    decisions: dict[tuple[str, str], str],
    actor: str,
    now: dt.datetime | None = None,
    notify=None,
) -> tuple[int, int]:
    """Keep or remove writers (``(env, username)`` to keep/remove) as ``actor``.

    Everything is checked before anything is written: a decision on someone
    who is not a writer there, or not keep/remove, raises LifecycleError
    ``bad_decision``. Returns (kept, removed). slapd decides each write.
    """
    held = {(h.env, h.username.lower()): h for h in writers(webapp, tree, domain)}
    for (env, username), choice in decisions.items():
        if choice not in DECISIONS or (env, username.lower()) not in held:
            raise LifecycleError("bad_decision", f"{env} {username}: {choice}")
    kept = removed = 0
    for (env, username), choice in sorted(decisions.items()):
        holding = held[(env, username.lower())]
        if choice == KEEP:
            confirm(webapp, tree, domain, env, holding.person, actor, now)
            kept += 1
        else:
            group = tree.writers(env, domain)
            remove_access(webapp, tree, group, holding.person, actor, REVIEW_REMOVED_REASON,
                          notify, now)  # fmt: skip
            removed += 1
    return kept, removed


def late(ldap: Ldap, tree: Tree, now: dt.datetime | None = None) -> list[Review]:
    """The reviews past their deadline and not closed, by deadline (one search)."""
    moment = store.now_utc(now)
    found = [r for r in reviews(ldap, tree).values() if r.state(moment) == LATE]
    return sorted(found, key=lambda r: (r.deadline, r.domain.lower()))


# Notifications to a domain's owners (data: domain, last_day as YYYY-MM-DD).
REVIEW_STARTED = "review_started"
REVIEW_REMINDER = "review_reminder"
REMIND_DAYS = 7


def remind(
    webapp: Ldap, tree: Tree, notify, now: dt.datetime | None = None
) -> list[tuple[str, str]]:
    """Tell the owners of each open review that it started, and again REMIND_DAYS before
    its deadline: each once (``seresReviewReminded``; of a race, the second write fails
    and sends nothing). Returns (domain, kind) for each reminder sent."""
    moment = store.now_utc(now)
    owners = OwnerAddresses(webapp, tree, each_only=True)  # the others: the daily digest
    sent = []
    for name, item in sorted(reviews(webapp, tree).items()):
        if item.state(moment) != OPEN:
            continue
        for mark, kind, wanted in (
            ("started", REVIEW_STARTED, True),
            ("deadline", REVIEW_REMINDER, item.deadline - moment <= dt.timedelta(days=REMIND_DAYS)),
        ):
            if not wanted or mark in item.reminded:
                continue
            try:
                webapp.modify(tree.review(name), {attrs.REVIEW["reminded"]: [(ADD, [mark])]})
            except DirectoryError:
                continue
            for address in owners(name):
                notify(kind, address, domain=name, last_day=item.last_day.isoformat())
            sent.append((name, kind))
    return sent
