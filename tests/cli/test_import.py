"""`branchbook import`: a ledger brought in row by row, judged like every step, exactly once."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from cli_support import json_of, run, stored_count
from ledger_support import (
    AS_OF,
    EXAMPLES,
    ON,
    generate,
    import_all,
    imported,
    plant_errors,
    write,
)
from openpyxl import Workbook

from branchbook.projections.catching_up.lag import lag
from branchbook.workflows.ledger import table as ledger_table
from branchbook.workflows.store.app import BranchBook
from branchbook.workflows.store.location import EVENTS_TABLE


def roster_numbers(url: str, branch: str) -> set[str]:
    data = json_of(run(url, "roster", branch, "--json"))
    rows = data["members"] if isinstance(data, dict) else data
    return {row["member"] for row in rows}


def test_the_example_ledger_imports_branches_members_then_the_committees(
    store_url: str,
) -> None:
    code, first = imported(store_url, "branches", EXAMPLES / "branches.csv")
    assert code == 0
    assert first["summary"]["refused"] == 0
    assert first["summary"]["waiting"] == len(first["waiting"]) > 0  # leaders not in yet
    code, members = imported(store_url, "members", EXAMPLES / "members.csv")
    assert code == 0, members["refused"]
    rows = members["summary"]["rows"]
    assert members["summary"]["accepted"] == rows == 42
    code, again = imported(store_url, "branches", EXAMPLES / "branches.csv")
    assert code == 0, again["refused"]
    assert again["summary"]["waiting"] == 0
    assert again["summary"]["accepted"] == first["summary"]["waiting"]  # the committees
    assert again["summary"]["already_recorded"] == first["summary"]["accepted"]
    with (EXAMPLES / "members.csv").open(encoding="utf-8-sig", newline="") as file:
        ledger = list(csv.DictReader(file))
    in_b1 = {r["党员编号"] for r in ledger if r["所在党支部"] == "B0001"}
    full = {
        r["党员编号"]
        for r in ledger
        if r["所在党支部"] == "B0001" and r["人员类别"] in ("正式党员", "预备党员")
    }
    assert full <= roster_numbers(store_url, "B0001") <= in_b1


def test_a_second_import_records_nothing_and_says_already_recorded(
    store_url: str, tmp_path: Path
) -> None:
    write(generate(300, 8, as_of=AS_OF), tmp_path)
    import_all(store_url, tmp_path)
    before = stored_count(store_url)
    for kind in ("branches", "members"):
        code, report = imported(store_url, kind, tmp_path / f"{kind}.csv")
        assert code == 0
        assert report["summary"]["already_recorded"] == report["summary"]["rows"]
    assert stored_count(store_url) == before


def test_fifty_planted_errors_are_exactly_the_rows_refused_and_their_rejects_corrected_import(
    store_url: str, tmp_path: Path
) -> None:
    good = generate(600, 16, as_of=AS_OF, seed=7)
    bad = generate(600, 16, as_of=AS_OF, seed=7)
    planted = {p.number: p for p in plant_errors(bad, 50, seed=7)}
    write(bad, tmp_path / "bad")
    write(good, tmp_path / "good")
    assert imported(store_url, "branches", tmp_path / "bad" / "branches.csv")[0] == 0
    before = stored_count(store_url)

    rejects = tmp_path / "rejects.csv"
    code, tried = imported(store_url, "members", tmp_path / "bad" / "members.csv", "--dry-run")
    assert stored_count(store_url) == before
    code_real, report = imported(
        store_url, "members", tmp_path / "bad" / "members.csv", "--rejects", str(rejects)
    )

    assert code == code_real != 0
    assert tried["refused"] == report["refused"]
    refused = {r["row"]: r for r in report["refused"]}
    assert set(refused) == set(planted)
    assert report["summary"]["accepted"] == 600 - 50
    for number, what in planted.items():
        (reason,) = refused[number]["reasons"]
        if what.rule is not None:
            assert reason["rule"] == what.rule, (what, reason)
            assert reason["citation"], reason
        if what.column is not None:
            assert reason["column"] == what.column, (what, reason)
        assert reason["column"] is not None or reason["rule"] is not None, reason

    # The clerk corrects each refused row (here: as the good ledger has it) and imports it.
    with rejects.open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.reader(file))
    assert rows[0][-1] == "reason"
    assert len(rows) == 1 + 50
    good_rows = {str(r[0]): r for r in good.member_rows}
    corrected = tmp_path / "corrected.csv"
    with corrected.open("w", encoding="utf-8-sig", newline="") as file:
        out = csv.writer(file)
        out.writerow(rows[0])
        for row in rows[1:]:
            fixed = good_rows[row[0]]
            out.writerow([*("" if c is None else str(c) for c in fixed), row[-1]])
    code, fixed_report = imported(store_url, "members", corrected)
    assert code == 0, fixed_report["refused"]
    assert fixed_report["summary"]["accepted"] == 50


def test_the_dry_run_and_the_real_run_agree_and_the_dry_run_writes_nothing(
    store_url: str, tmp_path: Path
) -> None:
    ledger = generate(200, 6, as_of=AS_OF, seed=3)
    plant_errors(ledger, 14, seed=3)
    write(ledger, tmp_path)
    for kind in ("branches", "members"):
        before = stored_count(store_url)
        code, tried = imported(store_url, kind, tmp_path / f"{kind}.csv", "--dry-run")
        assert stored_count(store_url) == before
        assert tried["summary"]["dry_run"] is True
        code_real, done = imported(store_url, kind, tmp_path / f"{kind}.csv")
        assert code == code_real
        assert {k: v for k, v in tried["summary"].items() if k != "dry_run"} == {
            k: v for k, v in done["summary"].items() if k != "dry_run"
        }
        assert tried["refused"] == done["refused"]


def test_an_xlsx_ledger_and_a_gb18030_csv_import_as_the_utf8_csv_does(
    tmp_path: Path, store_url: str
) -> None:
    ledger = generate(120, 4, as_of=AS_OF, seed=5)
    write(ledger, tmp_path / "xlsx", "xlsx")
    write(ledger, tmp_path / "gb", "csv", "gb18030")
    import_all(store_url, tmp_path / "xlsx", "xlsx")
    events = stored_count(store_url)
    for kind in ("branches", "members"):
        code, report = imported(store_url, kind, tmp_path / "gb" / f"{kind}.csv")
        assert code == 0
        assert report["summary"]["already_recorded"] == report["summary"]["rows"]
    assert stored_count(store_url) == events


def test_after_an_import_the_views_stand_at_the_end_of_the_log(
    store_url: str, tmp_path: Path
) -> None:
    write(generate(150, 4, as_of=AS_OF), tmp_path)
    import_all(store_url, tmp_path)
    app = BranchBook(store_url)
    try:
        applied, end, _ = lag(app.engine, EVENTS_TABLE)
    finally:
        app.close()
    assert applied == end > 0


def test_columns_the_import_does_not_know_are_named_on_stderr(
    store_url: str, tmp_path: Path
) -> None:
    assert imported(store_url, "branches", EXAMPLES / "branches.csv")[0] == 0
    source = (EXAMPLES / "members.csv").read_text(encoding="utf-8-sig").splitlines()
    with_extra = [f"{source[0]},籍贯,备注", *(f"{line},湖南,无" for line in source[1:])]
    path = tmp_path / "members.csv"
    path.write_text("\n".join(with_extra) + "\n", encoding="utf-8")
    result = run(store_url, "import", "members", str(path), "--date", ON)
    assert result.exit_code == 0, result.output
    assert "columns not imported: 籍贯, 备注" in result.stderr


def test_a_map_file_names_other_headers(store_url: str, tmp_path: Path) -> None:
    assert imported(store_url, "branches", EXAMPLES / "branches.csv")[0] == 0
    source = (EXAMPLES / "members.csv").read_text(encoding="utf-8-sig")
    path = tmp_path / "members.csv"
    path.write_text(source.replace("所在党支部", "支部代码", 1), encoding="utf-8-sig")
    unmapped = run(store_url, "import", "members", str(path), "--date", ON)
    assert unmapped.exit_code == 2
    assert "branch" in unmapped.stderr
    assert len(unmapped.stderr.strip().splitlines()) == 1
    mapping = tmp_path / "columns.toml"
    mapping.write_text('[columns]\n"支部代码" = "branch"\n', encoding="utf-8")
    code, report = imported(store_url, "members", path, "--map", str(mapping))
    assert code == 0, report["refused"]
    assert report["summary"]["accepted"] == 42


def test_a_member_entered_otherwise_is_a_conflict_named_by_its_row(
    store_url: str, tmp_path: Path
) -> None:
    assert imported(store_url, "branches", EXAMPLES / "branches.csv")[0] == 0
    with (EXAMPLES / "members.csv").open(encoding="utf-8-sig", newline="") as file:
        first = next(csv.DictReader(file))
    number, branch = first["党员编号"], first["所在党支部"]
    typed = run(store_url, "member", "apply", "--member", number, "--name", "王芳",
                "--birth", "1990-05-01", "--branch", branch, "--date", "2024-03-01")  # fmt: skip
    assert typed.exit_code == 0, typed.output
    code, report = imported(store_url, "members", EXAMPLES / "members.csv")
    assert code == 5
    (row,) = report["refused"]
    assert row["row"] == 2
    assert row["status"] == "conflict"
    assert row["reasons"][0]["column"] == "党员编号"


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"PK\x03\x04 not really a workbook", "members.xlsx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "members.xlsx"),
    ],
)
def test_a_damaged_workbook_is_one_line_and_exit_2(
    store_url: str, tmp_path: Path, content: bytes, words: str
) -> None:
    path = tmp_path / "members.xlsx"
    path.write_bytes(content)
    result = run(store_url, "import", "members", str(path), "--date", ON)
    assert result.exit_code == 2
    assert words in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_the_rejects_file_must_be_new_and_is_checked_before_anything_is_written(
    store_url: str, tmp_path: Path
) -> None:
    rejects = tmp_path / "rejects.csv"
    rejects.write_text("keep me", encoding="utf-8")
    result = run(store_url, "import", "branches", str(EXAMPLES / "branches.csv"), "--date", ON,
                 "--rejects", str(rejects))  # fmt: skip
    assert result.exit_code == 2
    assert rejects.read_text(encoding="utf-8") == "keep me"
    assert stored_count(store_url) == 0


def test_the_report_names_each_refused_row_and_its_column(store_url: str, tmp_path: Path) -> None:
    assert imported(store_url, "branches", EXAMPLES / "branches.csv")[0] == 0
    shutil.copy(EXAMPLES / "members.csv", tmp_path / "members.csv")
    text = (tmp_path / "members.csv").read_text(encoding="utf-8-sig").splitlines()
    cells = text[1].split(",")
    cells[3] = "1990年13月1日"
    text[1] = ",".join(cells)
    (tmp_path / "members.csv").write_text("\n".join(text) + "\n", encoding="utf-8-sig")
    result = run(store_url, "import", "members", str(tmp_path / "members.csv"), "--date", ON)
    assert result.exit_code == 2
    assert result.stdout.splitlines()[0].startswith("row 2: 出生日期: invalid: ")
    assert "41 accepted" in result.stdout
    assert "1 row invalid; see above" in result.stderr


def test_a_branch_founded_whose_committee_is_refused_is_said_to_be_recorded_in_part(
    store_url: str, tmp_path: Path
) -> None:
    assert imported(store_url, "branches", EXAMPLES / "branches.csv")[0] == 0
    assert imported(store_url, "members", EXAMPLES / "members.csv")[0] == 0
    sheet = tmp_path / "branches.csv"
    sheet.write_text(
        "code,name,kind,parent,founded,full members,secretary\n"
        "B0098,试验党支部,党支部,C01,2010-01-01,3,10000001\n",  # 10000001 is in B0001
        encoding="utf-8",
    )
    code, report = imported(store_url, "branches", sheet)
    assert code == 3
    (row,) = report["refused"]
    assert [r["status"] for r in row["reasons"]] == ["recorded", "rejected"]
    assert report["summary"]["partly_recorded"] == 1
    app = BranchBook(store_url)
    try:
        applied, end, _ = lag(app.engine, EVENTS_TABLE)
    finally:
        app.close()
    assert applied == end  # what was recorded is in the views
    code, again = imported(store_url, "branches", sheet)
    assert code == 3
    assert again["refused"][0]["reasons"][0]["status"] == "rejected"  # the founding: already


def test_a_file_unreadable_part_way_stops_there_after_reporting_what_went_before(
    store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert imported(store_url, "branches", EXAMPLES / "branches.csv")[0] == 0
    monkeypatch.setattr(ledger_table, "ROWS_MAX", 6)
    code, report = imported(store_url, "members", EXAMPLES / "members.csv", "--batch-size", "2")
    assert code == 2
    assert report["summary"]["accepted"] == 5  # rows 2 to 6
    assert "more than 6 rows" in report["summary"]["stopped"]
    result = run(store_url, "import", "members", str(EXAMPLES / "members.csv"), "--date", ON)
    assert result.exit_code == 2
    assert "stopped: " in result.stdout
    assert "5 already recorded" in result.stdout


@pytest.mark.parametrize("rejects", ["rejects.xlsx", "absent/rejects.csv"])
def test_a_rejects_file_that_cannot_be_written_as_the_input_is_refused_first(
    store_url: str, tmp_path: Path, rejects: str
) -> None:
    result = run(store_url, "import", "branches", str(EXAMPLES / "branches.csv"), "--date", ON,
                 "--rejects", str(tmp_path / rejects))  # fmt: skip
    assert result.exit_code == 2
    assert "--rejects" in result.stderr
    assert stored_count(store_url) == 0


def test_a_dry_run_without_a_store_creates_none(tmp_path: Path) -> None:
    store = tmp_path / "typo.db"
    code, report = imported(f"sqlite:///{store}", "branches", EXAMPLES / "branches.csv",
                            "--dry-run")  # fmt: skip
    assert code == 0
    assert report["summary"]["waiting"] > 0
    assert not store.exists()


def test_a_member_twice_in_the_ledger_or_changed_since_its_import_is_named_so(
    store_url: str, tmp_path: Path
) -> None:
    assert imported(store_url, "branches", EXAMPLES / "branches.csv")[0] == 0
    lines = (EXAMPLES / "members.csv").read_text(encoding="utf-8-sig").splitlines()
    twice = tmp_path / "twice.csv"
    changed_copy = lines[2].replace(lines[2].split(",")[1], "改名", 1)
    twice.write_text("\n".join([lines[0], lines[2], changed_copy]) + "\n", encoding="utf-8")
    code, report = imported(store_url, "members", twice)
    assert code == 5
    (row,) = report["refused"]
    assert row["row"] == 3
    assert "is also in row 2, with other content" in row["reasons"][0]["message"]
    again = tmp_path / "again.csv"
    again.write_text("\n".join([lines[0], changed_copy]) + "\n", encoding="utf-8")
    code, report = imported(store_url, "members", again)
    assert code == 5
    assert (
        "was imported before with other content (#" in report["refused"][0]["reasons"][0]["message"]
    )


def test_a_value_refused_at_the_boundary_names_its_column(store_url: str, tmp_path: Path) -> None:
    assert imported(store_url, "branches", EXAMPLES / "branches.csv")[0] == 0
    lines = (EXAMPLES / "members.csv").read_text(encoding="utf-8-sig").splitlines()
    cells = lines[1].split(",")
    cells[1] = "王\x1b[31m芳"
    path = tmp_path / "members.csv"
    path.write_text("\n".join([lines[0], ",".join(cells)]) + "\n", encoding="utf-8")
    code, report = imported(store_url, "members", path)
    assert code == 2
    (reason,) = report["refused"][0]["reasons"]
    assert reason["column"] == "姓名"


def test_a_workbook_whose_ledger_is_on_another_sheet_names_its_sheets(
    store_url: str, tmp_path: Path
) -> None:
    book = Workbook()
    notes = book.active
    assert notes is not None
    notes.title = "说明"
    notes.append(["本表为党员信息台账"])
    members = book.create_sheet("党员")
    with (EXAMPLES / "members.csv").open(encoding="utf-8-sig", newline="") as file:
        for row in csv.reader(file):
            members.append(row)
    path = tmp_path / "ledger.xlsx"
    book.save(path)
    assert imported(store_url, "branches", EXAMPLES / "branches.csv")[0] == 0
    result = run(store_url, "import", "members", str(path), "--date", ON)
    assert result.exit_code == 2
    assert "--sheet (its sheets: 说明, 党员)" in result.stderr
    code, report = imported(store_url, "members", path, "--sheet", "党员")
    assert code == 0, report["refused"][:2]
    assert report["summary"]["accepted"] == 42


def test_the_summary_names_only_the_counts_that_are_not_zero(store_url: str) -> None:
    result = run(store_url, "import", "branches", str(EXAMPLES / "branches.csv"), "--date", ON)
    assert result.exit_code == 0, result.output
    summary = result.stdout.splitlines()[-1]
    assert ": " in summary
    assert " accepted" in summary
    assert " 0 " not in f" {summary}"  # no count of nothing, as record's summary
    again = run(store_url, "import", "branches", str(EXAMPLES / "branches.csv"), "--date", ON)
    said = again.stdout.splitlines()[-1]
    assert "already recorded" in said
    assert "refused" not in said
