"""A meeting recorded first, then a transfer received or a death dated on or before it: the
record now lists as present someone who had left the branch. The step is recorded (the branch's
record does not list its meetings), and the same rule that refuses the other order,
record.present_in_branch, shows it as a finding of the meeting and of its branch."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_support import TWO_BRANCHES, json_of, line, record_journal, run, stored_count

RULE = "record.present_in_branch"
MEETING = "B01-2024-03-10-theme-day"
LEFT = "relation left the branch on"
HELD = [
    *TWO_BRANCHES,
    line("meeting.hold", date="2024-03-10", branch="B01", kind="theme-day",
         present=["F1", "F2", "F3"], chair="F3"),
]  # fmt: skip


def moved_on(day: str) -> list[str]:
    """F1's transfer from B01 into B02, received on the day."""
    return [
        line("transfer.request", date="2024-03-01", member="F1", to="B02", reason="调动"),
        line("transfer.issue", date="2024-03-02", member="F1", body="TC01", ref="L-1"),
        line("transfer.receive", date=day, member="F1", branch="B02"),
    ]


def died_on(day: str) -> list[str]:
    return [line("member.death", date=day, member="F2")]


@pytest.fixture(autouse=True)
def wide(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tables wide enough that a finding's line is not wrapped."""
    monkeypatch.setenv("COLUMNS", "1000")


def found(url: str) -> list[dict[str, str]]:
    shown = json_of(run(url, "meeting", "show", MEETING, "--json"))
    return [f for f in shown["findings"] if f["rule"] == RULE]


@pytest.mark.parametrize(
    ("steps", "gone", "finding"),
    [
        # F1's relation left B01 the day before the meeting, on its day, the day after.
        (moved_on("2024-03-09"), f"F1 ({LEFT} 2024-03-09, transfer.receive)", True),
        (moved_on("2024-03-10"), f"F1 ({LEFT} 2024-03-10, transfer.receive)", True),
        (moved_on("2024-03-11"), f"F1 ({LEFT} 2024-03-11", False),
        # F2 died the day before, on the day, the day after.
        (died_on("2024-03-09"), "F2 (died on 2024-03-09, member.death)", True),
        (died_on("2024-03-10"), "F2 (died on 2024-03-10, member.death)", True),
        (died_on("2024-03-11"), "F2 (died on 2024-03-11", False),
    ],
)  # fmt: skip
def test_a_departure_recorded_after_the_meeting_is_a_finding_of_the_meeting(
    store_url: str, tmp_path: Path, steps: list[str], gone: str, finding: bool
) -> None:
    url = record_journal(store_url, HELD, tmp_path)
    record_journal(url, steps, tmp_path)  # recorded: the write side has nothing to judge
    findings = found(url)
    if not finding:
        assert findings == []
        text = run(url, "meeting", "show", MEETING)
        assert text.exit_code == 0, text.output
        assert RULE not in text.stdout
        return
    (only,) = findings
    assert only["message"] == f"{MEETING} of B01 on 2024-03-10 lists as present {gone}"
    assert "art. 8" in only["citation"]
    text = run(url, "meeting", "show", MEETING)
    assert text.exit_code == 0, text.output
    (shown,) = [row for row in text.stdout.splitlines() if RULE in row]
    assert gone in shown


def test_the_branch_shows_the_finding_from_the_meeting_date_on(
    store_url: str, tmp_path: Path
) -> None:
    url = record_journal(store_url, HELD, tmp_path)
    record_journal(url, moved_on("2024-03-09"), tmp_path)

    def rules(branch: str, as_of: str) -> list[str]:
        shown = json_of(run(url, "branch", "show", branch, "--as-of", as_of, "--json"))
        return [f["rule"] for f in shown["findings"] if f["rule"] == RULE]

    assert rules("B01", "2024-03-09") == []  # the meeting is not held yet
    assert rules("B01", "2024-03-10") == [RULE]
    assert rules("B01", "2024-12-31") == [RULE]
    assert rules("B02", "2024-12-31") == []  # the meeting was not B02's
    text = run(url, "branch", "show", "B01", "--as-of", "2024-12-31")
    assert text.exit_code == 0, text.output
    (shown,) = [row for row in text.stdout.splitlines() if RULE in row]
    assert MEETING in shown
    assert "F1 (relation left the branch on 2024-03-09" in shown


def test_a_meeting_recorded_after_the_departure_is_still_refused(
    store_url: str, tmp_path: Path
) -> None:
    url = record_journal(store_url, [*TWO_BRANCHES, *moved_on("2024-03-09")], tmp_path)
    before = stored_count(url)
    result = run(url, "meeting", "hold", "--branch", "B01", "--kind", "theme-day",
                 "--present", "F1,F2,F3", "--chair", "F3", "--date", "2024-03-10")  # fmt: skip
    assert result.exit_code == 3, result.output
    assert f": {RULE} — " in result.stderr
    assert "F1 (relation left the branch on 2024-03-09, transfer.receive)" in result.stderr
    assert stored_count(url) == before


def test_a_meeting_with_everyone_still_in_the_branch_has_no_finding(
    store_url: str, tmp_path: Path
) -> None:
    url = record_journal(store_url, HELD, tmp_path)
    assert found(url) == []
