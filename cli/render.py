"""How outcomes and tables are shown to a person, or printed as JSON."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import click

from branchbook.cli.safe_text import json_text, shown

if TYPE_CHECKING:
    from rich.progress import Progress

    from branchbook.workflows.recording.recorder import Outcome


def emit_json(data: Any) -> None:
    """The data as JSON on stdout: the exact recorded text, every control character escaped."""
    click.echo(json_text(data))


class JsonLines:
    """A report's lines as JSON text, kept in a temporary file as each is decided, so a long
    journal's report does not hold every outcome in memory until its summary is known."""

    # Stands for the lines in the report's frame; only the summary's numbers are around it.
    MARK = "@lines@"

    def __init__(self) -> None:
        import tempfile  # only a --json journal needs it: not at every command's start

        self.file = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115
        self.count = 0

    def add(self, line: dict[str, object]) -> None:
        # Each line as the whole report would indent it: two levels in, under "lines".
        text = json_text(line).replace("\n", "\n    ")
        self.file.write(text if self.count == 0 else ",\n    " + text)
        self.count += 1

    def emit(self, summary: dict[str, int]) -> None:
        """The report: the summary, then the lines, exactly as emit_json would print both."""
        if self.count == 0:
            emit_json({"summary": summary, "lines": []})
            return
        head, tail = json_text({"summary": summary, "lines": [self.MARK]}).split(
            json.dumps(self.MARK)
        )
        click.echo(head, nl=False)
        self.file.seek(0)
        while chunk := self.file.read(1 << 16):
            click.echo(chunk, nl=False)
        click.echo(tail)


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


def _console_class() -> type[Any]:
    from rich.console import Console

    class PipedConsole(Console):
        """rich's console, except that a reader who closed the pipe ends the command as any
        other output would (exit 0), not with rich's exit 1."""

        def on_broken_pipe(self) -> None:
            raise BrokenPipeError

    return PipedConsole


def table(title: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """A rich table on stdout (CJK-aware widths); every title and cell is plain text, so
    nothing recorded is read as markup or sent as a control character."""
    from rich.table import Table
    from rich.text import Text

    piped_console = _console_class()

    grid = Table(title=Text(shown(title), style="table.title"), title_justify="left")
    for n, column in enumerate(columns):
        grid.add_column(Text(shown(column)), no_wrap=n == 0)
    for row in rows:
        grid.add_row(*(Text("" if v is None else shown(v)) for v in row))
    piped_console(soft_wrap=True, markup=False, emoji=False, highlight=False).print(grid)


def progress_bar(quiet: bool) -> Progress:
    """A progress bar on stderr, drawn only on a terminal, gone when the work is done."""
    from rich.console import Console
    from rich.progress import Progress

    console = Console(stderr=True)
    return Progress(transient=True, console=console, disable=quiet or not console.is_terminal)


def exit_by_worst(counts: Mapping[str, int], what: str, *, as_json: bool) -> None:
    """End a run of many commands (a journal's lines, a ledger's rows) with the exit code of
    the worst outcome among them, worst first as EXIT_BY_OUTCOME lists them; return when all
    succeeded. With --json the output already says why: no line on stderr."""
    from branchbook.cli.context import Failure
    from branchbook.workflows.errors import EXIT_BY_OUTCOME

    for status, code in EXIT_BY_OUTCOME.items():
        n = counts.get(status, 0)
        if n:
            if as_json:
                raise click.exceptions.Exit(code)
            raise Failure(f"{n:,} {what}{'' if n == 1 else 's'} {status}; see above", code)
