"""Benchmark: the floor under any journal that records through the eventsourcing library.

Run by hand from the project root:

    python bench/floor.py [--steps N] [--runs R]

Each `member.apply` line of bench/journal_writer.py's journal becomes one new aggregate of a
plain library application (bench/library.py's `Applicant`) and is mapped to the stored event a
recorder inserts, in memory, with no store: the work the library does for every event before
any database sees it. Beside it, raw sqlite3 inserts those same stored events in one
transaction into a table shaped like the library's event table. The ratio of the two is the
most any journal that creates its events through the library can reach against raw sqlite3,
before it judges, chains or projects anything.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from eventsourcing.application import Application
from eventsourcing.persistence import StoredEvent

sys.path[:0] = [str(Path(__file__).resolve().parent)]

from journal_writer import branches, journal_lines  # noqa: E402
from library import Applicant, applications  # noqa: E402


def mapped(fields: Sequence[dict[str, str]]) -> tuple[float, list[StoredEvent]]:
    """Events/s of making one aggregate per application and mapping its event to a stored
    event with the library's own mapper and JSON transcoder, and the stored events."""
    app: Application[Any] = Application(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    mapper = app.mapper
    started = time.perf_counter()
    stored = [
        mapper.to_stored_event(e) for one in fields for e in Applicant(**one).collect_events()
    ]
    return len(stored) / (time.perf_counter() - started), stored


def raw(stored: Sequence[StoredEvent], path: Path) -> float:
    """Rows/s of raw sqlite3 inserting the stored events in one transaction."""
    db = sqlite3.connect(path, isolation_level=None)
    db.execute(
        "CREATE TABLE stored_events (originator_id TEXT, originator_version INTEGER, "
        "topic TEXT, state BLOB, PRIMARY KEY (originator_id, originator_version))"
    )
    rows = [(str(s.originator_id), s.originator_version, s.topic, s.state) for s in stored]
    started = time.perf_counter()
    db.execute("BEGIN")
    db.executemany("INSERT INTO stored_events VALUES (?, ?, ?, ?)", rows)
    db.execute("COMMIT")
    wall = time.perf_counter() - started
    db.close()
    return len(rows) / wall


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--steps", type=int, default=20_000, help="member.apply lines")
    parser.add_argument("--runs", type=int, default=5, help="runs of each, interleaved")
    args = parser.parse_args(argv)
    fields = applications(journal_lines(args.steps, branches(20)))
    library: list[float] = []
    reference: list[float] = []
    with tempfile.TemporaryDirectory(prefix="branchbook-floor-") as tmp:
        for run in range(args.runs):
            rate, stored = mapped(fields)
            library.append(rate)
            reference.append(raw(stored, Path(tmp) / f"raw-{run}.db"))
    made, inserted = statistics.median(library), statistics.median(reference)
    print(f"{len(fields):,} applications, medians of {args.runs} interleaved runs, events/s:")
    print(f"  library: aggregate + mapped to a stored event, no store  {made:>9,.0f}")
    print(f"  raw sqlite3: the same stored events, one transaction     {inserted:>9,.0f}")
    print(f"  ratio                                                    {made / inserted:>9.3f}")


if __name__ == "__main__":
    main()
