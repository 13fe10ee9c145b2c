"""Benchmark reference: the eventsourcing library alone, saving the journal's applications.

Run by hand from the project root:

    python bench/library.py [--steps N] [--batch B] [--runs R]

Each `member.apply` line of bench/journal_writer.py's journal becomes one new aggregate of a
plain library application with one event carrying the line's fields, saved on SQLite by each
of the library's two persistence modules: its own (`eventsourcing.sqlite`) and
eventsourcing-sqlalchemy. One `app.save` per command, and B aggregates per `app.save` (default
500). Nothing is judged, chained or projected: what the library costs alone, to set beside a
journal that does all of that.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event

sys.path[:0] = [str(Path(__file__).resolve().parent)]

from journal_writer import branches, journal_lines  # noqa: E402

BATCH = 500

# Each persistence module and the environment that puts its store in a file.
LIBRARIES: dict[str, Callable[[Path], dict[str, str]]] = {
    "eventsourcing.sqlite": lambda path: {
        "PERSISTENCE_MODULE": "eventsourcing.sqlite",
        "SQLITE_DBNAME": str(path),
    },
    "eventsourcing-sqlalchemy": lambda path: {
        "PERSISTENCE_MODULE": "eventsourcing_sqlalchemy",
        "SQLALCHEMY_URL": f"sqlite:///{path}",
    },
}


class Applicant(Aggregate):
    """An application as the library alone would keep it: one event with the line's fields."""

    @event("Applied")
    def __init__(
        self, *, member: str, name: str, birth: str, branch: str, applied: str, doc: str
    ) -> None:
        self.member = member
        self.name = name
        self.birth = birth
        self.branch = branch
        self.applied = applied
        self.doc = doc


def applications(lines: Sequence[dict[str, Any]]) -> list[dict[str, str]]:
    """The fields of the journal's `member.apply` lines, as the aggregate takes them."""
    return [
        {
            "member": line["member"],
            "name": line["name"],
            "birth": line["birth"],
            "branch": line["branch"],
            "applied": line["date"],
            "doc": line["doc"],
        }
        for line in lines
        if line["command"] == "member.apply"
    ]


def save_rate(library: str, fields: Sequence[dict[str, str]], batch: int, path: Path) -> float:
    """Events/s of the library making one aggregate per application and saving `batch` of them
    per `app.save`, into a new store at `path`."""
    app: Application[Any] = Application(env=LIBRARIES[library](path))
    try:
        pending: list[Applicant] = []
        started = time.perf_counter()
        for one in fields:
            pending.append(Applicant(**one))
            if len(pending) == batch:
                app.save(*pending)
                pending.clear()
        if pending:
            app.save(*pending)
        return len(fields) / (time.perf_counter() - started)
    finally:
        app.close()


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--steps", type=int, default=20_000, help="member.apply lines")
    parser.add_argument("--batch", type=int, default=BATCH, help="aggregates per batched save")
    parser.add_argument("--runs", type=int, default=3, help="runs of each, interleaved")
    args = parser.parse_args(argv)
    fields = applications(journal_lines(args.steps, branches(20)))
    rates: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="branchbook-library-") as tmp:
        for run in range(args.runs):
            for library in LIBRARIES:
                for batch in (1, args.batch):
                    path = Path(tmp) / f"{library}-{batch}-{run}.db"
                    rate = save_rate(library, fields, batch, path)
                    rates.setdefault(f"{library}, {batch} per save", []).append(rate)
    print(f"{len(fields):,} applications, medians of {args.runs} runs, events/s:")
    for name, found in rates.items():
        print(f"  {name:<40} {statistics.median(found):>9,.0f}")


if __name__ == "__main__":
    main()
