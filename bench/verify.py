"""Benchmark: `verify` against reading and decoding the same notifications.

Run by hand from the project root:

    python bench/verify.py [--events N] [--runs R] [--keep DIR] [--json]

It builds the demo store and a generated store of at least N events (default 100,000; the
journal of bench/rebuild.py), brings their views up to date, then times, in this process,
R passes that only read and decode every notification (the reference) and R runs of
everything `verify` checks (the chain, every replay, the views against a scratch rebuild).
It reports the medians in events/s, the ratio of verify to read+decode (the target is at
least 0.5), the demo's verify wall time including process start (the target is under 2 s),
and the peak memory of this process. With --no-views, `verify` leaves the views out (and the
generated store's views are not built): the log checks alone.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parents[1])]

from processes import branchbook_exe  # noqa: E402
from rebuild import generated_lines, read_all, record  # noqa: E402

from branchbook.cli.proof import verification_report  # noqa: E402
from branchbook.workflows.store.app import BranchBook  # noqa: E402

TARGET_RATIO = 0.5
TARGET_DEMO_S = 2.0


@dataclass(frozen=True)
class Figures:
    store: str
    events: int
    read_median_s: float
    read_events_per_s: float
    verify_median_s: float
    verify_events_per_s: float
    ratio: float
    verified: bool


def measure(store: Path, name: str, runs: int, views: bool) -> Figures:
    app = BranchBook(f"sqlite:///{store}")
    try:
        reads, verifies, events, verified = [], [], 0, True
        for _ in range(runs):
            started = time.perf_counter()
            events = read_all(app)
            reads.append(time.perf_counter() - started)
            started = time.perf_counter()
            report = verification_report(app, [], views=views)
            verifies.append(time.perf_counter() - started)
            verified = verified and bool(report["verified"])
    finally:
        app.close()
    read, check = statistics.median(reads), statistics.median(verifies)
    return Figures(name, events, read, events / read, check, events / check, read / check, verified)


def demo_wall(exe: str, store: Path, runs: int) -> float:
    walls = []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run([exe, "--db", str(store), "verify"], capture_output=True, check=False)
        walls.append(time.perf_counter() - started)
        if done.returncode != 0:
            sys.exit(f"verify of the demo exited {done.returncode}: {done.stdout.decode()[-800:]}")
    return statistics.median(walls)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--events", type=int, default=100_000, help="events to generate")
    parser.add_argument("--runs", type=int, default=3, help="passes of each kind per store")
    parser.add_argument("--keep", help="directory to build and keep the stores in")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--no-views",
        dest="views",
        action="store_false",
        help="time `verify --no-views` (the log checks alone), leaving the generated store's "
        "views unbuilt",
    )
    args = parser.parse_args(argv)
    exe = branchbook_exe()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(args.keep) if args.keep else Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        demo, generated = work / "demo.db", work / f"generated-{args.events}.db"
        if not demo.exists():
            subprocess.run([exe, "--db", str(demo), "demo"], capture_output=True, check=True)
        if not generated.exists():
            record(exe, generated, generated_lines(args.events), work)
        if args.views:
            # The views caught up, as any query leaves them: verify compares them with a rebuild.
            for store in (demo, generated):
                subprocess.run([exe, "--db", str(store), "stats"], capture_output=True, check=True)
        wall = demo_wall(exe, demo, args.runs)
        figures = [
            measure(demo, "demo", args.runs, args.views),
            measure(generated, "generated", args.runs, args.views),
        ]
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if args.json:
        out = {
            "stores": [asdict(f) for f in figures],
            "demo_verify_wall_s": wall,
            "peak_mb": peak_mb,
        }
        print(json.dumps(out, indent=2))
        return
    print(f"{'store':<10} {'events':>9} {'read s':>8} {'events/s':>9} {'verify s':>9} "
          f"{'events/s':>9} {'ratio':>6}")  # fmt: skip
    for f in figures:
        print(
            f"{f.store:<10} {f.events:>9,} {f.read_median_s:>8.2f} {f.read_events_per_s:>9,.0f} "
            f"{f.verify_median_s:>9.2f} {f.verify_events_per_s:>9,.0f} {f.ratio:>6.2f}"
            + ("" if f.verified else "  NOT VERIFIED")
        )
    print(f"views compared: {'yes' if args.views else 'no (--no-views)'}")
    print(f"target: verify at least {TARGET_RATIO} of read+decode")
    print(f"demo: `branchbook verify` {wall:.2f} s wall, process start included "
          f"(target under {TARGET_DEMO_S:.0f} s)")  # fmt: skip
    print(f"peak memory of this process: {peak_mb:,.0f} MB")
    print(f"load average (1 min): {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
