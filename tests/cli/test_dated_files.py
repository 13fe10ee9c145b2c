"""A file written by a dated answer names the date it answers for: an `as_of` column on every
row, the workbook's properties, and the line saying what was written. Dates are date cells."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from cli_support import TWO_BRANCHES, json_of, line, record_journal, run
from openpyxl import load_workbook

JOURNAL = [
    *TWO_BRANCHES,
    line("member.apply", date="2016-01-01", member="A1", name="申请人 A1", birth="1995-01-01",
         branch="B01"),
]  # fmt: skip

# Each dated answer that writes a file, and the date it answers for without --as-of.
DATED = {
    "roster": ["roster", "B01"],
    "due": ["due", "--within", "90"],
    "stats": ["stats"],
    "member list": ["member", "list"],
    "compliance": ["compliance", "--year", "2016"],
    "export roster": ["export", "roster"],
    "export members": ["export", "members"],
}
LATEST = "2016-01-01"


@pytest.fixture
def url(store_url: str, tmp_path: Path) -> str:
    return record_journal(store_url, JOURNAL, tmp_path)


def _rows(path: Path) -> list[dict[str, object]]:
    if path.suffix == ".csv":
        return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    sheet = load_workbook(path).active
    assert sheet is not None
    rows: list[tuple[Any, ...]] = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize("args", DATED.values(), ids=DATED)
def test_every_row_of_a_dated_file_names_its_date(
    url: str, tmp_path: Path, args: list[str], suffix: str
) -> None:
    path = tmp_path / f"out{suffix}"
    result = run(url, *args, "--output", str(path))
    assert result.exit_code == 0, result.output
    # A compliance year the record does not reach answers, as every query, for its latest step.
    day, basis = LATEST, "the latest recorded step"
    assert result.stdout.startswith("Wrote ")
    assert f"(as of {day}, {basis}" in result.stdout
    rows = _rows(path)
    assert rows
    expected: object = day if suffix == ".csv" else datetime.fromisoformat(day)
    assert {r["as_of"] for r in rows} == {expected}
    if suffix == ".xlsx":
        title = load_workbook(path).properties.title
        assert title is not None
        assert day in title
        command = next(k for k, v in DATED.items() if v == args)
        assert title.startswith(f"{command.removeprefix('export ')} as of {day}")


def test_a_given_date_is_the_one_the_file_names(url: str, tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    result = run(url, "due", "--as-of", "2016-01-15", "--output", str(path))
    assert result.exit_code == 0, result.output
    assert "(as of 2016-01-15, given)" in result.stdout
    items = json_of(run(url, "due", "--as-of", "2016-01-15", "--json"))["items"]
    rows = _rows(path)
    assert [r["days"] for r in rows] == [str(i["days"]) for i in items]
    assert {r["as_of"] for r in rows} == {"2016-01-15"}


def test_the_member_list_workbook_holds_dates_as_dates(url: str, tmp_path: Path) -> None:
    path = tmp_path / "l.xlsx"
    assert run(url, "member", "list", "--output", str(path)).exit_code == 0
    sheet = load_workbook(path).active
    assert sheet is not None
    header, first = (list(r) for r in sheet.iter_rows(max_row=2))
    by: dict[Any, Any] = {h.value: c for h, c in zip(header, first, strict=True)}
    assert by["birth"].is_date
    assert by["since"].is_date
    assert by["birth"].number_format == "yyyy-mm-dd"


def test_the_audit_export_says_what_it_wrote_without_a_date(url: str, tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    result = run(url, "export", "audit", "--output", str(path))
    assert result.exit_code == 0, result.output
    count = len(_rows(path))
    assert result.stdout == f"Wrote {count:,} rows to {path}\n"
