"""The thin applier: carry out the diff's operations on the course side.

Writes are pipelined (up to ``window`` unanswered requests on one
connection) because one-at-a-time adds are several times slower than
ldapadd. slapd may answer a connection's requests out of order, so an add
waits for its parent's add and a delete for its children's deletes. An entry
that cannot be written is reported and the run goes on; entries below a
parent that could not be added are reported too, without trying.
"""

from collections import Counter, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from directory.connection import DELETE, REPLACE
from directory.errors import DirectoryError
from directory.pipeline import Pipeline
from directory.sync.diff import Add, Delete, Key, Modify, Operation, key

WINDOW = 64


@dataclass
class Applied:
    """What the applier did: counts by kind and the entries it could not write."""

    counts: Counter = field(default_factory=Counter)
    failures: list[tuple[str, str]] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.failures)


def object_classes(attributes: dict[str, list]) -> tuple[list[str], dict[str, list]]:
    """Split objectClass off the attributes, as ldap3's add wants them."""
    classes: list[str] = []
    rest = {}
    for name, values in attributes.items():
        if name.lower() == "objectclass":
            classes = [v.decode() if isinstance(v, bytes) else v for v in values]
        else:
            rest[name] = values
    return classes, rest


def modification(op: Modify) -> dict[str, list[tuple]]:
    changes = {name: [(REPLACE, list(values))] for name, values in op.replace.items()}
    changes.update({name: [(DELETE, [])] for name in op.remove})
    return changes


def send(pipeline: Pipeline, op: Operation, dn: str) -> int:
    if isinstance(op, Add):
        classes, attributes = object_classes(op.attributes)
        return pipeline.add(dn, classes, attributes)
    if isinstance(op, Modify):
        return pipeline.modify(dn, modification(op))
    return pipeline.delete(dn)


def apply(
    operations: Iterable[Operation],
    pipeline: Pipeline,
    base: str,
    on_done: Callable[[Operation, str | None], None] | None = None,
    window: int = WINDOW,
) -> Applied:
    """Apply the operations (DNs relative to ``base``) in the order given.

    ``on_done(op, error)`` is called once per operation when its answer is
    in (``error`` is None on success).
    """
    applied = Applied()
    in_flight: deque[tuple[int, Key, Operation]] = deque()
    flying: Counter = Counter()  # keys of the operations in flight
    flying_below: Counter = Counter()  # their parents' keys
    failed_adds: set[Key] = set()

    def finish(op: Operation, error: str | None) -> None:
        if error is None:
            applied.counts[op.kind] += 1
        else:
            applied.failures.append((f"{op.dn},{base}", error))
        if on_done is not None:
            on_done(op, error)

    def land(counter: Counter, k: Key) -> None:
        # Drop a key at zero: a Counter keeps it otherwise, and memory would
        # grow with every entry the run has written, not with what is in flight.
        counter[k] -= 1
        if counter[k] <= 0:
            del counter[k]

    def wait_one() -> None:
        message_id, k, op = in_flight.popleft()
        land(flying, k)
        land(flying_below, k[:-1])
        try:
            pipeline.result(message_id)
        except DirectoryError as exc:
            if isinstance(op, Add):
                failed_adds.add(k)
            finish(op, f"{type(exc).__name__}: {exc}")
        else:
            finish(op, None)

    def wait_for(blocked: Callable[[], bool]) -> None:
        while in_flight and blocked():
            wait_one()

    for op in operations:
        k = key(op.dn)
        if isinstance(op, Add):
            # The parent must be in the directory before its child is sent, and
            # an entry replaced (another structural class) gone before it is added.
            wait_for(lambda k=k: flying.get(k[:-1], 0) > 0 or flying.get(k, 0) > 0)
            if k[:-1] in failed_adds:
                failed_adds.add(k)
                finish(op, "NoSuchEntry: its parent could not be added")
                continue
        elif isinstance(op, Delete):
            # Every child must be gone before its parent is deleted.
            wait_for(lambda k=k: flying_below.get(k, 0) > 0)
        if len(in_flight) >= window:
            wait_one()
        try:
            message_id = send(pipeline, op, f"{op.dn},{base}")
        except DirectoryError as exc:
            finish(op, f"{type(exc).__name__}: {exc}")
            continue
        in_flight.append((message_id, k, op))
        flying[k] += 1
        flying_below[k[:-1]] += 1
    wait_for(lambda: True)
    return applied
