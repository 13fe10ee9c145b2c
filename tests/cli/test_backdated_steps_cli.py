"""Steps recorded late, dated back before facts of the same records already recorded on later
dates: a step that contradicts one is refused naming it (its date and step), and writes nothing;
one that leaves every later fact true is recorded."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_support import TWO_BRANCHES, json_of, line, record_journal, run, stored_count
from click.testing import Result

# B03 is founded empty and dissolved on 2024-05-01; F1 (of B01) asks to go there in April.
DISSOLVED_B03 = [
    *TWO_BRANCHES,
    line("branch.found", date="2015-01-01", code="B03", name="项目党支部", kind="regular",
         parent="TC01", full_members=3),
    line("branch.dissolve", date="2024-05-01", branch="B03", body="TC01", reason="项目结束"),
    line("transfer.request", date="2024-04-20", member="F1", to="B03", reason="调动"),
    line("transfer.issue", date="2024-04-22", member="F1", body="TC01", ref="L-1"),
]  # fmt: skip
DISSOLVED = "2024-05-01"


@pytest.fixture
def dissolved(store_url: str, tmp_path: Path) -> str:
    return record_journal(store_url, DISSOLVED_B03, tmp_path)


def refused(url: str, result: Result, rule: str, before: int) -> None:
    """Refused by this rule, in one line, and nothing written."""
    assert result.exit_code == 3, result.output
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert f": {rule} — " in result.stderr, result.stderr
    assert stored_count(url) == before


@pytest.mark.parametrize(
    ("received", "rule"),
    [
        ("2024-04-25", "record.later_dissolution"),
        ("2024-04-30", "record.later_dissolution"),  # the day before the dissolution
        (DISSOLVED, "record.branch_open"),  # on it
        ("2024-05-02", "record.branch_open"),  # after it
    ],
)
def test_a_receipt_into_a_branch_whose_later_dissolution_is_recorded_is_refused(
    dissolved: str, received: str, rule: str
) -> None:
    before = stored_count(dissolved)
    result = run(dissolved, "transfer", "receive", "--member", "F1", "--branch", "B03",
                 "--date", received)  # fmt: skip
    refused(dissolved, result, rule, before)
    if rule == "record.later_dissolution":
        # The later fact is named: its date and its step.
        assert f"dissolution on {DISSOLVED} is recorded (branch.dissolve" in result.stderr
        assert f"dated {received}" in result.stderr
    shown = json_of(run(dissolved, "member", "show", "F1", "--json"))
    assert shown["branch"] == "B01"


def test_an_opening_entry_in_a_branch_dissolved_later_is_refused(dissolved: str) -> None:
    before = stored_count(dissolved)
    result = run(dissolved, "member", "enrol", "--date", "2024-04-30", "--member", "F9",
                 "--name", "党员 F9", "--birth", "1970-01-01", "--branch", "B03",
                 "--status", "full", "--admitted", "2000-01-01",
                 "--full-since", "2001-01-01")  # fmt: skip
    refused(dissolved, result, "record.later_dissolution", before)


def test_an_application_in_a_branch_dissolved_later_is_refused(dissolved: str) -> None:
    before = stored_count(dissolved)
    result = run(dissolved, "member", "apply", "--date", "2024-04-30", "--member", "A1",
                 "--name", "申请人", "--birth", "1990-01-01", "--branch", "B03")  # fmt: skip
    refused(dissolved, result, "record.later_dissolution", before)


def test_a_step_in_the_branch_before_its_dissolution_that_leaves_no_relation_is_recorded(
    dissolved: str,
) -> None:
    # A meeting dated the day before the dissolution, recorded after it: no one's relation stays.
    result = run(dissolved, "meeting", "hold", "--branch", "B03", "--kind", "theme-day",
                 "--present", "F2", "--chair", "F2", "--date", "2024-04-30")  # fmt: skip
    assert result.exit_code == 0, result.output
    # The request and the issue already recorded leave F1's relation in B01 as well.
    assert json_of(run(dissolved, "member", "show", "F1", "--json"))["branch"] == "B01"


def test_the_late_papers_are_recorded_once_the_dissolution_is_corrected(
    dissolved: str, tmp_path: Path
) -> None:
    """The clerk voids the dissolution, records the receipt and the move on found with it,
    then the dissolution again: every step consistent with every other."""
    audit = json_of(run(dissolved, "audit", "--json"))
    position = next(s["position"] for s in audit if s["kind"] == "branch.dissolved")
    late = [
        line("step.correct", date="2024-06-01", step=position, why="收到迟到的转接材料"),
        line("transfer.receive", date="2024-04-25", member="F1", branch="B03"),
        line("transfer.request", date="2024-04-26", member="F1", to="B01", reason="项目结束"),
        line("transfer.issue", date="2024-04-27", member="F1", body="TC01", ref="L-2"),
        line("transfer.receive", date="2024-04-30", member="F1", branch="B01"),
        line("branch.dissolve", date=DISSOLVED, branch="B03", body="TC01", reason="项目结束"),
    ]
    record_journal(dissolved, late, tmp_path)
    shown = json_of(run(dissolved, "member", "show", "F1", "--json"))
    assert shown["branch"] == "B01"
    on_roll = json_of(run(dissolved, "roster", "B03", "--as-of", "2024-04-28", "--json"))
    assert [m["member"] for m in on_roll["members"]] == ["F1"]


# F1 moves from B01 to B02, received on 2024-03-05; F2 dies on 2024-06-01.
MOVED_AND_DIED = [
    *TWO_BRANCHES,
    line("transfer.request", date="2024-03-01", member="F1", to="B02", reason="调动"),
    line("transfer.issue", date="2024-03-02", member="F1", body="TC01", ref="L-1"),
    line("transfer.receive", date="2024-03-05", member="F1", branch="B02"),
    line("member.death", date="2024-06-01", member="F2"),
]  # fmt: skip


@pytest.fixture
def moved(store_url: str, tmp_path: Path) -> str:
    return record_journal(store_url, MOVED_AND_DIED, tmp_path)


def hold(url: str, branch: str, on: str, present: str) -> Result:
    return run(url, "meeting", "hold", "--branch", branch, "--kind", "theme-day",
               "--present", present, "--chair", "F3", "--date", on)  # fmt: skip


@pytest.mark.parametrize(
    ("on", "present", "accepted"),
    [
        ("2024-03-04", "F1,F2,F3", True),  # the day before F1's relation left B01
        ("2024-03-05", "F1,F2,F3", False),  # the day it left
        ("2024-03-06", "F1,F2,F3", False),  # after
        ("2024-05-31", "F2,F3", True),  # the day before F2 died
        ("2024-06-01", "F2,F3", False),  # the day F2 died
        ("2024-06-02", "F2,F3", False),
    ],
)
def test_no_one_is_present_at_a_meeting_of_a_branch_they_had_left(
    moved: str, on: str, present: str, accepted: bool
) -> None:
    before = stored_count(moved)
    result = hold(moved, "B01", on, present)
    if accepted:
        assert result.exit_code == 0, result.output
        return
    refused(moved, result, "record.present_in_branch", before)
    gone = (
        "F1 (relation left the branch on 2024-03-05, transfer.receive)"
        if "F1" in present
        else "F2 (died on 2024-06-01, member.death)"
    )
    assert gone in result.stderr


def test_a_member_who_moved_is_present_at_the_meetings_of_their_new_branch(moved: str) -> None:
    result = run(moved, "meeting", "hold", "--branch", "B02", "--kind", "theme-day",
                 "--present", "F1,G1", "--chair", "G1", "--date", "2024-03-05")  # fmt: skip
    assert result.exit_code == 0, result.output
