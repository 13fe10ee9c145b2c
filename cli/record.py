"""`branchbook record`: apply a JSON Lines journal of commands, reporting every line."""

from __future__ import annotations

import os
import sys
from collections import Counter
from typing import IO

import click

from branchbook.cli.options import context, json_option, store_options
from branchbook.cli.render import (
    JsonLines,
    emit_json,
    exit_by_worst,
    outcome_line,
    progress_bar,
    warning_lines,
)
from branchbook.cli.safe_text import say
from branchbook.cli.wording import counted


@click.command(short_help="Record a JSON Lines journal of commands.")
@click.argument("journal", type=click.File("rb"), required=False)
@click.option("--stop-on-reject", is_flag=True, help="Stop at the first line not accepted.")
@click.option("--schema", is_flag=True, help="Print the JSON Schema of a journal line and exit.")
@click.option(
    "--batch-size",
    type=click.IntRange(1, 100_000),
    default=500,
    show_default=True,
    help="Commands saved per transaction.",
)
@click.option(
    "--no-views",
    is_flag=True,
    help="Leave the read models as they stand; the first query brings them current.",
)
@click.option(
    "--quiet",
    is_flag=True,
    help="Print only the lines not accepted and the summary: no accepted or already recorded "
    "line, no warning, no progress bar.",
)
@json_option
@store_options
def record(
    journal: IO[bytes] | None,
    *,
    stop_on_reject: bool,
    schema: bool,
    batch_size: int,
    no_views: bool,
    quiet: bool,
    as_json: bool,
) -> None:
    """Record a journal of commands: JOURNAL is a JSON Lines file, or - for stdin.

    Each line is one command, e.g. {"command": "member.apply", "member": "M0001",
    "name": "王芳", "birth": "1990-05-01", "branch": "B01", "date": "2024-03-01"}; its keys
    are the subcommand's options, and "id" for an idempotency key. Each line is reported
    accepted, accepted with warnings, already recorded (its key is in the store: nothing is
    written, so a journal can be run again after a failure) or not accepted (with the rule
    and its source); a line not accepted writes nothing and the lines after it still run.
    With --json each line's "status" is accepted, accepted-with-warnings, already-recorded
    or why not; the summary's "accepted" counts the lines accepted with warnings too, and
    "with_warnings" those of them. Exit 0 if every line was accepted (with warnings or not)
    or already recorded, else the code of the worst line: 6 storage failure, 2 invalid,
    5 conflict, 4 not found, 3 rejected, with one line on stderr (with --json too: the
    report stays on stdout). While the lines run, a progress bar counts them on stderr when
    it is a terminal (never on a pipe or a file, nor with --quiet or --json).

    Then the read models (the tables every query reads) are brought up to the end of the
    log, with a progress bar as well, so the first query afterwards answers at once. When
    they cannot be (another writer holds the store, say), one note line on stderr says why
    and they are left to the first query; the exit code is still that of the journal's
    lines. --no-views leaves them to the first query.
    """
    from branchbook.workflows.errors import EXIT_BY_OUTCOME
    from branchbook.workflows.recording.journal import read_journal
    from branchbook.workflows.steps.catalogue import COMMANDS
    from branchbook.workflows.steps.commands import journal_schema

    if schema:
        emit_json(journal_schema(COMMANDS))
        return
    if journal is None:
        raise click.UsageError("missing JOURNAL (a file, or - for stdin)")
    recorder = context().recorder
    counts: Counter[str] = Counter()
    warned = 0
    report = JsonLines() if as_json else None
    outcomes = recorder.record_many(
        read_journal(journal), batch_size=batch_size, stop_on_reject=stop_on_reject
    )
    with progress_bar(quiet=quiet or as_json) as progress:
        task = progress.add_task("recording", total=None)
        for done, outcome in enumerate(outcomes, 1):
            counts[outcome.status] += 1
            warned += bool(outcome.warnings)
            progress.update(task, completed=done, description=f"recording: {counted(done, 'line')}")
            if report is not None:
                report.add(outcome.as_dict())
            elif not (quiet and outcome.succeeded):
                _tell(outcome_line(outcome))
                for line in [] if quiet else warning_lines(outcome):
                    _tell(line)
    total = sum(counts.values())
    summary = {
        "lines": total,
        "accepted": counts["accepted"],
        "with_warnings": warned,
        "already_recorded": counts["already-recorded"],
    }
    summary.update({status: counts[status] for status in EXIT_BY_OUTCOME})
    if report is not None:
        _tell_json(report, summary)
    else:
        _tell(summary_line(summary))
    if not no_views:
        from branchbook.cli.catching_up import bring_views_current

        bring_views_current(context(), quiet=quiet or as_json)
    exit_by_worst(counts, "line", as_json=as_json)


def summary_line(summary: dict[str, int]) -> str:
    """The summary as text: the lines and those accepted, then only the counts that are not
    zero ("13 lines: 12 accepted, 1 rejected"); --json gives every count."""
    said = [
        f"{v:,} {k.replace('_', ' ')}"
        for k, v in summary.items()
        if k == "accepted" or (k != "lines" and v)
    ]
    return f"{counted(summary['lines'], 'line')}: {', '.join(said)}"


def _tell(line: str) -> None:
    """Report a line; when the reader has gone (`record J | head`), the journal runs on and
    its exit code still says how its worst line ended."""
    try:
        say(line)
    except BrokenPipeError:
        _silence_stdout()


def _tell_json(report: JsonLines, summary: dict[str, int]) -> None:
    try:
        report.emit(summary)
    except BrokenPipeError:
        _silence_stdout()
    finally:
        report.file.close()


def _silence_stdout() -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
