"""Benchmark: the wall time of short branchbook processes, against importing SQLAlchemy.

Run by hand from the project root:

    python bench/startup.py [--runs N] [--before EXE] [--json]

It builds the demo store once (`branchbook --db STORE demo`), then times, interleaved round by
round so that a passing load falls on every case alike, N processes each of: `python -c "import
sqlalchemy"` (the reference), `python -c pass`, `branchbook --help`, `branchbook member apply`
(a fresh member number each time, on a copy of the demo store), `branchbook roster B01`, the same
with `--json`, and `branchbook member show B0108`; with `--before EXE`, the branchbook cases again
with another executable (an earlier version in a venv of its own), on a copy of the same store,
in the same rounds. It prints each case's median wall time, process
start included, and its ratio to the reference's median; the median CPU time (user and system) of
each, which a busy machine inflates less than the wall time, and its ratio likewise; and the load
average before and after.
The processes run with bytecode caching on (PYTHONDONTWRITEBYTECODE removed from their
environment), as an installed program does: the unmeasured first round writes it.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from processes import branchbook_exe

REFERENCE = "import sqlalchemy"
# The project's targets, in milliseconds, where it has one.
TARGETS = {"--help": 150, "member apply": 250, "roster B01": 200, "member show B0108": 200}


@dataclass(frozen=True)
class Figures:
    """Each case's median and fastest wall time, its ratio to the reference, its median CPU time
    and that ratio, and the load."""

    runs: int
    python: str
    median_ms: dict[str, float]
    min_ms: dict[str, float]
    ratio: dict[str, float]
    cpu_median_ms: dict[str, float]
    cpu_ratio: dict[str, float]
    load_before: tuple[float, float, float]
    load_after: tuple[float, float, float]


def child_environment() -> dict[str, str]:
    """This environment, with bytecode caching on: an installed program reads its modules'
    compiled bytecode, and a run that compiles every module afresh measures the compiler."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def cpu_of_children() -> float:
    """Seconds of CPU (user and system) used so far by this process's finished children."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def timed(argv: Sequence[str]) -> tuple[float, float]:
    """Wall and CPU milliseconds of one process; it must succeed."""
    env = child_environment()
    cpu = cpu_of_children()
    started = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, check=False, env=env)
    wall = (time.perf_counter() - started) * 1000
    cpu = (cpu_of_children() - cpu) * 1000
    if done.returncode != 0:
        sys.exit(
            f"{' '.join(argv[:5])} ... exited {done.returncode}: "
            f"{done.stderr.decode(errors='replace')[-2000:]}"
        )
    return wall, cpu


Argv = Callable[[int], list[str]]


def cases(
    exe: str, store: Path, label: str = "", branch: str = "B01", member: str = "B0108"
) -> dict[str, Argv]:
    """Each branchbook case's name (after `label`) and the argv of its i-th run: a new member
    applies to `branch`, its roster, and `member` shown."""
    db = ["--db", str(store)]
    argvs: dict[str, Argv] = {
        "--help": lambda _: [exe, "--help"],
        "member apply": lambda i: [
            exe,
            *db,
            "member",
            "apply",
            "--member",
            f"X{i:06d}",
            "--name",
            "王建华",
            "--birth",
            "1990-03-14",
            "--branch",
            branch,
            "--date",
            "2026-06-01",
        ],
        f"roster {branch}": lambda _: [exe, *db, "roster", branch],
        f"roster {branch} --json": lambda _: [exe, *db, "roster", branch, "--json"],
        f"member show {member}": lambda _: [exe, *db, "member", "show", member],
    }
    return {f"{label}{name}": argv for name, argv in argvs.items()}


def interleaved(
    argvs: dict[str, Argv], runs: int, once_over_ms: float = math.inf
) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Each case's wall and CPU milliseconds over `runs` rounds, every case once per round, so
    that a passing load falls on every case alike. A case whose first run takes longer than
    `once_over_ms` is not repeated: that run is its only one."""
    walls: dict[str, list[float]] = {name: [] for name in argvs}
    cpus: dict[str, list[float]] = {name: [] for name in argvs}
    # One unmeasured round first: the files' pages reach the OS cache, the store its views.
    for name, argv in argvs.items():
        wall, cpu = timed(argv(0))
        if wall > once_over_ms:
            walls[name].append(wall)
            cpus[name].append(cpu)
    repeated = {name: argv for name, argv in argvs.items() if not walls[name]}
    for i in range(1, runs + 1):
        for name, argv in repeated.items():
            wall, cpu = timed(argv(i))
            walls[name].append(wall)
            cpus[name].append(cpu)
    return walls, cpus


def measure(runs: int, work: Path, before: str | None) -> Figures:
    exe = branchbook_exe()
    demo = work / "demo.db"
    subprocess.run([exe, "--db", str(demo), "demo"], capture_output=True, check=True)
    shutil.copyfile(demo, work / "store.db")
    load_before = os.getloadavg()
    argvs: dict[str, Argv] = {
        REFERENCE: lambda _: [sys.executable, "-c", REFERENCE],
        "pass": lambda _: [sys.executable, "-c", "pass"],
        **cases(exe, work / "store.db"),
    }
    if before is not None:
        shutil.copyfile(demo, work / "before.db")
        argvs.update(cases(before, work / "before.db", "before: "))
    walls, cpus = interleaved(argvs, runs)
    medians = {name: statistics.median(w) for name, w in walls.items()}
    cpu_medians = {name: statistics.median(c) for name, c in cpus.items()}
    reference = medians[REFERENCE]
    return Figures(
        runs=runs,
        python=sys.version.split()[0],
        median_ms=medians,
        min_ms={name: min(w) for name, w in walls.items()},
        ratio={name: m / reference for name, m in medians.items()},
        cpu_median_ms=cpu_medians,
        cpu_ratio={name: m / cpu_medians[REFERENCE] for name, m in cpu_medians.items()},
        load_before=load_before,
        load_after=os.getloadavg(),
    )


def report(f: Figures) -> str:
    out = [f"median wall time of {f.runs} processes each, interleaved (python {f.python})"]
    out.append(f"{'case':<24}{'median':>10}{'min':>10}{'÷ ref':>9}{'cpu':>10}{'÷ ref':>9}  target")
    for name, median in f.median_ms.items():
        target = TARGETS.get(name)
        verdict = ""
        if target is not None:
            verdict = f"< {target} ms: {'met' if median < target else 'NOT met'}"
        out.append(
            f"{name:<24}{median:>7.0f} ms{f.min_ms[name]:>7.0f} ms{f.ratio[name]:>9.2f}"
            f"{f.cpu_median_ms[name]:>7.0f} ms{f.cpu_ratio[name]:>9.2f}  {verdict}"
        )
    before = " ".join(f"{x:.2f}" for x in f.load_before)
    after = " ".join(f"{x:.2f}" for x in f.load_after)
    out.append(f"load average (1, 5, 15 min): {before} -> {after}")
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=11, help="measured processes of each case")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--before", metavar="EXE", help="also time these cases with another branchbook executable"
    )
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    with tempfile.TemporaryDirectory(prefix="branchbook-startup-") as tmp:
        figures = measure(args.runs, Path(tmp), args.before)
    print(json.dumps(asdict(figures), indent=2) if args.json else report(figures))


if __name__ == "__main__":
    main()
