"""How fast `seres access expire` ends expired write grants, next to a bare ldap3 loop.

Builds a directory from ldif/ with 10,000 people and 1,000 domains; each
domain's production write group has ``--per-group`` writers, each with a
grant entry (docs/access.md). Per domain, one grant has expired (set A) and
one more writer is to be removed by the bare loop (set B); the rest end far
ahead. Then, in turn:

- bare: a bare ldap3 connection deletes set B's memberships, one modify
  each, knowing already which (no search, no record);
- layer: ``directory.grants.expire.expire`` as the web app's account finds
  set A (paged search on the indexed end), deletes each membership and
  records the grant's end (two writes each), telling nobody.

Then the review page of a domain given 500 writers (``directory.grants.review.page``):
its LDAP searches, counted, and its time.

Then a review over the whole directory: every domain's review started with a
past deadline, nobody answering, and ``closing.close`` (``seres access review
close``) removes every writer left (each membership deleted and its grant
recorded, as the web app's account), compared per removal with the bare loop.

Prints grants per second both ways and the ratios, and ends with one JSON line.
"""

import argparse
import datetime as dt
import json
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ldap3 import MODIFY_DELETE, NONE, Connection, Server  # noqa: E402

from bench.directory import people_lines  # noqa: E402
from directory.connection import ADD, Servers  # noqa: E402
from directory.grants import closing, review, store  # noqa: E402
from directory.grants.expire import expire  # noqa: E402
from directory.server.build import BuildOptions, build  # noqa: E402
from directory.server.slapd import Slapd, free_port  # noqa: E402
from directory.settings import Settings  # noqa: E402
from directory.tree import Tree  # noqa: E402
from tests.support import demo_accounts  # noqa: E402

NOW = dt.datetime(2031, 5, 1, 12, 0, tzinfo=dt.UTC)


def generate(tree: Tree, people: int, domains: int, per_group: int, rng: random.Random):
    """Return (LDIF, set B as (group, member) pairs)."""
    usernames = [f"person{i:05d}" for i in range(people)]
    lines, bare_set = people_lines(tree, usernames), []
    past = store.generalized(NOW - dt.timedelta(days=1))
    later = store.generalized(NOW + dt.timedelta(days=300))
    for d in range(domains):
        domain = f"Domene{d:04d}"
        group = tree.writers("prod", domain)
        members = rng.sample(usernames, per_group)
        lines += [
            f"dn: {tree.domain('prod', domain)}",
            "objectClass: seresDomain",
            f"cn: {domain}",
            "",
            f"dn: {group}",
            "objectClass: groupOfNames",
            f"cn: writers-{domain}",
            *(f"member: {tree.person(m)}" for m in members),
            "",
        ]
        bare_set.append((group, tree.person(members[1])))
        for i, member in enumerate(members):
            lines += [
                f"dn: uid={member},{group}",
                "objectClass: seresGrant",
                f"uid: {member}",
                f"seresGrantMember: {tree.person(member)}",
                f"seresGrantEnd: {past if i == 0 else later}",
                "",
            ]
    return "\n".join(lines), bare_set


REVIEW_WRITERS = 500


def review_page(layer, tree: Tree) -> tuple[int, float]:
    """A domain with 500 writers: what its review page reads (searches counted), how long."""
    group = tree.writers("prod", "Domene0000")
    current = {str(m).lower() for m in (layer.read(group, ["member"]) or {}).get("member", ())}
    wanted = [tree.person(f"person{i:05d}") for i in range(REVIEW_WRITERS + len(current))]
    adding = [dn for dn in wanted if dn.lower() not in current][: REVIEW_WRITERS - len(current)]
    layer.modify(group, {"member": [(ADD, adding)]})
    review.start(layer, tree, "Domene0000")
    searches = []
    real = Connection.search

    def counted(self, *args, **kwargs):
        searches.append(args[:2])
        return real(self, *args, **kwargs)

    Connection.search = counted
    try:
        start = time.perf_counter()
        _, rows = review.page(layer, tree, "Domene0000")
        seconds = time.perf_counter() - start
    finally:
        Connection.search = real
    assert len(rows) == REVIEW_WRITERS, len(rows)
    return len(searches), seconds


def review_close(layer, tree: Tree) -> tuple[int, float]:
    """Every domain's review late and unanswered: close them all; (removed, seconds)."""
    began, deadline = NOW - dt.timedelta(days=40), NOW - dt.timedelta(days=1)
    for name in review.domains(layer, tree):
        review.start(layer, tree, name, deadline, now=began)
    start = time.perf_counter()
    report = closing.close(layer, tree, review.REMOVE, now=NOW)
    seconds = time.perf_counter() - start
    assert not report.failed, report.failed[:3]
    assert not closing.close(layer, tree, review.REMOVE, now=NOW).removed
    return len(report.removed), seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--domains", type=int, default=1_000)
    parser.add_argument("--per-group", type=int, default=10)
    args = parser.parse_args()

    rng = random.Random(1)
    tree = Tree()
    accounts = demo_accounts()
    workdir = Path(tempfile.mkdtemp(prefix="bench-access-"))
    try:
        t0 = time.perf_counter()
        ldif, bare_set = generate(tree, args.people, args.domains, args.per_group, rng)
        root = build(
            workdir / "slapd",
            BuildOptions(
                manager_password=accounts["manager"].password, nosync=True, loglevel="none"
            ),
            extra_ldif=ldif,
        )
        print(
            f"loaded {args.people} people, {args.domains} domains and "
            f"{args.domains * args.per_group} grants in {time.perf_counter() - t0:.1f} s"
        )
        webapp = accounts["webapp"]
        with Slapd(root, port=free_port()) as server:
            bare = Connection(
                Server("127.0.0.1", port=server.port, get_info=NONE),
                webapp.dn,
                webapp.password,
                auto_bind=True,
            )
            start = time.perf_counter()
            for group, member in bare_set:
                bare.modify(group, {"member": [(MODIFY_DELETE, [member])]})
                assert bare.result["result"] == 0, bare.result
            bare_seconds = time.perf_counter() - start
            bare.unbind()

            layer = Servers(Settings((server.url,), webapp.dn, webapp.password)).service()
            start = time.perf_counter()
            report = expire(layer, tree, now=NOW)
            layer_seconds = time.perf_counter() - start
            assert len(report.expired) == args.domains and not report.failed, report.failed
            again = expire(layer, tree, now=NOW)
            assert not again.expired and not again.warned
            page_searches, page_seconds = review_page(layer, tree)
            review_removed, review_seconds = review_close(layer, tree)
            layer.close()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    bare_rate = len(bare_set) / bare_seconds
    layer_rate = args.domains / layer_seconds
    ratio = layer_rate / bare_rate
    print(
        f"expire: layer {layer_rate:7.0f} grants/s ({layer_seconds:.2f} s, two writes each)   "
        f"bare ldap3 deletes {bare_rate:7.0f}/s ({bare_seconds:.2f} s)   ratio {ratio:.2f}"
    )
    print(
        f"review page: {REVIEW_WRITERS} writers in {page_seconds:.2f} s, "
        f"{page_searches} LDAP searches"
    )
    review_rate = review_removed / review_seconds
    review_ratio = review_rate / bare_rate
    print(
        f"review close: {review_removed} unconfirmed writers removed in {review_seconds:.2f} s,"
        f" {review_rate:7.0f}/s   bare ldap3 deletes {bare_rate:7.0f}/s   ratio {review_ratio:.2f}"
    )
    print(
        json.dumps(
            {
                "bench": "access",
                "people": args.people,
                "domains": args.domains,
                "grants": args.domains * args.per_group,
                "expired": args.domains,
                "layer_per_s": round(layer_rate),
                "bare_per_s": round(bare_rate),
                "ratio": round(ratio, 3),
                "aim": 0.5,
                "review_writers": REVIEW_WRITERS,
                "review_page_searches": page_searches,
                "review_page_s": round(page_seconds, 3),
                "review_removed": review_removed,
                "review_per_s": round(review_rate),
                "review_ratio": round(review_ratio, 3),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
