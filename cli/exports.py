"""Tables written to a file: CSV or an Excel workbook, with English or Chinese headers.

Any command that shows a table can write it to a file in two lines: `@export_options` adds
`--output FILE` (the format from the suffix, .csv or .xlsx) and `--lang en|zh` (the header
row), and `if exported(columns, rows): return`, before its --json and its table, writes the
rows (dicts keyed by the --json keys) when --output is given. A dated answer passes the date
it answers for (cli/as_of.py): every row then ends in an `as_of` column with that date, a
workbook's properties name it too, and the line saying what was written gives it.
`branchbook export` writes its CSV by the same cells (csv_bytes)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from branchbook.cli.context import Failure
from branchbook.cli.safe_text import FORMULA_STARTS, json_text, say, spreadsheet_cell
from branchbook.domain.inert import shown

if TYPE_CHECKING:
    from branchbook.cli.as_of import AsOf

F = TypeVar("F", bound=Callable[..., Any])

# The formats --output knows, by the file's suffix.
SUFFIXES = (".csv", ".xlsx")
# Where export_options keeps --output and --lang for `exported`, in click's context.
_META = "branchbook.export"


def _output(ctx: click.Context, _: click.Parameter, value: str | None) -> None:
    if value is None:
        return
    path = Path(value)
    if path.suffix.lower() not in SUFFIXES:
        raise Failure(f"--output: {value} must end in .csv or .xlsx", 2)
    ctx.meta.setdefault(_META, {})["output"] = path


def _lang(ctx: click.Context, _: click.Parameter, value: str | None) -> None:
    if value is not None:
        ctx.meta.setdefault(_META, {})["lang"] = value


def export_options(function: F) -> F:
    """--output FILE and --lang for a command whose answer is a table: see `exported`."""
    function = click.option(
        "--lang",
        type=click.Choice(["en", "zh"]),
        expose_value=False,
        callback=_lang,
        help="The header row of --output: the --json keys (en, the default) or Chinese (zh).",
    )(function)
    return click.option(
        "--output",
        metavar="FILE",
        expose_value=False,
        callback=_output,
        help="Write the rows to FILE instead: CSV for .csv (UTF-8 with a byte-order mark), "
        "an Excel workbook for .xlsx. The rows are those of --json, each ending in as_of, the "
        "date the answer is for.",
    )(function)


def exported(
    columns: Sequence[str], rows: Sequence[dict[str, Any]], when: AsOf | None = None
) -> bool:
    """Write the rows to the --output file, if one is given, and say so; False when none is.
    The columns are the rows' keys in order, each the --json key; with `when`, the date the
    answer is for, each row ends in an `as_of` column giving it (see `dated`)."""
    ctx = click.get_current_context()
    given = ctx.meta.get(_META, {})
    output: Path | None = given.get("output")
    if output is None:
        if "lang" in given:
            raise Failure("--lang applies to --output", 2)
        return False
    if ctx.params.get("as_json"):
        raise Failure("give --json or --output, not both", 2)
    lang = given.get("lang", "en")
    columns, rows = dated(columns, rows, when)
    if output.suffix.lower() == ".xlsx":
        data = xlsx_bytes(rows, columns, lang=lang, title=_command(ctx), when=when)
    else:
        data = csv_bytes(rows, columns, excel=True, lang=lang)
    write(data, output)
    said_written(len(rows), output, when)
    return True


def _command(ctx: click.Context) -> str:
    """The command as typed after the program's name: "roster", "member list"."""
    names = []
    while ctx.parent is not None:
        names.append(ctx.info_name or "")
        ctx = ctx.parent
    return " ".join(reversed(names)) or "rows"


def dated(
    columns: Sequence[str], rows: Sequence[dict[str, Any]], when: AsOf | None
) -> tuple[list[str], list[dict[str, Any]]]:
    """The columns and rows of a file, with an `as_of` column last giving the date the answer
    is for (ISO, or empty for a store that holds no step), when the answer is dated."""
    if when is None:
        return list(columns), list(rows)
    day = None if when.day is None else when.day.isoformat()
    return [*columns, "as_of"], [{**row, "as_of": day} for row in rows]


def said_written(count: int, output: Path, when: AsOf | None) -> None:
    """The line saying how many rows went to the file, and for a dated answer on what date:
    "Wrote 12 rows to roster.xlsx (as of 2025-12-31, the latest recorded step)"."""
    on = ""
    if when is not None:
        on = f" (as of {when.shown().replace(' (', ', ', 1).removesuffix(')')})"
        if when.day is None:
            on = " (no step recorded yet)"
    say(f"Wrote {count:,} row{'' if count == 1 else 's'} to {output}{on}")


def headers(columns: Sequence[str], lang: str) -> list[str]:
    """The header row: the keys, or their Chinese names (a key without one as itself)."""
    if lang != "zh":
        return list(columns)
    from branchbook.cli.export_columns import CHINESE

    return [CHINESE.get(column, column) for column in columns]


def csv_bytes(
    rows: Sequence[dict[str, Any]], columns: Sequence[str], *, excel: bool, lang: str = "en"
) -> bytes:
    """The rows as UTF-8 CSV with a header row; for spreadsheets a byte-order mark and CRLF."""
    import csv
    import io

    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n" if excel else "\n")
    writer.writerow(headers(columns, lang))
    for row in rows:
        writer.writerow([csv_cell(row.get(column)) for column in columns])
    return ("\ufeff" if excel else "").encode() + text.getvalue().encode()


def csv_cell(value: Any) -> str:
    """A value as a CSV cell: text made safe for spreadsheets; counts and flags as written."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return spreadsheet_cell(_text(value))


def _text(value: Any) -> str:
    """A value as text: lists of names joined by ";", other nested values as JSON."""
    if isinstance(value, list) and all(isinstance(v, str | int) for v in value):
        return ";".join(str(v) for v in value)
    if isinstance(value, list | dict):
        return json_text(value, indent=None)
    return str(value)


def xlsx_bytes(
    rows: Sequence[dict[str, Any]],
    columns: Sequence[str],
    *,
    lang: str,
    title: str,
    when: AsOf | None = None,
) -> bytes:
    """The rows as a workbook of one sheet: a header row, then counts as numbers, flags as
    booleans, dates as dates (shown YYYY-MM-DD) and text as text, never as a formula. For a
    dated answer the workbook's title and subject (its document properties) name the date."""
    import io

    from openpyxl import Workbook

    from branchbook.cli.export_columns import DATES

    book = Workbook(write_only=True)
    if when is not None:
        book.properties.title = f"{title} as of {when.shown()}"
        book.properties.subject = f"as_of {when.as_dict()['as_of']}; as_of_basis {when.basis}"
    sheet = book.create_sheet(title[:31])
    sheet.append([_xlsx_text(sheet, h) for h in headers(columns, lang)])
    for row in rows:
        sheet.append([_xlsx_cell(sheet, row.get(c), c in DATES) for c in columns])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx_cell(sheet: Any, value: Any, is_date: bool) -> Any:
    if value is None or isinstance(value, bool | int):
        return value
    day = _day(value) if is_date else None
    if day is None:
        return _xlsx_text(sheet, _text(value))
    from openpyxl.cell.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=day)
    cell.number_format = "yyyy-mm-dd"
    return cell


def _day(value: Any) -> datetime | None:
    """A date, or an ISO date (YYYY-MM-DD), as the midnight a workbook keeps a date as; else
    None."""
    if isinstance(value, datetime):
        return None
    if isinstance(value, date):
        return datetime.fromisoformat(value.isoformat())
    if not isinstance(value, str) or len(value) != len("YYYY-MM-DD"):
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def _xlsx_text(sheet: Any, text: str) -> Any:
    """A text cell: control characters shown as on the terminal (a workbook cannot hold
    them); stored as text, so "=..." is never a formula, and one that starts like a formula
    is marked so a spreadsheet keeps it text when it is edited."""
    from openpyxl.cell.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=shown(text))
    cell.data_type = "s"
    if text.startswith(FORMULA_STARTS):
        cell.quotePrefix = True
    return cell


def refuse_to_overwrite_a_store(output: Path, option: str = "--output") -> None:
    """An export never overwrites the store (or any database, or SQLite's files beside it);
    `option` is the one that named the file."""
    from branchbook.cli.options import context
    from branchbook.workflows.store.location import sqlite_path

    store = sqlite_path(context().url)
    files = [Path(f"{store}{suffix}") for suffix in ("", "-wal", "-shm")] if store else []
    try:
        with output.open("rb") as existing:
            head = existing.read(16)
        same = any(f.exists() and output.samefile(f) for f in files)
    except OSError:
        return  # nothing there yet, or nothing readable: the write says what goes wrong
    if same or head == SQLITE_HEADER:
        raise Failure(f"{option}: {output} is a database; an export does not overwrite it", 2)


SQLITE_HEADER = b"SQLite format 3\x00"


def write(data: bytes, output: Path | None) -> None:
    """The bytes to the file (never over a database), or to standard output when none."""
    if output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    refuse_to_overwrite_a_store(output)
    try:
        output.write_bytes(data)
    except OSError as exc:
        raise Failure(f"cannot write {output}: {exc.strerror or exc}", 2) from None
