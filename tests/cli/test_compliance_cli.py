"""`branchbook compliance`: obligations per window, findings, the period options and profiles."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from cli_support import empty_store, invoke, json_of, record_journal, run


def line(command: str, **keys: Any) -> str:
    return json.dumps(
        {"command": command, **{k.replace("_", "-"): v for k, v in keys.items()}},
        ensure_ascii=False,
    )


def meeting(on: str, kind: str, present: str = "C1,C2,C3", **more: Any) -> str:
    return line("meeting.hold", date=on, branch="B01", kind=kind, present=present,
                chair=present.split(",", maxsplit=1)[0], **more)  # fmt: skip


JOURNAL = [
    line("org.add", date="2023-01-01", code="TC01", name="城关镇党委", kind="committee",
         approves_admissions=True),
    line("branch.found", date="2023-01-01", code="B01", name="一支部", kind="regular",
         parent="TC01", full_members=3),
    line("branch.found", date="2024-05-20", code="B02", name="二支部", kind="regular",
         parent="TC01", full_members=3),
    *(
        line("member.enrol", date="2023-01-02", member=n, name=f"党员 {n}", birth="1970-01-01",
             branch="B01", status="full", admitted="2000-01-01", full_since="2001-01-01")
        for n in ("C1", "C2", "C3")
    ),
    line("member.enrol", date="2023-01-02", member="P1", name="预备党员", birth="1990-01-01",
         branch="B01", status="probationary", admitted="2022-12-20"),
    line("branch.leadership", date="2023-01-03", branch="B01", members="C1", secretary="C1"),
    meeting("2024-02-01", "assembly", "C1,C2,C3"),
    # P1's conversion waits for approval past its three months: overdue by the latest step.
    line("member.convert", date="2024-02-01", member="P1", meeting="B01-2024-02-01-assembly",
         yes=3),
    meeting("2024-05-06", "assembly"),
    meeting("2024-08-07", "assembly"),
    meeting("2024-05-10", "theme-day"),
    meeting("2024-06-11", "theme-day"),
    meeting("2024-03-01", "group", group="一组"),
    meeting("2024-11-20", "evaluation"),
    line("meeting.rate", date="2024-11-20", meeting="B01-2024-11-20-evaluation",
         excellent="C1", qualified="C2,C3,P1"),
    meeting("2024-04-01", "talk", "C1,C2"),
    meeting("2024-04-02", "training", "C1,C2", hours=40),
]  # fmt: skip


@pytest.fixture
def book(store_url: str, tmp_path: Path) -> str:
    return record_journal(store_url, JOURNAL, tmp_path)


@pytest.fixture
def ended_book(store_url: str, tmp_path: Path) -> str:
    """The same record with a step in 2025: the whole of 2024 is over by its latest step."""
    return record_journal(store_url, [*JOURNAL, meeting("2025-01-15", "committee")], tmp_path)


def report(book: str, *args: str) -> dict[str, Any]:
    data: dict[str, Any] = json_of(run(book, *args, "compliance", "--json"))
    return data


def branch_of(data: dict[str, Any], code: str = "B01") -> dict[str, Any]:
    (found,) = [b for b in data["branches"] if b["branch"] == code]
    assert isinstance(found, dict)
    return found


def summary(data: dict[str, Any], rule: str) -> dict[str, Any]:
    (found,) = [s for s in branch_of(data)["summary"] if s["rule"] == rule]
    assert isinstance(found, dict)
    return found


def test_the_default_period_is_the_year_of_the_latest_effective_date(book: str) -> None:
    data = report(book)
    assert (data["from"], data["to"], data["default_period"]) == ("2024-01-01", "2024-12-31", True)
    assert data["rulebook"].startswith("S000#")
    assert [b["branch"] for b in data["branches"]] == ["B01", "B02"]


def test_by_default_the_report_answers_for_the_latest_recorded_step(book: str) -> None:
    data = report(book)
    assert (data["as_of"], data["as_of_basis"]) == ("2024-11-20", "latest recorded step")
    assert data["period_basis"] == "calendar year of the latest recorded step"
    assert branch_of(data)["as_of"] == "2024-11-20"


def test_a_window_not_over_by_the_latest_step_is_open_not_missed(book: str) -> None:
    data = report(book)
    assembly = summary(data, "assembly.frequency")
    assert (assembly["windows_judged"], assembly["windows_met"]) == (3, 3)
    assert (assembly["missed"], assembly["open"]) == ([], ["2024-Q4"])
    assert assembly["citation"] == "Branch Work Regulations (trial) art. 11"
    q4 = next(
        r
        for r in branch_of(data)["results"]
        if r["rule"] == "assembly.frequency" and r["window"] == "2024-Q4"
    )
    assert (q4["status"], q4["met"]) == ("open", None)
    theme = summary(data, "theme_day.schedule")
    assert theme["open"] == ["2024-11", "2024-12"]
    assert "2024-10" in theme["missed"]
    assert "2024-11" not in theme["missed"]


def test_an_explicit_year_past_the_latest_step_leaves_its_later_windows_open(book: str) -> None:
    data = json_of(run(book, "compliance", "--year", "2024", "--json"))
    assert (data["as_of"], data["as_of_basis"]) == ("2024-11-20", "latest recorded step")
    assert summary(data, "assembly.frequency")["open"] == ["2024-Q4"]
    text = run(book, "compliance", "--branch", "B01", "--year", "2024").stdout
    assert "as of 2024-11-20 (the latest recorded step)" in text
    assert "open (not over yet)" in text
    assert "open: 2024-Q4" in text


def test_a_window_ended_before_the_report_date_and_not_met_is_missed(ended_book: str) -> None:
    data = json_of(run(ended_book, "compliance", "--year", "2024", "--json"))
    assert (data["as_of"], data["as_of_basis"]) == ("2024-12-31", "given")
    assembly = summary(data, "assembly.frequency")
    assert (assembly["windows_judged"], assembly["windows_met"]) == (4, 3)
    assert (assembly["missed"], assembly["open"]) == (["2024-Q4"], [])
    text = run(ended_book, "compliance", "--branch", "B01", "--year", "2024").stdout
    assert "open (not over yet)" not in text


def test_the_results_carry_rule_citation_window_required_found_met_and_detail(book: str) -> None:
    results = branch_of(report(book))["results"]
    q3 = next(r for r in results if r["rule"] == "assembly.frequency" and r["window"] == "2024-Q3")
    assert q3 == {
        "rule": "assembly.frequency",
        "citation": "Branch Work Regulations (trial) art. 11",
        "subject": None,
        "window": "2024-Q3",
        "start": "2024-07-01",
        "end": "2024-09-30",
        "bound": "at least",
        "required": 1,
        "found": 1,
        "met": True,
        "status": "met",
        "detail": "held 2024-08-07",
    }


def test_the_s003_profile_judges_the_day_of_the_theme_day_lectures_and_hours(
    ended_book: str,
) -> None:
    year = ("compliance", "--year", "2024", "--json")
    s000 = json_of(run(ended_book, *year))
    s003 = json_of(run(ended_book, "--profile", "S000+S003", *year))
    assert s003["rulebook"].startswith("S000+S003#")
    assert summary(s000, "theme_day.schedule")["windows_met"] == 2
    assert summary(s003, "theme_day.schedule")["windows_met"] == 1  # 2024-06-11 is not the 10th
    assert summary(s003, "lecture.frequency")["windows_judged"] == 4
    assert not [s for s in branch_of(s000)["summary"] if s["rule"] == "lecture.frequency"]
    training = summary(s003, "training.annual_hours")
    assert (training["windows_judged"], training["windows_met"]) == (1, 0)
    cap = summary(s003, "democratic_evaluation.excellent_cap")
    assert (cap["windows_judged"], cap["windows_met"]) == (1, 0)  # 1 of 4 is 25%


def test_a_branch_founded_in_the_year_is_judged_from_its_first_whole_window(book: str) -> None:
    b02 = branch_of(report(book), "B02")
    judged = {r["window"] for r in b02["results"] if r["rule"] == "assembly.frequency"}
    assert judged == {"2024-Q3", "2024-Q4"}
    skipped = [n["reason"] for n in b02["not_judged"] if n["rule"] == "assembly.frequency"]
    assert skipped == ["only partly within the period or the branch's life: 2024-Q1, 2024-Q2"]


def test_the_findings_name_overdue_approvals_and_structure_with_rule_and_citation(
    book: str,
) -> None:
    findings = branch_of(report(book))["findings"]
    rules = {f["rule"] for f in findings}
    assert "conversion.approval_deadline" in rules
    assert all(f["citation"] for f in findings)
    overdue = next(f for f in findings if f["rule"] == "conversion.approval_deadline")
    assert "P1" in overdue["message"]
    early = json_of(run(book, "compliance", "--from", "2024-01-01", "--to", "2024-04-30",
                        "--json"))  # fmt: skip
    assert "conversion.approval_deadline" not in {f["rule"] for f in branch_of(early)["findings"]}


def test_a_period_by_dates_judges_only_its_whole_windows(book: str) -> None:
    data = json_of(run(book, "compliance", "--branch", "B01", "--from", "2024-02-15",
                       "--to", "2024-06-30", "--json"))  # fmt: skip
    (only,) = data["branches"]
    windows = {r["window"] for r in only["results"] if r["rule"] == "assembly.frequency"}
    assert windows == {"2024-Q2"}
    assert data["default_period"] is False


def test_the_human_report_shows_the_summary_the_misses_and_the_findings(book: str) -> None:
    result = run(book, "compliance", "--branch", "B01", "--year", "2024")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "assembly.frequency" in out
    assert "2024-10" in out  # a theme day missed
    assert "finding: conversion.approval_deadline" in out
    assert "not judged: lecture.frequency" in out


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--branch", "B09"], 4, "branch B09 is not in the record"),
        (["--year", "2024", "--from", "2024-01-01", "--to", "2024-02-01"], 2, "not both"),
        (["--from", "2024-01-01"], 2, "go together"),
        (["--from", "2024-03-01", "--to", "2024-02-01"], 2, "before"),
        (["--from", "2024-13-01", "--to", "2024-02-01"], 2, "not a date"),
    ],
)
def test_bad_input_is_one_line_and_an_exit_code(
    book: str, args: list[str], code: int, message: str
) -> None:
    result = run(book, "compliance", *args)
    assert result.exit_code == code
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_an_unknown_profile_is_a_usage_error(book: str) -> None:
    result = run(book, "--profile", "S999", "compliance")
    assert result.exit_code == 2
    assert "unknown rule profile 'S999'" in result.stderr
    assert "S000, S000+S003" in result.stderr


def test_the_profile_comes_from_the_environment_and_a_rules_file_amends_it(
    book: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRANCHBOOK_PROFILE", "S000+S003")
    rules = tmp_path / "rules.toml"
    rules.write_text('[rules."theme_day.schedule"]\nday_of_month = 11\n', encoding="utf-8")
    data = json_of(invoke(["--db", book, "--rules", str(rules), "compliance", "--json"]))
    assert data["rulebook"].startswith("S000+S003#")
    days = [r for r in branch_of(data)["results"] if r["rule"] == "theme_day.schedule"]
    assert [r["window"] for r in days if r["met"]] == ["2024-06"]


def test_an_empty_record_says_so_as_due_and_stats_do(store_url: str) -> None:
    empty_store(store_url)
    result = run(store_url, "compliance")
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        "The record holds no steps yet.\n",
        "",
    )
    data = json_of(run(store_url, "compliance", "--year", "2024", "--json"))
    assert data["branches"] == []


def test_a_period_wholly_after_the_record_lists_no_findings_and_says_so(book: str) -> None:
    data = json_of(run(book, "compliance", "--year", "2027", "--json"))
    assert data["as_of"] == "2024-11-20"
    assert "does not reach" in data["note"]
    b01 = branch_of(data)
    assert b01["findings"] == []
    assert b01["results"]
    assert all(r["status"] == "open" for r in b01["results"])
    result = run(book, "compliance", "--branch", "B01", "--year", "2027")
    assert result.exit_code == 0, result.output
    assert "does not reach" in result.stdout
    assert "finding:" not in result.stdout
    # The year the record does reach keeps its findings.
    earlier = json_of(run(book, "compliance", "--year", "2024", "--json"))
    assert "note" not in earlier
    assert branch_of(earlier)["findings"]
