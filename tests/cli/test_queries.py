"""`member show`, `member history` and `meeting show`: human and JSON output, exit codes."""

from __future__ import annotations

import json
import runpy
from datetime import date, datetime
from pathlib import Path

import pytest
from cli_support import invoke, json_of, record_journal, run

# The journal the projection tests record: every path the views know.
JOURNAL: list[str] = runpy.run_path(str(Path(__file__).parents[1] / "projections" / "journals.py"))[
    "JOURNAL"
]


@pytest.fixture
def book(store_url: str, tmp_path: Path) -> str:
    """A store holding the whole journal of tests/projections/journals.py."""
    return record_journal(store_url, JOURNAL, tmp_path)


def test_member_show_gives_status_dates_and_party_age_as_of_a_date(book: str) -> None:
    data = json_of(run(book, "member", "show", "A1", "--as-of", "2024-06-20", "--json"))
    assert (data["member"], data["status"], data["branch"]) == ("A1", "full", "B01")
    assert (data["applied"], data["admitted_on"], data["full_since"]) == (
        "2016-01-01",
        "2017-06-21",
        "2018-06-21",
    )
    assert (data["probation_end"], data["oath_on"], data["pending"]) == (
        "2018-06-21",
        "2017-08-02",
        None,
    )
    assert (data["as_of"], data["party_age"], data["next"]) == ("2024-06-20", 5, [])
    assert data["rulebook"].startswith("S000#")
    assert (
        json_of(run(book, "member", "show", "A1", "--as-of", "2024-06-21", "--json"))["party_age"]
        == 6
    )


def test_member_show_in_human_form_lists_the_dates_and_that_nothing_waits(book: str) -> None:
    result = run(book, "member", "show", "P1", "--as-of", "2020-01-01")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    out = result.stdout
    assert "Member P1 预备党员 P1" in out
    assert "opening entry" in out
    assert "6 months" in out
    assert "2016-03-01" in out  # probation end after the extension = full since
    assert "party age on 2020-01-01" in out
    assert "No step is waiting as of 2020-01-01." in out


@pytest.mark.parametrize(
    ("as_of", "overdue"), [("2019-04-01", False), ("2019-04-02", True)], ids=["due", "overdue"]
)
def test_member_show_marks_a_talk_overdue_only_after_its_deadline(
    book: str, as_of: str, overdue: bool
) -> None:
    data = json_of(run(book, "member", "show", "N1", "--as-of", as_of, "--json"))
    assert data["status"] == "applicant"
    assert data["talked"] is None
    (talk,) = data["next"]
    assert (talk["rule"], talk["due"], talk["overdue"]) == (
        "applicant.talk_deadline",
        "2019-04-01",
        overdue,
    )
    human = run(book, "member", "show", "N1", "--as-of", as_of)
    assert human.exit_code == 0
    assert ("overdue" in human.stdout) is overdue


def test_member_show_gives_an_enrolled_probationary_member_the_oath_and_conversion(
    book: str,
) -> None:
    data = json_of(run(book, "member", "show", "P3", "--as-of", "2019-09-01", "--json"))
    assert (data["enrolled"], data["status"], data["applied"]) == (True, "probationary", None)
    oath, conversion = data["next"]
    assert (oath["step"], oath["due"]) == ("oath", None)
    assert (conversion["due"], conversion["overdue"]) == ("2019-07-01", True)


def test_member_show_without_as_of_reports_as_of_the_latest_recorded_step(book: str) -> None:
    latest = date.fromisoformat(max(json.loads(line)["date"] for line in JOURNAL))
    data = json_of(run(book, "member", "show", "F1", "--json"))
    assert (data["as_of"], data["as_of_basis"]) == (latest.isoformat(), "latest recorded step")
    assert data["party_age"] == latest.year - 2001  # full since 2001-01-01
    assert f"on {latest} (the latest recorded step)" in run(book, "member", "show", "F1").stdout


def test_member_history_lists_every_step_in_order_with_its_metadata(book: str) -> None:
    data = json_of(run(book, "member", "history", "A1", "--json"))
    steps = data["steps"]
    assert data["member"] == "A1"
    assert len(steps) == 16
    assert [s["position"] for s in steps] == sorted(s["position"] for s in steps)
    assert [s["effective"] for s in steps][:2] == ["2016-01-01", "2016-01-20"]
    assert {s["actor"] for s in steps} == {steps[0]["actor"]}
    assert all(datetime.fromisoformat(s["recorded_at"]).tzinfo is not None for s in steps)
    admitted = next(s for s in steps if s["kind"] == "admitted")
    assert admitted["doc"] == "会议记录 17"
    assert admitted["summary"].startswith("admitted as a probationary member at B01-2017-06-21")
    assert [w["rule"] for w in steps[-1]["warnings"]] == ["conversion.approval_deadline"]


def test_member_history_in_human_form_shows_the_steps_and_the_warnings(book: str) -> None:
    result = run(book, "member", "history", "A1")
    assert result.exit_code == 0, result.output
    assert "History of A1 (16 steps)" in result.stdout
    positions = [
        s["position"] for s in json_of(run(book, "member", "history", "A1", "--json"))["steps"]
    ]
    # Too wide for 80 columns as a grid, each step is a block led by its position.
    leads = [t.removeprefix("#: ") for t in result.stdout.splitlines() if t.startswith("#: ")]
    assert [int(c) for c in leads] == positions
    warnings = [t for t in result.stdout.splitlines() if "warning:" in t]
    assert len(warnings) == 1
    assert "conversion.approval_deadline" in warnings[0]


def test_meeting_show_gives_each_decision_with_its_evidence(book: str) -> None:
    data = json_of(run(book, "meeting", "show", "B01-2017-06-21-assembly", "--json"))
    assert (data["branch"], data["kind"], data["held"], data["chair"]) == (
        "B01",
        "assembly",
        "2017-06-21",
        "F1",
    )
    assert data["present"] == ["F1", "F2", "F3", "F4", "F5", "P1"]
    (admit,) = data["decisions"]
    evidence = admit["evidence"]
    assert (admit["member"], admit["decision"]) == ("A1", "admit")
    # Nine enrolled full members and P1, full since April 2016, should attend.
    assert evidence["should_attend_members"] == [*(f"F{i}" for i in range(1, 10)), "P1"]
    assert (evidence["present_voting"], evidence["quorum_needed"]) == (6, 6)
    assert (evidence["yes"], evidence["written_for"], evidence["yes_total"]) == (5, ["F6"], 6)
    assert evidence["pass_needed"] == 6
    assert evidence["rulebook"] == admit["rulebook"]


def test_meeting_show_in_human_form_shows_the_counts(book: str) -> None:
    result = run(book, "meeting", "show", "B01-2016-04-11-committee")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Meeting B01-2016-04-11-committee" in out
    assert "designate-activist A1" in out
    assert "committee present" in out
    assert "2: F1, F2" in out
    result = run(book, "meeting", "show", "B01-2017-06-21-assembly")
    assert "yes needed to pass" in result.stdout
    assert "1: F6" in result.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["member", "show", "X9"],
        ["member", "show", "X9", "--json"],
        ["member", "history", "X9"],
        ["meeting", "show", "B01-1999-01-01-assembly", "--json"],
    ],
    ids=" ".join,
)
def test_an_unknown_member_or_meeting_is_not_found(book: str, args: list[str]) -> None:
    result = run(book, *args)
    assert result.exit_code == 4
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "not in the record" in lines[0]


def test_a_bad_as_of_date_is_a_usage_error(book: str) -> None:
    result = run(book, "member", "show", "A1", "--as-of", "2024-13-01")
    assert result.exit_code == 2
    assert "not a date" in result.stderr


def test_the_queries_sit_in_their_groups() -> None:
    member = invoke(["member", "--help"])
    meeting = invoke(["meeting", "--help"])
    assert member.exit_code == meeting.exit_code == 0
    assert {"show", "history"} <= {
        t.split()[0] for t in member.stdout.splitlines() if t[:2] == "  "
    }
    assert "show" in {t.split()[0] for t in meeting.stdout.splitlines() if t[:2] == "  "}
