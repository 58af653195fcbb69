"""Benchmark: import plus generation of the SERES samples, next to a bare lxml parse.

Usage: python bench/xsd.py [--repeat N] [--rounds R] [--variant own|altinn|standard]
                           [--messages M]

Prints readable lines, then one JSON line last (for scripts): files, files/s and MB/s for
import+generate, files/s for lxml.etree.fromstring of the same bytes, and the ratio
ours / lxml. Then message-level equivalence, larger than in `make test`: for each sample
and each file of the older generators' family, M random valid messages of the original
against both exports, and M invalid ones; a table, and its totals in the JSON line.
"""

import argparse
import json
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from models import generate_xsd, import_xsd  # noqa: E402
from models.instances import Other, equivalence  # noqa: E402
from models.validation import load_schema  # noqa: E402
from tests.models.family import FAMILY  # noqa: E402

SAMPLES = ROOT / "tests" / "models" / "samples"
FIXED_TIME = datetime(2024, 1, 1, tzinfo=UTC)


def ours(files: list[bytes], repeat: int, variant: str | None) -> float:
    """Import and generate every file ``repeat`` times; return the seconds taken."""
    start = time.perf_counter()
    for _ in range(repeat):
        for data in files:
            model = import_xsd(data).model
            generate_xsd(model, variant, generated_at=FIXED_TIME)
    return time.perf_counter() - start


def bare_parse(files: list[bytes], repeat: int) -> float:
    """Parse every file ``repeat`` times with lxml alone; return the seconds taken."""
    # recover=True only because libxml2 calls the standard sample's namespace IRI
    # (StatistiskSentralbyrå) an invalid URI; our importer parses the same way.
    parser = etree.XMLParser(recover=True)
    start = time.perf_counter()
    for _ in range(repeat):
        for data in files:
            etree.fromstring(data, parser)
    return time.perf_counter() - start


def equivalence_table(messages: int) -> dict:
    """Print, per file and export, valid accepted/total and invalid refused alike/total."""
    files = {path.name: path.read_bytes() for path in sorted(SAMPLES.glob("*.xsd"))} | FAMILY
    totals = {"valid_accepted": 0, "valid": 0, "invalid_refused": 0, "invalid": 0}
    print(f"message-level equivalence, {messages} valid and {messages} invalid per file:")
    print(f"{'file':<72} {'export':<9} {'valid accepted':>15} {'invalid refused':>16} kinds")
    start = time.perf_counter()
    for name, data in files.items():
        model = import_xsd(data).model
        others = [
            Other(
                variant,
                load_schema(generate_xsd(model, variant, generated_at=FIXED_TIME)),
                model.target_namespace if variant == "standard" else "",
            )
            for variant in ("standard", "altinn")
        ]
        tallies = equivalence(load_schema(data), others, valid=messages, invalid=messages)
        for variant, tally in tallies.items():
            print(
                f"{name:<72} {variant:<9} "
                f"{f'{tally.valid_accepted}/{tally.valid_total}':>15} "
                f"{f'{tally.invalid_refused}/{tally.invalid_total}':>16} {len(tally.kinds)}"
            )
            totals["valid_accepted"] += tally.valid_accepted
            totals["valid"] += tally.valid_total
            totals["invalid_refused"] += tally.invalid_refused
            totals["invalid"] += tally.invalid_total
    totals["files"] = len(files)
    totals["seconds"] = round(time.perf_counter() - start, 2)
    return totals


def main() -> None:
    """Run the benchmark and print its figures."""
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--repeat", type=int, default=300, help="passes over the samples")
    options.add_argument("--rounds", type=int, default=5, help="alternating timing rounds")
    options.add_argument("--variant", choices=["own", "altinn", "standard"], default="own")
    options.add_argument(
        "--messages", type=int, default=300, help="valid and invalid messages per file"
    )
    args = options.parse_args()
    variant = None if args.variant == "own" else args.variant
    files = [path.read_bytes() for path in sorted(SAMPLES.glob("*.xsd"))]
    size = sum(len(data) for data in files)

    ours(files, 3, variant)  # warm up imports and caches
    bare_parse(files, 3)
    # Alternate the two in rounds and keep the medians: the machine is shared and noisy,
    # and a burst of load should not land on one side only.
    per_round = max(1, args.repeat // args.rounds)
    ours_times, lxml_times = [], []
    for _ in range(args.rounds):
        ours_times.append(ours(files, per_round, variant))
        lxml_times.append(bare_parse(files, per_round))
    repeat = per_round * args.rounds
    ours_seconds = statistics.median(ours_times) * args.rounds
    lxml_seconds = statistics.median(lxml_times) * args.rounds

    count = len(files) * repeat
    megabytes = size * repeat / 1e6
    ours_rate = count / ours_seconds
    lxml_rate = count / lxml_seconds
    print(
        f"samples: {len(files)} files, {size / 1000:.1f} kB; {repeat} passes "
        f"in {args.rounds} rounds, {count} files (median round, scaled)"
    )
    print(
        f"import + generate ({args.variant} variant): {ours_seconds:.2f} s, "
        f"{ours_rate:,.0f} files/s, {megabytes / ours_seconds:.2f} MB/s"
    )
    print(
        f"lxml.etree.fromstring only: {lxml_seconds:.2f} s, {lxml_rate:,.0f} files/s, "
        f"{megabytes / lxml_seconds:.2f} MB/s"
    )
    print(f"ours / lxml parse: {ours_rate / lxml_rate:.3f} (1.0 would be as fast as parsing)")
    equivalent = equivalence_table(args.messages)
    print(
        json.dumps(
            {
                "bench": "xsd",
                "files": count,
                "variant": args.variant,
                "import_generate_seconds": round(ours_seconds, 3),
                "import_generate_files_per_s": round(ours_rate, 1),
                "import_generate_mb_per_s": round(megabytes / ours_seconds, 3),
                "lxml_parse_files_per_s": round(lxml_rate, 1),
                "lxml_parse_mb_per_s": round(megabytes / lxml_seconds, 3),
                "ratio": round(ours_rate / lxml_rate, 4),
                "equivalence": equivalent,
            }
        )
    )


if __name__ == "__main__":
    main()
