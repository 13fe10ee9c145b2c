"""What a member's record needs next, and by when, from the projected state and the rulebook.

Answers a question, never judges a step: the parameters are those in force on the date asked
about, and nothing here reads the clock.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from attrs import frozen

from branchbook.domain.dates import add_months
from branchbook.domain.member import Status
from branchbook.domain.rules import Judge, RulebookVersion
from branchbook.projections.members.view import MemberView


@frozen
class NextStep:
    """One step the record is waiting for: its rule, the earliest date and the deadline."""

    step: str
    rule: str | None = None
    earliest: date | None = None
    due: date | None = None
    latest: date | None = None  # the longest allowed in special cases
    overdue: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "step": self.step,
            "rule": self.rule,
            "earliest": _iso(self.earliest),
            "due": _iso(self.due),
            "latest": _iso(self.latest),
            "overdue": self.overdue,
        }


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def next_steps(member: MemberView, version: RulebookVersion, as_of: date) -> list[NextStep]:
    """The steps the member's record waits for, in order; overdue when due before as_of."""
    judge = Judge(version)
    steps = _waiting(member, judge)
    return [
        NextStep(s.step, s.rule, s.earliest, s.due, s.latest, s.due is not None and s.due < as_of)
        for s in steps
    ]


def _waiting(m: MemberView, judge: Judge) -> list[NextStep]:
    if m.pending is not None:
        return [_approval(m, judge)]
    status = Status(m.status)
    if status is Status.APPLICANT:
        return [_applicant(m, judge)]
    if status is Status.ACTIVIST:
        return _activist(m, judge)
    if status is Status.CANDIDATE:
        return _candidate(m, judge)
    if status is Status.PROBATIONARY:
        steps = [] if m.oath_on is not None else [NextStep("oath")]
        end = m.probation_end
        conversion = "conversion discussed by the general assembly at the end of probation"
        return [*steps, NextStep(conversion, "probation.early_conversion", end, end)]
    return []


def _applicant(m: MemberView, judge: Judge) -> NextStep:
    assert m.applied is not None
    if m.talked is None:
        months = judge.whole("applicant.talk_deadline", "months")
        return NextStep(
            "talk with the applicant", "applicant.talk_deadline",
            due=add_months(m.applied, months),
        )  # fmt: skip
    minimum = judge.param("activist.after_application", "min_months")
    earliest = add_months(m.applied, minimum) if isinstance(minimum, int) else None
    return NextStep("designation as activist", "activist.after_application", earliest)


def _activist(m: MemberView, judge: Judge) -> list[NextStep]:
    assert m.activist_on is not None
    last = max(d for d in (m.activist_on, m.assessed_on) if d is not None)
    interval = judge.whole("activist.assessment_interval", "months")
    cultivation = judge.whole("activist.min_cultivation", "months")
    return [
        NextStep(
            "assessment", "activist.assessment_interval", due=add_months(last, interval)
        ),
        NextStep(
            "designation as development candidate", "activist.min_cultivation",
            earliest=add_months(m.activist_on, cultivation),
        ),
    ]  # fmt: skip


def _candidate(m: MemberView, judge: Judge) -> list[NextStep]:
    steps: list[NextStep] = []
    if judge.param("candidate.political_review", "required") and m.review_passed is not True:
        failed = " (the last one failed)" if m.review_passed is False else ""
        steps.append(NextStep(f"political review{failed}", "candidate.political_review"))
    days, hours = (judge.whole("candidate.training", p) for p in ("min_days", "min_hours"))
    if m.training_days < days and m.training_hours < hours:
        steps.append(NextStep("training", "candidate.training"))
    if len(m.introducers) != judge.whole("candidate.introducers", "required"):
        steps.append(NextStep("introducers", "candidate.introducers"))
    if m.prereviewed_on is None:
        steps.append(NextStep("pre-review by the higher committee", "candidate.prereview"))
        return [*steps, NextStep("admission vote in the general assembly")]
    months = judge.whole("admission.assembly_after_prereview", "within_months")
    vote = NextStep(
        "admission vote in the general assembly", "admission.assembly_after_prereview",
        due=add_months(m.prereviewed_on, months),
    )  # fmt: skip
    return [*steps, vote]


def _approval(m: MemberView, judge: Judge) -> NextStep:
    assert m.pending_on is not None
    step = f"approval of the {m.pending} resolution by the higher committee"
    if m.pending == "admit":
        normal = judge.whole("approval.deadline", "normal_months")
        longest = judge.whole("approval.deadline_special", "max_months")
        return NextStep(
            step, "approval.deadline",
            due=add_months(m.pending_on, normal), latest=add_months(m.pending_on, longest),
        )  # fmt: skip
    if m.pending not in ("convert", "extend", "revoke"):
        return NextStep(step)  # discipline and disposal: no deadline in the rulebook
    normal = judge.whole("conversion.approval_deadline", "normal_months")
    return NextStep(step, "conversion.approval_deadline", due=add_months(m.pending_on, normal))
