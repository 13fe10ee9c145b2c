"""The pipeline's step commands on the command line: options, lists, counts, flags, refusals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_support import FIVE_FULL_IN_B01, invoke, stored_count


def run(url: str, *args: str) -> tuple[int, str, str]:
    result = invoke(["--db", url, "--actor", "clerk", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def store(store_url: str) -> str:
    """A branch of five full members with a committee, and an applicant A1 talked with."""
    steps = [
        *FIVE_FULL_IN_B01,
        ["branch", "leadership", "--branch", "B01", "--members", "F1,F2,F3", "--secretary", "F1",
         "--date", "2015-01-03"],
        ["member", "apply", "--member", "A1", "--name", "申请人", "--birth", "1990-01-01",
         "--branch", "B01", "--date", "2016-01-01"],
        ["member", "talk", "--member", "A1", "--by", "F1", "--date", "2016-01-20"],
    ]  # fmt: skip
    for step in steps:
        code, out, err = run(store_url, *step)
        assert code == 0, (step, out, err)
    return store_url


def hold(url: str, kind: str, on: str, present: str) -> tuple[int, str, str]:
    return run(url, "meeting", "hold", "--branch", "B01", "--kind", kind, "--date", on,
               "--present", present, "--chair", present.split(",", 1)[0])  # fmt: skip


def test_a_designation_at_a_quorate_committee_meeting_is_accepted(store: str) -> None:
    code, out, _ = hold(store, "committee", "2016-04-01", "F1,F2")
    assert code == 0
    assert "B01-2016-04-01-committee" in out
    code, out, err = run(store, "member", "designate-activist", "--member", "A1",
                         "--meeting", "B01-2016-04-01-committee", "--contacts", "F4,F5",
                         "--recommended-by", "members", "--date", "2016-04-01")  # fmt: skip
    assert code == 0, err
    assert out.startswith("accepted: member.designate-activist A1")


def test_a_designation_at_an_inquorate_committee_meeting_is_refused_and_writes_nothing(
    store: str,
) -> None:
    hold(store, "committee", "2016-04-01", "F1,F4")
    before = stored_count(store)
    code, out, err = run(store, "member", "designate-activist", "--member", "A1",
                         "--meeting", "B01-2016-04-01-committee", "--contacts", "F4",
                         "--recommended-by", "members", "--date", "2016-04-01")  # fmt: skip
    assert code == 3
    assert out == ""
    assert err.startswith("Error: rejected: member.designate-activist A1: committee_meeting.quorum")
    assert "1 of 3 committee members present" in err
    assert len(err.strip().splitlines()) == 1
    assert stored_count(store) == before


def test_a_count_that_is_not_a_whole_number_is_bad_input(store: str) -> None:
    hold(store, "assembly", "2016-04-01", "F1,F2,F3")
    meeting = "B01-2016-04-01-assembly"
    code, _, err = run(store, "member", "admit", "--member", "A1", "--meeting", meeting,
                       "--yes", "three", "--date", "2016-04-01")  # fmt: skip
    assert code == 2
    assert "yes: expected a whole number of 0 or more, got 'three'" in err
    assert "Traceback" not in err


def test_a_member_named_twice_in_a_list_is_bad_input(store: str) -> None:
    code, _, err = hold(store, "assembly", "2016-04-01", "F1,F2,F1")
    assert code == 2
    assert "present: F1 is named twice" in err


def test_an_unknown_meeting_is_not_found(store: str) -> None:
    code, _, err = run(store, "member", "designate-activist", "--member", "A1", "--meeting",
                       "B01-1999-01-01-committee", "--contacts", "F4", "--recommended-by",
                       "members", "--date", "2016-04-01")  # fmt: skip
    assert code == 4
    assert (
        "meeting B01-1999-01-01-committee is not in the record; record it with `meeting hold`"
        in err
    )


@pytest.mark.parametrize(
    "step",
    [
        ["member", "oath", "--member", "A1"],
        ["member", "assess", "--member", "A1"],
        ["member", "approve", "--member", "A1", "--body", "TC01"],
    ],
)
def test_a_step_taken_too_early_names_the_step_to_record_first(store: str, step: list[str]) -> None:
    code, _, err = run(store, *step, "--date", "2016-04-01")
    assert code == 3
    assert "record.transition" in err
    assert "; record `member designate-activist` first [" in err


def test_the_same_meeting_again_is_already_recorded_and_another_with_its_code_a_conflict(
    store: str,
) -> None:
    assert hold(store, "assembly", "2016-04-01", "F1,F2,F3")[0] == 0
    code, out, _ = hold(store, "assembly", "2016-04-01", "F1,F2,F3")
    assert (code, out.split(" (")[0]) == (0, "already recorded: meeting.hold B01")
    code, _, err = hold(store, "assembly", "2016-04-01", "F1,F2")
    assert code == 5
    assert "meeting B01-2016-04-01-assembly is already in the record" in err


def test_a_journal_takes_lists_as_json_arrays_and_counts_as_numbers(
    store: str, tmp_path: Path
) -> None:
    lines = [
        {"command": "meeting.hold", "branch": "B01", "kind": "committee", "present": ["F1", "F2"],
         "chair": "F1", "date": "2016-04-01"},
        {"command": "member.designate-activist", "member": "A1",
         "meeting": "B01-2016-04-01-committee", "contacts": ["F4", "F5"],
         "recommended-by": "members", "yes": 2, "date": "2016-04-01"},
    ]  # fmt: skip
    journal = tmp_path / "j.jsonl"
    journal.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n")
    result = invoke(["--db", store, "record", str(journal), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [line["status"] for line in data["lines"]] == ["accepted", "accepted"]


def test_approval_takes_the_special_flag(store: str) -> None:
    code, out, _ = run(store, "member", "approve", "--help")
    assert code == 0
    assert "--special" in out
    assert "--body-type" not in out
    code, _, err = run(store, "member", "approve", "--member", "A1", "--body", "TC01",
                       "--special", "--date", "2016-05-01")  # fmt: skip
    assert code == 3
    assert "record.transition" in err
    assert "approval applies to: a resolution awaiting approval" in err
