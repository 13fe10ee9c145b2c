"""Every speed figure of the project in one run, each beside its reference from the same run.

Run by hand from the project root (the default builds a store of a million events: hours on a
busy two-core machine; `--small` checks the whole run in minutes):

    python bench/run.py [--events N | --small] [--apply N] [--runs R] [--keep DIR]
        [--store PATH] [--before EXE] [--url URL] [--json | --markdown]

It writes two journals: N `member.apply` lines (bench/journal_writer.py) and the demo's history
in as many copies as make about N events (bench/demo_journal.py). It records the second into a
fresh store twice, under wait4 for the peak resident memory, with and without `--json`, and
then measures, with the other benchmarks' own functions: the journal against raw sqlite3 and the
eventsourcing library alone (bench/journal.py, bench/library.py), a rebuild of the big store's
views against reading and decoding its notifications (bench/rebuild.py), the short processes
and the whole-organisation queries on the demo and on the big store against `python -c "import
sqlalchemy"` (bench/startup.py), and the journal on PostgreSQL against raw psycopg when `--url`
is given (bench/postgres.py). It prints one table: figure, value, reference, ratio, target, met.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent)]

import demo_journal  # noqa: E402
import postgres  # noqa: E402
import rebuild  # noqa: E402
import run_table  # noqa: E402
from journal import EVENTS_TABLE, raw_rate  # noqa: E402
from journal_writer import branches, journal_lines, write_journal  # noqa: E402
from library import BATCH, LIBRARIES, applications, save_rate  # noqa: E402
from processes import branchbook_exe, run  # noqa: E402
from run_table import Row, missing, throughput, under  # noqa: E402
from startup import REFERENCE, Argv, cases, interleaved  # noqa: E402

SMALL_EVENTS = 30_000
# A process that takes longer than this once is not repeated (a query over a million events
# can take minutes): its one run stands.
ONCE_OVER_S = 60
RAW = "raw sqlite3, same rows, 1 txn"
MB = 1024 * 1024 / 1e6  # a MiB in MB: ru_maxrss counts KiB, the target is in MB


def counted(runs: int) -> str:
    return f"{runs} run" if runs == 1 else f"median of {runs}"


def shown(rows: list[Row]) -> list[Row]:
    """Say each figure on stderr as soon as it is measured: a run stopped early keeps them."""
    for row in rows:
        print(" | ".join(run_table.cells(row)), file=sys.stderr, flush=True)
    return rows


def events_in(store: Path) -> int:
    """The events a SQLite store holds, read without writing to it."""
    db = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
    try:
        (count,) = db.execute(f"SELECT count(*) FROM {EVENTS_TABLE}").fetchone()  # noqa: S608
    finally:
        db.close()
    return int(count)


def copy_store(source: Path, target: Path) -> None:
    """A consistent copy of a SQLite store (its log included), read-only on the source."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


def build(work: Path, events: int) -> tuple[Path, list[Row]]:
    """Record the demo's history in copies into a fresh store, with and without --json."""
    journal = work / "organisation.jsonl"
    lines = demo_journal.write(demo_journal.copies_for(events), journal)
    exe = branchbook_exe()
    store, echoed = work / "big.db", work / "big-json.db"
    # Exit 3 is expected: each copy holds lines that the rules refuse, as a real journal does.
    plain = run([exe, "--db", str(store), "record", str(journal)], allowed=(0, 3))
    with_json = run([exe, "--db", str(echoed), "record", str(journal), "--json"], allowed=(0, 3))
    summary = with_json.report["summary"]
    if summary["accepted"] + summary["rejected"] != lines:
        sys.exit(f"the organisation's journal was not recorded cleanly: {summary}")
    count = events_in(store)
    if events_in(echoed) != count:
        sys.exit("the journal recorded with and without --json holds different events")
    raw = raw_rate(store, work)
    peak, peak_json = plain.peak_mib * MB, with_json.peak_mib * MB
    memory = under(
        f"record, {count:,} events, with --json: peak RSS", peak_json, "MB",
        ("without --json", peak), 300,
    )  # fmt: skip
    rows = [
        throughput(f"journal, organisation, {count:,} events", count / plain.seconds,
                   (RAW, raw), 0.3),
        Row("journal, organisation, with --json", count / with_json.seconds, "/s",
            "without --json", count / plain.seconds, plain.seconds / with_json.seconds, "", None),
        replace(memory, target="< 300 MB both", met=max(peak, peak_json) < 300),
    ]  # fmt: skip
    return store, rows


def applying(work: Path, steps: int, runs: int) -> tuple[Path, list[Row]]:
    """N `member.apply` lines recorded R times into fresh stores, interleaved with the raw
    insert of the same rows and the library alone saving the same applications."""
    lines = journal_lines(steps, branches(20))
    journal = work / "apply.jsonl"
    write_journal(journal, lines)
    fields = applications(lines)
    # One save per command is slow enough that a sample gives its rate: it does not change
    # with the size of the store.
    sample = fields[: max(2_000, min(len(fields), steps // 5, 20_000))]
    exe = branchbook_exe()
    recorded, raw = [], []
    library: dict[tuple[str, int], list[float]] = {}
    for i in range(runs):
        store = work / f"apply-{i}.db"
        done = run([exe, "--db", str(store), "record", str(journal)])
        count = events_in(store)
        recorded.append(count / done.seconds)
        raw.append(raw_rate(store, work, repeats=1))
        for name in LIBRARIES:
            for batch, saved in ((1, sample), (BATCH, fields)):
                path = work / f"library-{i}.db"
                library.setdefault((name, batch), []).append(save_rate(name, saved, batch, path))
                for leftover in work.glob("library-*"):
                    leftover.unlink()
    journal_rate = statistics.median(recorded)
    figure = f"journal, {steps:,} member.apply"
    rows = [
        throughput(f"{figure} ({counted(runs)})", journal_rate, (RAW, statistics.median(raw)), 0.3)
    ]
    for (name, batch), rates in sorted(library.items(), key=lambda item: item[0][1]):
        per = "1 save per command" if batch == 1 else f"{batch} per save"
        least = 10 if batch == 1 else 1
        rows.append(throughput(f"{figure} vs the library alone, {per}", journal_rate,
                               (f"{name}, {per}", statistics.median(rates)), least))  # fmt: skip
    return journal, rows


def rebuilding(store: Path, runs: int) -> list[Row]:
    f = rebuild.measure(f"sqlite:///{store}", "organisation", runs)
    reference = ("read + decode the same notifications", f.read_events_per_s)
    figure = f"rebuild, organisation, {f.events:,} events ({counted(runs)})"
    return [throughput(figure, f.rebuild_events_per_s, reference, 0.8)]


def queries(exe: str, store: Path, label: str) -> dict[str, Argv]:
    """`due`, `stats` and `compliance` over the whole organisation."""

    def argv(query: str) -> Argv:
        return lambda _: [exe, "--db", str(store), query]

    return {f"{label}{query}": argv(query) for query in ("due", "stats", "compliance")}


def processes(work: Path, demo: Path, big: Path, runs: int, before: str | None) -> list[Row]:
    """Short processes and whole-organisation queries, interleaved round by round."""
    prefix = demo_journal.tag(0, demo_journal.copies_for(events_in(big)))
    exes = {"": branchbook_exe()} | ({"before: ": before} if before else {})
    argvs: dict[str, Argv] = {REFERENCE: lambda _: [sys.executable, "-c", REFERENCE]}
    for label, exe in exes.items():
        stores = {name: work / f"{label.strip(': ')}{name}-copy.db" for name in ("demo", "big")}
        copy_store(demo, stores["demo"])
        copy_store(big, stores["big"])
        argvs |= cases(exe, stores["demo"], f"{label}demo: ")
        argvs |= cases(exe, stores["big"], f"{label}big: ", f"{prefix}B01", f"{prefix}B0108")
        argvs |= queries(exe, stores["demo"], f"{label}demo: ")
        argvs |= queries(exe, stores["big"], f"{label}big: ")
    walls, _ = interleaved(argvs, runs, ONCE_OVER_S * 1000)
    ms = {name: statistics.median(found) for name, found in walls.items()}
    reference = (f'python -c "{REFERENCE}"', ms[REFERENCE])
    limits = {"--help": 150, "member apply": 250, "roster": 200, "member show": 200}
    rows = []
    # Each case of this version, then the same case of the version before, side by side.
    for name in (name for name in ms if name != REFERENCE and not name.startswith("before: ")):
        limit = next((v for k, v in limits.items() if name.split(": ")[-1].startswith(k)), None)
        if limit is None or name.endswith("--json") or name == "big: --help":
            continue
        for label in exes:
            case = label + name
            figure = f"{case} ({counted(len(walls[case]))})"
            rows.append(under(figure, ms[case], "ms", reference, limit))
    for query in ("due", "stats", "compliance"):
        for label in exes:
            case = f"{label}big: {query}"
            figure = f"{label}{query}, big store ({counted(len(walls[case]))})"
            demo_s = ms[f"{label}demo: {query}"] / 1000
            rows.append(
                under(figure, ms[case] / 1000, "s", ("the same on the demo store", demo_s), 1)
            )
    return rows


def measure(args: argparse.Namespace, work: Path, machine: run_table.Machine) -> list[Row]:
    exe = branchbook_exe()
    demo = work / "demo.db"
    subprocess.run([exe, "--db", str(demo), "demo"], capture_output=True, check=True)
    if args.store:
        big = work / "big.db"
        copy_store(Path(args.store), big)
        machine.notes.append(f"big store: a copy of {args.store}, not built in this run")
        rows = shown([missing("journal, organisation", "not measured: --store given")])
    else:
        big, built = build(work, args.events)
        rows = shown(built)
    journal, applied = applying(work, args.apply, args.runs)
    rows += shown(applied)
    if args.url:
        pg = postgres.measure(args.url, journal, args.runs)
        rows += shown([throughput(f"journal on PostgreSQL, {args.apply:,} member.apply",
                                  pg.journal_events_per_s, ("raw psycopg, same rows, 1 txn",
                                  pg.raw_rows_per_s), 0.3)])  # fmt: skip
    else:
        rows += shown([missing("journal on PostgreSQL", "not measured: no --url")])
    # A rebuild of a million events takes minutes: once is enough there.
    rows += shown(rebuilding(big, args.runs if events_in(big) <= 100_000 else 1))
    rows += shown(processes(work, demo, big, 2 * args.runs + 1, args.before))
    return rows


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--events", type=int, help="size of the big store (default 1,000,000)")
    parser.add_argument("--small", action="store_true", help=f"{SMALL_EVENTS:,} events, 2 runs")
    parser.add_argument("--apply", type=int, help="member.apply lines (default: events / 10)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each throughput figure")
    parser.add_argument("--keep", type=Path, help="build and keep the stores in this directory")
    parser.add_argument("--store", type=Path, help="a big store built before: copied, not built")
    parser.add_argument("--before", metavar="EXE", help="another branchbook executable to time")
    parser.add_argument("--url", help="PostgreSQL server: postgresql+psycopg://USER@HOST/DB")
    shown = parser.add_mutually_exclusive_group()
    shown.add_argument("--json", action="store_true", help="print the figures as JSON")
    shown.add_argument("--markdown", action="store_true", help="print a section for RESULTS.md")
    args = parser.parse_args(argv)
    if args.store and not args.store.is_file():
        parser.error(f"{args.store} is not a store file")
    if args.small:
        args.events, args.runs = SMALL_EVENTS, 2
    elif args.events is None:
        args.events = events_in(args.store) if args.store else 1_000_000
    args.apply = args.apply or max(5_000, args.events // 10)
    if args.events < 1 or args.apply < 1 or args.runs < 1:
        parser.error("--events, --apply and --runs must be at least 1")
    if args.before and not shutil.which(args.before):
        parser.error(f"{args.before} is not an executable")
    return args


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    machine = run_table.this_machine()
    started = time.monotonic()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=False)
        rows = measure(args, args.keep, machine)
    else:
        with tempfile.TemporaryDirectory(prefix="branchbook-run-") as tmp:
            rows = measure(args, Path(tmp), machine)
    machine.load_after = os.getloadavg()
    machine.notes.append(f"the run took {(time.monotonic() - started) / 60:.1f} min")
    if args.json:
        print(run_table.as_json(rows, machine))
    elif args.markdown:
        command = shlex.join(["python", "bench/run.py", *(argv or sys.argv[1:])])
        print(run_table.markdown(rows, machine, command))
    else:
        print(run_table.text(rows, machine))


if __name__ == "__main__":
    main()
