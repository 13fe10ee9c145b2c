"""A ledger's table: its encodings and formats, its limits, damaged files, and rejects that
read back as the rows they were."""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from branchbook.workflows.ledger.files import open_table, write_rejects
from branchbook.workflows.ledger.table import LedgerFileError, Row
from openpyxl import Workbook

from branchbook.workflows import ledger_files
from branchbook.workflows.errors import BadInput

HEADERS = ["党员编号", "姓名", "出生日期"]
ROWS = [["1001", "张三", "1980/1/2"], ["1002", "欧阳 明", "1990年1月1日"]]


def cell_time(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A date-time as a spreadsheet cell holds it: with no time zone."""
    return datetime(year, month, day, hour, minute)  # noqa: DTZ001


def csv_bytes(rows: list[list[str]]) -> str:
    return "".join(",".join(row) + "\r\n" for row in rows)


def read(path: Path, **kwargs: str) -> tuple[tuple[str, ...], list[Row]]:
    with open_table(path, **kwargs) as table:
        return table.headers, list(table)


@pytest.mark.parametrize(
    ("encoding", "raw_prefix", "detected"),
    [
        ("utf-8", b"", "utf-8"),
        ("utf-8", b"\xef\xbb\xbf", "utf-8-sig"),
        ("gb18030", b"", "gb18030"),
    ],
)
def test_a_csv_file_is_read_in_the_encoding_it_was_saved_in(
    tmp_path: Path, encoding: str, raw_prefix: bytes, detected: str
) -> None:
    path = tmp_path / "members.csv"
    path.write_bytes(raw_prefix + csv_bytes([HEADERS, *ROWS]).encode(encoding))
    with open_table(path) as table:
        assert (table.format, table.encoding) == ("csv", detected)
        assert table.bom == (detected == "utf-8-sig")
        assert table.headers == tuple(HEADERS)
        assert [(r.number, list(r.cells)) for r in table] == [(2, ROWS[0]), (3, ROWS[1])]


def test_rows_keep_the_numbers_a_clerk_sees_and_blank_rows_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "members.csv"
    text = '\r\n , \r\n 党员编号 ,姓名\r\n1001,"张\n三"\r\n,\r\n1002,李四,,\r\n1003\r\n'
    path.write_text(text, encoding="utf-8")
    headers, rows = read(path)
    assert headers == ("党员编号", "姓名")
    # A quoted line break is one record, as the spreadsheet shows one row.
    assert [(r.number, r.cells) for r in rows] == [
        (4, ("1001", "张\n三")),
        (6, ("1002", "李四")),  # empty cells past the headers are dropped
        (7, ("1003", None)),  # a short row is padded
    ]


def test_a_value_past_the_last_header_is_kept_for_the_row_to_report(tmp_path: Path) -> None:
    path = tmp_path / "members.csv"
    path.write_text("a,b\r\n1,2,3\r\n", encoding="utf-8")
    assert read(path)[1] == [Row(2, ("1", "2", "3"))]


def test_a_table_can_be_read_twice(tmp_path: Path) -> None:
    path = tmp_path / "members.csv"
    path.write_text(csv_bytes([HEADERS, *ROWS]), encoding="utf-8")
    with open_table(path) as table:
        assert list(table) == list(table)


def workbook(path: Path, rows: list[list[object]], title: str = "党员") -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(row)
    book.save(path)


def test_an_xlsx_sheet_gives_date_and_number_cells_as_they_are(tmp_path: Path) -> None:
    path = tmp_path / "members.xlsx"
    workbook(
        path,
        [
            [" 党员编号 ", "姓名", "出生日期", None],
            [1001, "张三", date(1980, 1, 2)],
            [],
            [1002.5, " 李四 ", cell_time(1990, 1, 1, 8, 30)],
        ],
    )
    with open_table(path) as table:
        assert (table.format, table.encoding, table.headers) == ("xlsx", None, tuple(HEADERS))
        rows = list(table)
    assert rows == [
        Row(2, (1001, "张三", cell_time(1980, 1, 2))),
        Row(4, (1002.5, " 李四 ", cell_time(1990, 1, 1, 8, 30))),
    ]


def test_a_named_sheet_is_read_and_an_unknown_one_is_bad_input(tmp_path: Path) -> None:
    path = tmp_path / "ledger.xlsx"
    book = Workbook()
    first = book.active
    assert first is not None
    first.append(["x"])
    second = book.create_sheet("支部")
    second.append(["组织编码"])
    second.append(["B01"])
    book.save(path)
    assert read(path, sheet="支部") == (("组织编码",), [Row(2, ("B01",))])
    with pytest.raises(LedgerFileError, match=r"ledger\.xlsx: has no sheet '党员'"):
        read(path, sheet="党员")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("members.txt", b"a,b\r\n", r"expected a \.csv or \.xlsx file"),
        ("members.csv", b"", "holds no rows"),
        ("members.csv", b" , \r\n\r\n", "holds no rows"),
        ("members.csv", "a,b\r\n".encode("utf-16"), "NUL byte"),
        ("members.csv", b"a,b\r\n\xff\xff\xff\xff,2\r\n", "not text in UTF-8 or GB18030"),
        ("members.csv", b"PK\x03\x04rest", "a workbook, not CSV text"),
        ("members.xlsx", b"a,b\r\n1,2\r\n", "not an XLSX workbook"),
        ("members.xlsx", b"PK\x03\x04" + b"\x00" * 40, "damaged XLSX workbook"),
        ("members.xlsx", ledger_files.OLE_MAGIC + b"\x00" * 100, "password-protected"),
    ],
)
def test_a_file_that_is_no_table_is_one_line_of_bad_input(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(LedgerFileError, match=message) as caught:
        read(path)
    assert isinstance(caught.value, BadInput)
    assert str(path) in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_zip_that_is_not_a_workbook_is_bad_input(tmp_path: Path) -> None:
    path = tmp_path / "members.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hello")
    with pytest.raises(LedgerFileError, match="not a readable XLSX workbook"):
        read(path)


def test_a_workbook_whose_sheet_is_damaged_is_bad_input(tmp_path: Path) -> None:
    good = tmp_path / "good.xlsx"
    workbook(good, [["a"], ["1"]])
    bad = tmp_path / "members.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(bad, "w") as target:
        for part in source.infolist():
            data = source.read(part)
            if part.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]  # cut off in the middle of the XML
            target.writestr(part, data)
    with pytest.raises(LedgerFileError, match=r"members\.xlsx: "):
        read(bad)


def test_a_missing_file_and_a_directory_are_bad_input(tmp_path: Path) -> None:
    with pytest.raises(LedgerFileError, match="no such file"):
        read(tmp_path / "absent.csv")
    (tmp_path / "dir.csv").mkdir()
    with pytest.raises(LedgerFileError, match="no such file"):
        read(tmp_path / "dir.csv")


def test_the_limits_hold_just_past_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "members.csv"
    at = "x" * ledger_files.CELL_MAX_CHARS
    path.write_text(f"a,b\r\n1,{at}\r\n", encoding="utf-8")
    assert read(path)[1][0].cells[1] == at
    path.write_text(f"a,b\r\n1,{at}x\r\n2,b\r\n", encoding="utf-8")
    past, after = read(path)[1]  # a row past a limit is refused whole; the next is read
    assert past.problem == "column B: a cell of 2,001 characters; at most 2,000"
    assert (after.number, after.problem) == (3, None)
    path.write_text(f"a,{at}x\r\n1,b\r\n", encoding="utf-8")
    with pytest.raises(LedgerFileError, match="row 1: column B: a cell of 2,001 characters"):
        read(path)

    width = ledger_files.COLUMNS_MAX
    path.write_text(",".join(["h"] * width) + "\r\n", encoding="utf-8")
    assert len(read(path)[0]) == width
    path.write_text(",".join(["h"] * (width + 1)) + "\r\n", encoding="utf-8")
    with pytest.raises(LedgerFileError, match="row 1: a value in column GS; at most 200"):
        read(path)
    path.write_text("h\r\n" + ",".join(["v"] * (width + 1)) + "\r\n", encoding="utf-8")
    assert read(path)[1][0].problem == "a value in column GS; at most 200 columns"

    monkeypatch.setattr(ledger_files, "ROWS_MAX", 3)
    path.write_text("a\r\n1\r\n2\r\n", encoding="utf-8")
    assert len(read(path)[1]) == 2
    path.write_text("a\r\n1\r\n2\r\n3\r\n", encoding="utf-8")
    with pytest.raises(LedgerFileError, match="more than 3 rows"):
        read(path)

    monkeypatch.setattr(ledger_files, "FILE_MAX_BYTES", 10)
    with pytest.raises(LedgerFileError, match="larger than 0 MB"):
        read(path)


def test_an_xlsx_cell_far_to_the_right_is_past_the_column_limit(tmp_path: Path) -> None:
    path = tmp_path / "members.xlsx"
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["a", "b"])
    sheet.cell(row=2, column=ledger_files.COLUMNS_MAX + 1, value="far")
    book.save(path)
    assert read(path)[1][0].problem == "a value in column GS; at most 200 columns"


def test_a_workbook_that_unpacks_past_its_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "members.xlsx"
    workbook(path, [["a"], ["x"]])
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/sharedStrings.xml", " " * 5000)
    monkeypatch.setattr("branchbook.workflows.ledger.xlsx.XLSX_STRINGS_MAX_BYTES", 4999)
    with pytest.raises(LedgerFileError, match="shared strings unpack to more than"):
        read(path)
    monkeypatch.setattr("branchbook.workflows.ledger.xlsx.XLSX_UNPACKED_MAX_BYTES", 5000)
    with pytest.raises(LedgerFileError, match="unpacks to more than 0 GB"):
        read(path)


# Rejects -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("gb18030", b"")],
)
def test_csv_rejects_read_back_as_the_rows_they_were(
    tmp_path: Path, encoding: str, prefix: bytes
) -> None:
    source = tmp_path / "members.csv"
    tricky = [
        ["1001", "=HYPERLINK(1)", "+86 138", "-", "@x", "'=already", "''+two", "'plain"],
        ["1002", "张\n三", 'say "hi"', "a,b", "\t=tab", "", "x", "y"],
    ]
    headers = ["编号", "a", "b", "c", "d", "e", "f", "g"]
    source.write_bytes(prefix + csv_bytes([headers]).encode(encoding))
    with open_table(source) as table:
        target = tmp_path / "rejects.csv"
        write_rejects(target, table, [*headers, "原因"], [[*row, "问题"] for row in tricky])
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") == bool(prefix)
    raw.decode(table.encoding or "")  # the input's own encoding
    # No cell begins with a sign a spreadsheet would run.
    cells = raw.decode(table.encoding or "").replace("\r\n", ",").split(",")
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")]
    headers_back, rows = read(target)
    assert headers_back == (*headers, "原因")
    expected = [[cell or None for cell in row] + ["问题"] for row in tricky]
    assert [list(r.cells) for r in rows] == expected


def test_xlsx_rejects_read_back_as_the_rows_they_were(tmp_path: Path) -> None:
    source = tmp_path / "members.xlsx"
    rows: list[list[object]] = [
        [1001, "=1+1", cell_time(1980, 1, 2), 3.5, "-x"],
        [1002, "张三", cell_time(1980, 1, 2, 9, 15), None, "@y"],
    ]
    workbook(source, [["编号", "a", "b", "c", "d"], *rows])
    with open_table(source) as table:
        given = [list(r.cells) for r in table]
        target = tmp_path / "rejects.xlsx"
        write_rejects(
            target,
            table,
            ["编号", "a", "b", "c", "d", "原因"],
            [[*r, '=HYPERLINK("x")'] for r in given],
        )
    headers, back = read(target)
    assert headers == ("编号", "a", "b", "c", "d", "原因")
    assert [list(r.cells) for r in back] == [[*r, '=HYPERLINK("x")'] for r in given]


def test_rejects_never_overwrite_a_file(tmp_path: Path) -> None:
    source = tmp_path / "members.csv"
    source.write_text("a\r\n1\r\n", encoding="utf-8")
    target = tmp_path / "rejects.csv"
    target.write_text("kept", encoding="utf-8")
    with open_table(source) as table, pytest.raises(LedgerFileError, match="already exists"):
        write_rejects(target, table, ["a"], [["1"]])
    assert target.read_text(encoding="utf-8") == "kept"


def test_a_part_other_than_the_sheets_is_held_to_its_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "members.xlsx"
    workbook(path, [["a"], ["x"]])
    with zipfile.ZipFile(path, "a") as archive:
        largest = max(p.file_size for p in archive.infolist())
        archive.writestr("xl/media/padding.bin", " " * (largest + 1))
    monkeypatch.setattr("branchbook.workflows.ledger.xlsx.XLSX_PART_MAX_BYTES", largest + 1)
    assert read(path)[1] == [Row(2, ("x",))]
    monkeypatch.setattr("branchbook.workflows.ledger.xlsx.XLSX_PART_MAX_BYTES", largest)
    with pytest.raises(
        LedgerFileError, match=r"its part xl/media/padding.bin unpacks to more than"
    ):
        read(path)
