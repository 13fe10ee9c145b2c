"""Reading a ledger's table (a CSV or XLSX export of a member information system) and writing
back the rows it refused, within documented limits.

A table is read a row at a time, never held whole. A CSV file is UTF-8, with or without a BOM,
or, when it is not valid UTF-8, GB18030 (as Chinese spreadsheets often save it). An XLSX
workbook is read from its first sheet, or the one named. The first row that is not blank holds
the headers; blank rows are skipped; every other row keeps the number a clerk sees in the
spreadsheet (the header row of most exports is 1).

Whatever is outside the limits below, or cannot be read as a table at all (a corrupt or
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
import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime, time
from pathlib import Path
from types import TracebackType
from typing import IO, Literal

from attrs import frozen

from branchbook.workflows.errors import BadInput

FILE_MAX_BYTES = 200 * 1024 * 1024  # the file as stored (an XLSX workbook is compressed)
XLSX_UNPACKED_MAX_BYTES = 2 * 1024 * 1024 * 1024  # a workbook's parts, once unpacked
XLSX_STRINGS_MAX_BYTES = 256 * 1024 * 1024  # its shared strings, which are read whole
# Any other part but the sheets (styles, the workbook, themes), which openpyxl reads whole.
XLSX_PART_MAX_BYTES = 16 * 1024 * 1024
ROWS_MAX = 1_000_000  # the highest row number a table may use, the header row included
COLUMNS_MAX = 200  # the columns of a row, up to its last cell that is not empty
CELL_MAX_CHARS = 2_000  # the characters of one cell
CSV_LINE_MAX_CHARS = COLUMNS_MAX * (CELL_MAX_CHARS + 3)  # one physical line of a CSV file
CHUNK_BYTES = 1024 * 1024
# A cell that a spreadsheet would run as a formula, behind any apostrophes already guarding it.
FORMULA_START = re.compile(r"'*[=+\-@\t\r]")
GUARD = "'"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an encrypted workbook, or an old .xls

Format = Literal["csv", "xlsx"]


class LedgerFileError(BadInput):
    """Raised when a ledger file cannot be read as a table within the limits, or a rejects file
    cannot be written; the message is one line naming the file."""


@frozen
class Row:
    """One row of a table: its number as a clerk sees it (the header row is usually 1) and its
    cells, at least as many as there are headers (None for an empty cell)."""

    number: int
    cells: tuple[object, ...]
    problem: str | None = None  # a cell or column past its limit: the row is refused whole


def column_letter(index: int) -> str:
    """The spreadsheet letters of a 0-based column index: 0 → A, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


class Table:
    """A ledger table open for reading; iterate it for its rows (each iteration reads the file
    again from the start), and close it when done (or use it in a `with` block)."""

    def __init__(self, path: Path, fmt: Format, encoding: str | None, source: RowSource) -> None:
        self.path = path
        self.format: Format = fmt
        # The encoding a CSV file was read in: utf-8-sig (UTF-8 with a BOM), utf-8 or gb18030.
        self.encoding = encoding
        self._source = source
        self.header_row, self.headers = _header(path, source)

    @property
    def sheets(self) -> tuple[str, ...]:
        """The sheets of a workbook (none for a CSV file)."""
        return self._source.sheets

    @property
    def bom(self) -> bool:
        return self.encoding == "utf-8-sig"

    def __iter__(self) -> Iterator[Row]:
        width = len(self.headers)
        for number, cells, problem in self._source.records():
            if number <= self.header_row or _blank(cells):
                continue
            yield Row(number, _fitted(cells[: max(width, COLUMNS_MAX)], width), problem)

    def close(self) -> None:
        self._source.close()

    def __enter__(self) -> Table:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


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
    # ledger_xlsx builds on this module, and openpyxl is loaded only for a workbook.
    from branchbook.workflows.ledger_xlsx import XlsxSource  # noqa: PLC0415

    return Table(path, "xlsx", None, XlsxSource(path, sheet))


class RowSource:
    """Where a table's records come from: (number, cells) for every row, blank ones too."""

    sheets: tuple[str, ...] = ()  # a workbook's sheets, the chosen one among them

    def records(self) -> Iterator[tuple[int, list[object], str | None]]:
        """Each row's number, its cells, and what puts it past the limits (check_row)."""
        raise NotImplementedError

    def close(self) -> None:
        """Nothing to release unless the source holds a file open."""


def _header(path: Path, source: RowSource) -> tuple[int, tuple[str, ...]]:
    for number, cells, problem in source.records():
        if not _blank(cells):
            past_limit(path, number, problem)
            while cells and _empty(cells[-1]):
                cells.pop()
            headers = tuple(header_text(cell) for cell in cells)
            if headers and headers[0].startswith("\ufeff"):
                headers = (headers[0][1:].strip(), *headers[1:])
            return number, headers
    raise LedgerFileError(f"{path}: holds no rows, not even a header row")


def header_text(cell: object) -> str:
    """A header cell as text, stripped (a number as its digits)."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime) and cell.time() == time():
        return cell.date().isoformat()
    return str(cell).strip()


def _empty(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _blank(cells: Sequence[object]) -> bool:
    return all(_empty(cell) for cell in cells)


def _fitted(cells: list[object], width: int) -> tuple[object, ...]:
    """The cells padded to the headers' width, empty trailing cells past it dropped."""
    while len(cells) > width and _empty(cells[-1]):
        cells.pop()
    if len(cells) < width:
        cells.extend([None] * (width - len(cells)))
    return tuple(cells)


def check_row(path: Path, number: int, cells: Sequence[object]) -> str | None:
    """What puts a row past the limits: its columns, up to the last cell that is not empty,
    or a text cell's length (None when it is within them). A row number past the limit ends
    the reading (LedgerFileError)."""
    if number > ROWS_MAX:
        raise LedgerFileError(f"{path}: more than {ROWS_MAX:,} rows")
    width = len(cells)
    while width and _empty(cells[width - 1]):
        width -= 1
    if width > COLUMNS_MAX:
        return f"a value in column {column_letter(width - 1)}; at most {COLUMNS_MAX} columns"
    for index in range(width):
        cell = cells[index]
        if isinstance(cell, str) and len(cell) > CELL_MAX_CHARS:
            return (
                f"column {column_letter(index)}: a cell of {len(cell):,} characters; "
                f"at most {CELL_MAX_CHARS:,}"
            )
    return None


def past_limit(path: Path, number: int, problem: str | None) -> None:
    """A header row past the limits ends the reading: without it no row can be read."""
    if problem is not None:
        raise LedgerFileError(f"{path}: row {number}: {problem}")


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
                from branchbook.workflows.ledger_xlsx import write_xlsx  # noqa: PLC0415

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
