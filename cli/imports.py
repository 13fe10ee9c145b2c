"""`branchbook import members|branches FILE`: bring an existing ledger in, row by row."""

from __future__ import annotations

import os
from collections import Counter
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from branchbook.cli.context import Failure
from branchbook.cli.lazy import LazyGroup
from branchbook.cli.options import context, json_option, store_options
from branchbook.cli.render import emit_json, exit_by_worst, progress_bar
from branchbook.cli.safe_text import say
from branchbook.cli.values import DAY, bounded

if TYPE_CHECKING:
    from branchbook.cli.context import Context
    from branchbook.workflows.ledger.importer import RowReport
    from branchbook.workflows.ledger.table import Table
    from branchbook.workflows.recording.recorder import Recorder

REASON_HEADER = "reason"  # the column a rejects file adds: why the row was refused
ROWS_NAMED = 5  # rows named for each rule that warned, or that wait; the rest are counted


@click.group(
    "import", cls=LazyGroup, short_help="Bring an existing ledger in: branches, then members."
)
def import_group() -> None:
    """Bring an organisation's existing ledger in from a spreadsheet (.xlsx) or a CSV file
    (UTF-8, with or without BOM, or GB18030).

    Import the branch sheet first, then the member ledger, then the branch sheet again to
    record the committees in office (their members are in the record by then). Each row
    becomes the opening entries it stands for and is judged by the rulebook like any step; a
    row already imported is reported already recorded and changes nothing, so an import can
    be run again after a failure or with a corrected file of refused rows.
    """


def _ledger_options(function: Any) -> Any:
    for decorate in reversed(
        (
            click.argument("file", type=click.Path(dir_okay=False, path_type=Path)),
            click.option(
                "--date",
                "on",
                required=True,
                callback=DAY,
                help="The date the ledger stands at (YYYY-MM-DD): the opening entries, and "
                "the committees in office, are dated on it.",
            ),
            click.option(
                "--doc",
                callback=bounded(_reference),
                help="Reference of the ledger, kept with every entry "
                "(e.g. 党员信息台账 2024-12-31).",
            ),
            click.option(
                "--map",
                "map_file",
                type=click.Path(dir_okay=False, path_type=Path),
                help='TOML file mapping other header names to fields: [columns] "支部名称" = '
                '"branch" (or "ignore").',
            ),
            click.option("--sheet", help="The worksheet of an .xlsx file [default: the first]."),
            click.option(
                "--dry-run", is_flag=True, help="Judge every row and report; write nothing."
            ),
            click.option(
                "--rejects",
                type=click.Path(dir_okay=False, path_type=Path),
                help="Write the refused rows, with a reason column, to this new file in the "
                "input's format, to correct and import again.",
            ),
            click.option(
                "--batch-size",
                type=click.IntRange(1, 100_000),
                default=500,
                show_default=True,
                help="Rows saved per transaction.",
            ),
            click.option(
                "--quiet",
                is_flag=True,
                help="Print only the refused rows and the counts: no waiting committee, no "
                "warning, no progress bar.",
            ),
            json_option,
            store_options,
        )
    ):
        function = decorate(function)
    return function


def _reference(raw: Any) -> str:
    from branchbook.workflows import values

    return values.text(raw, values.REFERENCE_MAX)


@import_group.command("members", short_help="Import the member ledger.")
@_ledger_options
def import_members(**options: Any) -> None:
    """Import the member ledger FILE: one row per person with member number, name, sex, birth
    date, branch, status (正式党员, 预备党员, 发展对象, 入党积极分子, 申请人 or full, probationary,
    candidate, activist, applicant) and the dates the status rests on (申请入党日期,
    确定为入党积极分子日期, 确定为发展对象日期, 入党日期, 转正日期); ID number, ethnicity,
    education, work unit and phone are kept as particulars. Headers are recognised in Chinese
    or English; other columns are listed and not imported.

    Exit 0 if every row was accepted or already recorded, else, as for `record`, the code of
    the worst row, worst first: 1 error, 7 broken record, 6 storage failure, 2 invalid,
    5 conflict, 4 not found, 3 rejected; 2 when the file could not be read to its end (the
    rows before it are reported), 130 when interrupted.
    """
    _import("members", **options)


@import_group.command("branches", short_help="Import the organisation tree.")
@_ledger_options
def import_branches(**options: Any) -> None:
    """Import the branch sheet FILE: one row per higher organisation (党委, 党总支, 纪委) or
    branch (党支部, 联合党支部, 临时党支部, 村/社区党支部) with code, name, kind, parent code,
    founding date and, for a branch, its full members at founding and the committee in
    office (书记, 副书记, 委员 as member numbers). A parent's row may come after its
    children's. A committee whose members are not yet in the record waits: import the
    members, then this sheet again.

    Exit codes as for `import members`; a waiting committee does not fail the import.
    """
    _import("branches", **options)


def _import(
    kind: str,
    *,
    file: Path,
    on: date,
    doc: str | None,
    map_file: Path | None,
    sheet: str | None,
    dry_run: bool,
    rejects: Path | None,
    batch_size: int,
    quiet: bool,
    as_json: bool,
) -> None:
    from branchbook.workflows.errors import BadInput
    from branchbook.workflows.ledger.columns import IGNORE, read_map, recognise
    from branchbook.workflows.ledger.files import open_table
    from branchbook.workflows.ledger.importer import Ledger, bring_in
    from branchbook.workflows.ledger.rows import in_tree_order
    from branchbook.workflows.ledger.table import LedgerFileError

    _check_rejects(rejects, file)
    overrides = read_map(map_file) if map_file is not None else {}
    ctx = context()
    recorder = _dry_recorder(ctx) if dry_run else ctx.recorder
    tally = Tally(file.name, dry_run)
    with open_table(file, sheet=sheet) as table:
        if REASON_HEADER in table.headers and REASON_HEADER not in overrides:
            overrides = {**overrides, REASON_HEADER: IGNORE}  # a rejects file, corrected
        try:
            columns = recognise(table.headers, kind, overrides, source=file.name)
        except BadInput as exc:
            if len(table.sheets) < 2 or sheet is not None:
                raise
            listed = ", ".join(table.sheets)
            raise Failure(
                f"{exc}; or choose the sheet with --sheet (its sheets: {listed})", 2
            ) from None
        tally.unknown = columns.unknown
        if columns.unknown and not as_json:
            say(f"note: {file.name}: columns not imported: {', '.join(columns.unknown)}", err=True)
        rows = in_tree_order(table, columns) if kind == "branches" else table
        ledger = Ledger(kind, columns, on, doc)
        reports = bring_in(recorder, ledger, rows, dry_run=dry_run, batch_size=batch_size)
        try:
            with progress_bar(quiet=quiet or as_json) as progress:
                task = progress.add_task(f"importing {kind}", total=None)
                for report in reports:
                    tally.add(report)
                    progress.advance(task)
                    if not tally.rows % 100:
                        progress.update(task, description=f"importing {kind}: {tally.rows:,} rows")
        except LedgerFileError as exc:
            tally.stopped = str(exc)
        except KeyboardInterrupt:
            tally.stopped = "interrupted"
        tally.refused.sort(key=lambda r: r.row)
        if rejects is not None and tally.refused:
            _write_rejects(rejects, table, tally.refused)
    if not dry_run and tally.recorded:
        from branchbook.cli.catching_up import bring_views_current

        bring_views_current(ctx, quiet=quiet or as_json)
    if as_json:
        emit_json(tally.as_dict())
    else:
        tally.tell(rejects, quiet=quiet)
    tally.exit(as_json)


def _check_rejects(rejects: Path | None, file: Path) -> None:
    """The rejects file can be written, in the input's format, before anything is imported."""
    if rejects is None:
        return
    if rejects.suffix.lower() != file.suffix.lower():
        raise Failure(
            f"--rejects {rejects}: the refused rows are written as the input is, so the file "
            f"must end in {file.suffix.lower()}",
            2,
        )
    if rejects.exists():
        raise Failure(f"--rejects {rejects}: exists; name a new file", 2)
    folder = rejects.parent
    if not folder.is_dir() or not os.access(folder, os.W_OK | os.X_OK):
        raise Failure(f"--rejects {rejects}: cannot write in {folder}", 2)


def _dry_recorder(ctx: Context) -> Recorder:
    """The recorder of a dry run: on the store, or on an empty one in memory when there is
    no store yet (a dry run creates none)."""
    from branchbook.workflows.recording.recorder import Recorder
    from branchbook.workflows.store.app import BranchBook
    from branchbook.workflows.store.location import Found, survey

    if survey(ctx.url) is not Found.NOTHING:
        recorder: Recorder = ctx.recorder
        return recorder
    app = BranchBook("sqlite://", keyring=ctx.keyring)
    ctx.closing(app)
    return Recorder(app, ctx.rulebook, ctx.actor)


class Tally:
    """What became of an import's rows: counts, the refused and waiting rows, the warnings."""

    def __init__(self, name: str, dry_run: bool) -> None:
        self.name = name
        self.dry_run = dry_run
        self.unknown: tuple[str, ...] = ()
        self.counts: Counter[str] = Counter()
        self.refused: list[RowReport] = []
        self.waiting: list[RowReport] = []
        self.warned: dict[str, list[int]] = {}  # rule -> the rows it warned on
        self.recorded = 0  # rows of which anything was recorded now
        self.partly = 0  # refused rows of which a part was recorded
        self.stopped: str | None = None  # why the rows after the last reported were not read

    @property
    def rows(self) -> int:
        return sum(self.counts.values())

    def add(self, report: RowReport) -> None:
        self.counts[report.status] += 1
        self.recorded += report.recorded
        self.partly += report.recorded and report.refused
        for rule in dict.fromkeys(w.rule for w in report.warnings):
            if not report.refused:  # a refused row's warnings are of what was not recorded
                self.warned.setdefault(rule, []).append(report.row)
        if report.refused:
            self.refused.append(report)
        elif report.status == "waiting":
            self.waiting.append(report)

    def summary(self) -> dict[str, Any]:
        from branchbook.workflows.errors import EXIT_BY_OUTCOME

        counts = self.counts
        summary: dict[str, Any] = {
            "dry_run": self.dry_run,
            "rows": self.rows,
            "accepted": counts["accepted"],
            "with_warnings": len({row for rows in self.warned.values() for row in rows}),
            "already_recorded": counts["already-recorded"],
            "waiting": counts["waiting"],
            "refused": len(self.refused),
            "partly_recorded": self.partly,
            "stopped": self.stopped,
        }
        summary.update({status: counts[status] for status in EXIT_BY_OUTCOME})
        return summary

    def as_dict(self) -> dict[str, Any]:
        return {
            "summary": self.summary(),
            "unknown_columns": list(self.unknown),
            "refused": [r.as_dict() for r in self.refused],
            "waiting": [r.as_dict() for r in self.waiting],
            "warnings": dict(sorted(self.warned.items())),
        }

    def tell(self, rejects: Path | None, *, quiet: bool = False) -> None:
        """The report: the refused rows, then (unless quiet) the waiting committees and the
        warnings, then the counts."""
        from branchbook.workflows.errors import EXIT_BY_OUTCOME

        for report in self.refused:
            for reason in report.reasons:
                say(f"row {report.row}: {reason}")
        if not quiet:
            self._tell_the_rest()
        summary = self.summary()
        by_status = ", ".join(f"{summary[s]:,} {s}" for s in EXIT_BY_OUTCOME if summary[s])
        # The rows accepted, then only the counts that are not zero, as record's summary.
        warned = summary["with_warnings"]
        parts = [
            f"{summary['accepted']:,} accepted" + (f" ({warned:,} with warnings)" if warned else "")
        ]
        if summary["already_recorded"]:
            parts.append(f"{summary['already_recorded']:,} already recorded")
        if summary["refused"]:
            parts.append(
                f"{summary['refused']:,} refused" + (f" ({by_status})" if by_status else "")
            )
        if self.partly:
            parts.append(f"{self.partly:,} of them in part recorded")
        if summary["waiting"]:
            done = "to be founded" if self.dry_run else "founded"
            parts.append(f"{summary['waiting']:,} {done}, their committees waiting")
        head = "dry run, nothing written: " if self.dry_run else ""
        say(f"{head}{self.name}: {_count(summary['rows'], 'row')}: {', '.join(parts)}")
        if self.stopped is not None:
            say(
                f"stopped: {self.stopped}; the rows after the last one reported were not "
                "read: correct the file and import it again (what was recorded stays so)"
            )
        if rejects is not None and self.refused:
            say(f"the refused rows are in {rejects}, with a {REASON_HEADER} column")

    def _tell_the_rest(self) -> None:
        """The committees that wait, and the warnings by rule."""
        for report in self.waiting[:ROWS_NAMED]:
            say(f"row {report.row}: {report.reasons[-1].message}")
        if len(self.waiting) > ROWS_NAMED:
            say(f"... and {_count(len(self.waiting) - ROWS_NAMED, 'more committee')} waiting")
        for rule, rows in sorted(self.warned.items()):
            say(f"warning: {rule} on {_count(len(rows), 'row')}: {_rows_named(rows)}")

    def exit(self, as_json: bool) -> None:
        """End with the exit code of the worst refused row (0 when none was refused), as
        `record` does; 2 when the file could not be read to its end, 130 when interrupted."""
        if self.stopped is not None:
            code = 130 if self.stopped == "interrupted" else 2
            raise Failure(f"{self.name}: {self.stopped}", code)
        exit_by_worst(Counter(r.status for r in self.refused), "row", as_json=as_json)


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def _rows_named(rows: list[int]) -> str:
    named = ", ".join(str(r) for r in rows[:ROWS_NAMED])
    more = len(rows) - ROWS_NAMED
    return f"{named} and {more:,} more" if more > 0 else named


def _write_rejects(path: Path, table: Table, refused: list[RowReport]) -> None:
    from branchbook.workflows.ledger.files import write_rejects

    width = len(table.headers)
    headers = [*table.headers, REASON_HEADER]
    rows = (
        [*report.cells[:width], *[""] * (width - len(report.cells)), _reasons(report)]
        for report in refused
    )
    write_rejects(path, table, headers, rows)


def _reasons(report: RowReport) -> str:
    return "; ".join(str(reason) for reason in report.reasons)


COMMANDS: list[Any] = [import_group]
