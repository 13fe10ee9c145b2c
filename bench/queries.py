"""Benchmark: the organisation-wide queries on a large store, beside the demo store.

Run by hand from the project root, with the venv of the code to measure:

    python bench/queries.py --db STORE [--runs N] [--branch CODE] [--member NUMBER]
        [--as-of YYYY-MM-DD] [--rows N] [--only due,stats,...] [--json]

It builds the demo store (`branchbook --db DEMO demo`) in a temporary directory, then times,
interleaved round by round so that a passing load falls on every case alike, N processes each
of `python -c "import sqlalchemy"` (the reference) and, on the demo store and on STORE, `due`,
`stats`, `compliance` (every branch), `roster BRANCH` and `member show MEMBER`, each with
--json into a pipe. One unmeasured round comes first: the files reach the OS cache and a store
whose views were built under another view schema rebuilds them. It prints each case's median and
fastest wall time (process start included), its ratio to the reference, and the ratio of STORE
to the demo store.

Then the rendering of N table rows (default 20,000), each case the median of three processes:
`audit --limit N` on STORE to a pipe and to a terminal (a pseudo-terminal of 120 by 40
whose output is read as fast as it comes), `due --all` likewise with the number of lines it
printed, and the render module's table of N rows of the due list's shape, to a pipe and to a
terminal. (A branchbook without --all, which shows every row anyway, runs without it.)

STORE is a SQLite file; BRANCH defaults to the branch with the most members in STORE and
MEMBER to the first of them. The benchmark writes nothing to STORE but its views (a query
brings them current, and rebuilds them under a new view schema): time a copy of a store you
must keep as it is.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import pty
import sqlite3
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

REFERENCE = "import sqlalchemy"
QUERIES = ("due", "stats", "compliance", "roster", "member show")
TERMINAL = (40, 120)  # rows, columns of the pseudo-terminal

# A table of the due list's shape, rendered by the CLI's own table function.
RENDER = """
import sys
from branchbook.cli.render import table
n = int(sys.argv[1])
table(
    f"Due as of 2026-06-30 ({n} rows)",
    ("due", "status", "when", "kind", "subject", "name", "step", "rule"),
    (
        (f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}", "overdue" if i % 3 else "due",
         f"{i % 400} d ago", "dues", f"K{i % 997:03d}M{i:05d} (K{i % 997:03d})", "王建华",
         f"dues: {1 + i % 7} month(s) unpaid from 2026-0{1 + i % 9}", "dues.payment_period")
        for i in range(n)
    ),
)
"""


@dataclass(frozen=True)
class Figures:
    runs: int
    store: str
    branch: str
    member: str
    median_ms: dict[str, float]
    min_ms: dict[str, float]
    ratio_to_reference: dict[str, float]
    ratio_to_demo: dict[str, float]
    render_ms: dict[str, float]
    render_rows: dict[str, int]
    load_before: tuple[float, float, float]
    load_after: tuple[float, float, float]


def branchbook_exe() -> str:
    candidate = Path(sys.executable).parent / "branchbook"
    if not candidate.exists():
        sys.exit(f"cannot find {candidate}: run with the project's venv python")
    return str(candidate)


def child_environment() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["COLUMNS"], env["LINES"] = str(TERMINAL[1]), str(TERMINAL[0])
    return env


def timed(argv: Sequence[str]) -> float:
    """Wall milliseconds of one process writing into a pipe; it must succeed."""
    started = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, check=False, env=child_environment())
    wall = (time.perf_counter() - started) * 1000
    if done.returncode != 0:
        sys.exit(f"{' '.join(argv[:6])} ... exited {done.returncode}: {done.stderr[-2000:]!r}")
    return wall


def on_terminal(argv: Sequence[str]) -> tuple[float, int]:
    """Wall milliseconds of one process writing to a pseudo-terminal read as fast as it
    writes, and the lines it wrote."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", *TERMINAL, 0, 0))
    chunks: list[bytes] = []

    def drain() -> None:
        while True:
            try:
                chunk = os.read(leader, 1 << 16)
            except OSError:  # the terminal's other side closed
                return
            if not chunk:
                return
            chunks.append(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    started = time.perf_counter()
    process = subprocess.Popen(
        argv, stdout=follower, stderr=subprocess.PIPE, env=child_environment()
    )
    os.close(follower)
    _, err = process.communicate()
    wall = (time.perf_counter() - started) * 1000
    reader.join(timeout=10)
    os.close(leader)
    if process.returncode != 0:
        sys.exit(f"{' '.join(argv[:6])} ... exited {process.returncode}: {err[-2000:]!r}")
    return wall, b"".join(chunks).count(b"\n")


def largest_branch(store: Path) -> tuple[str, str]:
    """The branch with the most members in the store's views, and its first member."""
    with sqlite3.connect(f"file:{store}?mode=ro", uri=True) as conn:
        branch, member = conn.execute(
            "SELECT branch, min(number) FROM bb_members GROUP BY branch "
            "ORDER BY count(*) DESC, branch LIMIT 1"
        ).fetchone()
    return str(branch), str(member)


def query_cases(
    exe: str, store: Path, who: tuple[str, str], as_of: str | None, label: str
) -> dict[str, list[str]]:
    branch, member = who
    db = [exe, "--db", str(store)]
    when = ["--as-of", as_of] if as_of else []
    period = ["--year", as_of[:4]] if as_of else []
    return {
        f"{label} due": [*db, "due", *when, "--json"],
        f"{label} stats": [*db, "stats", *when, "--json"],
        f"{label} compliance": [*db, "compliance", *period, "--json"],
        f"{label} roster": [*db, "roster", branch, *when, "--json"],
        f"{label} member show": [*db, "member", "show", member, *when, "--json"],
    }


def has_all(exe: str) -> bool:
    """Whether this branchbook limits what it shows on a terminal (and takes --all); an
    earlier one shows every row."""
    shown = subprocess.run([exe, "due", "--help"], capture_output=True, text=True, check=False)
    return "--all" in shown.stdout


def renders(
    exe: str, store: Path, rows: int, as_of: str | None
) -> tuple[dict[str, float], dict[str, int]]:
    """Each rendering case's median wall time of three processes, and the lines written."""
    when = ["--as-of", as_of] if as_of else []
    every = ["--all"] if has_all(exe) else []
    argvs = {
        f"audit --limit {rows}": [exe, "--db", str(store), "audit", "--limit", str(rows)],
        "due": [exe, "--db", str(store), "due", *every, *when],
        f"table of {rows} rows": [sys.executable, "-c", RENDER, str(rows)],
    }
    times: dict[str, float] = {}
    lines: dict[str, int] = {}
    for name, argv in argvs.items():
        times[f"{name} | pipe"] = statistics.median(timed(argv) for _ in range(3))
        walls = [on_terminal(argv) for _ in range(3)]
        times[f"{name} > terminal"] = statistics.median(w for w, _ in walls)
        lines[name] = walls[0][1]
    return times, lines


def measure(args: argparse.Namespace, work: Path) -> Figures:
    exe = branchbook_exe()
    demo = work / "demo.db"
    subprocess.run([exe, "--db", str(demo), "demo"], capture_output=True, check=True)
    store = Path(args.db)
    subprocess.run(
        [exe, "--db", str(store), "projections", "status"], capture_output=True, check=False
    )
    branch, member = largest_branch(store)
    branch, member = args.branch or branch, args.member or member
    argvs = {
        REFERENCE: [sys.executable, "-c", REFERENCE],
        **query_cases(exe, demo, ("B01", "B0108"), None, "demo"),
        **query_cases(exe, store, (branch, member), args.as_of, "store"),
    }
    argvs = {name: argv for name, argv in argvs.items() if name.split(" ", 1)[-1] in args.only
             or name == REFERENCE}  # fmt: skip
    load_before = os.getloadavg()
    for argv in argvs.values():
        timed(argv)
    walls: dict[str, list[float]] = {name: [] for name in argvs}
    for _ in range(args.runs):
        for name, argv in argvs.items():
            walls[name].append(timed(argv))
    medians = {name: statistics.median(w) for name, w in walls.items()}
    render_ms, render_rows = renders(exe, store, args.rows, args.as_of)
    return Figures(
        runs=args.runs,
        store=str(store),
        branch=branch,
        member=member,
        median_ms=medians,
        min_ms={name: min(w) for name, w in walls.items()},
        ratio_to_reference={name: m / medians[REFERENCE] for name, m in medians.items()},
        ratio_to_demo={q: medians[f"store {q}"] / medians[f"demo {q}"] for q in args.only},
        render_ms=render_ms,
        render_rows=render_rows,
        load_before=load_before,
        load_after=os.getloadavg(),
    )


def report(f: Figures) -> str:
    out = [
        f"{f.store}: branch {f.branch}, member {f.member}",
        f"median wall time of {f.runs} processes each, interleaved, --json into a pipe",
        f"{'case':<22}{'median':>10}{'min':>10}{'÷ ref':>8}{'÷ demo':>9}",
    ]
    for name, median in f.median_ms.items():
        query = name.removeprefix("store ")
        versus = f"{f.ratio_to_demo[query]:>9.2f}" if name.startswith("store ") else ""
        out.append(
            f"{name:<22}{median:>7.0f} ms{f.min_ms[name]:>7.0f} ms"
            f"{f.ratio_to_reference[name]:>8.2f}{versus}"
        )
    out.append("rendering, median of 3 processes (lines written to the terminal)")
    for name, ms in f.render_ms.items():
        lines = f.render_rows.get(name.split(" | ")[0].split(" > ")[0])
        shown = f"  ({lines:,} lines)" if lines is not None and name.endswith("terminal") else ""
        out.append(f"{name:<40}{ms:>8.0f} ms{shown}")
    before = " ".join(f"{x:.2f}" for x in f.load_before)
    after = " ".join(f"{x:.2f}" for x in f.load_after)
    out.append(f"load average (1, 5, 15 min): {before} -> {after}")
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--db", required=True, help="the SQLite store to time")
    parser.add_argument("--runs", type=int, default=5, help="measured processes of each case")
    parser.add_argument("--branch", help="the branch of `roster` (default: the largest)")
    parser.add_argument("--member", help="the member of `member show`")
    parser.add_argument("--as-of", help="the date asked about on STORE (default: each query's)")
    parser.add_argument("--rows", type=int, default=20_000, help="rows of the render cases")
    parser.add_argument(
        "--only",
        type=lambda text: text.split(","),
        default=list(QUERIES),
        help="the queries to time, comma-separated (default: all of them)",
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if not set(args.only) <= set(QUERIES):
        parser.error(f"--only takes some of {', '.join(QUERIES)}")
    if not Path(args.db).is_file():
        parser.error(f"--db {args.db}: no such file")
    with tempfile.TemporaryDirectory(prefix="branchbook-queries-") as tmp:
        figures = measure(args, Path(tmp))
    print(json.dumps(asdict(figures), indent=2) if args.json else report(figures))


if __name__ == "__main__":
    main()
