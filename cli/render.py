"""How outcomes and tables are shown to a person, or printed as JSON."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import IO, TYPE_CHECKING, Any

import click

from branchbook.cli.safe_text import json_text
from branchbook.domain.inert import shown

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
    about = f"{command} {outcome.subject}" if outcome.subject else command
    if outcome.status == "already-recorded":
        at = ", ".join(f"#{p}" for p in outcome.positions) or "no events"
        return f"{where}already recorded: {about} ({at})"
    if outcome.status == "rejected":
        return f"{where}rejected: {about}: {outcome.rule} — {outcome.message} [{outcome.citation}]"
    return f"{where}{outcome.status}: {about}: {outcome.message}"


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


# Above this many rows a table is drawn by plain_table: rich lays out every cell of every row
# (20,000 rows took seconds to a pipe and half a minute to a terminal).
LONG_TABLE = 1_000


def table(
    title: str,
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    atoms: Collection[str] = (),
    wrap: Collection[str] = (),
) -> None:
    """A rich table on stdout (CJK-aware widths) as wide as the screen (or COLUMNS), no value
    cut: the columns named in atoms (and those whose every value reads as a date, code, status,
    rule id or number) are never cut or folded, the others (and those named in wrap) wrap at
    spaces; a table that cannot fit so is shown a row to a block of `column: value` lines
    (cli/tables.py). Every title and cell is plain text, so nothing recorded is read as markup
    or sent as a control character. A long table is drawn by plain_table, a row to a line."""
    rows = list(rows)
    if len(rows) > LONG_TABLE:
        plain_table(title, columns, rows)
        return
    from branchbook.cli.tables import atom_columns, drawn

    header = [shown(c) for c in columns]
    body = [["" if v is None else shown(v) for v in row] for row in rows]
    console = _console_class()(markup=False, emoji=False, highlight=False)
    for part in drawn(console, shown(title), header, body, atom_columns(header, body, atoms, wrap)):
        console.print(part)


def plain_table(title: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """The table in rich's frame, each row on one line however wide (cells are not wrapped to
    the screen), its columns as wide as their widest cell: written as text in one pass."""
    header = [shown(c) for c in columns]
    body = [["" if v is None else shown(v) for v in row] for row in rows]
    widths = [_width(c) for c in header]
    for cells in body:
        for n, cell in enumerate(cells):
            width = _width(cell)
            widths[n] = max(widths[n], width)

    def line(left: str, fill: str, cross: str, right: str) -> str:
        return left + cross.join(fill * (w + 2) for w in widths) + right

    def cells_of(cells: Sequence[str], bar: str) -> str:
        padded = (cell + " " * (w - _width(cell)) for cell, w in zip(cells, widths, strict=True))
        return bar + " " + f" {bar} ".join(padded) + " " + bar

    out = [shown(title), line("┏", "━", "┳", "┓"), cells_of(header, "┃"), line("┡", "━", "╇", "┩")]
    out += (cells_of(cells, "│") for cells in body)
    out.append(line("└", "─", "┴", "┘"))
    click.echo("\n".join(out))


def _width(text: str) -> int:
    """The cells a text takes on a terminal: CJK characters take two."""
    from branchbook.cli.tables import cells

    return cells(text)


def screen_rows() -> int | None:
    """How many lines the terminal standard output shows, or None when it is no terminal
    (a pipe or a file, which gets every row)."""
    import shutil
    import sys

    if not sys.stdout.isatty():
        return None
    return shutil.get_terminal_size().lines


def fits(limit: int | None, every: bool, reserved: int, lines_each: int = 1) -> int | None:
    """How many entries of a listing to show: the first `limit` when given, all with --all or
    off a terminal, else as many as fill the screen (at least ten) but the `reserved` lines
    the rest of the output takes, each entry taking `lines_each` lines."""
    if limit is not None:
        return limit
    if every:
        return None
    lines = screen_rows()
    return None if lines is None else max(10, (lines - reserved) // lines_each)


def cut_line(shown_rows: int, total: int, what: str, *, limited: bool) -> str:
    """What follows a listing cut to the screen (or to --limit): how many more, and how to
    see them."""
    more = total - shown_rows
    head = f"… {more:,} more {what}{'' if more == 1 else 's'} not shown ({total:,} in all): "
    if limited:
        return head + "--all lists every one"
    return (
        head + "--all lists every one, --limit N the first N; piped or with --json, all are given"
    )


def draws_progress(stream: IO[str], *, quiet: bool) -> bool:
    """Whether a progress bar is drawn on stream: only on a terminal, and not when quiet
    (nothing on a pipe or in a file, whatever the environment says of colours)."""
    if quiet:
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # no such method, or the stream is closed
        return False


def progress_bar(quiet: bool, stream: IO[str] | None = None) -> Progress:
    """A progress bar on stderr (or stream), drawn only on a terminal, gone when the work is
    done. What is printed to stdout meanwhile shows above it when stdout is a terminal too,
    and goes to stdout untouched when it is not."""
    import sys

    from rich.console import Console
    from rich.progress import Progress

    stream = sys.stderr if stream is None else stream
    drawn = draws_progress(stream, quiet=quiet)
    console = Console(file=stream, force_terminal=drawn)
    return Progress(
        transient=True,
        console=console,
        disable=not drawn,
        redirect_stdout=drawn and draws_progress(sys.stdout, quiet=False),
    )


def exit_by_worst(counts: Mapping[str, int], what: str, *, as_json: bool) -> None:
    """End a run of many commands (a journal's lines, a ledger's rows) with the exit code of
    the worst outcome among them, worst first as EXIT_BY_OUTCOME lists them; return when all
    succeeded, with one line on stderr; with --json too (the report on stdout says why)."""
    from branchbook.cli.context import Failure
    from branchbook.workflows.errors import EXIT_BY_OUTCOME

    where = "see the report" if as_json else "see above"
    for status, code in EXIT_BY_OUTCOME.items():
        n = counts.get(status, 0)
        if n:
            raise Failure(f"{n:,} {what}{'' if n == 1 else 's'} {status}; {where}", code)
