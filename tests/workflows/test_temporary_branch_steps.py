"""A temporary branch as S000 art. 8 sets it up: its people keep their relation in their own
branch and take part there; the approving organisation appoints its leaders from them; those
leaders decide on the activists it trains; no relation enters it by transfer, and an opening
entry places one on its roll only on its founding day."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from branchbook.domain import ids
from branchbook.domain.branch import Branch
from branchbook.domain.catalogue import builtin_version
from branchbook.domain.meeting import Meeting
from branchbook.domain.rules import Rulebook, with_overrides
from branchbook.workflows.recording.recorder import Item, Outcome, Recorder
from branchbook.workflows.store.app import BranchBook


def cmd(command: str, on: str, **values: Any) -> dict[str, Any]:
    return {"command": command, "date": on, **{k.replace("_", "-"): v for k, v in values.items()}}


def enrol(number: str, branch: str, on: str = "2015-01-02", **path: Any) -> dict[str, Any]:
    path = path or {"status": "full", "admitted": "2000-01-01", "full_since": "2001-01-01"}
    return cmd(
        "member.enrol", on, member=number, name=f"党员{number}", birth="1970-01-01",
        branch=branch, **path,
    )  # fmt: skip


def take_part(number: str, on: str = "2024-01-10", branch: str = "T01") -> dict[str, Any]:
    return cmd("member.participate", on, member=number, branch=branch, basis="temporary")


def appoint(on: str, secretary: str, **extra: Any) -> dict[str, Any]:
    return cmd("branch.appoint", on, branch="T01", body="TC01", secretary=secretary, **extra)


SETTING = [
    cmd("org.add", "2015-01-01", code="TC01", name="党委", kind="committee",
        approves_admissions=True),
    cmd("branch.found", "2015-01-01", code="B01", name="B01", kind="regular", parent="TC01",
        full_members=3),
    cmd("branch.found", "2024-01-01", code="T01", name="项目临时党支部", kind="temporary",
        parent="TC01", approved_by="TC01", full_members=3),
    *(enrol(n, "B01") for n in ("F1", "F2", "F3", "F4", "F5")),
    enrol("P1", "B01", "2023-10-02", status="probationary", admitted="2023-10-01"),
]  # fmt: skip


def record(recorder: Recorder, *lines: dict[str, Any]) -> list[Outcome]:
    return list(recorder.record_many(Item(n, line) for n, line in enumerate(lines, start=1)))


@pytest.fixture
def book(recorder: Recorder) -> Recorder:
    """TC01 above a regular branch B01 (F1-F5 full, P1 probationary) and a temporary T01."""
    outcomes = record(recorder, *SETTING)
    assert all(o.accepted for o in outcomes), [o for o in outcomes if not o.accepted]
    return recorder


def status(outcome: Outcome) -> tuple[str, str | None]:
    return outcome.status, outcome.rule


# Appointing its leaders -------------------------------------------------------------------


def test_the_approving_organisation_appoints_the_secretary_from_those_taking_part(
    book: Recorder, app: BranchBook
) -> None:
    outcomes = record(
        book, take_part("F1"), take_part("F2"), appoint("2024-01-15", "F1", deputy="F2")
    )
    assert all(o.accepted for o in outcomes), outcomes
    branch = app.find(ids.branch_id("T01"))
    assert isinstance(branch, Branch)
    office = branch.office_on(date(2024, 1, 15))
    assert office is not None
    assert (office.secretary, office.deputy, office.appointed) == ("F1", "F2", True)
    assert branch.members_on(date(2024, 1, 15)) == []  # the relations stay in B01


def test_one_who_does_not_take_part_there_is_not_appointed(book: Recorder) -> None:
    take = record(book, take_part("F1"))
    (outcome,) = record(book, appoint("2024-01-15", "F1", deputy="F3"))
    assert take[0].accepted
    assert status(outcome) == ("rejected", "temporary_branch.appointees")
    assert (outcome.message or "").endswith("on 2024-01-15: F3")


def test_the_appointment_counts_from_the_first_day_of_taking_part(book: Recorder) -> None:
    record(book, take_part("F1", on="2024-01-10"))
    (before,) = record(book, appoint("2024-01-09", "F1"))
    (on_the_day,) = record(book, appoint("2024-01-10", "F1"))
    assert status(before) == ("rejected", "temporary_branch.appointees")
    assert on_the_day.accepted, on_the_day


def test_a_probationary_member_taking_part_is_not_appointed(book: Recorder) -> None:
    outcomes = record(book, take_part("P1"), appoint("2024-01-15", "P1"))
    assert outcomes[0].accepted
    assert status(outcomes[1]) == ("rejected", "temporary_branch.appointees")


def test_one_taking_part_on_another_basis_is_not_appointed(book: Recorder) -> None:
    line = cmd("member.participate", "2024-01-10", member="F1", branch="B01", basis="allowed")
    outcomes = record(book, line, appoint("2024-01-15", "F1"))
    # F1's relation is B01 itself: no participation there, and none in T01.
    assert status(outcomes[0]) == ("rejected", "record.participation_branch")
    assert status(outcomes[1]) == ("rejected", "temporary_branch.appointees")


def test_a_committee_of_participants_is_appointed_without_the_seven_member_rule(
    book: Recorder,
) -> None:
    parts = record(book, *(take_part(n) for n in ("F1", "F2", "F3")))
    committee = appoint(
        "2024-01-15", "F1", deputy="F2", members=["F1", "F2", "F3"], roles={"organisation": "F3"}
    )
    (outcome,) = record(book, committee)
    assert all(o.accepted for o in parts)
    assert outcome.accepted, outcome


def test_an_opening_entry_of_its_leaders_takes_them_from_those_taking_part(book: Recorder) -> None:
    def leaders(on: str, secretary: str) -> dict[str, Any]:
        return cmd("branch.leadership", on, branch="T01", secretary=secretary)

    outcomes = record(
        book, take_part("F1"), leaders("2024-01-15", "F4"), leaders("2024-01-15", "F1")
    )
    assert outcomes[0].accepted
    assert (outcomes[1].status, outcomes[1].rule) == ("rejected", "temporary_branch.appointees")
    assert outcomes[2].accepted, outcomes[2]


def test_a_regular_branch_still_seats_only_its_own_voting_members(book: Recorder) -> None:
    line = cmd("branch.appoint", "2024-01-15", branch="B01", body="TC01", secretary="F9")
    (outcome,) = record(book, line)
    assert status(outcome) == ("rejected", "branch.committee_members_full")


# Who decides and who counts ---------------------------------------------------------------


def _activist_steps(present: str, chair: str = "F1") -> list[dict[str, Any]]:
    return [
        cmd("member.apply", "2024-02-01", member="A1", name="申请人", birth="1995-01-01",
            branch="T01"),
        cmd("member.talk", "2024-02-10", member="A1", by="F1"),
        cmd("meeting.hold", "2024-09-01", branch="T01", kind="assembly", present=present,
            chair=chair),
        cmd("member.designate-activist", "2024-09-01", member="A1",
            meeting="T01-2024-09-01-assembly", contacts=["F1", "F2"], recommended_by="members"),
    ]  # fmt: skip


def _leaders(book: Recorder) -> None:
    steps = (
        take_part("F1"),
        take_part("F2"),
        take_part("F3"),
        appoint("2024-01-15", "F1", deputy="F2"),
    )
    assert all(o.accepted for o in record(book, *steps))


def test_its_appointed_leaders_count_and_decide_on_an_activist(
    book: Recorder, app: BranchBook
) -> None:
    _leaders(book)
    outcomes = record(book, *_activist_steps("F1,F2,F3"))
    assert all(o.accepted for o in outcomes), outcomes
    meeting = app.find(ids.meeting_id("T01-2024-09-01-assembly"))
    assert isinstance(meeting, Meeting)
    resolved = [e for e in app.events.get(meeting.id) if type(e).__name__ == "Resolved"]
    evidence: Any = resolved[0]
    # F3 takes part but was not appointed: present, and not counted.
    assert evidence.evidence["should_attend_members"] == ["F1", "F2"]
    assert evidence.evidence["present_voting_members"] == ["F1", "F2"]


def test_without_its_leaders_present_there_is_no_quorum(book: Recorder) -> None:
    _leaders(book)
    outcomes = record(book, *_activist_steps("F1,F3"))
    # One of the two leaders present: not more than half.
    assert status(outcomes[-1]) == ("rejected", "assembly.quorum")


def test_a_rulebook_that_counts_only_the_roll_leaves_no_one_to_decide(app: BranchBook) -> None:
    version = builtin_version()
    rule = with_overrides(
        version["temporary_branch.who_counts"], None, {"appointed_leaders": False}
    )
    only_roll = Recorder(
        app, Rulebook((version.amended("X", date(2015, 1, 1), {rule.id: rule}),)), actor="tester"
    )
    assert all(o.accepted for o in record(only_roll, *SETTING))
    _leaders(only_roll)
    outcomes = record(only_roll, *_activist_steps("F1,F2,F3"))
    assert status(outcomes[-1]) == ("rejected", "assembly.quorum")


# Relations: no transfer in; an opening entry only on the founding day --------------------


def test_a_transfer_into_a_temporary_branch_is_refused(book: Recorder) -> None:
    line = cmd("transfer.request", "2024-02-01", member="F4", to="T01", reason="项目")
    (outcome,) = record(book, line)
    assert status(outcome) == ("rejected", "temporary_branch.relations")
    assert "take" in (outcome.message or "")


def test_a_transfer_to_the_members_own_branch_is_still_the_destination_rule(
    book: Recorder,
) -> None:
    line = cmd("transfer.request", "2024-02-01", member="F4", to="B01", reason="x")
    (outcome,) = record(book, line)
    assert status(outcome) == ("rejected", "transfer.destination")


def test_an_opening_entry_on_the_founding_day_places_a_member_on_its_roll(
    book: Recorder, app: BranchBook
) -> None:
    (outcome,) = record(book, enrol("G1", "T01", on="2024-01-01"))
    assert outcome.accepted, outcome
    branch = app.find(ids.branch_id("T01"))
    assert isinstance(branch, Branch)
    assert branch.members_on(date(2024, 1, 1)) == ["G1"]


def test_an_opening_entry_after_the_founding_day_is_refused(book: Recorder) -> None:
    (outcome,) = record(book, enrol("G2", "T01", on="2024-01-02"))
    assert status(outcome) == ("rejected", "temporary_branch.relations")
    assert "2024-01-01" in (outcome.message or "")


def test_an_activist_is_entered_in_a_temporary_branch_on_any_day(book: Recorder) -> None:
    line = enrol(
        "G3", "T01", on="2024-06-01", status="activist", applied="2023-05-01",
        activist_since="2023-11-01",
    )  # fmt: skip
    (outcome,) = record(book, line)
    assert outcome.accepted, outcome
