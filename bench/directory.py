"""How fast tools' questions are answered through the access layer, next to bare ldap3.

Builds a directory from ldif/ with 10,000 people and 1,000 domains (each with
a writers group of about 20 people; everyone reads production), then asks,
as the read-only tools account, what a directory-aware tool asks:

- a person's groups         (groups whose member is the person)
- a group's members         (the member values of one writers group)
- a person by uid           (one person's public attributes)

Each question runs through directory/ (Ldap, escaping, dataclasses) and over
a bare ldap3 connection with the same filter, in alternating rounds within
one run. Prints queries per second and the ratio layer/bare per question, and
ends with one JSON line.
"""

import argparse
import json
import random
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ldap3 import BASE, LEVEL, SUBTREE  # noqa: E402

from bench.shared.seeding import bare_connection, rate, seeded_slapd  # noqa: E402
from directory.connection import ADD, Servers  # noqa: E402
from directory.escape import equals  # noqa: E402
from directory.groups import groups_of, members_of  # noqa: E402
from directory.people import PUBLIC_ATTRIBUTES, find_person  # noqa: E402
from directory.settings import Settings  # noqa: E402
from directory.tree import Tree  # noqa: E402
from tests.support import demo_accounts  # noqa: E402


def people_lines(tree: Tree, usernames: list[str]) -> list[str]:
    """LDIF lines for bench people (no password, no token: nobody binds as them)."""
    lines = []
    for name in usernames:
        lines += [
            f"dn: {tree.person(name)}",
            "objectClass: inetOrgPerson",
            f"uid: {name}",
            f"cn: Person {name}",
            f"sn: {name}",
            f"mail: {name}@bench.example",
            "",
        ]
    return lines


def generate(tree: Tree, people: int, domains: int, per_group: int, rng: random.Random) -> str:
    """Return LDIF for the people, domains and writers groups."""
    usernames = [f"person{i:05d}" for i in range(people)]
    lines = people_lines(tree, usernames)
    for d in range(domains):
        domain = f"Domene{d:04d}"
        lines += [
            f"dn: {tree.domain('prod', domain)}",
            "objectClass: seresDomain",
            f"cn: {domain}",
            f"seresAgencyName: Etat {d}",
            "",
        ]
        members = rng.sample(usernames, per_group)
        lines += (
            [
                f"dn: {tree.writers('prod', domain)}",
                "objectClass: groupOfNames",
                "objectClass: seresGroup",
                f"cn: writers-{domain}",
                f"seresGroupName: prod:writers-{domain}",
                "seresEnvironment: prod",
            ]
            + [f"member: {tree.person(m)}" for m in members]
            + [""]
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--domains", type=int, default=1_000)
    parser.add_argument("--per-group", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=1.0, help="per question, per round")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    rng = random.Random(1)
    tree = Tree()
    accounts = demo_accounts()
    seed = generate(tree, args.people, args.domains, args.per_group, rng)
    what = f"{args.people} people and {args.domains} domains"
    with seeded_slapd("directory", accounts["manager"].password, seed, what) as server:
        manager = Servers(
            Settings((server.url,), accounts["manager"].dn, accounts["manager"].password)
        ).service()
        everyone = [tree.person(f"person{i:05d}") for i in range(args.people)]
        manager.modify(tree.readers("prod"), {"member": [(ADD, everyone)]})
        manager.close()

        tools = accounts["tools"]
        layer = Servers(Settings((server.url,), tools.dn, tools.password)).service()
        bare = bare_connection(server, tools)

        sample_people = [f"person{rng.randrange(args.people):05d}" for _ in range(200)]
        sample_dns = [tree.person(u) for u in sample_people]
        sample_groups = [
            tree.writers("prod", f"Domene{rng.randrange(args.domains):04d}") for _ in range(200)
        ]

        def bare_groups(dn):
            bare.search(
                tree.suffix,
                f"(&(objectClass=groupOfNames){equals('member', dn)})",
                SUBTREE,
                attributes=["cn", "description"],
            )
            return list(bare.response)

        def bare_members(group_dn):
            bare.search(
                group_dn, "(objectClass=*)", BASE, attributes=["cn", "description", "member"]
            )
            return list(bare.response)

        def bare_person(uid):
            bare.search(
                tree.people,
                f"(&(objectClass=inetOrgPerson){equals('uid', uid)})",
                LEVEL,
                attributes=PUBLIC_ATTRIBUTES,
                size_limit=2,
            )
            return list(bare.response)

        questions = {
            "person_groups": (lambda dn: groups_of(layer, tree, dn), bare_groups, sample_dns),
            "group_members": (
                lambda g: members_of(layer, tree, g),
                bare_members,
                sample_groups,
            ),
            "person_by_uid": (
                lambda u: find_person(layer, tree, u),
                bare_person,
                sample_people,
            ),
        }
        # Same answers both ways, before timing anything.
        assert len(groups_of(layer, tree, sample_dns[0])) == len(bare_groups(sample_dns[0]))
        assert find_person(layer, tree, sample_people[0]).username == sample_people[0]

        results = {}
        for name, (ours, theirs, inputs) in questions.items():
            layer_rates, bare_rates = [], []
            for _ in range(args.rounds):
                bare_rates.append(rate(theirs, inputs, args.seconds))
                layer_rates.append(rate(ours, inputs, args.seconds))
            ours_qps, bare_qps = statistics.median(layer_rates), statistics.median(bare_rates)
            results[name] = {
                "layer_qps": round(ours_qps),
                "bare_qps": round(bare_qps),
                "ratio": round(ours_qps / bare_qps, 3),
            }
            print(
                f"{name:15s} layer {ours_qps:8.0f}/s   bare ldap3 {bare_qps:8.0f}/s   "
                f"ratio {ours_qps / bare_qps:.2f}"
            )
        layer.close()
        bare.unbind()
    worst = min(r["ratio"] for r in results.values())
    print(
        json.dumps(
            {
                "bench": "directory",
                "people": args.people,
                "domains": args.domains,
                "questions": results,
                "min_ratio": worst,
                "aim": 0.8,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
