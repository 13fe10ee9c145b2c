"""An XLSX workbook as a ledger table: read a row at a time with openpyxl's read-only mode, and
written (a rejects file) with its write-only mode. Limits and messages: see ledger.table and
ledger.files."""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime, time
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, WriteOnlyCell
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from branchbook.workflows.ledger.table import (
    OLE_MAGIC,
    XLSX_PART_MAX_BYTES,
    XLSX_STRINGS_MAX_BYTES,
    XLSX_UNPACKED_MAX_BYTES,
    ZIP_MAGIC,
    LedgerFileError,
    RowSource,
    check_row,
)


class XlsxSource(RowSource):
    """The rows of one sheet of a workbook, held open until closed."""

    def __init__(self, path: Path, sheet: str | None) -> None:
        self.path = path
        try:
            self.file: IO[bytes] = path.open("rb")
        except OSError as exc:
            raise LedgerFileError(f"{path}: cannot read it: {exc.strerror or exc}") from None
        try:
            self.sheet: Any = self._open(sheet)  # openpyxl's stubs type its rows for Worksheet
        except BaseException:
            self.file.close()
            raise

    def _open(self, sheet: str | None) -> ReadOnlyWorksheet:
        path = self.path
        magic = self.file.read(len(OLE_MAGIC))
        self.file.seek(0)
        if magic == OLE_MAGIC:
            raise LedgerFileError(
                f"{path}: a password-protected or old (.xls) workbook; save it as .xlsx without "
                "a password"
            )
        if not magic.startswith(ZIP_MAGIC):
            raise LedgerFileError(f"{path}: not an XLSX workbook")
        self._check_parts()
        try:
            # The values a clerk sees: a formula's last computed value, not the formula.
            self.book = load_workbook(self.file, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds on a damaged workbook
            raise LedgerFileError(f"{path}: not a readable XLSX workbook ({_said(exc)})") from None
        names = self.book.sheetnames
        self.sheets = tuple(names)
        if sheet is not None and sheet not in names:
            raise LedgerFileError(
                f"{path}: has no sheet {sheet!r}; its sheets: {', '.join(map(repr, names))}"
            )
        if not names:
            raise LedgerFileError(f"{path}: holds no sheet")
        chosen = self.book[sheet if sheet is not None else names[0]]
        if not isinstance(chosen, ReadOnlyWorksheet):
            raise LedgerFileError(f"{path}: sheet {chosen.title!r} is a chart, not a table")
        # The size a workbook states may be wrong: read every row there is.
        chosen.reset_dimensions()
        return chosen

    def _check_parts(self) -> None:
        """The unpacked parts stay within their limits (a small file can unpack to gigabytes)."""
        try:
            with zipfile.ZipFile(self.file) as archive:
                parts = archive.infolist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
            raise LedgerFileError(f"{self.path}: a damaged XLSX workbook ({_said(exc)})") from None
        finally:
            self.file.seek(0)
        if sum(part.file_size for part in parts) > XLSX_UNPACKED_MAX_BYTES:
            raise LedgerFileError(
                f"{self.path}: unpacks to more than {XLSX_UNPACKED_MAX_BYTES // 1024**3} GB"
            )
        for part in parts:
            name = part.filename.lower()
            if name.endswith("sharedstrings.xml") and part.file_size > XLSX_STRINGS_MAX_BYTES:
                raise LedgerFileError(
                    f"{self.path}: its shared strings unpack to more than "
                    f"{XLSX_STRINGS_MAX_BYTES // 1024**2} MB"
                )
            streamed = name.startswith("xl/worksheets/") or name.endswith("sharedstrings.xml")
            if not streamed and part.file_size > XLSX_PART_MAX_BYTES:
                raise LedgerFileError(
                    f"{self.path}: its part {part.filename} unpacks to more than "
                    f"{XLSX_PART_MAX_BYTES // 1024**2} MB"
                )

    def records(self) -> Iterator[tuple[int, list[object], str | None]]:
        number = 0
        rows = self.sheet.iter_rows(values_only=True)
        while True:
            try:
                row = next(rows, None)
            except Exception as exc:  # a damaged sheet fails only when its rows are parsed
                raise LedgerFileError(
                    f"{self.path}: row {number + 1} cannot be read ({_said(exc)})"
                ) from None
            if row is None:
                return
            number += 1
            cells: list[object] = list(row)
            yield number, cells, check_row(self.path, number, cells)

    def close(self) -> None:
        book = getattr(self, "book", None)
        if book is not None:
            book.close()
        self.file.close()


def _said(exc: BaseException) -> str:
    """An exception's words on one line, cut short."""
    words = " ".join(str(exc).split()) or type(exc).__name__
    return words if len(words) <= 120 else words[:117] + "..."


def write_xlsx(file: IO[bytes], headers: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """A new workbook of one sheet: text cells as text (never formulas), date cells as dates."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("rejects")
    sheet.append([_cell(sheet, header) for header in headers])
    for row in rows:
        sheet.append([_cell(sheet, value) for value in row])
    book.save(file)


def _cell(sheet: Any, value: object) -> object:
    if isinstance(value, datetime) and value.time() == time():
        return value.date()
    if not isinstance(value, str):
        return value
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("\ufffd", value))
    cell.data_type = "s"  # "=..." stays text: openpyxl would otherwise write a formula
    return cell
