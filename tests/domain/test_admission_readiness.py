"""Readiness for admission: training, review, introducers and pre-review as of the assembly date,
and steps taken in the wrong status (T7–T9)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from pipeline_support import (
    ACTIVIST,
    ADMITTED,
    CANDIDATE,
    PREREVIEWED,
    TRAINED,
    activist,
    admit,
    amended,
    applicant,
    book,
    candidate,
    names,
    ready,
    rejected,
    step,
    warned,
)

from branchbook.domain.decisions import Decision, Votes
from branchbook.domain.meeting import MeetingKind
from branchbook.domain.member import Status
from branchbook.domain.rules import Severity
from branchbook.domain.wording import counted

# --- readiness for admission: training, review, introducers, pre-review (T7-T9) -------------


@pytest.mark.parametrize(
    ("sessions", "enough"),
    [
        ([(3, 0)], True),
        ([(0, 24)], True),
        ([(2, 23)], False),
        ([(1, 8), (1, 8)], False),
        ([(2, 0), (1, 0)], True),
        ([(0, 12), (0, 12)], True),
        ([(0, 0)], False),
    ],
)
def test_training_of_three_days_or_twenty_four_hours_is_needed_before_admission(
    sessions: list[tuple[int, int]], enough: bool
) -> None:
    b = book(9)
    member = ready(b, skip=["training"])
    for days, hours in sessions:
        member.train(days=days, hours=hours, step=step(TRAINED), judge=b.judge())

    if enough:
        admit(b, member)
        assert member.status is Status.ADMITTED
        return
    meeting = b.hold(ADMITTED, b.branch.voters_on(ADMITTED))
    err = rejected(
        "candidate.training",
        lambda: admit(b, member, meeting=meeting),
        member,
        meeting,
        b.branch,
    )
    days = sum(d for d, _ in sessions)
    hours = sum(h for _, h in sessions)
    said = counted(days, "day") + (f" and {counted(hours, 'class hour')}" if hours else "")
    names(err, f"has {said} of training", "3 days or 24 hours")


@pytest.mark.parametrize("passed", [None, False])
def test_admission_without_a_passed_political_review_is_rejected(passed: bool | None) -> None:
    b = book(9)
    member = ready(b, skip=["review"])
    if passed is not None:
        member.review(passed=passed, step=step(date(2017, 3, 10)), judge=b.judge())
    meeting = b.hold(ADMITTED, b.branch.voters_on(ADMITTED))

    err = rejected(
        "candidate.political_review",
        lambda: admit(b, member, meeting=meeting),
        member,
        meeting,
        b.branch,
    )
    names(err, "C1", "failed" if passed is False else "no recorded")


def test_a_review_that_is_not_required_by_the_rulebook_is_not_checked() -> None:
    b = book(9, version=amended({"candidate.political_review": {"required": False}}))
    member = ready(b, skip=["review"])

    admit(b, member)

    assert member.status is Status.ADMITTED


def test_admission_without_introducers_is_rejected() -> None:
    b = book(9)
    member = ready(b, skip=["introducers"])
    meeting = b.hold(ADMITTED, b.branch.voters_on(ADMITTED))

    err = rejected(
        "candidate.introducers", lambda: admit(b, member, meeting=meeting), member, meeting
    )
    names(err, "0 introducers")


def test_admission_without_a_pre_review_is_rejected() -> None:
    b = book(9)
    member = ready(b, skip=["prereview"])
    meeting = b.hold(ADMITTED, b.branch.voters_on(ADMITTED))

    err = rejected(
        "candidate.prereview", lambda: admit(b, member, meeting=meeting), member, meeting
    )
    names(err, "C1", "pre-review")


def test_an_assembly_one_month_after_the_pre_review_is_clean() -> None:
    b = book(9)
    member = ready(b)

    j = admit(b, member, on=date(2017, 5, 1))

    assert j.warnings == []
    assert warned(member) == []


def test_an_assembly_more_than_a_month_after_the_pre_review_is_recorded_with_a_warning() -> None:
    b = book(9)
    member = ready(b)

    j = admit(b, member, on=date(2017, 5, 2))

    assert member.status is Status.ADMITTED
    assert warned(member) == ["admission.assembly_after_prereview"]
    names_in = j.warnings[0].reason
    assert str(PREREVIEWED) in names_in
    assert "2017-05-01" in names_in


def test_the_same_warning_is_recorded_on_the_meetings_resolution() -> None:
    b = book(9)
    member = ready(b)
    meeting = b.hold(date(2017, 5, 2), b.branch.voters_on(date(2017, 5, 2)))

    admit(b, member, on=date(2017, 5, 2), meeting=meeting)

    assert warned(meeting) == ["admission.assembly_after_prereview"]


def test_a_late_assembly_made_hard_by_a_local_version_is_rejected() -> None:
    b = book(9, version=amended({}, {"admission.assembly_after_prereview": Severity.HARD}))
    member = ready(b)
    meeting = b.hold(date(2017, 5, 2), b.branch.voters_on(date(2017, 5, 2)))

    rejected(
        "admission.assembly_after_prereview",
        lambda: admit(b, member, on=date(2017, 5, 2), meeting=meeting),
        member,
        meeting,
        b.branch,
    )


# --- the wrong status for a step ---------------------------------------------------------


def test_an_activist_is_not_admitted() -> None:
    b = book(9)
    member = activist(b)
    meeting = b.hold(ADMITTED, b.branch.voters_on(ADMITTED))

    err = rejected(
        "record.transition",
        lambda: admit(b, member, meeting=meeting),
        member,
        meeting,
        b.branch,
    )
    names(err, "C1 is activist", "candidate")


@pytest.mark.parametrize("what", ["review", "train", "prereview"])
def test_candidate_steps_on_an_activist_are_rejected(what: str) -> None:
    b = book(3)
    member = activist(b)
    j, on = b.judge(), step(CANDIDATE)
    actions = {
        "review": lambda: member.review(passed=True, step=on, judge=j),
        "train": lambda: member.train(days=3, hours=0, step=on, judge=j),
        "prereview": lambda: member.prereview(body="Primary committee", step=on, judge=j),
    }

    rejected("record.transition", actions[what], member)


def test_a_step_dated_before_the_last_change_of_standing_is_rejected() -> None:
    b = book(3)
    member = candidate(b)

    err = rejected(
        "record.step_order",
        lambda: member.review(
            passed=True, step=step(CANDIDATE - timedelta(days=1)), judge=b.judge()
        ),
        member,
    )
    names(err, CANDIDATE)


def test_the_designation_resolutions_carry_the_evidence_of_the_deciding_body() -> None:
    b = book(9, committee=["F1", "F2", "F3"])
    member = applicant(b)
    meeting = b.hold(ACTIVIST, ["F1", "F2"], kind=MeetingKind.COMMITTEE)

    member.designate_activist(
        meeting=meeting,
        branch=b.branch,
        contacts=b.named(["F1"]),
        recommended_by="members",
        votes=Votes(yes=2),
        step=step(ACTIVIST),
        judge=b.judge(),
    )

    resolved = meeting.pending_events[-1]
    assert isinstance(resolved, type(meeting).Resolved)
    assert resolved.decision == Decision.DESIGNATE_ACTIVIST
    assert resolved.evidence["committee"] == ["F1", "F2", "F3"]
    assert resolved.evidence["committee_present"] == ["F1", "F2"]
    assert resolved.evidence["quorum_needed"] == 2
    assert resolved.evidence["yes"] == 2


# --- readiness is judged as of the assembly date ---------------------------------------------


@pytest.mark.parametrize("late", ["review", "prereview"])
def test_an_admission_dated_before_the_review_or_pre_review_it_rests_on_is_rejected(
    late: str,
) -> None:
    b = book(9)
    member = ready(b, skip=[late])
    after = ADMITTED + timedelta(days=1)
    if late == "review":
        member.review(passed=True, step=step(after), judge=b.judge())
    else:
        member.prereview(body="Primary committee", step=step(after), judge=b.judge())
    meeting = b.hold(ADMITTED, b.branch.voters_on(ADMITTED))

    err = rejected(
        "record.step_order",
        lambda: admit(b, member, meeting=meeting),
        member,
        meeting,
        b.branch,
    )
    names(err, "admission", ADMITTED, after)


def test_training_dated_after_the_assembly_does_not_count_towards_admission() -> None:
    b = book(9)
    member = ready(b, skip=["training"])
    member.train(days=1, hours=0, step=step(TRAINED), judge=b.judge())
    member.train(days=2, hours=0, step=step(ADMITTED + timedelta(days=1)), judge=b.judge())
    meeting = b.hold(ADMITTED, b.branch.voters_on(ADMITTED))

    err = rejected(
        "candidate.training",
        lambda: admit(b, member, meeting=meeting),
        member,
        meeting,
        b.branch,
    )
    assert (err.facts["days"], err.facts["hours"]) == (1, 0)
    admit(b, member, on=ADMITTED + timedelta(days=1))
    assert member.status is Status.ADMITTED
