"""Ending many grants at once: each membership deleted, then each grant recorded ended,
both down one pipelined connection (slapd answers them in any order).

A thousand grants cost little more than a thousand round trips' worth of
slapd's own work. A grant is recorded ended only once its membership is
gone; what fails is returned and left for the next run. Used by the timed
job (expired grants) and by closing reviews (unconfirmed grants).
"""

import datetime as dt
from collections.abc import Callable, Iterable
from typing import TypeVar

from directory import attrs
from directory.connection import ADD, DELETE, Ldap
from directory.errors import AlreadyExists, DirectoryError, InvalidValue
from directory.escape import normalize_dn
from directory.grants import store
from directory.tree import Tree

Item = TypeVar("Item")
# Requests in flight on the pipeline at most: slapd closes a session with more
# than conn_max_pending_auth (1,000 by default) requests waiting.
WINDOW = 400


def leave(ldap: Ldap, tree: Tree, group: str, member: str) -> None:
    """Delete the membership in one write (the stand-in comes in for the last member)."""
    try:
        ldap.modify(group, {"member": [(DELETE, [member])]})
    except InvalidValue:
        if ldap.compare(group, "member", member):
            ldap.modify(group, {"member": [(ADD, [tree.nobody]), (DELETE, [member])]})
        # else: no longer a member (removed by hand): only the record is left to write.


def end_grants(
    ldap: Ldap,
    tree: Tree,
    items: Iterable[Item],
    where: Callable[[Item], tuple[str, str, store.Grant | None]],
    event: str,
    reason: str,
    data_of: Callable[[Item], dict],
    moment: dt.datetime,
    emptied: set[str] = frozenset(),
) -> tuple[list[Item], list[tuple[Item, str]]]:
    """End each item's membership as ``ldap``'s identity: (done, failed with the error).

    ``where(item)`` is (group DN, member DN, grant or None): a membership
    older than the lifecycle (no grant entry) gets one, recording its end.
    Sent WINDOW items at a time. ``emptied``: normalised DNs of groups this
    batch takes every member from; the stand-in comes in with the last one
    in the same write (not after a refusal).
    """
    items, done, failed = list(items), [], []
    last = {}
    for item in items:
        group = normalize_dn(where(item)[0])
        if group in emptied:
            last[group] = id(item)
    pipe = ldap.pipeline()
    try:
        for start in range(0, len(items), WINDOW):
            ended, lost = _window(ldap, tree, pipe, items[start : start + WINDOW], where, event,
                                  reason, data_of, moment, set(last.values()))  # fmt: skip
            done += ended
            failed += lost
        return done, failed
    finally:
        pipe.close()


def _window(ldap, tree, pipe, items, where, event, reason, data_of, moment, lasts):
    """One window: the memberships deleted, then the grants recorded; (done, failed)."""
    actor, failed = ldap.bound_dn, []
    sent = []
    for item in items:
        group, member, _ = where(item)
        change = [(DELETE, [member])]
        if id(item) in lasts:  # slapd answers in any order: the others may go before or after
            change = [(ADD, [tree.nobody]), *change]
        sent.append((item, pipe.modify(group, {"member": change})))
    left = []
    for item, message in sent:
        try:
            try:
                pipe.result(message)
            except InvalidValue:
                # The last member (the stand-in comes in), or not a member any more.
                leave(ldap, tree, *where(item)[:2])
        except DirectoryError as exc:
            failed.append((item, str(exc)))
            continue
        left.append(item)
    sent = []
    for item in left:
        group, member, grant = where(item)
        ended = {"ended": [moment]}
        if grant is None:  # older than the lifecycle: its first grant entry
            values = store.first_entry(member, event, actor, reason, data_of(item), moment, ended)
            message = pipe.add(store.grant_dn(group, member), attrs.GRANT_CLASSES, values)
        else:
            change = store.changes(grant, event, actor, reason, data_of(item), moment, ended)
            message = pipe.modify(grant.dn, change)
        sent.append((item, message))
    done = []
    for item, message in sent:
        try:
            try:
                pipe.result(message)
            except AlreadyExists:
                # An ended grant's record the search left out: add the event to it.
                group, member, _ = where(item)
                store.record(ldap, group, member, event, actor, reason, data_of(item), moment,
                             {"ended": [moment]})  # fmt: skip
        except DirectoryError as exc:
            failed.append((item, str(exc)))
            continue
        done.append(item)
    return done, failed
