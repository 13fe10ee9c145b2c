"""Conversion, extension and revocation (T13-T16): the general assembly's resolutions on a
probationary member, each awaiting the higher committee's approval."""

from __future__ import annotations

from branchbook.domain.branch import Branch
from branchbook.domain.decisions import Decision, Votes, assembly_resolution
from branchbook.domain.meeting import Meeting
from branchbook.domain.member.state import MemberEvent, MemberState, Pending, Status
from branchbook.domain.rules import Judge
from branchbook.domain.step import Step


class Resolved(MemberEvent):
    """A resolution to convert, extend or revoke, awaiting approval."""

    TOPIC = "branchbook:Member.Resolved"
    decision: str
    meeting: str
    months: int | None

    def apply(self, aggregate: MemberState) -> None:
        aggregate.pending = Pending(self.decision, self.step.effective, self.meeting, self.months)


class Probation(MemberState):
    """The resolutions that end or extend probation."""

    def resolve(
        self,
        *,
        decision: str,
        meeting: Meeting,
        branch: Branch,
        votes: Votes,
        months: int | None,
        step: Step,
        judge: Judge,
        failed: bool = False,
    ) -> None:
        """The general assembly resolves to convert, extend or revoke a probationary member; a
        vote that `failed` is kept with its count and changes nothing else."""
        on = step.effective
        self._expect(judge, decision, Status.PROBATIONARY, on=on)
        end = self.probation_end
        assert end is not None
        if decision == Decision.CONVERT:
            judge.check("probation.early_conversion", member=self.number, on=on, end=end)
            after = self.conversion_failed
            judge.check(
                "probation.after_failed_conversion",
                member=self.number,
                failed=after[0] if after and after[1] == len(self.extensions) else None,
            )
        elif decision == Decision.EXTEND:
            judge.check(
                "probation.extension",
                member=self.number,
                on=on,
                end=end,
                count=len(self.extensions),
                months=months,
            )
        evidence = assembly_resolution(
            judge,
            meeting=meeting,
            branch=branch,
            member=self.number,
            decision=decision,
            votes=votes,
            on=on,
            failed=failed,
        )
        if failed:
            self._failed(meeting, decision, evidence, step, judge)
            return
        judged = self._decided(meeting, decision, evidence, step, judge)
        self._trigger(
            Resolved,
            decision=decision,
            meeting=meeting.code,
            months=months if decision == Decision.EXTEND else None,
            step=judged,
        )
