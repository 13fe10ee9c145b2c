"""Admission (T10) and the oath (T12): the general assembly admits a ready candidate as a
probationary member, who is sworn in once approved."""

from __future__ import annotations

from datetime import date

from branchbook.domain.branch import Branch
from branchbook.domain.dates import add_months
from branchbook.domain.decisions import Decision, Votes, assembly_resolution
from branchbook.domain.meeting import Meeting
from branchbook.domain.member.state import MemberEvent, MemberState, Pending, Status, first_step
from branchbook.domain.rules import Judge
from branchbook.domain.step import Step


class Admitted(MemberEvent):
    """The general assembly's resolution to admit, awaiting approval."""

    TOPIC = "branchbook:Member.Admitted"
    meeting: str
    probation_months: int

    def apply(self, aggregate: MemberState) -> None:
        aggregate.status = Status.ADMITTED
        aggregate.admitted_on = self.step.effective
        aggregate.admitted_at = self.meeting
        aggregate.probation_months = self.probation_months
        aggregate.pending = Pending(Decision.ADMIT, self.step.effective, self.meeting)
        aggregate._changed(self.step)


class SwornIn(MemberEvent):
    """The oath of a probationary member before the flag."""

    TOPIC = "branchbook:Member.SwornIn"

    def apply(self, aggregate: MemberState) -> None:
        aggregate.oath_on = self.step.effective


class Admission(MemberState):
    """The admission of a candidate and the oath of the admitted."""

    def admit(
        self,
        *,
        meeting: Meeting,
        branch: Branch,
        votes: Votes,
        step: Step,
        judge: Judge,
        failed: bool = False,
    ) -> None:
        """The general assembly resolves to admit the candidate as a probationary member (T10);
        a vote that `failed` is kept with its count and leaves the candidate a candidate."""
        on = step.effective
        self._expect(judge, "admission", Status.CANDIDATE, on=on)
        self._check_ready(judge, on)
        evidence = assembly_resolution(
            judge,
            meeting=meeting,
            branch=branch,
            member=self.number,
            decision=Decision.ADMIT,
            votes=votes,
            on=on,
            failed=failed,
        )
        if failed:
            self._failed(meeting, Decision.ADMIT, evidence, step, judge)
            return
        branch.check_room(judge, on, joining=self.number)
        branch.check_relation_kept(judge, on, member=self.number, step="the admission")
        months = judge.whole("probation.length", "months")
        judged = self._decided(meeting, Decision.ADMIT, evidence, step, judge)
        self._trigger(Admitted, meeting=meeting.code, probation_months=months, step=judged)
        branch.record_standing(member=self.number, standing=self.standing, step=judged)

    def _check_ready(self, judge: Judge, on: date) -> None:
        # Readiness is judged as of the assembly date: a review, training or pre-review
        # recorded with a later date did not precede the vote.
        judge.check(
            "candidate.political_review",
            member=self.number,
            passed=self.review_passed,
            required=judge.param("candidate.political_review", "required"),
        )
        for what, day in (
            ("political review", self.reviewed_on),
            ("pre-review", self.prereviewed_on),
        ):
            if day is not None:
                judge.check("record.step_order", step="admission", on=on, what=what, after=day)
        trained = [t for t in self.trainings if t.on <= on]
        judge.check(
            "candidate.training",
            member=self.number,
            days=sum(t.days for t in trained),
            hours=sum(t.hours for t in trained),
        )
        judge.check(
            "candidate.introducers",
            count=len(self.introducers),
            unfit=[],
            on=on,
        )
        judge.check("candidate.prereview", member=self.number, prereviewed=self.prereviewed_on)
        if self.prereviewed_on is not None:
            months = judge.whole("admission.assembly_after_prereview", "within_months")
            judge.check(
                "admission.assembly_after_prereview",
                prereviewed=self.prereviewed_on,
                on=on,
                due=add_months(self.prereviewed_on, months),
            )

    def swear_in(self, *, step: Step, judge: Judge) -> None:
        """Record the oath of a probationary member before the flag (T12)."""
        on = step.effective
        judge.check(
            "record.transition",
            member=self.number,
            status=self.status.value,
            step="oath",
            allowed=["probationary, not yet sworn in"],
            first=first_step(self.status, Status.PROBATIONARY),
            ok=self.status is Status.PROBATIONARY and self.oath_on is None,
        )
        since = self.approved_on or self.admitted_on
        assert since is not None
        judge.check("record.step_order", step="oath", on=on, what="approval", after=since)
        self._trigger(SwornIn, step=step.judged(judge))
