"""Benchmark: rebuilding the read models from zero, against reading the log alone.

Run by hand from the project root:

    python bench/rebuild.py [--events N] [--runs R] [--db DIR] [--url URL] [--json]

It builds two stores in a temporary directory: the demo (`branchbook demo`) and a generated
store of at least N events (default 100,000): the founding lines of bench/journal_writer.py, then
applications, each followed by the talk with the applicant, recorded with `branchbook record`.
For each store it times, in this process, R rebuilds from zero (CatchUp.rebuild: drop the
tables, then one transaction per page of 1,000 events) and R passes that only read and decode
every notification (the ceiling a rebuild can reach), and reports the medians in events/s
and the ratio rebuild / read+decode (target at least 0.8). `--db DIR` keeps the stores in DIR
and uses them again in the next run; `--url URL` times the generated store in that database
(PostgreSQL), recording it first if it holds no events, instead of the two SQLite stores.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parents[1])]

from journal_writer import branches, journal_lines, write_journal  # noqa: E402
from processes import branchbook_exe  # noqa: E402

from branchbook.projections.catching_up.catchup import CatchUp  # noqa: E402
from branchbook.projections.catching_up.every_view import project  # noqa: E402
from branchbook.workflows.store.app import BranchBook  # noqa: E402

TARGET_EVENTS_PER_S = 20_000
TARGET_RATIO = 0.8  # of reading and decoding the same notifications
PAGE = 1000


@dataclass(frozen=True)
class Figures:
    store: str
    events: int
    rebuild_median_s: float
    rebuild_events_per_s: float
    read_median_s: float
    read_events_per_s: float


def generated_lines(events: int) -> list[dict[str, Any]]:
    """Founding lines, then applications each followed by a talk within the deadline."""
    founded = branches(20)
    lines = journal_lines((events + 1) // 2, founded)
    out: list[dict[str, Any]] = []
    talks: list[dict[str, Any]] = []
    for line in lines:
        out.append(line)
        if line["command"] == "member.apply":
            talked = date.fromisoformat(line["date"]) + timedelta(days=10)
            talks.append(
                {"command": "member.talk", "member": line["member"], "by": "组织委员",
                 "date": talked.isoformat()}
            )  # fmt: skip
    return sorted(out + talks, key=lambda line: line["date"])


def record(exe: str, store: Path | str, lines: Sequence[dict[str, Any]], work: Path) -> None:
    """Record the lines, leaving the views unbuilt: what is timed builds them, or leaves them."""
    journal = work / "journal.jsonl"
    write_journal(journal, lines)
    done = subprocess.run(
        [exe, "--db", str(store), "record", "--no-views", str(journal), "--json"],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        sys.exit(f"branchbook record exited {done.returncode}: {done.stderr.decode()[-2000:]}")


def read_all(app: BranchBook) -> int:
    """Read and decode every notification, a page at a time, doing nothing with them."""
    count, start = 0, None
    while True:
        page = app.recorder.select_notifications(
            start=start, limit=PAGE, inclusive_of_start=start is None
        )
        if not page:
            return count
        for notification in page:
            app.mapper.to_domain_event(notification)
        count += len(page)
        start = page[-1].id


def measure(url: str, name: str, runs: int) -> Figures:
    app = BranchBook(url)
    try:
        views = CatchUp(app.engine, app.recorder, app.mapper.to_domain_event, project)
        rebuilds, reads, events = [], [], 0
        for _ in range(runs):
            started = time.perf_counter()
            events = views.rebuild()
            rebuilds.append(time.perf_counter() - started)
            started = time.perf_counter()
            read_all(app)
            reads.append(time.perf_counter() - started)
    finally:
        app.close()
    rebuild, read = statistics.median(rebuilds), statistics.median(reads)
    return Figures(name, events, rebuild, events / rebuild, read, events / read)


def report(figures: Sequence[Figures]) -> str:
    rows = [
        f"{'store':<12} {'events':>9} {'rebuild s':>10} {'events/s':>10} {'read s':>8} "
        f"{'events/s':>10} {'ratio':>6}"
    ]
    for f in figures:
        rows.append(
            f"{f.store:<12} {f.events:>9,} {f.rebuild_median_s:>10.2f} "
            f"{f.rebuild_events_per_s:>10,.0f} {f.read_median_s:>8.2f} "
            f"{f.read_events_per_s:>10,.0f} {f.read_median_s / f.rebuild_median_s:>6.2f}"
        )
    rows.append(
        f"target: rebuild at least {TARGET_EVENTS_PER_S:,} events/s, {TARGET_RATIO} of read+decode"
    )
    rows.append(f"load average (1 min): {os.getloadavg()[0]:.2f}")
    return "\n".join(rows)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--events", type=int, default=100_000, help="events to generate")
    parser.add_argument("--runs", type=int, default=3, help="rebuilds per store")
    parser.add_argument("--db", help="directory to keep the stores in (default: temporary)")
    parser.add_argument("--url", help="a PostgreSQL database to time instead of SQLite")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    exe = branchbook_exe()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(args.db) if args.db else Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        if args.url:
            if not _holds_events(args.url):
                record(exe, args.url, generated_lines(args.events), work)
            figures = [measure(args.url, "generated", args.runs)]
        else:
            demo, generated = work / "demo.db", work / f"generated-{args.events}.db"
            if not demo.exists():
                subprocess.run([exe, "--db", str(demo), "demo"], capture_output=True, check=True)
            if not generated.exists():
                record(exe, generated, generated_lines(args.events), work)
            figures = [
                measure(f"sqlite:///{demo}", "demo", args.runs),
                measure(f"sqlite:///{generated}", "generated", args.runs),
            ]
    if args.json:
        print(json.dumps([asdict(f) for f in figures], indent=2))
    else:
        print(report(figures))


def _holds_events(url: str) -> bool:
    app = BranchBook(url)
    try:
        return bool(app.recorder.max_notification_id())
    finally:
        app.close()


if __name__ == "__main__":
    main()
