"""The two sheets of a generated ledger (see ledger.py): their Chinese headers, the rows they
hold, and the writers that save them as a spreadsheet program would."""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

MEMBER_HEADERS = (
    "党员编号",
    "姓名",
    "性别",
    "出生日期",
    "所在党支部",
    "人员类别",
    "申请入党日期",
    "确定为入党积极分子日期",
    "确定为发展对象日期",
    "入党日期",
    "转正日期",
    "民族",
    "学历",
    "工作单位",
    "联系电话",
)
BRANCH_HEADERS = (
    "组织编码",
    "组织名称",
    "组织类别",
    "上级党组织编码",
    "成立日期",
    "正式党员数",
    "审批预备党员权限",
    "单位",
    "书记",
    "副书记",
    "委员",
    "任期开始日期",
)
M = {h: i for i, h in enumerate(MEMBER_HEADERS)}
B = {h: i for i, h in enumerate(BRANCH_HEADERS)}


@dataclass
class Ledger:
    """The two sheets, cells as a spreadsheet holds them (dates as dates unless mixed)."""

    as_of: date
    branch_headers: tuple[str, ...]
    branch_rows: list[list[object]]
    member_headers: tuple[str, ...]
    member_rows: list[list[object]]
    leaders: set[str] = field(default_factory=set)  # member numbers in office


@dataclass
class Planted:
    """A member row altered to break one thing: its row number (the header is row 1), the
    member number, what was broken, and the rule id or the column header expected to refuse it."""

    number: int
    member: str
    what: str
    rule: str | None
    column: str | None


# Writers -----------------------------------------------------------------------------------


def write_csv(
    path: Path,
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    encoding: str = "utf-8-sig",
) -> None:
    """A CSV file as a spreadsheet saves it (dates as YYYY-MM-DD unless already text)."""
    with path.open("w", encoding=encoding, newline="") as file:
        writer = csv.writer(file, lineterminator="\r\n")
        writer.writerow(headers)
        for row in rows:
            writer.writerow(
                ["" if c is None else c.isoformat() if isinstance(c, date) else c for c in row]
            )


def write_xlsx(path: Path, headers: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """An XLSX workbook of one sheet, dates as date cells, stating its size as a spreadsheet
    program does (openpyxl's write-only mode leaves the size out, which makes every reader
    scan the whole sheet once more before the first row)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Sheet1")
    sheet.append(list(headers))
    count = 1
    for row in rows:
        sheet.append(list(row))
        count += 1
    book.save(path)
    _state_size(path, f"A1:{get_column_letter(len(headers))}{count}")


def _state_size(path: Path, ref: str) -> None:
    """Write the sheet's <dimension> where the schema puts it: before the sheet's views."""
    part = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(path) as archive:
        parts = [(info, archive.read(info.filename)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        dimension = f'<dimension ref="{ref}" /><sheetViews>'.encode()
        for info, data in parts:
            sized = data.replace(b"<sheetViews>", dimension, 1) if info.filename == part else data
            archive.writestr(info, sized)


def years_after(on: date, years: int) -> date:
    try:
        return on.replace(year=on.year + years)
    except ValueError:  # 29 February
        return on.replace(year=on.year + years, day=28)
