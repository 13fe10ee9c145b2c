"""Benchmark: importing a generated ledger, against recording the same commands as a journal.

Run by hand from the project root:

    python bench/import.py [--members N] [--branches M] [--format xlsx|csv] [--keep DIR] [--json]

It generates a ledger of N members (default 100,000) in M branches (default N / 40) with
bench/ledger.py and, each in a subprocess on a fresh store, times:

- `import branches` (the foundings), `import members`, then `import branches` again (the
  committees in office): wall clock, process start included, and the peak resident memory;
- the reference: the same member rows as `member.enrol` journal lines (read from the same file
  by the importer's own row reader, in this process, untimed) recorded by `branchbook record`
  into a copy of the store as it stood after the first `import branches`;
- reading the ledger alone: every member row read and turned into its command, in this
  process, nothing judged or written;
- a dry run of the member import on another copy of that store;
- after the import, the first `roster` query (the views are current) and a second one.

Both the import and `record` bring the views current before they end, so each figure includes
that. Rows/s and events/s are per second of wall clock.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any

sys.path[:0] = [str(Path(__file__).resolve().parent)]

from journal import EVENTS_TABLE  # noqa: E402
from ledger import generate, write_csv, write_xlsx  # noqa: E402
from processes import Run, branchbook_exe, run  # noqa: E402

from branchbook.workflows.ledger.columns import recognise  # noqa: E402
from branchbook.workflows.ledger.files import open_table  # noqa: E402
from branchbook.workflows.ledger.rows import RowCommands, member_commands  # noqa: E402

AS_OF = date(2025, 1, 1)


@dataclass(frozen=True)
class Figures:
    members: int
    branches: int
    format: str
    member_events: int
    branches_s: float
    members_s: float
    members_rows_per_s: float
    members_events_per_s: float
    members_peak_mib: float
    committees_s: float
    record_s: float
    record_rows_per_s: float
    record_peak_mib: float
    import_to_record: float
    read_s: float
    read_rows_per_s: float
    dry_run_s: float
    dry_run_peak_mib: float
    dry_run_agrees: bool
    first_query_s: float
    next_query_s: float


def events(store: Path) -> int:
    with sqlite3.connect(store) as conn:
        (count,) = conn.execute(f"SELECT count(*) FROM {EVENTS_TABLE}").fetchone()  # noqa: S608
    return int(count)


def journal_of(path: Path, on: date) -> tuple[list[dict[str, Any]], float]:
    """The member rows as journal commands, read by the importer's own reader; and the time
    reading and turning them into commands took."""
    started = time.perf_counter()
    lines: list[dict[str, Any]] = []
    with open_table(path) as table:
        columns = recognise(table.headers, "members")
        for row in table:
            got = member_commands(row, columns, date=on)
            assert isinstance(got, RowCommands), got
            lines.extend(got.items)
    return lines, time.perf_counter() - started


def measure(args: argparse.Namespace, work: Path) -> Figures:
    exe = branchbook_exe()
    branches = args.branches or max(1, args.members // 40)
    ledger = generate(args.members, branches, as_of=AS_OF)
    ext = args.format
    paths = {}
    for name, headers, sheet in (
        ("branches", ledger.branch_headers, ledger.branch_rows),
        ("members", ledger.member_headers, ledger.member_rows),
    ):
        paths[name] = work / f"{name}.{ext}"
        (write_xlsx if ext == "xlsx" else write_csv)(paths[name], headers, sheet)
    on = AS_OF.isoformat()
    store = work / "store.db"

    def importing(kind: str, db: Path, *extra: str, allowed: Sequence[int] = (0,)) -> Run:
        argv = [exe, "--db", str(db), "import", kind, str(paths[kind]), "--date", on]
        return run([*argv, "--json", "--quiet", *extra], allowed=allowed)

    founding = importing("branches", store)
    for copy in ("record.db", "dry.db"):
        shutil.copy(store, work / copy)
    before = events(store)
    members = importing("members", store)
    member_events = events(store) - before
    committees = importing("branches", store)
    first = run([exe, "--db", str(store), "roster", "B0001", "--json"])
    second = run([exe, "--db", str(store), "roster", "B0001", "--json"])

    lines, read_s = journal_of(paths["members"], AS_OF)
    journal = work / "members.jsonl"
    journal.write_text(
        "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8"
    )
    recorded = run([exe, "--db", str(work / "record.db"), "record", str(journal), "--json"])
    dry = importing("members", work / "dry.db", "--dry-run")
    agrees = (
        dry.report.get("refused") == members.report.get("refused")
        and events(work / "dry.db") == before
    )
    rows = len(ledger.member_rows)
    return Figures(
        members=rows,
        branches=branches,
        format=ext,
        member_events=member_events,
        branches_s=round(founding.seconds, 2),
        members_s=round(members.seconds, 2),
        members_rows_per_s=round(rows / members.seconds),
        members_events_per_s=round(member_events / members.seconds),
        members_peak_mib=round(members.peak_mib),
        committees_s=round(committees.seconds, 2),
        record_s=round(recorded.seconds, 2),
        record_rows_per_s=round(rows / recorded.seconds),
        record_peak_mib=round(recorded.peak_mib),
        import_to_record=round(recorded.seconds / members.seconds, 2),
        read_s=round(read_s, 2),
        read_rows_per_s=round(rows / read_s),
        dry_run_s=round(dry.seconds, 2),
        dry_run_peak_mib=round(dry.peak_mib),
        dry_run_agrees=agrees,
        first_query_s=round(first.seconds, 3),
        next_query_s=round(second.seconds, 3),
    )


def report(f: Figures) -> str:
    return "\n".join(
        [
            f"ledger: {f.members:,} members in {f.branches:,} branches ({f.format})",
            f"import branches (foundings): {f.branches_s:.2f} s; again (committees): "
            f"{f.committees_s:.2f} s",
            f"import members: {f.members_s:.2f} s, {f.members_rows_per_s:,} rows/s, "
            f"{f.members_events_per_s:,} events/s ({f.member_events:,} events), "
            f"peak {f.members_peak_mib:,} MiB",
            f"  reference, record of the same commands: {f.record_s:.2f} s, "
            f"{f.record_rows_per_s:,} rows/s, peak {f.record_peak_mib:,} MiB; "
            f"import speed / record speed = {f.import_to_record:.2f}",
            f"  reading the ledger alone: {f.read_s:.2f} s, {f.read_rows_per_s:,} rows/s",
            f"  dry run: {f.dry_run_s:.2f} s, peak {f.dry_run_peak_mib:,} MiB, "
            f"refuses what the real run refused and writes nothing: {f.dry_run_agrees}",
            f"first roster query after the import: {f.first_query_s:.3f} s "
            f"(target < 1 s); the next one: {f.next_query_s:.3f} s",
            f"load average: {os.getloadavg()[0]:.2f}",
        ]
    )


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--branches", type=int, default=0, help="default: members / 40")
    parser.add_argument("--format", choices=("xlsx", "csv"), default="xlsx")
    parser.add_argument("--keep", type=Path, help="keep the ledger and stores in this directory")
    parser.add_argument("--json", action="store_true")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    if args.keep is not None:
        args.keep.mkdir(parents=True, exist_ok=False)
        figures = measure(args, args.keep)
    else:
        with tempfile.TemporaryDirectory() as work:
            figures = measure(args, Path(work))
    print(json.dumps(asdict(figures), indent=2) if args.json else report(figures))


if __name__ == "__main__":
    main()
