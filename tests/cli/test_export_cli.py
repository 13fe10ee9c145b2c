"""`branchbook export`: the roster, the members and the audit trail as CSV or JSON; CSV for
spreadsheets with a byte-order mark; JSON the same rows as the matching query's --json."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from cli_support import TWO_BRANCHES, json_of, line, record_journal, run
from click.testing import Result

BOM = "\ufeff".encode()


JOURNAL = [
    *TWO_BRANCHES,
    line("member.apply", date="2016-01-01", member="A1", name="申请人 张三, \"小张\"",
         birth="1995-01-01", branch="B01", doc="申请书 A1"),
    line("member.talk", date="2016-03-01", member="A1", by="F1", note="谈话推迟"),
]  # fmt: skip


@pytest.fixture
def url(store_url: str, tmp_path: Path) -> str:
    return record_journal(store_url, JOURNAL, tmp_path)


def export(url: str, *args: str) -> Result:
    result = run(url, "export", *args)
    assert result.exit_code == 0, result.output
    return result


def csv_rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def cell(value: Any) -> str:
    """How a CSV cell gives a value of the JSON: lists of names joined by ";"."""
    if isinstance(value, list):
        return ";".join(value)
    return "" if value is None else str(value)


def test_roster_csv_round_trips_with_the_chinese_names(url: str) -> None:
    data = export(url, "roster", "--branch", "B01").stdout_bytes
    assert not data.startswith(BOM)
    assert b"\r\n" not in data
    rows = csv_rows(data)
    roster = json_of(run(url, "roster", "B01", "--json"))
    assert [r["member"] for r in rows] == ["A1", "F1", "F2", "F3"]
    assert rows[0]["name"] == '申请人 张三, "小张"'
    expected = [
        {"branch": "B01", **{k: cell(v) for k, v in m.items()}, "as_of": roster["as_of"]}
        for m in roster["members"]
    ]
    assert rows == expected


def test_excel_csv_starts_with_a_byte_order_mark_and_ends_lines_with_crlf(url: str) -> None:
    data = export(url, "roster", "--branch", "B01", "--excel").stdout_bytes
    assert data.startswith(BOM)
    assert not data[len(BOM) :].startswith(BOM)
    body = data[len(BOM) :]
    assert body.count(b"\r\n") == 5  # the header and four members
    assert body.count(b"\n") == 5
    assert csv_rows(body) == csv_rows(export(url, "roster", "--branch", "B01").stdout_bytes)
    # What a spreadsheet program reads: utf-8-sig drops the mark.
    assert "申请人 张三" in data.decode("utf-8-sig").splitlines()[1]


def test_excel_with_json_is_bad_input(url: str) -> None:
    result = run(url, "export", "roster", "--format", "json", "--excel")
    assert result.exit_code == 2
    assert "--excel" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_roster_json_is_the_roster_query_for_each_branch(url: str) -> None:
    rows = json.loads(export(url, "roster", "--format", "json").stdout)
    assert {r["branch"] for r in rows} == {"B01", "B02"}
    for branch in ("B01", "B02"):
        query = json_of(run(url, "roster", branch, "--json"))
        assert [{k: v for k, v in r.items() if k != "branch"} for r in rows
                if r["branch"] == branch] == [
            {**m, "as_of": query["as_of"]} for m in query["members"]]  # fmt: skip
    on = json.loads(export(url, "roster", "--format", "json", "--as-of", "2015-12-31").stdout)
    assert "A1" not in {r["member"] for r in on}
    assert on == [
        {"branch": b, **r, "as_of": "2015-12-31"}
        for b in ("B01", "B02")
        for r in json_of(run(url, "roster", b, "--json", "--as-of", "2015-12-31"))["members"]
    ]


def test_members_export_every_person_now_or_on_a_date(url: str) -> None:
    rows = json.loads(export(url, "members", "--format", "json").stdout)
    assert [r["member"] for r in rows] == ["A1", "F1", "F2", "F3", "G1", "G2", "G3"]
    a1 = rows[0]
    assert (a1["name"], a1["branch"], a1["status"], a1["applied"], a1["talked"]) == (
        "申请人 张三, \"小张\"", "B01", "applicant", "2016-01-01", "2016-03-01",
    )  # fmt: skip
    show = json_of(run(url, "member", "show", "A1", "--json"))
    for key in ("name", "birth", "branch", "status", "since", "applied", "full_since"):
        assert a1[key] == show[key], key
    f1 = rows[1]
    assert (f1["status"], f1["admitted_on"], f1["full_since"]) == (
        "full", "2000-01-01", "2001-01-01",
    )  # fmt: skip
    b02 = json.loads(export(url, "members", "--format", "json", "--branch", "B02").stdout)
    assert [r["member"] for r in b02] == ["G1", "G2", "G3"]
    before = json.loads(export(url, "members", "--format", "json", "--as-of", "2016-01-31").stdout)
    assert [(r["member"], r["talked"]) for r in before if r["member"] == "A1"] == [("A1", None)]
    early = json.loads(export(url, "members", "--format", "json", "--as-of", "2015-01-02").stdout)
    assert [r["member"] for r in early] == ["F1", "F2", "F3"]
    assert [r["member"] for r in csv_rows(export(url, "members").stdout_bytes)] == [
        r["member"] for r in rows
    ]
    assert csv_rows(export(url, "members").stdout_bytes)[0]["name"] == a1["name"]


def test_audit_json_export_is_the_audit_query(url: str) -> None:
    for filters in ((), ("--member", "A1"), ("--branch", "B02", "--limit", "2"), ("--warnings",)):
        exported = json.loads(export(url, "audit", "--format", "json", *filters).stdout)
        assert exported == json_of(run(url, "audit", "--json", *filters)), filters
        assert exported


def test_audit_csv_round_trips(url: str) -> None:
    rows = csv_rows(export(url, "audit", "--member", "A1").stdout_bytes)
    query = json_of(run(url, "audit", "--json", "--member", "A1"))
    assert list(rows[0]) == list(query[0])
    assert [int(r["position"]) for r in rows] == [q["position"] for q in query]
    talked, applied = rows  # the newest first
    assert json.loads(applied["details"])["name"] == '申请人 张三, "小张"'
    assert applied["doc"] == "申请书 A1"
    assert applied["note"] == ""
    assert [w["rule"] for w in json.loads(talked["warnings"])] == ["applicant.talk_deadline"]
    assert applied["warnings"] == ""  # an empty list is an empty cell


def test_output_writes_the_file_and_an_unwritable_one_is_bad_input(
    url: str, tmp_path: Path
) -> None:
    target = tmp_path / "roster.csv"
    result = export(url, "roster", "--branch", "B01", "--excel", "--output", str(target))
    # the same line as `roster B01 --output`
    said = f"Wrote 4 rows to {target} (as of 2016-03-01, the latest recorded step)\n"
    assert result.stdout == said
    assert run(url, "roster", "B01", "--output", str(tmp_path / "r.csv")).stdout == said.replace(
        "roster.csv", "r.csv"
    )
    assert target.read_bytes() == export(url, "roster", "--branch", "B01", "--excel").stdout_bytes
    missing = tmp_path / "no-such-dir" / "roster.csv"
    failed = run(url, "export", "roster", "--output", str(missing))
    assert failed.exit_code == 2
    assert failed.stderr.startswith("Error: cannot write")
    assert len(failed.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("roster", "--branch", "B9"), 4, "branch B9 is not in the record"),
        (("members", "--branch", "B9"), 4, "branch B9 is not in the record"),
        (("members", "--member", "A1"), 2, "--member applies to the audit export only"),
        (("roster", "--from", "2016-01-01"), 2, "--from applies to the audit export only"),
        (("audit", "--as-of", "2016-01-01"), 2, "--as-of applies to roster and members"),
        (("audit", "--rule", "no.such_rule"), 2, "unknown rule no.such_rule"),
        (("everything",), 2, "everything"),
    ],
)
def test_bad_exports_fail_with_one_line(
    url: str, args: tuple[str, ...], code: int, message: str
) -> None:
    result = run(url, "export", *args)
    assert result.exit_code == code, result.output
    assert message in result.stderr
    assert result.stdout == ""
