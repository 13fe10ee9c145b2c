"""`--output FILE` on the table answers (roster, due, compliance, stats) and `export --format
xlsx`: a CSV or workbook that reads back to the rows of --json, with English or Chinese
headers, text never taken for a formula."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from cli_support import TWO_BRANCHES, json_of, line, record_journal, run
from hostile_support import ACTIVE, FORMULAS, hostile_store
from openpyxl import load_workbook

from branchbook.cli.export_columns import CHINESE

JOURNAL = [
    *TWO_BRANCHES,
    line("member.apply", date="2016-01-01", member="A1", name="申请人 张三, \"小张\"",
         birth="1995-01-01", branch="B01", doc="申请书 A1"),
    line("member.talk", date="2016-03-01", member="A1", by="F1", note="谈话推迟"),
    line("meeting.hold", date="2016-03-20", branch="B01", kind="assembly",
         present="F1,F2,F3", chair="F1"),
]  # fmt: skip

# Each command with its options, and the key of --json that holds the rows (None: all of it).
COMMANDS: dict[str, tuple[list[str], str | None]] = {
    "roster": (["roster", "B01"], "members"),
    "due": (["due", "--as-of", "2016-01-15", "--within", "90"], "items"),
}


@pytest.fixture
def url(store_url: str, tmp_path: Path) -> str:
    return record_journal(store_url, JOURNAL, tmp_path)


def written(url: str, path: Path, *args: str) -> list[dict[str, str]]:
    """Run the command with --output PATH; the rows read back from the file, as text."""
    result = run(url, *args, "--output", str(path))
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert result.stdout.startswith("Wrote ")
    return read_back(path)


def read_back(path: Path) -> list[dict[str, str]]:
    """A CSV's or a workbook's rows by header, each cell as the CSV gives it."""
    if path.suffix == ".csv":
        data = path.read_bytes()
        assert data.startswith("\ufeff".encode())
        return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    sheet = load_workbook(path).active
    assert sheet is not None
    rows = [[cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def cell_text(value: Any) -> str:
    """A workbook cell as CSV text: a date as its ISO date, a flag as true or false."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        assert value.time() == datetime.min.time()
        return value.date().isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def cell(value: Any) -> str:
    """A value of the --json as a cell: lists of names joined by ";"."""
    if isinstance(value, list):
        return ";".join(map(str, value))
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize("command", COMMANDS, ids=COMMANDS)
def test_roster_and_due_files_read_back_to_the_json_rows(
    url: str, tmp_path: Path, command: str, suffix: str
) -> None:
    args, key = COMMANDS[command]
    data = json_of(run(url, *args, "--json"))
    rows = data[key] if key else data
    expected = [{**{k: cell(v) for k, v in row.items()}, "as_of": data["as_of"]} for row in rows]
    assert expected
    assert written(url, tmp_path / f"out{suffix}", *args) == expected


def test_the_roster_file_carries_the_admission_and_full_membership_dates(
    url: str, tmp_path: Path
) -> None:
    rows = {r["member"]: r for r in written(url, tmp_path / "r.csv", "roster", "B01")}
    assert (rows["F1"]["member_since"], rows["F1"]["full_since"]) == ("2000-01-01", "2001-01-01")
    assert (rows["A1"]["member_since"], rows["A1"]["full_since"]) == ("", "")
    members = json_of(run(url, "roster", "B01", "--json"))["members"]
    assert members[1]["member_since"] == "2000-01-01"


def test_workbook_dates_are_dates_and_counts_numbers(url: str, tmp_path: Path) -> None:
    path = tmp_path / "due.xlsx"
    written(url, path, "due", "--as-of", "2016-01-15", "--within", "90")
    sheet = load_workbook(path).active
    assert sheet is not None
    header, first = (list(r) for r in sheet.iter_rows(max_row=2))
    by: dict[Any, Any] = {h.value: c for h, c in zip(header, first, strict=True)}
    assert by["due"].is_date
    assert by["due"].number_format == "yyyy-mm-dd"
    assert isinstance(by["days"].value, int)
    assert by["subject"].data_type == "s"


# Each JSON list of a branch's compliance report: its section in the file, and the key its
# "detail" column gives.
SECTIONS = {"results": ("window", "detail"), "not_judged": ("not judged", "reason"),
            "findings": ("finding", "message")}  # fmt: skip


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_compliance_file_has_a_row_for_every_window_not_judged_and_finding(
    url: str, tmp_path: Path, suffix: str
) -> None:
    args = ["compliance", "--year", "2016"]
    rows = written(url, tmp_path / f"c{suffix}", *args)
    columns = list(rows[0])
    expected = []
    answer = json_of(run(url, *args, "--json"))
    for report in answer["branches"]:
        for name, (section, detail) in SECTIONS.items():
            for item in report[name]:
                row = dict.fromkeys(columns, "")
                row.update(branch=report["branch"], section=section, as_of=answer["as_of"])
                for key, value in item.items():
                    column = "detail" if key == detail else key
                    assert column in columns, column  # every value of the JSON is in the file
                    row[column] = cell(value)
                expected.append(row)
    assert {r["section"] for r in expected} == {"window", "not judged", "finding"}
    assert rows == expected


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_stats_file_rebuilds_the_json(url: str, tmp_path: Path, suffix: str) -> None:
    args = ["stats", "--as-of", "2016-06-30"]
    numbers = json_of(run(url, *args, "--json"))
    given = ("as_of", "as_of_basis", "branch")  # the answer's frame, not its counts
    rebuilt: dict[str, Any] = {key: numbers[key] for key in given}
    years: dict[int, dict[str, Any]] = {}
    for r in written(url, tmp_path / f"s{suffix}", *args):
        table, group, measure, count = r["table"], r["group"], r["measure"], int(r["count"])
        if table in ("by_status",):
            rebuilt.setdefault(table, {})[measure] = count
        elif table in ("by_branch", "by_branch_kind"):
            rebuilt.setdefault(table, {}).setdefault(group, {})[measure] = count
        elif table == "members":
            rebuilt[table] = count
        elif table == "per_year":
            year = years.setdefault(
                int(group), {"year": int(group), "sanctions": {}, "removals": {}}
            )
            what, _, kind = measure.partition(":")
            if kind:
                year[what][kind] = count
            else:
                year[what] = count
        else:  # open_branches_by_kind, age, party_age: a count per group
            rebuilt.setdefault(table, {})[group] = count
    rebuilt["per_year"] = list(years.values())
    assert rebuilt == numbers


def test_chinese_headers(url: str, tmp_path: Path) -> None:
    for suffix in (".csv", ".xlsx"):
        rows = written(url, tmp_path / f"r{suffix}", "roster", "B01", "--lang", "zh")
        assert list(rows[0]) == ["党员编号", "姓名", "出生日期", "状态", "当前状态起始日期",
                                 "接收预备党员日期", "转正日期", "申请入党日期", "谈话日期", "党龄",
                                 "职务", "截至日期"]  # fmt: skip
        assert [r["姓名"] for r in rows][:2] == ['申请人 张三, "小张"', "党员 F1"]
    due = written(url, tmp_path / "d.csv", "due", "--as-of", "2016-01-15", "--lang", "zh")
    assert {"到期日", "规则", "支部", "姓名"} <= set(due[0])


ZH_EVERYWHERE = {
    "roster": ["roster", "B01"],
    "due": ["due", "--as-of", "2016-01-15"],
    "compliance": ["compliance", "--year", "2016"],
    "stats": ["stats"],
}


@pytest.mark.parametrize("args", ZH_EVERYWHERE.values(), ids=ZH_EVERYWHERE)
def test_every_column_has_a_chinese_header(url: str, tmp_path: Path, args: list[str]) -> None:
    path = tmp_path / "zh.csv"
    result = run(url, *args, "--output", str(path), "--lang", "zh")
    assert result.exit_code == 0, result.output
    header = next(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert [h for h in header if h.isascii()] == []


@pytest.mark.parametrize("what", ["roster", "members", "audit"])
def test_export_command_writes_workbooks_with_chinese_headers(
    url: str, tmp_path: Path, what: str
) -> None:
    path = tmp_path / f"{what}.xlsx"
    result = run(url, "export", what, "--format", "xlsx", "--output", str(path), "--lang", "zh")
    assert result.exit_code == 0, result.output
    rows = read_back(path)
    assert rows
    assert [h for h in rows[0] if h.isascii()] == []
    as_csv = run(url, "export", what, "--lang", "zh").stdout_bytes
    assert rows == list(csv.DictReader(io.StringIO(as_csv.decode("utf-8"))))


def test_members_export_leaves_the_views_internal_columns_out(url: str) -> None:
    rows = json_of(run(url, "export", "members", "--format", "json"))
    keys = set(rows[0])
    assert not keys & {"id", "name_index", "enrolled", "probation_months", "pending_months",
                       "pending_detail"}  # fmt: skip
    assert {"member", "name", "birth", "branch", "status", "admitted_on", "full_since",
            "probation_end", "introducers", "ended_on"} <= keys  # fmt: skip
    header = run(url, "export", "members").stdout.splitlines()[0].split(",")
    assert header == list(rows[0])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["due", "--output", "due.txt"], "--output: due.txt must end in .csv or .xlsx"),
        (["stats", "--output", "stats"], "--output: stats must end in .csv or .xlsx"),
        (["roster", "B01", "--lang", "zh"], "--lang applies to --output"),
        (["due", "--json", "--output", "due.csv"], "give --json or --output, not both"),
        (["export", "roster", "--format", "xlsx"], "--format xlsx needs --output FILE"),
        (["export", "audit", "--format", "json", "--lang", "zh"], "--lang applies to CSV"),
        (["compliance", "--year", "2016", "--output", "x/none/c.csv"], "cannot write"),
    ],
)
def test_bad_output_is_one_line_and_exit_2(
    url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(url, *args)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"Error: {message}")
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""
    assert [
        p for p in tmp_path.iterdir() if p.suffix in (".csv", ".txt") or p.stem == "stats"
    ] == []


def test_output_never_overwrites_a_database(url: str, tmp_path: Path) -> None:
    other = tmp_path / "other.csv"
    other.write_bytes(b"SQLite format 3\x00" + bytes(100))
    result = run(url, "due", "--output", str(other))
    assert result.exit_code == 2
    assert "is a database" in result.stderr
    assert other.read_bytes().startswith(b"SQLite format 3\x00")


@pytest.fixture
def hostile(store_url: str, tmp_path: Path) -> str:
    return hostile_store(store_url, tmp_path)


def test_formula_like_names_stay_text_in_csv_and_workbook(hostile: str, tmp_path: Path) -> None:
    as_csv = {r["member"]: r["name"] for r in written(hostile, tmp_path / "r.csv", "roster", "B01")}
    assert [as_csv[f"C{n}"] for n in range(1, 6)] == [
        "'" + f.replace("\t", "\\t") for f in FORMULAS
    ]
    assert not ACTIVE.search("".join(as_csv.values()))
    path = tmp_path / "r.xlsx"
    written(hostile, path, "roster", "B01")
    sheet = load_workbook(path).active
    assert sheet is not None
    names: dict[Any, Any] = {row[0].value: row[1] for row in sheet.iter_rows(min_row=2)}
    for n, formula in enumerate(FORMULAS, start=1):
        name = names[f"C{n}"]
        assert name.data_type == "s"  # text, never a formula
        assert name.quotePrefix  # and kept text when edited
        assert name.value == formula.replace("\t", "\\t")
    assert not names["F1"].quotePrefix
    assert "\\x1b[2J" in names["A1"].value
    assert not ACTIVE.search("".join(str(c.value) for c in names.values()))
    with zipfile.ZipFile(path) as parts:
        assert not any(b"<f>" in parts.read(name) for name in parts.namelist())  # no formula


def test_the_readme_lists_every_chinese_header() -> None:
    readme = " ".join((Path(__file__).parents[2] / "README.md").read_text("utf-8").split())
    missing = [f"`{k}` {v}" for k, v in CHINESE.items() if f"`{k}` {v}" not in readme]
    assert missing == []
    assert len(set(CHINESE.values())) == len(CHINESE)  # no two columns read alike


def test_export_takes_the_format_from_the_output_suffix_unless_given(
    url: str, tmp_path: Path
) -> None:
    book, data, text = tmp_path / "r.xlsx", tmp_path / "r.json", tmp_path / "r.txt"
    for path in (book, data, text):
        assert run(url, "export", "roster", "--output", str(path)).exit_code == 0
    assert zipfile.is_zipfile(book)
    assert json.loads(data.read_text("utf-8")) == json_of(
        run(url, "export", "roster", "--format", "json")
    )
    assert text.read_bytes() == run(url, "export", "roster").stdout_bytes
    forced = tmp_path / "csv.xlsx"
    assert run(url, "export", "roster", "--format", "csv", "--output", str(forced)).exit_code == 0
    assert forced.read_bytes() == text.read_bytes()
