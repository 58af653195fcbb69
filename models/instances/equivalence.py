"""How other schemas treat the original's valid and invalid messages: accepted and refused alike."""

from dataclasses import dataclass, field

import xmlschema

from models.instances.generator import Generator
from models.instances.mutations import Mutator
from models.instances.tree import Node, retarget, split, to_xml
from models.validation import instance_errors


@dataclass
class Tally:
    """How one other schema treated the messages of the original."""

    valid_total: int = 0
    valid_accepted: int = 0
    invalid_total: int = 0
    invalid_refused: int = 0
    kinds: set[str] = field(default_factory=set)  # the mutations among the invalid ones
    failures: list[str] = field(default_factory=list)  # a few examples, for messages


@dataclass
class Other:
    """A schema to compare with the original, and the namespace its messages are in."""

    name: str
    schema: xmlschema.XMLSchema
    namespace: str


def equivalence(
    original: xmlschema.XMLSchema,
    others: list[Other],
    *,
    root: str = "melding",
    valid: int = 100,
    invalid: int = 100,
    seed: int = 0,
) -> dict[str, Tally]:
    """Check that ``others`` accept the original's valid messages and refuse its invalid
    ones; return a tally per other schema.

    Invalid messages are mutations of valid ones that the original refuses; kinds are
    taken in turn, so every kind that fits the schema is among them.
    """
    generator = Generator(original, root, seed)
    mutator = Mutator(seed)
    source = split(generator.root.name)[0]
    tallies = {other.name: Tally() for other in others}
    messages: list[Node] = []
    for _ in range(valid):
        message = generator.message()
        errors = instance_errors(original, to_xml(message))
        if errors:  # the generator's fault, never the other schemas': say so
            raise AssertionError(f"a generated message is invalid: {errors[:3]}")
        messages.append(message)
        for other in others:
            tally = tallies[other.name]
            tally.valid_total += 1
            text = to_xml(retarget(message, source, other.namespace))
            problems = instance_errors(other.schema, text)
            if problems:
                _note(tally, f"valid message refused: {problems[0]}")
            else:
                tally.valid_accepted += 1
    kinds = mutator.kinds()
    made = attempts = 0
    while made < invalid and attempts < invalid * 20:
        kind = kinds[attempts % len(kinds)]
        base = messages[attempts % len(messages)] if messages else generator.message()
        attempts += 1
        mutant = mutator.mutate(base, kind)
        if mutant is None or not instance_errors(original, to_xml(mutant)):
            continue  # nowhere to apply it, or the original still accepts it
        made += 1
        for other in others:
            tally = tallies[other.name]
            tally.invalid_total += 1
            tally.kinds.add(kind)
            text = to_xml(retarget(mutant, source, other.namespace))
            if instance_errors(other.schema, text):
                tally.invalid_refused += 1
            else:
                _note(tally, f"invalid message ({kind}) accepted")
    return tallies


def _note(tally: Tally, failure: str) -> None:
    if len(tally.failures) < 5:
        tally.failures.append(failure)
