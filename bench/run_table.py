"""The table bench/run.py prints: each figure beside its same-run reference, their ratio, the
target and whether it is met; with the machine and its load, as text, Markdown or JSON."""

from __future__ import annotations

import json
import os
import platform
import sqlite3
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path


@dataclass(frozen=True)
class Row:
    """One figure: its value, the reference measured in the same run, value ÷ reference, the
    target in words and whether it is met (None where nothing was judged)."""

    figure: str
    value: float | None
    unit: str
    reference_name: str
    reference: float | None
    ratio: float | None
    target: str
    met: bool | None


@dataclass
class Machine:
    """What the figures were measured on, and how busy it was."""

    cpus: int
    model: str
    python: str
    sqlite: str
    system: str
    load_before: tuple[float, float, float]
    load_after: tuple[float, float, float] = (0.0, 0.0, 0.0)
    notes: list[str] = field(default_factory=list)


def cpu_model() -> str:
    try:
        text = Path("/proc/cpuinfo").read_text(encoding="utf-8")
    except OSError:
        return platform.processor() or "unknown"
    for line in text.splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def this_machine() -> Machine:
    return Machine(
        cpus=os.cpu_count() or 0,
        model=cpu_model(),
        python=sys.version.split()[0],
        sqlite=sqlite3.sqlite_version,
        system=f"{platform.system()} {platform.release()}",
        load_before=os.getloadavg(),
    )


def throughput(figure: str, value: float, reference: tuple[str, float], least: float) -> Row:
    """A rate judged by its ratio to the reference (its name and rate): at least `least` times."""
    name, rate = reference
    ratio = value / rate
    return Row(figure, value, "/s", name, rate, ratio, f"≥ {least:g}x", ratio >= least)


def under(figure: str, value: float, unit: str, reference: tuple[str, float], limit: float) -> Row:
    """A time or size judged by itself: under `limit`; the reference shows what moved it."""
    name, measured = reference
    return Row(
        figure, value, unit, name, measured, value / measured, f"< {limit:g} {unit}", value < limit
    )


def missing(figure: str, reason: str) -> Row:
    return Row(figure, None, "", reason, None, None, "", None)


def amount(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "/s":
        return f"{value:,.0f}/s"
    if unit == "s":
        return f"{value:.2f} s"
    return f"{value:,.0f} {unit}"


def cells(row: Row) -> list[str]:
    reference = row.reference_name
    if row.reference is not None:
        reference = f"{row.reference_name}: {amount(row.reference, row.unit)}"
    met = {True: "yes", False: "NO", None: ""}[row.met]
    ratio = "" if row.ratio is None else f"{row.ratio:.3g}"
    return [row.figure, amount(row.value, row.unit), reference, ratio, row.target, met]


HEADERS = ["figure", "value", "reference, same run", "ratio", "target", "met?"]


def machine_lines(m: Machine) -> list[str]:
    before = " ".join(f"{x:.2f}" for x in m.load_before)
    after = " ".join(f"{x:.2f}" for x in m.load_after)
    return [
        f"machine: {m.cpus} CPUs, {m.model}; {m.system}; Python {m.python}, SQLite {m.sqlite}",
        f"load average (1, 5, 15 min): before {before}; after {after}",
        *m.notes,
    ]


def text(rows: Sequence[Row], m: Machine) -> str:
    table = [HEADERS, *(cells(row) for row in rows)]
    widths = [max(len(line[i]) for line in table) for i in range(len(HEADERS))]
    out = []
    for i, line in enumerate(table):
        out.append("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)))
        if i == 0:
            out.append("  ".join("-" * width for width in widths))
    return "\n".join([*(line.rstrip() for line in out), "", *machine_lines(m)])


def commit() -> str:
    """The commit measured, as git names it (marked when the work tree differs from it)."""
    root = Path(__file__).resolve().parents[1]
    try:
        found = subprocess.run(
            ["git", "-C", str(root), "describe", "--always", "--dirty"],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        return "unknown commit"
    return found.stdout.strip()


def markdown(rows: Sequence[Row], m: Machine, command: str) -> str:
    def line(values: Sequence[str]) -> str:
        return "| " + " | ".join(value.replace("|", "\\|") for value in values) + " |"

    measured = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    out = [f"## {measured}, commit {commit()}", "", f"`{command}`", ""]
    out += [f"- {fact}" for fact in machine_lines(m)]
    out += ["", line(HEADERS), line(["---", "---:", "---", "---:", "---", "---"])]
    out += [line(cells(row)) for row in rows]
    return "\n".join(out)


def as_json(rows: Sequence[Row], m: Machine) -> str:
    return json.dumps({"machine": asdict(m), "figures": [asdict(r) for r in rows]}, indent=2)
