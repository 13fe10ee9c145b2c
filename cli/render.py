"""How outcomes and tables are shown to a person, or printed as JSON."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from branchbook.workflows.recorder import Outcome


def emit_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def outcome_line(outcome: Outcome) -> str:
    """One line for an outcome, prefixed by its journal line when it has one."""
    where = f"line {outcome.line}: " if outcome.line is not None else ""
    command = outcome.command or "?"
    if outcome.accepted:
        head = "accepted with warnings" if outcome.warnings else "accepted"
        at = ", ".join(f"#{p}" for p in outcome.positions)
        return f"{where}{head}: {command} {outcome.subject} ({at})"
    if outcome.status == "already-recorded":
        at = ", ".join(f"#{p}" for p in outcome.positions) or "no events"
        return f"{where}already recorded: {command} ({at})"
    if outcome.status == "rejected":
        return (
            f"{where}rejected: {command}: {outcome.rule} — {outcome.message} [{outcome.citation}]"
        )
    return f"{where}{outcome.status}: {command}: {outcome.message}"


def warning_lines(outcome: Outcome) -> list[str]:
    return [f"  warning: {w}" for w in outcome.warnings]


def table(title: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """A rich table on stdout (CJK-aware widths)."""
    from rich.console import Console
    from rich.table import Table

    grid = Table(title=title, title_justify="left")
    for n, column in enumerate(columns):
        grid.add_column(column, no_wrap=n == 0)
    for row in rows:
        grid.add_row(*("" if v is None else str(v) for v in row))
    Console(soft_wrap=True).print(grid)
