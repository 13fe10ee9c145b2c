"""Admission, approval and the oath; steps refused while a resolution awaits approval, and
enrolled probationary members and temporary branches (T10–T12)."""

from __future__ import annotations

from datetime import date

import pytest
from pipeline_support import (
    ADMITTED,
    APPROVED,
    DAY,
    PARENT,
    PROBATION_END,
    SWORN,
    admit,
    admitted,
    amended,
    approve,
    book,
    enrol,
    names,
    probationary,
    ready,
    rejected,
    resolve,
    standing,
    step,
    warned,
)

from branchbook.domain.branch import BranchKind
from branchbook.domain.decisions import Decision, Votes
from branchbook.domain.member import Member, Status

# --- admission (T10) -------------------------------------------------------------------------


def test_an_admission_makes_a_probationary_member_awaiting_approval_from_the_assembly_date() -> (
    None
):
    b = book(9)
    member = admitted(b)

    assert member.status is Status.ADMITTED
    assert member.admitted_on == ADMITTED
    assert member.admitted_at == f"B01-{ADMITTED.isoformat()}-assembly"
    assert member.probation_end == PROBATION_END
    assert member.pending is not None
    assert member.pending.decision == Decision.ADMIT
    assert standing(b, "C1", ADMITTED) == ("admitted", False)
    assert standing(b, "C1", ADMITTED - DAY) is None
    assert "C1" in b.branch.members_on(ADMITTED)
    assert "C1" not in b.branch.voters_on(ADMITTED)


def test_a_longer_probation_in_a_local_version_moves_the_end() -> None:
    b = book(9, version=amended({"probation.length": {"months": 18}}))

    assert admitted(b).probation_end == date(2018, 10, 20)


# --- approval (T11) ------------------------------------------------------------------------


@pytest.mark.parametrize("on", [ADMITTED, APPROVED, date(2017, 7, 20)])
def test_an_approval_within_three_months_of_the_resolution_is_clean(on: date) -> None:
    b = book(9)
    member = admitted(b)

    j = approve(b, member, on=on)

    assert j.warnings == []
    assert member.status is Status.PROBATIONARY
    assert member.approved_on == on
    assert member.approved_by == PARENT
    assert member.pending is None
    assert standing(b, "C1", on) == ("probationary", False)


@pytest.mark.parametrize("on", [date(2017, 7, 21), date(2017, 10, 20)])
def test_an_approval_after_three_months_is_recorded_with_a_warning(on: date) -> None:
    b = book(9)
    member = admitted(b)

    j = approve(b, member, on=on)

    assert warned(member) == ["approval.deadline"]
    assert "2017-07-20" in j.warnings[0].reason
    assert member.status is Status.PROBATIONARY


def test_a_late_approval_marked_special_is_clean() -> None:
    b = book(9)
    member = admitted(b)

    approve(b, member, on=date(2017, 10, 20), special=True)

    assert warned(member) == []
    assert member.status is Status.PROBATIONARY


@pytest.mark.parametrize("special", [False, True])
def test_an_approval_more_than_six_months_after_the_resolution_is_rejected(special: bool) -> None:
    b = book(9)
    member = admitted(b)

    err = rejected(
        "approval.deadline_special",
        lambda: approve(b, member, on=date(2017, 10, 21), special=special),
        member,
        b.branch,
    )
    names(err, "2017-10-21", "2017-10-20", "6 months", ADMITTED)


def test_a_refusal_more_than_six_months_late_is_recorded_with_a_warning() -> None:
    b = book(9)
    member = admitted(b)

    j = approve(b, member, on=date(2017, 10, 21), approved=False, special=True)

    assert [w.rule for w in j.warnings] == ["approval.deadline"]
    assert member.status is Status.NOT_APPROVED
    assert "C1" not in b.branch.members_on(date(2017, 10, 21))


def test_a_general_branch_does_not_approve_an_admission() -> None:
    b = book(9)
    member = admitted(b)

    err = rejected(
        "approval.approver",
        lambda: approve(b, member, body_type="general_branch"),
        member,
        b.branch,
    )
    names(err, "general_branch", "primary_committee_with_authority")


def test_a_body_that_is_not_above_the_branch_does_not_approve() -> None:
    b = book(9)
    member = admitted(b)

    err = rejected(
        "record.body_above",
        lambda: approve(b, member, above=("P02",)),
        member,
        b.branch,
    )
    names(err, PARENT, "B01")


def test_an_approval_dated_before_the_resolution_is_rejected() -> None:
    b = book(9)
    member = admitted(b)

    err = rejected(
        "record.step_order", lambda: approve(b, member, on=ADMITTED - DAY), member, b.branch
    )
    names(err, ADMITTED - DAY, ADMITTED)


def test_an_approval_with_nothing_awaiting_approval_is_rejected() -> None:
    b = book(9)
    member = probationary(b)

    rejected("record.transition", lambda: approve(b, member), member, b.branch)


def test_an_admission_not_approved_ends_the_path_and_takes_the_person_off_the_roll() -> None:
    b = book(9)
    member = admitted(b)

    approve(b, member, approved=False)

    assert member.status is Status.NOT_APPROVED
    assert member.ended_on == APPROVED
    assert member.pending is None
    assert "C1" in b.branch.members_on(APPROVED - DAY)
    assert "C1" not in b.branch.members_on(APPROVED)
    assert standing(b, "C1", APPROVED) == ("not-approved", False)
    event = member.pending_events[-1]
    assert isinstance(event, Member.NotApproved)
    assert event.decision == Decision.ADMIT


def test_a_person_not_approved_takes_no_further_step() -> None:
    b = book(9)
    member = admitted(b)
    approve(b, member, approved=False)

    rejected(
        "record.transition", lambda: member.swear_in(step=step(SWORN), judge=b.judge()), member
    )
    rejected("record.transition", lambda: resolve(b, member, Decision.CONVERT), member)


# --- oath (T12) -------------------------------------------------------------------------


def test_a_probationary_member_is_sworn_in_once_on_or_after_approval() -> None:
    b = book(9)
    member = probationary(b)

    rejected(
        "record.step_order",
        lambda: member.swear_in(step=step(APPROVED - DAY), judge=b.judge()),
        member,
    )
    member.swear_in(step=step(APPROVED), judge=b.judge())
    assert member.oath_on == APPROVED
    rejected(
        "record.transition", lambda: member.swear_in(step=step(SWORN), judge=b.judge()), member
    )


def test_a_member_awaiting_approval_is_not_yet_sworn_in() -> None:
    b = book(9)
    member = admitted(b)

    rejected(
        "record.transition", lambda: member.swear_in(step=step(SWORN), judge=b.judge()), member
    )


# --- the wrong status for a step ----------------------------------------------------------


@pytest.mark.parametrize("decision", [Decision.CONVERT, Decision.EXTEND, Decision.REVOKE])
def test_a_member_admitted_but_not_yet_approved_gets_no_further_resolution(decision: str) -> None:
    b = book(9)
    member = admitted(b)
    meeting = b.hold(PROBATION_END, b.branch.voters_on(PROBATION_END))

    err = rejected(
        "record.transition",
        lambda: resolve(b, member, decision, meeting=meeting, months=6),
        member,
        meeting,
        b.branch,
    )
    names(err, "C1 is admitted", "awaiting approval of the admit resolution")


def test_a_second_resolution_while_one_awaits_approval_is_rejected() -> None:
    b = book(9)
    member = probationary(b)
    resolve(b, member, Decision.CONVERT)
    meeting = b.hold(date(2018, 4, 25), b.branch.voters_on(PROBATION_END))

    rejected(
        "record.transition",
        lambda: resolve(b, member, Decision.REVOKE, on=date(2018, 4, 25), meeting=meeting),
        member,
        meeting,
    )


def test_a_full_member_is_not_converted_again() -> None:
    b = book(9)
    member = b["F1"]
    meeting = b.hold(PROBATION_END, b.branch.voters_on(PROBATION_END))

    rejected(
        "record.transition",
        lambda: resolve(b, member, Decision.CONVERT, meeting=meeting),
        member,
        meeting,
    )


def test_a_candidate_is_not_admitted_twice() -> None:
    b = book(9)
    member = admitted(b)
    meeting = b.hold(date(2017, 4, 21), b.branch.voters_on(ADMITTED))

    rejected(
        "record.transition",
        lambda: admit(b, member, on=date(2017, 4, 21), meeting=meeting, votes=Votes(yes=9)),
        member,
        meeting,
    )


# --- enrolled probationary members and temporary branches ----------------------------------


def test_an_enrolled_probationary_member_converts_at_the_end_of_the_probation_given() -> None:
    b = book(9)
    member = enrol(b, "P1", status=Status.PROBATIONARY, on=date(2016, 5, 1))

    assert member.probation_end == date(2017, 5, 1)
    rejected(
        "probation.early_conversion",
        lambda: resolve(b, member, Decision.CONVERT, on=date(2017, 4, 30)),
        member,
    )
    resolve(b, member, Decision.CONVERT, on=date(2017, 5, 1))
    approve(b, member, on=date(2017, 5, 10))
    assert member.full_since == date(2017, 5, 1)


def test_a_temporary_branch_does_not_convert_a_probationary_member() -> None:
    b = book(9, kind=BranchKind.TEMPORARY)
    member = enrol(b, "P1", status=Status.PROBATIONARY)
    meeting = b.hold(date(2017, 5, 1), b.branch.voters_on(date(2017, 5, 1)))

    rejected(
        "temporary_branch.forbidden_actions",
        lambda: resolve(b, member, Decision.CONVERT, on=date(2017, 5, 1), meeting=meeting),
        member,
        meeting,
        b.branch,
    )


def test_a_temporary_branch_does_not_admit() -> None:
    b = book(9, kind=BranchKind.TEMPORARY)
    member = ready(b)
    meeting = b.hold(ADMITTED, b.branch.voters_on(ADMITTED))

    rejected(
        "temporary_branch.forbidden_actions",
        lambda: admit(b, member, meeting=meeting),
        member,
        meeting,
        b.branch,
    )
    assert member.status is Status.CANDIDATE
