"""Reading a ledger's table (a CSV or XLSX export of a member information system) and writing
back the rows it refused, within documented limits.

A table is read a row at a time, never held whole. A CSV file is UTF-8, with or without a BOM,
or, when it is not valid UTF-8, GB18030 (as Chinese spreadsheets often save it). An XLSX
workbook is read from its first sheet, or the one named. The first row that is not blank holds
the headers; blank rows are skipped; every other row keeps the number a clerk sees in the
spreadsheet (the header row of most exports is 1).

Whatever is outside the limits (ledger.table), or cannot be read as a table at all (a corrupt or
password-protected workbook, NUL bytes, text in neither encoding), raises LedgerFileError: one
line that names the file, and the row and column where one is to blame.

A rejects file written as CSV guards against formula injection: a cell that begins with = + -
@ (or a tab or carriage return), possibly after apostrophes, is written with one more leading
apostrophe, so that no spreadsheet runs it. Reading a CSV table takes exactly one such
apostrophe off again, so a rejects file, corrected and imported again, reads as the ledger
did. An XLSX rejects file needs no guard: its cells are written as text, never as formulas.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime, time
from pathlib import Path
from typing import IO

from branchbook.workflows.ledger.table import (
    CHUNK_BYTES,
    CSV_LINE_MAX_CHARS,
    FILE_MAX_BYTES,
    FORMULA_START,
    GUARD,
    OLE_MAGIC,
    ZIP_MAGIC,
    LedgerFileError,
    RowSource,
    Table,
    check_row,
)


def open_table(path: Path, *, sheet: str | None = None) -> Table:
    """The table in a .csv or .xlsx file (of an XLSX workbook, the sheet named, or the first)."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise LedgerFileError(f"{path}: expected a .csv or .xlsx file")
    if sheet is not None and suffix == ".csv":
        raise LedgerFileError(f"{path}: a CSV file has no sheets to choose from")
    try:
        if not path.is_file():
            raise LedgerFileError(f"{path}: no such file")
        size = path.stat().st_size
    except OSError as exc:
        raise LedgerFileError(f"{path}: cannot read it: {exc.strerror or exc}") from None
    if size > FILE_MAX_BYTES:
        raise LedgerFileError(f"{path}: larger than {FILE_MAX_BYTES // (1024 * 1024)} MB")
    if suffix == ".csv":
        encoding = _csv_encoding(path)
        return Table(path, "csv", encoding, _CsvSource(path, encoding))
    # openpyxl is loaded only for a workbook.
    from branchbook.workflows.ledger.xlsx import XlsxSource  # noqa: PLC0415

    return Table(path, "xlsx", None, XlsxSource(path, sheet))


# CSV ---------------------------------------------------------------------------------------


def _csv_encoding(path: Path) -> str:
    """utf-8-sig, utf-8 or gb18030: the first the whole file decodes in (read in chunks)."""
    with path.open("rb") as file:
        head = file.read(len(codecs.BOM_UTF8))
    bom = head == codecs.BOM_UTF8
    if head.startswith(ZIP_MAGIC[:3]) or head.startswith(OLE_MAGIC[:3]):
        raise LedgerFileError(f"{path}: a workbook, not CSV text; save it as .xlsx or CSV")
    for encoding in ("utf-8-sig" if bom else "utf-8", "gb18030"):
        if _decodes(path, encoding):
            return encoding
    raise LedgerFileError(f"{path}: not text in UTF-8 or GB18030")


def _decodes(path: Path, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    offset = 0
    with path.open("rb") as file:
        while chunk := file.read(CHUNK_BYTES):
            if b"\x00" in chunk:
                at = offset + chunk.index(b"\x00")
                raise LedgerFileError(
                    f"{path}: holds a NUL byte at byte {at:,}; not CSV text (UTF-16?)"
                )
            offset += len(chunk)
            if offset > FILE_MAX_BYTES:
                raise LedgerFileError(f"{path}: larger than {FILE_MAX_BYTES // (1024 * 1024)} MB")
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                return False
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def unguarded(cell: str) -> str:
    """A CSV cell without the apostrophe a rejects file put before a formula's first sign."""
    if cell.startswith(GUARD) and FORMULA_START.match(cell, 1):
        return cell[1:]
    return cell


def guarded(cell: str) -> str:
    """A CSV cell that no spreadsheet runs as a formula (see the module's docstring)."""
    return GUARD + cell if FORMULA_START.match(cell) else cell


class _CsvSource(RowSource):
    def __init__(self, path: Path, encoding: str) -> None:
        self.path = path
        self.encoding = encoding

    def _lines(self, file: IO[str]) -> Iterator[str]:
        line_number = 0
        while line := file.readline(CSV_LINE_MAX_CHARS + 1):
            line_number += 1
            if len(line) > CSV_LINE_MAX_CHARS and not line.endswith(("\n", "\r")):
                raise LedgerFileError(
                    f"{self.path}: line {line_number:,} is longer than "
                    f"{CSV_LINE_MAX_CHARS:,} characters"
                )
            yield line

    def records(self) -> Iterator[tuple[int, list[object], str | None]]:
        number = 0
        with self.path.open(encoding=self.encoding, newline="") as file:
            reader = csv.reader(self._lines(file))
            while True:
                try:
                    record = next(reader, None)
                except csv.Error as exc:
                    raise LedgerFileError(f"{self.path}: row {number + 1}: {exc}") from None
                if record is None:
                    return
                number += 1
                cells = [unguarded(cell) for cell in record]
                problem = check_row(self.path, number, cells)
                yield number, [cell if cell.strip() else None for cell in cells], problem


# Rejects -----------------------------------------------------------------------------------


def write_rejects(
    path: Path, like: Table, headers: Sequence[str], rows: Iterable[Sequence[object]]
) -> None:
    """The refused rows, in the format (and a CSV file's encoding, BOM included) of the table
    they came from, under the caller's headers. An existing file is never overwritten."""
    try:
        file = path.open("xb")
    except FileExistsError:
        raise LedgerFileError(f"{path}: already exists; name a new file for the rejects") from None
    except OSError as exc:
        raise LedgerFileError(f"{path}: cannot write it: {exc.strerror or exc}") from None
    try:
        with file:
            if like.format == "csv":
                _write_csv(file, like.encoding or "utf-8", headers, rows)
            else:
                from branchbook.workflows.ledger.xlsx import write_xlsx  # noqa: PLC0415

                write_xlsx(file, headers, rows)
    except OSError as exc:
        path.unlink(missing_ok=True)
        raise LedgerFileError(f"{path}: cannot write it: {exc.strerror or exc}") from None
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def _write_csv(
    file: IO[bytes], encoding: str, headers: Sequence[str], rows: Iterable[Sequence[object]]
) -> None:
    text = codecs.getwriter(encoding)(file)
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow([guarded(h) for h in headers])
    for row in rows:
        writer.writerow([guarded(csv_text(cell)) for cell in row])
    text.flush()


def csv_text(cell: object) -> str:
    """A cell as CSV text: a date as YYYY-MM-DD (a date-time at midnight too)."""
    if cell is None:
        return ""
    if isinstance(cell, datetime) and cell.time() == time():
        return cell.date().isoformat()
    if isinstance(cell, date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)
