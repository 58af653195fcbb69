"""Closing the reviews past their deadline: what was not confirmed is removed or flagged.

Removal goes in one batch over every late review (``batch.end_grants``:
memberships deleted, grants recorded, pipelined; a membership older than
the lifecycle gets its grant entry then), written by the service account
with the reason ``review.UNANSWERED_REASON``. Flagging writes each grant.
A review is closed only when all its removals succeeded: one with a failure
stays open for the next run.
"""

import datetime as dt
from dataclasses import dataclass, field

from directory import attrs
from directory.connection import REPLACE, Ldap
from directory.errors import DirectoryError
from directory.escape import normalize_dn
from directory.grants import batch, store
from directory.grants.lists import Holding, holdings
from directory.grants.review import (
    FLAG,
    LATE,
    REMOVE,
    UNANSWERED_REASON,
    Review,
    get_review,
    reviews,
    unanswered,
    writers,
)
from directory.tree import Tree

# Late reviews up to this many are read domain by domain; more, the whole directory at once.
FEW = 10


@dataclass
class Closed:
    removed: list[Holding] = field(default_factory=list)
    flagged: list[Holding] = field(default_factory=list)
    closed: list[str] = field(default_factory=list)
    failed: list[tuple[Holding, str]] = field(default_factory=list)


def close(
    webapp: Ldap,
    tree: Tree,
    mode: str,
    now: dt.datetime | None = None,
    dry_run: bool = False,
    domain: str | None = None,
) -> Closed:
    """Close the reviews whose deadline has passed: remove or flag what was not confirmed.

    Idempotent: a closed review is left alone; a run that failed part-way
    leaves its review open, and the next run does the rest.
    """
    mode = unanswered(mode)
    moment = store.now_utc(now)
    report = Closed()
    late = {
        name: item
        for name, item in _reviews(webapp, tree, domain).items()
        if item.state(moment) == LATE
    }
    unanswered_ones: dict[str, list] = {name: [] for name in late}
    held = _writers(webapp, tree, domain, late)
    for holding in held:
        item = late.get(holding.domain)
        if item is None or item.confirms(holding):
            continue
        if mode == FLAG and holding.grant and holding.grant.unconfirmed == item.deadline:
            continue
        (report.removed if mode == REMOVE else report.flagged).append(holding)
        unanswered_ones[holding.domain].append((holding, item))
    if dry_run:
        return report
    every = [i for items in unanswered_ones.values() for i in items]
    failed = _carry_out(webapp, tree, mode, every, moment, _emptied(tree, held, every))
    report.failed += failed
    unfinished = {h.domain.lower() for h, _ in failed}
    for name in late:
        if name.lower() in unfinished:
            continue
        webapp.modify(
            tree.review(name),
            {attrs.REVIEW["closed"]: [(REPLACE, [store.generalized(moment)])]},
        )
        report.closed.append(name)
    return report


def _reviews(webapp: Ldap, tree: Tree, domain: str | None) -> dict[str, Review]:
    """One domain's review, or every domain's (one search)."""
    if domain is None:
        return reviews(webapp, tree)
    item = get_review(webapp, tree, domain)
    return {domain: item} if item is not None else {}


def _writers(webapp: Ldap, tree: Tree, domain: str | None, late: dict) -> list[Holding]:
    """The writers of the late reviews' domains: per domain (four searches) for one or a
    few, else every domain's at once (``holdings``: two paged searches per environment)."""
    if domain is not None or len(late) <= FEW:
        return [h for name in late for h in writers(webapp, tree, name)]
    return [h for h in holdings(webapp, tree) if h.domain in late]


def _emptied(tree: Tree, held: list[Holding], removing: list) -> set[str]:
    """The write groups (normalised DNs) whose every member is being removed."""
    groups = {}
    for h in held:
        groups.setdefault(normalize_dn(tree.writers(h.env, h.domain)), set()).add(id(h))
    gone = {id(h) for h, _ in removing}
    return {group for group, members in groups.items() if members <= gone}


def _carry_out(webapp, tree, mode, items, moment, emptied) -> list[tuple[Holding, str]]:
    """Remove the unconfirmed writers (one batch) or flag each; return what failed."""
    if mode == REMOVE:

        def where(item):
            holding = item[0]
            return tree.writers(holding.env, holding.domain), holding.person, holding.grant

        _, not_done = batch.end_grants(
            webapp, tree, items, where, store.REMOVED, UNANSWERED_REASON,
            lambda item: {"env": item[0].env, "self": False}, moment, emptied,
        )  # fmt: skip
        return [(item[0], error) for item, error in not_done]
    failed = []
    for holding, review in items:
        try:
            _flag(webapp, tree, holding, review, moment)
        except DirectoryError as exc:
            failed.append((holding, str(exc)))
    return failed


def _flag(webapp, tree, holding: Holding, review: Review, moment) -> None:
    group = tree.writers(holding.env, holding.domain)
    store.record(
        webapp, group, holding.person, store.UNCONFIRMED, webapp.bound_dn,
        data={"deadline": store.generalized(review.deadline)}, now=moment,
        replace={"unconfirmed": [review.deadline]}, current=holding.grant,
    )  # fmt: skip
