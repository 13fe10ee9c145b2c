"""Benchmark: a journal through the real CLI, against raw sqlite3 and the project's speed targets.

Run by hand from the project root:

    python bench/journal.py [--steps N] [--branches B] [--db PATH] [--runs R]
        [--json]

It writes a realistic journal (an `org.add` line, B `branch.found` lines, then N
`member.apply` lines in date order), records it with `branchbook --db STORE record JOURNAL
--json` in a subprocess and times the wall clock (process start included), counts the rows in
the event table, inserts the same rows (read back from the store) with raw sqlite3 into a table
shaped like it in one WAL transaction, and times single `branchbook member apply` processes and
`branchbook --help`.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any

from journal_writer import LAST_DAY, Branch, branches, journal_lines, write_journal
from processes import branchbook_exe

EVENTS_TABLE = "branchbook_events"

# The project's speed targets.
TARGET_EVENTS_PER_S = 25_000
TARGET_RATIO = 1 / 3  # "about a third of raw sqlite3 inserting the same rows in one transaction"
TARGET_STEP_MS = 250
TARGET_HELP_MS = 150


@dataclass(frozen=True)
class Figures:
    steps: int
    branches: int
    journal_lines: int
    journal_bytes: int
    record_wall_s: float
    accepted_lines: int
    rows_in_store: int
    journal_events_per_s: float
    raw_rows: int
    raw_wall_s: float
    raw_rows_per_s: float
    ratio: float
    fixed_runs: int
    fixed_median_s: float
    net_events_per_s: float
    step_runs: int
    step_median_ms: float
    help_median_ms: float
    load_before: float
    load_after: float
    store: str


def run_record(exe: str, store: Path, journal: Path) -> tuple[float, int, dict[str, Any]]:
    """Wall seconds of `branchbook record`, its accepted lines and summary."""
    started = time.perf_counter()
    done = subprocess.run(
        [exe, "--db", str(store), "record", str(journal), "--json"],
        capture_output=True,
        check=False,
    )
    wall = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(
            f"branchbook record exited {done.returncode}: "
            f"{done.stderr.decode(errors='replace')[-2000:]}"
        )
    summary: dict[str, Any] = json.loads(done.stdout)["summary"]
    return wall, int(summary["accepted"]), summary


EventRow = tuple[bytes, int, str, bytes]


def event_rows(store: Path) -> list[EventRow]:
    """Every row of the event table in order (originator, version, topic, state): the rows raw
    sqlite3 inserts as the reference."""
    db = sqlite3.connect(store)
    try:
        return [
            (bytes(row[0]), int(row[1]), str(row[2]), bytes(row[3]))
            for row in db.execute(
                "SELECT originator_id, originator_version, topic, state "  # noqa: S608
                f"FROM {EVENTS_TABLE} ORDER BY id"
            )
        ]
    finally:
        db.close()


def raw_insert(path: Path, rows: Sequence[EventRow]) -> float:
    """Seconds for raw sqlite3 to insert the rows into a table shaped like the event table, with
    its unique (originator_id, originator_version) index, in one WAL transaction."""
    db = sqlite3.connect(path, isolation_level=None)
    try:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute(
            "CREATE TABLE events (id INTEGER PRIMARY KEY, originator_id BLOB NOT NULL, "
            "originator_version INTEGER NOT NULL, topic TEXT NOT NULL, state BLOB NOT NULL)"
        )
        db.execute(
            "CREATE UNIQUE INDEX events_aggregate ON events (originator_id, originator_version)"
        )
        started = time.perf_counter()
        db.execute("BEGIN")
        db.executemany(
            "INSERT INTO events (originator_id, originator_version, topic, state) "
            "VALUES (?, ?, ?, ?)",
            rows,
        )
        db.execute("COMMIT")
        return time.perf_counter() - started
    finally:
        db.close()


def raw_rate(store: Path, work: Path, repeats: int = 3) -> float:
    """Rows/s of raw sqlite3 inserting the store's event rows (median of `repeats`, each into a
    fresh file that is removed after)."""
    rows = event_rows(store)
    walls = []
    for i in range(repeats):
        path = work / f"raw{i}.db"
        walls.append(raw_insert(path, rows))
        for leftover in work.glob(f"raw{i}.db*"):
            leftover.unlink()
    return len(rows) / statistics.median(walls)


def step_args(n: int, branch: Branch) -> list[str]:
    applied = LAST_DAY
    birth = date(applied.year - 30, 3, 14)
    return [
        "member",
        "apply",
        "--member",
        f"X{n:06d}",
        "--name",
        "王建华",
        "--birth",
        birth.isoformat(),
        "--branch",
        branch.code,
        "--date",
        applied.isoformat(),
        "--doc",
        f"申请书 X{n:06d}",
    ]


def timed(argv: Sequence[str]) -> float:
    """Wall milliseconds of one process; it must succeed."""
    started = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, check=False)
    wall = (time.perf_counter() - started) * 1000
    if done.returncode != 0:
        sys.exit(
            f"{' '.join(argv[:4])} ... exited {done.returncode}: "
            f"{done.stderr.decode(errors='replace')[-2000:]}"
        )
    return wall


def fixed_cost(exe: str, work: Path, runs: int) -> float:
    """Median wall seconds of recording an empty journal into a fresh store: start, import, open."""
    empty = work / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    walls = [
        timed([exe, "--db", str(work / f"empty{i}.db"), "record", str(empty)]) / 1000
        for i in range(runs)
    ]
    return statistics.median(walls)


def measure(args: argparse.Namespace, work: Path) -> Figures:
    load_before = os.getloadavg()[0]
    exe = branchbook_exe()
    founded = branches(args.branches)
    lines = journal_lines(args.steps, founded)
    journal = work / "journal.jsonl"
    size = write_journal(journal, lines)
    store = Path(args.db) if args.db else work / "store.db"
    if store.exists():
        sys.exit(f"{store} exists: the benchmark needs a fresh store")

    record_wall, accepted, summary = run_record(exe, store, journal)
    if accepted != len(lines):
        sys.exit(f"only {accepted} of {len(lines)} lines accepted: {summary}")
    rows = len(event_rows(store))
    raw_per_s = raw_rate(store, work)

    step_ms = [
        timed([exe, "--db", str(store), *step_args(n, founded[n % len(founded)])])
        for n in range(1, args.runs + 1)
    ]
    help_ms = [timed([exe, "--help"]) for _ in range(args.runs)]
    fixed_runs = min(args.runs, 3)
    fixed = fixed_cost(exe, work, fixed_runs)

    events_per_s = rows / record_wall
    return Figures(
        steps=args.steps,
        branches=args.branches,
        journal_lines=len(lines),
        journal_bytes=size,
        record_wall_s=record_wall,
        accepted_lines=accepted,
        rows_in_store=rows,
        journal_events_per_s=events_per_s,
        raw_rows=rows,
        raw_wall_s=rows / raw_per_s,
        raw_rows_per_s=raw_per_s,
        ratio=events_per_s / raw_per_s,
        fixed_runs=fixed_runs,
        fixed_median_s=fixed,
        net_events_per_s=rows / (record_wall - fixed) if record_wall > fixed else 0.0,
        step_runs=args.runs,
        step_median_ms=statistics.median(step_ms),
        help_median_ms=statistics.median(help_ms),
        load_before=load_before,
        load_after=os.getloadavg()[0],
        store=str(store) if args.db else "(temporary, removed)",
    )


def report(f: Figures) -> str:
    def verdict(ok: bool) -> str:
        return "ok" if ok else "MISSED"

    rows = [
        ("figure", "measured", "target", ""),
        (
            f"journal: {f.journal_lines:,} lines ({f.journal_bytes / 1e6:.1f} MB) recorded",
            f"{f.record_wall_s:.2f} s",
            "",
            "",
        ),
        ("  accepted lines / rows in store", f"{f.accepted_lines:,} / {f.rows_in_store:,}", "", ""),
        (
            "  journal events/s (wall, process start incl.)",
            f"{f.journal_events_per_s:,.0f}",
            f"{TARGET_EVENTS_PER_S:,}",
            verdict(f.journal_events_per_s >= TARGET_EVENTS_PER_S),
        ),
        (
            f"  fixed cost: `record` of an empty journal (median of {f.fixed_runs})",
            f"{f.fixed_median_s:.2f} s",
            "",
            "",
        ),
        (
            "  journal events/s net of the fixed cost",
            f"{f.net_events_per_s:,.0f}" if f.net_events_per_s else "n/a (journal too short)",
            "",
            "",
        ),
        (
            f"raw sqlite3 rows/s ({f.raw_rows:,} rows, 1 txn, WAL, median of 3)",
            f"{f.raw_rows_per_s:,.0f}",
            "",
            "",
        ),
        (
            "  ratio journal ÷ raw",
            f"{f.ratio:.3f}",
            f"~{TARGET_RATIO:.2f}",
            verdict(f.ratio >= TARGET_RATIO),
        ),
        (
            f"one `member apply` process (median of {f.step_runs})",
            f"{f.step_median_ms:.0f} ms",
            f"< {TARGET_STEP_MS} ms",
            verdict(f.step_median_ms < TARGET_STEP_MS),
        ),
        (
            f"`branchbook --help` (median of {f.step_runs})",
            f"{f.help_median_ms:.0f} ms",
            f"< {TARGET_HELP_MS} ms",
            verdict(f.help_median_ms < TARGET_HELP_MS),
        ),
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    out = []
    for i, row in enumerate(rows):
        cells = f"{row[0]:<{widths[0]}}  {row[1]:>{widths[1]}}  {row[2]:>{widths[2]}}  {row[3]}"
        out.append(cells.rstrip())
        if i == 0:
            out.append("-" * (sum(widths) + 8))
    out.append(f"store: {f.store}; 1-minute load average {f.load_before:.2f} -> {f.load_after:.2f}")
    return "\n".join(out)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--steps", type=int, default=20_000, help="member.apply lines")
    parser.add_argument("--branches", type=int, default=20, help="branches founded first")
    parser.add_argument("--db", help="store file to create (must not exist; kept afterwards)")
    parser.add_argument("--runs", type=int, default=7, help="runs of the single-process timings")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    if args.steps < 1 or args.branches < 1 or args.runs < 1:
        parser.error("--steps, --branches and --runs must be at least 1")
    if args.branches > 999:
        parser.error("--branches is at most 999")
    return args


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="branchbook-bench-") as tmp:
        figures = measure(args, Path(tmp))
    if args.json:
        print(json.dumps(asdict(figures), indent=2))
    else:
        print(report(figures))


if __name__ == "__main__":
    main()
