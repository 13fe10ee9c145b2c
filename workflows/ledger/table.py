"""A ledger's table as rows, and the limits it is read within: whatever is past them raises
LedgerFileError, or refuses the row it is in."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from datetime import datetime, time
from pathlib import Path
from types import TracebackType
from typing import Literal

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
