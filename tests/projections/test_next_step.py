"""The next required step and its deadline, on both sides of each boundary."""

from __future__ import annotations

from datetime import date

import pytest
from attrs import evolve

from branchbook.domain.catalogue import builtin_rulebook
from branchbook.domain.rules import RulebookVersion, with_overrides
from branchbook.projections.members.next_step import NextStep, next_steps
from branchbook.projections.members.view import MemberView

APPLICANT = MemberView(
    number="M1", name="申请人", birth=date(1990, 1, 1), branch="B01", status="applicant",
    since=date(2024, 1, 31), enrolled=False, applied=date(2024, 1, 31), talked=None,
    activist_on=None, assessed_on=None, candidate_on=None, reviewed_on=None, review_passed=None,
    training_days=0, training_hours=0, introducers=(), prereviewed_on=None, admitted_on=None,
    admitted_at=None, probation_months=0, extensions=(), probation_end=None, approved_on=None,
    approved_by=None, oath_on=None, pending=None, pending_on=None, pending_meeting=None,
    pending_months=None, full_since=None, ended_on=None, rights_suspended=False, excluded=None,
)  # fmt: skip
ACTIVIST = evolve(
    APPLICANT,
    status="activist",
    talked=date(2024, 2, 10),
    activist_on=date(2024, 4, 1),
    since=date(2024, 4, 1),
)
CANDIDATE = evolve(
    ACTIVIST, status="candidate", candidate_on=date(2025, 4, 1), since=date(2025, 4, 1)
)
READY = evolve(
    CANDIDATE,
    reviewed_on=date(2025, 5, 1),
    review_passed=True,
    training_days=3,
    introducers=("F1", "F2"),
    prereviewed_on=date(2025, 6, 30),
)
ADMITTED = evolve(
    READY,
    status="admitted",
    admitted_on=date(2025, 7, 15),
    probation_months=12,
    probation_end=date(2026, 7, 15),
    pending="admit",
    pending_on=date(2025, 7, 15),
    pending_meeting="B01-2025-07-15-assembly",
    since=date(2025, 7, 15),
)
PROBATIONARY = evolve(
    ADMITTED,
    status="probationary",
    pending=None,
    pending_on=None,
    pending_meeting=None,
    approved_on=date(2025, 8, 1),
)


def version(on: date = date(2025, 1, 1)) -> RulebookVersion:
    return builtin_rulebook().in_force(on)


def steps(member: MemberView, as_of: date) -> list[NextStep]:
    return next_steps(member, version(), as_of)


@pytest.mark.parametrize(
    ("as_of", "overdue"),
    [(date(2024, 2, 29), False), (date(2024, 3, 1), True)],
    ids=["on the deadline", "the day after"],
)
def test_a_talk_is_due_a_month_after_the_application(as_of: date, overdue: bool) -> None:
    (talk,) = steps(APPLICANT, as_of)
    # 31 January plus one month is clamped to the end of February.
    assert (talk.rule, talk.due, talk.overdue) == (
        "applicant.talk_deadline",
        date(2024, 2, 29),
        overdue,
    )


def test_the_talk_deadline_follows_the_rulebook_in_force() -> None:
    rule = with_overrides(version()["applicant.talk_deadline"], None, {"months": 2})
    longer = version().amended("X", date(2024, 1, 1), {rule.id: rule})
    (talk,) = next_steps(APPLICANT, longer, date(2024, 3, 1))
    assert (talk.due, talk.overdue) == (date(2024, 3, 31), False)


def test_a_talked_applicant_waits_for_designation_without_a_deadline() -> None:
    (designation,) = steps(evolve(APPLICANT, talked=date(2024, 2, 1)), date(2030, 1, 1))
    assert designation.step == "designation as activist"
    assert (designation.due, designation.overdue) == (None, False)


@pytest.mark.parametrize(
    ("assessed", "as_of", "due", "overdue"),
    [
        (None, date(2024, 10, 1), date(2024, 10, 1), False),
        (None, date(2024, 10, 2), date(2024, 10, 1), True),
        (date(2024, 9, 15), date(2024, 10, 2), date(2025, 3, 15), False),
    ],
    ids=["due on the day", "overdue", "counted from the last assessment"],
)
def test_an_activist_is_assessed_every_six_months(
    assessed: date | None, as_of: date, due: date, overdue: bool
) -> None:
    assessment, candidate = steps(evolve(ACTIVIST, assessed_on=assessed), as_of)
    assert (assessment.rule, assessment.due, assessment.overdue) == (
        "activist.assessment_interval",
        due,
        overdue,
    )
    assert (candidate.rule, candidate.earliest, candidate.due) == (
        "activist.min_cultivation",
        date(2025, 4, 1),
        None,
    )


def test_a_candidate_lacks_each_missing_requirement_then_the_vote() -> None:
    missing = steps(
        evolve(
            CANDIDATE,
            review_passed=False,
            reviewed_on=date(2025, 5, 1),
            training_hours=23,
            introducers=("F1",),
        ),
        date(2025, 6, 1),
    )
    assert [s.rule for s in missing] == [
        "candidate.political_review", "candidate.training", "candidate.introducers",
        "candidate.prereview", None,
    ]  # fmt: skip
    assert "failed" in missing[0].step
    assert all(s.due is None for s in missing)
    trained = steps(evolve(READY, training_days=0, training_hours=24), date(2025, 7, 1))
    assert [s.rule for s in trained] == ["admission.assembly_after_prereview"]


@pytest.mark.parametrize(
    ("as_of", "overdue"), [(date(2025, 7, 30), False), (date(2025, 7, 31), True)]
)
def test_the_assembly_votes_within_a_month_of_the_pre_review(as_of: date, overdue: bool) -> None:
    (vote,) = steps(READY, as_of)
    assert (vote.due, vote.overdue) == (date(2025, 7, 30), overdue)


@pytest.mark.parametrize(
    ("as_of", "overdue"), [(date(2025, 10, 15), False), (date(2025, 10, 16), True)]
)
def test_an_admission_is_approved_within_three_months_six_at_most(
    as_of: date, overdue: bool
) -> None:
    (approval,) = steps(ADMITTED, as_of)
    assert approval.rule == "approval.deadline"
    assert (approval.due, approval.latest, approval.overdue) == (
        date(2025, 10, 15),
        date(2026, 1, 15),
        overdue,
    )


def test_a_probationary_member_swears_the_oath_then_is_discussed_at_probation_end() -> None:
    oath, conversion = steps(PROBATIONARY, date(2026, 7, 15))
    assert (oath.step, oath.due) == ("oath", None)
    assert (conversion.earliest, conversion.due, conversion.overdue) == (
        date(2026, 7, 15),
        date(2026, 7, 15),
        False,
    )
    (late,) = steps(evolve(PROBATIONARY, oath_on=date(2025, 8, 2)), date(2026, 7, 16))
    assert late.overdue


@pytest.mark.parametrize("decision", ["convert", "extend", "revoke"])
def test_a_probation_resolution_is_approved_within_three_months(decision: str) -> None:
    pending = evolve(PROBATIONARY, pending=decision, pending_on=date(2026, 7, 20))
    (before,) = steps(pending, date(2026, 10, 20))
    (after,) = steps(pending, date(2026, 10, 21))
    assert before.rule == "conversion.approval_deadline"
    assert decision in before.step
    assert (before.due, before.overdue, after.overdue) == (date(2026, 10, 20), False, True)


@pytest.mark.parametrize("status", ["full", "revoked", "not-approved"])
def test_full_and_ended_members_wait_for_nothing(status: str) -> None:
    assert steps(evolve(PROBATIONARY, status=status), date(2030, 1, 1)) == []


def test_party_age_counts_completed_years_from_full_since() -> None:
    full = evolve(PROBATIONARY, status="full", full_since=date(2016, 3, 1))
    assert full.party_age_on(date(2016, 2, 29)) is None
    assert full.party_age_on(date(2026, 2, 28)) == 9
    assert full.party_age_on(date(2026, 3, 1)) == 10
