"""`member list`: members now or on a date, by branch, standing and part of a name, in clear and
encrypted stores; and `member find`, which stays an exact match."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from cli_support import TWO_BRANCHES, invoke, json_of, line, record_journal, run

from branchbook.cli.member_list import STATUSES
from branchbook.domain.member.state import Status
from branchbook.projections.members import listing

JOURNAL = [
    *TWO_BRANCHES,
    line("member.apply", date="2016-01-01", member="A1", name="王芳", birth="1995-03-07",
         branch="B01"),
    line("member.apply", date="2016-02-01", member="A2", name="王小明", birth="1996-04-08",
         branch="B02"),
    line("member.apply", date="2016-03-01", member="A3", name="Li Lei", birth="1997-05-09",
         branch="B01"),
]  # fmt: skip


@pytest.fixture
def book(store_url: str, tmp_path: Path) -> str:
    return record_journal(store_url, JOURNAL, tmp_path)


def numbers(url: str, *args: str) -> list[str]:
    return [
        row["member"] for row in json_of(run(url, "member", "list", *args, "--json"))["members"]
    ]


def test_every_member_is_listed_by_number_with_birth_branch_status_and_since(book: str) -> None:
    data = json_of(run(book, "member", "list", "--json"))
    listed = [r["member"] for r in data["members"]]
    assert listed == ["A1", "A2", "A3", "F1", "F2", "F3", "G1", "G2", "G3"]
    assert data["members"][0] == {
        "member": "A1",
        "name": "王芳",
        "birth": "1995-03-07",
        "branch": "B01",
        "status": "applicant",
        "since": "2016-01-01",
    }


def test_a_part_of_a_chinese_name_finds_every_name_holding_it(book: str) -> None:
    assert numbers(book, "--name", "王") == ["A1", "A2"]
    assert numbers(book, "--name", "小明") == ["A2"]
    assert numbers(book, "--name", "lEI") == ["A3"]  # case ignored


def test_branch_status_and_date_narrow_the_list(book: str) -> None:
    assert numbers(book, "--branch", "B01", "--status", "applicant") == ["A1", "A3"]
    assert numbers(book, "--status", "FULL", "--name", "F2") == ["F2"]
    assert numbers(book, "--as-of", "2016-02-15", "--name", "王") == ["A1", "A2"]
    assert numbers(book, "--as-of", "2016-01-15", "--name", "王") == ["A1"]
    assert numbers(book, "--as-of", "2015-03-01") == ["F1", "F2", "F3"]


def test_the_table_shows_the_rows_and_no_match_is_not_an_error(book: str) -> None:
    shown = run(book, "member", "list", "--name", "王")
    assert shown.exit_code == 0, shown.output
    assert "王小明" in shown.stdout
    assert "B02" in shown.stdout
    assert "Li Lei" not in shown.stdout
    latest = json_of(run(book, "member", "list", "--json"))["as_of"]
    assert latest is not None
    assert f"Members on {latest} (the latest recorded step)" in shown.stdout
    none = run(book, "member", "list", "--name", "赵")
    expected = f"No member matches on {latest} (the latest recorded step).\n"
    assert (none.exit_code, none.stdout, none.stderr) == (0, expected, "")


def test_the_list_is_written_to_a_file_as_its_json_rows(book: str, tmp_path: Path) -> None:
    rows = json_of(run(book, "member", "list", "--name", "王", "--json"))["members"]
    out = tmp_path / "members.csv"
    written = run(book, "member", "list", "--name", "王", "--output", str(out))
    said = f"Wrote {len(rows)} rows to {out} (as of 2016-03-01, the latest recorded step)\n"
    assert (written.exit_code, written.stdout) == (0, said)
    with out.open(encoding="utf-8-sig", newline="") as f:
        read = list(csv.DictReader(f))
    assert [r["member"] for r in read] == [r["member"] for r in rows]
    assert [r["name"] for r in read] == [r["name"] for r in rows]


def test_an_unknown_branch_is_not_found_with_the_one_meant(book: str) -> None:
    result = run(book, "member", "list", "--branch", "b01")
    assert result.exit_code == 4
    assert result.stderr == "Error: branch b01 is not in the record; did you mean B01?\n"


def test_an_unknown_status_is_bad_input(book: str) -> None:
    result = run(book, "member", "list", "--status", "ful")
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1
    assert "'ful' is not one of" in result.stderr


def test_an_encrypted_store_lists_names_with_its_key_and_exits_8_without(
    store_url: str, tmp_path: Path
) -> None:
    key = tmp_path / "k.key"
    assert invoke(["key", "new", str(key)]).exit_code == 0
    url = record_journal(store_url, JOURNAL, tmp_path, "--key-file", str(key))
    assert numbers(url, "--key-file", str(key), "--name", "王") == ["A1", "A2"]
    refused = run(url, "member", "list", "--name", "王")
    assert refused.exit_code == 8
    assert len(refused.stderr.splitlines()) == 1
    assert "encrypted" in refused.stderr


def test_member_find_stays_exact(book: str) -> None:
    assert [
        m["member"] for m in json_of(run(book, "member", "find", "王芳", "--json"))["members"]
    ] == ["A1"]
    partial = run(book, "member", "find", "王")
    assert partial.exit_code == 4
    assert "member list --name" in partial.stderr


def test_the_standings_listed_are_those_a_member_may_be_in() -> None:
    assert STATUSES == listing.STATUSES == tuple(s.value for s in Status)
