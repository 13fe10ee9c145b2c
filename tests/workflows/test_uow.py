"""The unit of work: a failed command is undone in memory, a batch is saved in one transaction."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from branchbook.workflows.steps.application import apply_member, talk_with_applicant
from branchbook.workflows.steps.branches import found_branch, register_organisation
from branchbook.workflows.store.app import BranchBook
from branchbook.workflows.store.uow import UnitOfWork

from branchbook.domain import ids
from branchbook.domain.catalogue import builtin_rulebook
from branchbook.domain.member import Member
from branchbook.domain.rules import Judge
from branchbook.domain.step import Step
from branchbook.workflows.errors import Conflict

RULEBOOK = builtin_rulebook()


def judged(on: str) -> tuple[Judge, Step]:
    effective = date.fromisoformat(on)
    return Judge(RULEBOOK.in_force(effective)), Step(effective=effective, actor="tester")


def organisation(uow: UnitOfWork, code: str = "TC01", on: str = "2020-01-06") -> str:
    judge, step = judged(on)
    values = {"code": code, "name": "城关镇党委", "kind": "committee", "approves-admissions": True}
    return register_organisation(uow, judge, step, values)


def found(uow: UnitOfWork, code: str, on: str = "2020-01-06") -> str:
    judge, step = judged(on)
    values = {
        "code": code,
        "name": f"{code} 党支部",
        "kind": "regular",
        "parent": "TC01",
        "full-members": 3,
    }
    return found_branch(uow, judge, step, values)


def apply(uow: UnitOfWork, number: str, on: str = "2024-03-01", branch: str = "B01") -> str:
    judge, step = judged(on)
    values = {"member": number, "name": "王芳", "birth": date(1990, 5, 1), "branch": branch}
    return apply_member(uow, judge, step, values)


def talk(uow: UnitOfWork, number: str, on: str) -> str:
    judge, step = judged(on)
    return talk_with_applicant(uow, judge, step, {"member": number, "by": "组织委员"})


def talk_then_fail(number: str, on: str) -> Any:
    """A command that records a talk, then fails on a later check."""

    def command(uow: UnitOfWork) -> None:
        talk(uow, number, on)
        raise Conflict("a later check of the same command failed")

    return command


def member_in(uow: UnitOfWork, number: str) -> Member:
    member = uow.get(ids.member_id(number), Member)
    assert member is not None
    return member


def stored_count(app: BranchBook) -> int:
    return len(app.recorder.select_notifications(start=None, limit=100_000))


@pytest.fixture
def saved(app: BranchBook) -> BranchBook:
    """A store holding organisation TC01, its branch B01 and applicant M0001."""
    uow = UnitOfWork(app)
    uow.run(organisation)
    uow.run(lambda work: found(work, "B01"))
    uow.run(lambda work: apply(work, "M0001"))
    uow.commit()
    return app


def test_a_failing_command_leaves_a_stored_aggregate_as_it_was(saved: BranchBook) -> None:
    uow = UnitOfWork(saved)
    with pytest.raises(Conflict):
        uow.run(talk_then_fail("M0001", "2024-03-10"))
    member = member_in(uow, "M0001")
    assert member.talks == []
    assert member.pending_events == []
    assert member.version == 1
    assert uow.pending() == []
    uow.commit()
    assert stored_count(saved) == 3


def test_a_failing_command_leaves_an_unsaved_aggregate_of_the_same_batch_as_it_was(
    saved: BranchBook,
) -> None:
    uow = UnitOfWork(saved)
    uow.run(lambda work: apply(work, "M0002"))
    with pytest.raises(Conflict):
        uow.run(talk_then_fail("M0002", "2024-03-10"))
    member = member_in(uow, "M0002")
    assert member.talks == []
    assert [type(e) for e in member.pending_events] == [Member.Applied]
    assert member.version == 1
    # The batch goes on from the state before the failed command, and saves only what stood.
    uow.run(lambda work: talk(work, "M0002", "2024-03-12"))
    uow.commit()
    stored = saved.find(ids.member_id("M0002"))
    assert isinstance(stored, Member)
    assert stored.talks == [date(2024, 3, 12)]
    assert stored.version == 2


def test_a_failing_command_that_created_an_aggregate_leaves_no_aggregate(
    saved: BranchBook,
) -> None:
    uow = UnitOfWork(saved)

    def apply_then_fail(work: UnitOfWork) -> None:
        apply(work, "M0003")
        raise Conflict("a later check failed")

    with pytest.raises(Conflict):
        uow.run(apply_then_fail)
    assert uow.get(ids.member_id("M0003"), Member) is None
    assert uow.pending() == []
    uow.commit()
    assert saved.find(ids.member_id("M0003")) is None


def test_a_failing_command_does_not_touch_what_earlier_commands_did_to_other_aggregates(
    saved: BranchBook,
) -> None:
    uow = UnitOfWork(saved)
    uow.run(lambda work: talk(work, "M0001", "2024-03-05"))
    uow.run(lambda work: apply(work, "M0002"))
    with pytest.raises(Conflict):
        uow.run(talk_then_fail("M0002", "2024-03-10"))
    assert member_in(uow, "M0001").talks == [date(2024, 3, 5)]
    assert len(member_in(uow, "M0001").pending_events) == 1
    uow.commit()
    assert stored_count(saved) == 5


def test_run_returns_the_result_and_exactly_the_events_of_the_command(
    saved: BranchBook,
) -> None:
    uow = UnitOfWork(saved)
    subject, events = uow.run(lambda work: apply(work, "M0002"))
    assert subject == "M0002"
    assert [type(e) for e in events] == [Member.Applied]
    _, events = uow.run(lambda work: talk(work, "M0002", "2024-03-05"))
    assert [type(e) for e in events] == [Member.TalkedWith]
    assert all(e.originator_id == ids.member_id("M0002") for e in events)


def test_commit_maps_each_commands_events_to_their_stored_positions(saved: BranchBook) -> None:
    uow = UnitOfWork(saved)
    _, founded = uow.run(lambda work: found(work, "B02"))
    _, applied = uow.run(lambda work: apply(work, "M0002", branch="B02"))
    _, talked = uow.run(lambda work: talk(work, "M0002", "2024-03-05"))
    _, talked_first = uow.run(lambda work: talk(work, "M0001", "2024-03-06"))
    positions = uow.commit()
    by_command = [founded, applied, talked, talked_first]
    assert [len(events) for events in by_command] == [1, 1, 1, 1]
    numbers = [positions[id(e)] for events in by_command for e in events]
    assert sorted(numbers) == [4, 5, 6, 7]
    stored = {n.id: n for n in saved.recorder.select_notifications(start=4, limit=10)}
    for events in by_command:
        for event in events:
            notification = stored[positions[id(event)]]
            assert notification.originator_id == event.originator_id
            assert notification.originator_version == event.originator_version


def test_a_batch_with_nothing_accepted_commits_nothing(saved: BranchBook) -> None:
    uow = UnitOfWork(saved)
    with pytest.raises(Conflict):
        uow.run(talk_then_fail("M0001", "2024-03-10"))
    assert uow.commit() == {}
    assert stored_count(saved) == 3
