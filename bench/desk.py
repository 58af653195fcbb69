"""How fast the desk's people directory answers at 100,000 people, next to bare ldap3.

Builds a directory from ldif/ with 100,000 people (names, e-mail, mobile,
employer; one in ten without a mobile), then asks for the first page of a
search by a part of a name with a filter ("without a mobile number"), as the
desk does: through directory/desk (sorted by name, cut by slapd's list view,
with the total), and as a bare ldap3 search of the same filter on a bound
connection (unsorted, no total). Counts the LDAP operations one page costs,
prints pages per second and the ratio, and ends with one JSON line.
"""

import argparse
import json
import random
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ldap3 import LEVEL  # noqa: E402
from ldap3.strategy.base import BaseStrategy  # noqa: E402

from bench.shared.seeding import bare_connection, rate, seeded_slapd  # noqa: E402
from directory.connection import Servers  # noqa: E402
from directory.desk import people  # noqa: E402
from directory.settings import Settings  # noqa: E402
from directory.tree import Tree  # noqa: E402
from tests.support import demo_accounts  # noqa: E402

GIVEN = ["Ola", "Kari", "Per", "Siri", "Nils", "Ingrid", "Lars", "Anne", "Jon", "Marit"]
SURNAMES = ["Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen"]
SURNAMES += ["Kristiansen", "Jensen", "Karlsen", "Johnsen", "Pettersen", "Eriksen", "Berg"]
EMPLOYERS = ["Bufdir", "Legemiddelverket", "Brønnøysundregistrene", "NAV", "Skatteetaten"]


def generate(tree: Tree, count: int, rng: random.Random) -> str:
    """Return LDIF for ``count`` people; every tenth has no mobile."""
    lines = []
    for i in range(count):
        given, surname = rng.choice(GIVEN), rng.choice(SURNAMES) + f"{i % 97:02d}"
        username = f"p{i:06d}"
        lines += [
            f"dn: {tree.person(username)}",
            "objectClass: inetOrgPerson",
            f"uid: {username}",
            f"cn: {given} {surname}",
            f"givenName: {given}",
            f"sn: {surname}",
            f"mail: {username}@bench.example",
            f"o: {rng.choice(EMPLOYERS)}",
        ]
        if i % 10:
            lines.append(f"mobile: +474{i:07d}")
        lines.append("")
    return "\n".join(lines)


class Counted:
    """Counts the LDAP requests ldap3 sends (bind, search, unbind, ...)."""

    def __init__(self):
        self.count = 0
        self.original = BaseStrategy.send

    def __enter__(self):
        counter = self

        def send(strategy, message_type, request, controls=None):
            counter.count += 1
            return counter.original(strategy, message_type, request, controls)

        BaseStrategy.send = send
        return self

    def __exit__(self, *exc):
        BaseStrategy.send = self.original


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=2.0, help="per way, per round")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    rng = random.Random(1)
    tree = Tree()
    accounts = demo_accounts()
    seed = generate(tree, args.people, rng)
    with seeded_slapd(
        "desk", accounts["manager"].password, seed, f"{args.people} people"
    ) as server:
        # The web app acting for the desk person, as the desk's pages do.
        webapp = accounts["webapp"]
        service = Servers(Settings((server.url,), webapp.dn, webapp.password)).service()
        desk = service.acting_as(accounts["brukerservice"].dn)
        bare = bare_connection(server, webapp)
        words = [f"{s[-3:]}{n:02d}" for s in SURNAMES for n in (3, 17, 42)]
        queries = [people.Query(text=w, filters=frozenset({"no_mobile"})) for w in words]

        def ours(query):
            return people.find_people(desk, tree, query)

        def theirs(query):
            bare.search(
                tree.people,
                people.search_filter(tree, query),
                LEVEL,
                attributes=people.ROW_ATTRIBUTES,
                controls=desk._controls(),
            )
            return list(bare.response)

        # Same people both ways (ours sorted and cut to a page), before timing.
        first = ours(queries[0])
        found = theirs(queries[0])
        assert first.total == len(found) > 0, (first.total, len(found))
        assert [r.name for r in first.rows] == sorted(
            (r.name for r in first.rows), key=str.casefold
        )
        with Counted() as ops:
            ours(queries[1])
        layer_rates, bare_rates = [], []
        for _ in range(args.rounds):
            bare_rates.append(rate(theirs, queries, args.seconds))
            layer_rates.append(rate(ours, queries, args.seconds))
        ours_qps, bare_qps = statistics.median(layer_rates), statistics.median(bare_rates)
        ratio = ours_qps / bare_qps
        print(
            f"first page of '{words[1]}' + no mobile ({first.total} found): "
            f"{ops.count} LDAP operations; layer {ours_qps:.0f}/s, bare ldap3 "
            f"{bare_qps:.0f}/s, ratio {ratio:.2f}"
        )
        service.close()
        bare.unbind()
    print(
        json.dumps(
            {
                "bench": "desk",
                "people": args.people,
                "first_page_operations": ops.count,
                "max_operations": 3,
                "layer_pages_per_s": round(ours_qps, 1),
                "bare_searches_per_s": round(bare_qps, 1),
                "ratio": round(ratio, 3),
                "aim": 0.5,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
