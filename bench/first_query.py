"""Benchmark: the first query after a journal, with `record` leaving the views behind or current.

Run by hand from the project root:

    python bench/first_query.py [--steps N] [--before EXE] [--json]

It writes the journal of bench/journal_writer.py (N `member.apply` lines, default 100,000, after the
founding lines) and records it into a fresh store in a subprocess, once with `record
--no-views` (the views left to the first query) and once with `record` (the views brought
current before it ends); with `--before EXE`, also once with the plain `record` of another
branchbook executable (an earlier version, say). After each it times two `branchbook roster
B001 --json` processes: the first query, then another. Every time is wall clock, process start
included.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent)]

from journal import EVENTS_TABLE  # noqa: E402
from journal_writer import branches, journal_lines, write_journal  # noqa: E402
from processes import branchbook_exe  # noqa: E402

QUERY = ("roster", "B001", "--json")


@dataclass(frozen=True)
class Figures:
    run: str
    events: int
    record_s: float
    first_query_s: float
    next_query_s: float


def timed(argv: Sequence[str]) -> float:
    """The wall time of a process that must succeed."""
    started = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"{' '.join(argv)} exited {done.returncode}: {done.stderr.decode()[-2000:]}")
    return seconds


def measure(name: str, exe: str, options: Sequence[str], journal: Path, work: Path) -> Figures:
    store = work / f"{name.replace(' ', '-')}.db"
    recording = timed([exe, "--db", str(store), "record", *options, "--json", str(journal)])
    first = timed([exe, "--db", str(store), *QUERY])
    then = timed([exe, "--db", str(store), *QUERY])
    with sqlite3.connect(store) as conn:
        events = conn.execute(f"SELECT count(*) FROM {EVENTS_TABLE}").fetchone()[0]  # noqa: S608
    store.unlink()
    return Figures(name, events, recording, first, then)


def report(figures: Sequence[Figures]) -> str:
    rows = [f"{'run':<22} {'events':>9} {'record s':>9} {'1st query s':>12} {'next query s':>13}"]
    rows += [
        f"{f.run:<22} {f.events:>9,} {f.record_s:>9.2f} {f.first_query_s:>12.2f} "
        f"{f.next_query_s:>13.2f}"
        for f in figures
    ]
    rows.append(f"load average (1 min): {os.getloadavg()[0]:.2f}")
    return "\n".join(rows)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--steps", type=int, default=100_000, help="member.apply lines")
    parser.add_argument("--before", metavar="EXE", help="another branchbook to compare with")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    exe = branchbook_exe()
    runs = [("record --no-views", exe, ["--no-views"]), ("record", exe, [])]
    if args.before:
        runs.insert(0, ("record (before)", args.before, []))
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        journal = work / "journal.jsonl"
        write_journal(journal, journal_lines(args.steps, branches(20)))
        figures = [measure(name, e, options, journal, work) for name, e, options in runs]
    if args.json:
        print(json.dumps([asdict(f) for f in figures], indent=2))
    else:
        print(report(figures))


if __name__ == "__main__":
    main()
