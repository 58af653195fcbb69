"""Benchmark the course refresh on a production tree of about 100,000 entries.

Builds its own directory (temporary, nosync, a free port), then times:
(a) a first full copy into an empty course environment, (b) a refresh after
1% of production's entries changed, (c) a refresh with nothing changed
((b) and (c) as `seres sync run` does by default: incremental, from the
accesslog, after the full first copy), (d) a forced full refresh with
nothing changed (`--full`) for comparison, and
ldapadd of the same entries as LDIF into the same server in the same run
(as the sync account, into course domains of other names, so the access
rules are the same). Each refresh runs in a child process that reports its
own peak memory. To show that memory stays flat as the tree grows, a first
copy of a tree a fifth of the size (``--small``) is run too, in a directory
of its own, and both peaks are reported. Ends with one JSON line.

    .venv/bin/python bench/sync.py [--domains 100] [--models 20] [--elements 49] [--small 20]
"""

import argparse
import json
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from directory.connection import REPLACE, Servers  # noqa: E402
from directory.server.build import BuildOptions, build  # noqa: E402
from directory.server.slapd import Slapd, free_port  # noqa: E402
from directory.settings import Settings  # noqa: E402
from directory.tree import Tree  # noqa: E402
from tests.support import demo_accounts  # noqa: E402

SUFFIX = "dc=seres,dc=example"


def production_ldif(domains: int, models: int, elements: int, env: str = "prod", prefix="D"):
    """Yield LDIF records: domains, their models, the models' elements."""
    for d in range(domains):
        name = f"{prefix}{d:03d}"
        domain = f"cn={name},ou=domains,ou={env},{SUFFIX}"
        yield (
            f"dn: {domain}\nobjectClass: seresDomain\ncn: {name}\n"
            f"seresAgencyName: Direktoratet nr. {d}\nseresOrgNumber: {974760000 + d}\n"
            f"description: Domene {name} for benchmark\n"
        )
        for m in range(models):
            model = f"cn=modell-{m},{domain}"
            yield (
                f"dn: {model}\nobjectClass: applicationProcess\ncn: modell-{m}\n"
                f"description: Meldingsmodell {m} i {name}\nou: Meldingsmodell\n"
            )
            for e in range(elements):
                yield (
                    f"dn: cn=element-{e},{model}\nobjectClass: applicationProcess\n"
                    f"cn: element-{e}\ndescription: Dataegenskap {e} i modell {m}\n"
                    f"ou: Dataegenskap\nl: http://seres.no/guid/{name}/Dataegenskap/element-{e}/{d}-{m}-{e}\n"
                )


def child(urls: str, password: str, full: bool = False) -> None:
    """Run one refresh as the sync account; print seconds, counts, kind and peak memory."""
    from directory.sync import engine

    settings = Settings((urls,), f"cn=sync,ou=services,{SUFFIX}", password)
    directory = Servers(settings)
    with directory.service() as prod, directory.service() as course:
        started = time.perf_counter()
        result = engine.refresh(prod, course, Tree(), trigger="manual", full=full)
        seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    totals = result.totals
    print(
        json.dumps(
            {
                "seconds": seconds,
                "added": totals["add"],
                "modified": totals["modify"],
                "deleted": totals["delete"],
                "failed": len(result.failures),
                "peak_mb": peak,
                "kind": result.kind,
                "why_full": result.why_full,
            }
        )
    )


def timed_refresh(server: Slapd, password: str, full: bool = False) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", server.url, password, "full" if full else ""],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def change_one_percent(ldap, entries: list[str], share: float = 0.01) -> int:
    """Modify, add and delete 1% of production's entries (leaves, for adds/deletes)."""
    rng = random.Random(5)
    count = int(len(entries) * share)
    leaves = [dn for dn in entries if dn.startswith("cn=element-")]
    chosen = rng.sample(leaves, count)
    third = count // 3
    for dn in chosen[:third]:
        ldap.delete(dn)
    for i, dn in enumerate(chosen[third : 2 * third]):
        parent = dn.split(",", 1)[1]
        ldap.add(f"cn=ny-{i},{parent}", ["applicationProcess"], {"cn": f"ny-{i}", "l": "ny"})
    for dn in chosen[2 * third :]:
        ldap.modify(dn, {"description": [(REPLACE, ["endret i produksjon"])]})
    return count


def small_first_copy(root: Path, args, manager_password: str, sync_password: str) -> dict:
    """A first copy of a smaller tree (``args.small`` domains), for its peak memory."""
    if not args.small:
        return {}
    records = production_ldif(args.small, args.models, args.elements)
    build(
        root,
        BuildOptions(manager_password, nosync=True, loglevel="0"),
        extra_ldif="\n".join(records),
    )
    with Slapd(root, port=free_port()) as server:
        found = timed_refresh(server, sync_password)
    print(f"smaller tree: first copy of {found['added']} entries, peak {found['peak_mb']:.0f} MB")
    return found


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--domains", type=int, default=100)
    parser.add_argument("--models", type=int, default=20)
    parser.add_argument("--elements", type=int, default=49)
    parser.add_argument(
        "--small", type=int, default=20, help="domains of the smaller tree (0: skip it)"
    )
    args = parser.parse_args()
    accounts = demo_accounts()
    sync_password = accounts["sync"].password
    manager = accounts["manager"]
    records = list(production_ldif(args.domains, args.models, args.elements))
    n = len(records)
    workdir = Path(tempfile.mkdtemp(prefix="seres-bench-sync-"))
    try:
        small = small_first_copy(workdir / "small", args, manager.password, sync_password)
        started = time.perf_counter()
        build(
            workdir / "slapd",
            BuildOptions(manager.password, nosync=True, loglevel="0"),
            extra_ldif="\n".join(records),
        )
        print(f"built a production tree of {n} entries in {time.perf_counter() - started:.1f} s")
        del records
        with Slapd(workdir / "slapd", port=free_port()) as server:
            a = timed_refresh(server, sync_password)
            print(f"(a) first copy: {a['added']} added in {a['seconds']:.1f} s ({a['kind']})")
            mgr = Servers(Settings((server.url,), manager.dn, manager.password)).service()
            prod_dns = [dn for dn, _ in mgr.paged(Tree().domains("prod"), attributes=["1.1"])]
            changed = change_one_percent(mgr, prod_dns)
            mgr.close()
            b = timed_refresh(server, sync_password)
            print(
                f"(b) after {changed} changes: {b['added']} added, {b['modified']} changed, "
                f"{b['deleted']} removed in {b['seconds']:.1f} s ({b['kind']})"
            )
            c = timed_refresh(server, sync_password)
            print(f"(c) nothing changed: {c['seconds']:.1f} s ({c['kind']})")
            d = timed_refresh(server, sync_password, full=True)
            print(f"(d) forced full refresh, nothing changed: {d['seconds']:.1f} s ({d['kind']})")
            ldif_text = "\n".join(
                production_ldif(args.domains, args.models, args.elements, "course", "L")
            )
            started = time.perf_counter()
            subprocess.run(
                [
                    "ldapadd",
                    "-x",
                    "-H",
                    server.url,
                    "-D",
                    f"cn=sync,ou=services,{SUFFIX}",
                    "-w",
                    sync_password,
                ],
                input=ldif_text,
                text=True,
                check=True,
                capture_output=True,
            )
            ldapadd_s = time.perf_counter() - started
        ldapadd_rate = n / ldapadd_s
        a_rate = a["added"] / a["seconds"]
        figures = {
            "entries": n,
            "ldapadd_entries_per_s": round(ldapadd_rate),
            "a_first_copy_s": round(a["seconds"], 2),
            "a_entries_per_s": round(a_rate),
            "a_vs_ldapadd": round(a_rate / ldapadd_rate, 3),
            "b_one_percent_s": round(b["seconds"], 2),
            "b_vs_a": round(b["seconds"] / a["seconds"], 3),
            "c_nothing_changed_s": round(c["seconds"], 2),
            "c_vs_a": round(c["seconds"] / a["seconds"], 3),
            "b_kind": b["kind"],
            "c_kind": c["kind"],
            "d_forced_full_s": round(d["seconds"], 2),
            "d_vs_a": round(d["seconds"] / a["seconds"], 3),
            "peak_memory_mb": round(max(a["peak_mb"], b["peak_mb"], c["peak_mb"], d["peak_mb"]), 1),
            "failed": a["failed"] + b["failed"] + c["failed"] + d["failed"],
            # Peak memory of a first copy at two tree sizes: flat if about equal.
            "first_copy_peak_mb_by_entries": {
                **({str(small["added"]): round(small["peak_mb"], 1)} if small else {}),
                str(a["added"]): round(a["peak_mb"], 1),
            },
            "aims_met": {
                "a_at_least_half_of_ldapadd": a_rate / ldapadd_rate >= 0.5,
                "b_under_a_tenth_of_a": b["seconds"] / a["seconds"] < 0.1,
                "peak_memory_under_200_mb": max(
                    a["peak_mb"], b["peak_mb"], c["peak_mb"], d["peak_mb"]
                )
                < 200,
            },
        }
        print(f"ldapadd: {n} entries in {ldapadd_s:.1f} s ({ldapadd_rate:.0f}/s)")
        print(
            f"(a) {a_rate:.0f} entries/s = {figures['a_vs_ldapadd']} of ldapadd; "
            f"(b) {figures['b_vs_a']} of (a)'s time; (c) {figures['c_vs_a']}; "
            f"(d) {figures['d_vs_a']}; "
            f"peak memory {figures['peak_memory_mb']} MB"
        )
        print(json.dumps(figures))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3], full=sys.argv[4] == "full")
        sys.exit(0)
    sys.exit(main())
