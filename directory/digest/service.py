"""The daily digest for owners who chose it instead of one mail per order or review event.

What it says is computed when it is sent, from the register itself, so nothing
is queued and nothing is lost if a run is missed: the orders awaiting the
owner's approval now, the steps of their domains' orders since the last
digest (not their own), and the open reviews of their domains. A person with
nothing to hear of gets no mail. ``seresDigestSent`` (directory/preferences.py)
makes it once a day: a run finds the mark of today (Oslo) and skips the person;
two runs at once race on the mark's compare-and-swap and only one sends.
"""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from directory import attrs
from directory.access import access_of
from directory.connection import Ldap
from directory.entries import Order
from directory.escape import equals, same_dn
from directory.grants.review import OPEN, reviews
from directory.notice import Notify
from directory.orders import store as orders
from directory.orders import workflow
from directory.people import mail_of
from directory.preferences import DIGEST, last_sent, mark_sent
from directory.tree import Tree

DAILY_DIGEST = "daily_digest"
OSLO = ZoneInfo("Europe/Oslo")


@dataclass(frozen=True)
class Digest:
    """One owner's digest: (order id, type) awaiting them, (order id, type, event) steps
    since the last digest, (domain, last day) open reviews."""

    dn: str
    address: str
    approvals: tuple[tuple[str, str], ...] = ()
    steps: tuple[tuple[str, str, str], ...] = ()
    reviews: tuple[tuple[str, str], ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.approvals or self.steps or self.reviews)

    def data(self) -> dict:
        """The notify data: plain lists."""
        return {
            "approvals": [list(a) for a in self.approvals],
            "steps": [list(s) for s in self.steps],
            "reviews": [list(r) for r in self.reviews],
        }


def subscribers(service: Ldap, tree: Tree) -> list[str]:
    """The DNs of the people who chose the digest."""
    wanted = f"(&(objectClass=inetOrgPerson){equals(DIGEST, 'TRUE')})"
    found = service.paged(tree.people, wanted, ["1.1"], "one")
    return sorted(dn for dn, _ in found)


def _domain_orders(service: Ldap, tree: Tree, domains) -> list[Order]:
    if not domains:
        return []
    wanted = "".join(equals(attrs.ORDER["domains"], d) for d in sorted(domains))
    found = service.paged(
        tree.orders, f"(&{orders.ORDER_FILTER}(|{wanted}))", list(attrs.ORDER.values()), "one"
    )
    return [Order.from_entry(dn, values) for dn, values in found]


def compose(service: Ldap, tree: Tree, dn: str, since: dt.datetime, now: dt.datetime) -> Digest:
    """What one owner's digest says (empty if they own nothing or nothing happened)."""
    user = workflow.Actor.of(dn, access_of(service, tree, dn))
    waiting = orders.awaiting_approval(service, tree, user)
    approvals = tuple((o.id, o.type) for o in waiting)
    asked = {o.id for o in waiting}
    steps = tuple(
        (order.id, order.type, event.event)
        for order in sorted(_domain_orders(service, tree, user.owns), key=lambda o: o.created)
        if order.id not in asked
        for event in order.events
        if since < event.at <= now and not same_dn(event.actor, dn)
    )
    open_reviews = tuple(
        (name, item.last_day.isoformat())
        for name, item in sorted(reviews(service, tree).items())
        if name.casefold() in user.owns and item.state(now) == OPEN
    )
    return Digest(dn, mail_of(service, dn) or "", approvals, steps, open_reviews)


def send_digests(
    service: Ldap,
    tree: Tree,
    notify: Notify | None,
    now: dt.datetime | None = None,
    dry_run: bool = False,
) -> list[Digest]:
    """Send today's digests (each person at most once a day); return those sent (or, with
    ``dry_run``, those that would be: nothing is written or sent)."""
    now = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    today = now.astimezone(OSLO).date()
    done = []
    for dn in subscribers(service, tree):
        before = last_sent(service, dn)
        if before is not None and before.astimezone(OSLO).date() >= today:
            continue  # sent today already
        digest = compose(service, tree, dn, before or now - dt.timedelta(days=1), now)
        if digest.empty or not digest.address:
            continue
        if dry_run:
            done.append(digest)
            continue
        if not mark_sent(service, dn, before, now):
            continue  # another run sent it meanwhile
        if notify is not None:
            notify(DAILY_DIGEST, digest.address, **digest.data())
        done.append(digest)
    return done
