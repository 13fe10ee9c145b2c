"""Benchmark: what the hash chain costs a journal.

Run by hand from the project root:

    python bench/chain.py [--steps N] [--runs R] [--json]

It writes the journal of bench/journal_writer.py (N `member.apply` lines after the founding lines)
and records it into fresh stores R times each way, alternating: with `branchbook record` as
it is, and with the same command in a process where the chain's entries are not written (its
`extend` replaced by nothing: the store as it was before the chain). It reports the medians
in events/s and the chain's cost as a share of the journal's speed; the target is 10% at most.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parents[1])]

from journal_writer import branches, journal_lines, write_journal  # noqa: E402

TARGET_COST = 0.10
WITHOUT_CHAIN = (
    "import sys\n"
    "from branchbook.workflows.store.chain import Chain\n"
    "Chain.extend = lambda self, tx, stored, ids: None\n"
    "from branchbook.cli.main import cli\n"
    "sys.exit(cli.main(prog_name='branchbook'))\n"
)


def record(store: Path, journal: Path, chained: bool) -> tuple[float, int]:
    """Wall seconds of recording the journal into a new store, and the events stored."""
    argv = (
        [sys.executable, "-m", "branchbook.cli.main"]
        if chained
        else [sys.executable, "-c", WITHOUT_CHAIN]
    )
    started = time.perf_counter()
    done = subprocess.run(
        [*argv, "--db", str(store), "record", str(journal), "--json"],
        capture_output=True,
        check=False,
    )
    wall = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"record exited {done.returncode}: {done.stderr.decode(errors='replace')[-800:]}")
    summary: dict[str, Any] = json.loads(done.stdout)["summary"]
    return wall, int(summary["accepted"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="branchbook-bench-chain-") as folder:
        work = Path(folder)
        lines = journal_lines(args.steps, branches(20))
        journal = work / "journal.jsonl"
        write_journal(journal, lines)
        walls: dict[bool, list[float]] = {True: [], False: []}
        for run in range(args.runs):
            for chained in (run % 2 == 0, run % 2 != 0):
                store = work / f"store-{run}-{int(chained)}.db"
                wall, accepted = record(store, journal, chained)
                if accepted != len(lines):
                    sys.exit(f"only {accepted} of {len(lines)} lines accepted")
                walls[chained].append(wall)
    events = len(lines)
    with_chain = events / statistics.median(walls[True])
    without = events / statistics.median(walls[False])
    cost = 1 - with_chain / without
    figures = {
        "events": events,
        "runs": args.runs,
        "with_chain_events_per_s": round(with_chain),
        "without_chain_events_per_s": round(without),
        "chain_cost": round(cost, 4),
        "target_cost": TARGET_COST,
        "within_target": cost <= TARGET_COST,
    }
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    print(f"journal of {events:,} lines, medians of {args.runs} runs each (process start included)")
    print(f"  with the chain:    {with_chain:,.0f} events/s")
    print(f"  without the chain: {without:,.0f} events/s")
    verdict = "within" if cost <= TARGET_COST else "OVER"
    print(
        f"  the chain costs {cost:.1%} of the journal's speed "
        f"({verdict} the {TARGET_COST:.0%} target)"
    )


if __name__ == "__main__":
    main()
