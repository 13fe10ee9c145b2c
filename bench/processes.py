"""Running a branchbook process and measuring it: its wall time, its own peak resident memory
and its JSON report. Shared by the benchmarks that time whole processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Run:
    """One subprocess: its wall time, peak resident memory and JSON report."""

    seconds: float
    peak_mib: float
    report: dict[str, Any]


def branchbook_exe() -> str:
    """The console script next to this interpreter (the project's venv)."""
    candidate = Path(sys.executable).parent / "branchbook"
    if not candidate.exists():
        sys.exit(f"cannot find {candidate}: run with the project's venv python")
    return str(candidate)


def run(argv: Sequence[str], *, allowed: Sequence[int] = (0,)) -> Run:
    """A subprocess's wall time, its own peak resident memory (from wait4) and JSON report.

    Its output goes to a file, not a pipe: a journal's report can be larger than a pipe holds,
    and reading it while waiting would take this process's time from the one measured."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        output, errors = out.read(), err.read()
    if proc.returncode not in allowed:
        sys.exit(f"{' '.join(argv)} exited {proc.returncode}: {errors.decode()[-2000:]}")
    report = json.loads(output) if output.strip().startswith(b"{") else {}
    return Run(seconds, usage.ru_maxrss / 1024, report)
