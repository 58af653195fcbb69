"""The course refreshes as lines of the audit trail, from their run records under ``ou=sync``.

The refresh's own writes are left out of the accesslog's part (they would be
thousands of lines a run); its run record says when, what started it, which
domain (or all) and how many entries changed.
"""

from directory.connection import Ldap
from directory.desk.audit import REFRESH, Change, Line, Names, Scope
from directory.errors import NoSuchEntry
from directory.escape import same_dn
from directory.sync.runs import all_runs
from directory.tree import Tree


def refresh_lines(ldap: Ldap, tree: Tree, scope: Scope, names: Names) -> list[Line]:
    """The course refreshes in scope, from their run records (the refresh's writes are
    left out of the accesslog's part): a domain's are the runs of every domain and its
    own extra ones; a person's, the extra ones they ordered (through the order's lines)."""
    if scope.person_dn or scope.actor_dn and not same_dn(scope.actor_dn, tree.service("sync")):
        return []
    try:
        runs = all_runs(ldap, tree)
    except NoSuchEntry:
        runs = []
    lines = []
    for run in runs:
        if scope.domain and run.domain and run.domain.casefold() != scope.domain.casefold():
            continue
        if scope.since and run.start < scope.since or scope.until and run.start > scope.until:
            continue
        counts = (("added", run.added), ("changed", run.modified), ("removed", run.deleted))
        counts += (("failed", run.failed),)
        lines.append(
            Line(
                at=run.start,
                source="refresh",
                kind=REFRESH,
                action=run.result or "running",
                actor_dn=tree.service("sync"),
                actor=names(tree.service("sync")),
                target_dn=tree.sync,
                target=run.domain,
                changes=tuple(Change(name, (), (str(n),)) for name, n in counts),
                reason=run.trigger,
                order_id=run.order,
            )
        )
    return lines
