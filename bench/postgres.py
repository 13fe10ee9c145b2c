"""Benchmark: a journal on PostgreSQL, against raw psycopg inserting the same rows.

Run by hand from the project root:

    python bench/postgres.py URL [--steps N] [--runs R]

URL names a PostgreSQL server and a database on it to connect to
(postgresql+psycopg://USER@HOST:PORT/DB); the benchmark creates a scratch database beside it for
each store and drops it after. It records the journal of bench/journal_writer.py (N
`member.apply` lines after the founding lines) with `branchbook record` R times, each into a
fresh database, and after each times raw psycopg inserting the rows just stored into a table
shaped like the event table (its unique (originator_id, originator_version) index too) in one
transaction. It prints the medians in events/s and rows/s and their ratio (target at least 0.3).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy.engine import make_url

sys.path[:0] = [str(Path(__file__).resolve().parent)]

from journal import EVENTS_TABLE  # noqa: E402
from journal_writer import branches, journal_lines, write_journal  # noqa: E402
from processes import branchbook_exe, run  # noqa: E402

TARGET_RATIO = 0.3


@dataclass(frozen=True)
class Figures:
    events: int
    journal_events_per_s: float
    raw_rows_per_s: float


def connect(url: str, database: str | None = None) -> psycopg.Connection[Any]:
    """A psycopg connection (autocommit) to the URL's server, to `database` or the URL's own."""
    parts = make_url(url)
    return psycopg.connect(
        host=parts.host or "localhost",
        port=parts.port or 5432,
        user=parts.username,
        password=parts.password,
        dbname=database or parts.database,
        autocommit=True,
    )


@contextmanager
def scratch(url: str, name: str) -> Iterator[str]:
    """A new, empty database on the URL's server for the time of the block; its URL."""
    database = f"branchbook_bench_{os.getpid()}_{name}"
    with connect(url) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{database}"')
        admin.execute(f'CREATE DATABASE "{database}"')
    try:
        yield make_url(url).set(database=database).render_as_string(hide_password=False)
    finally:
        with connect(url) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def raw_insert(url: str) -> tuple[int, float]:
    """Rows in the URL's event table, and seconds for raw psycopg to insert them into a table
    shaped like it, in one transaction."""
    with connect(url) as db:
        rows = db.execute(
            "SELECT originator_id, originator_version, topic, state "  # noqa: S608
            f"FROM {EVENTS_TABLE} ORDER BY id"
        ).fetchall()
        db.execute(
            "CREATE TABLE raw_events (id bigserial PRIMARY KEY, originator_id uuid NOT NULL, "
            "originator_version bigint NOT NULL, topic text NOT NULL, state bytea NOT NULL)"
        )
        db.execute(
            "CREATE UNIQUE INDEX raw_aggregate ON raw_events (originator_id, originator_version)"
        )
        started = time.perf_counter()
        with db.transaction(), db.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO raw_events (originator_id, originator_version, topic, state) "
                "VALUES (%s, %s, %s, %s)",
                rows,
            )
        return len(rows), time.perf_counter() - started


def measure(url: str, journal: Path, runs: int) -> Figures:
    """Record the journal R times into fresh databases; after each, the raw insert of its rows."""
    exe = branchbook_exe()
    journal_rates, raw_rates, events = [], [], 0
    for i in range(runs):
        with scratch(url, f"journal{i}") as store:
            done = run([exe, "--db", store, "record", str(journal), "--json"])
            events, raw_s = raw_insert(store)
        journal_rates.append(events / done.seconds)
        raw_rates.append(events / raw_s)
    return Figures(events, statistics.median(journal_rates), statistics.median(raw_rates))


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("url", help="postgresql+psycopg://USER@HOST:PORT/DB")
    parser.add_argument("--steps", type=int, default=20_000, help="member.apply lines")
    parser.add_argument("--runs", type=int, default=3, help="records and raw inserts")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="branchbook-postgres-") as tmp:
        journal = Path(tmp) / "journal.jsonl"
        write_journal(journal, journal_lines(args.steps, branches(20)))
        f = measure(args.url, journal, args.runs)
    print(f"{f.events:,} events, medians of {args.runs} runs (record: process start included)")
    print(f"  journal:    {f.journal_events_per_s:>9,.0f} events/s")
    print(f"  raw psycopg {f.raw_rows_per_s:>9,.0f} rows/s, one transaction")
    ratio = f.journal_events_per_s / f.raw_rows_per_s
    print(f"  ratio {ratio:.3f} (target at least {TARGET_RATIO})")


if __name__ == "__main__":
    main()
