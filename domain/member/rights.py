"""Rights and the should-attend count: a full member's rights suspended and
restored, and their exclusion from the should-attend count and return to it."""

from __future__ import annotations

from typing import Any

from branchbook.domain.branch import Branch
from branchbook.domain.decisions import assembly_quorum
from branchbook.domain.meeting import Meeting
from branchbook.domain.member.state import MemberEvent, MemberState, Status
from branchbook.domain.organisation import Body
from branchbook.domain.rules import Judge
from branchbook.domain.step import Step


class RightsSuspended(MemberEvent):
    """Voting, election and standing rights suspended."""

    TOPIC = "branchbook:Member.RightsSuspended"
    reason: str

    def apply(self, aggregate: MemberState) -> None:
        aggregate.rights_suspended = True
        aggregate._changed(self.step)


class RightsRestored(MemberEvent):
    """Suspended rights restored."""

    TOPIC = "branchbook:Member.RightsRestored"

    def apply(self, aggregate: MemberState) -> None:
        aggregate.rights_suspended = False
        aggregate._changed(self.step)


# The decision an exclusion is judged as: ordinary assembly business for the should-attend base.
EXCLUDE = "exclude"


class Excluded(MemberEvent):
    """Left out of the should-attend count, with the consent of `consented_by` (an
    organisation above the branch; None in events recorded before it was named)."""

    TOPIC = "branchbook:Member.Excluded"
    class_version = 2
    category: str
    consent: str
    meeting: str
    consented_by: str | None

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state["consented_by"] = None

    def apply(self, aggregate: MemberState) -> None:
        aggregate.excluded = self.category
        aggregate._changed(self.step)


class Included(MemberEvent):
    """Counted in the should-attend base again."""

    TOPIC = "branchbook:Member.Included"

    def apply(self, aggregate: MemberState) -> None:
        aggregate.excluded = None
        aggregate._changed(self.step)


class Rights(MemberState):
    """The steps that take a full member's vote or count away and give it back."""

    def suspend_rights(self, *, reason: str, branch: Branch, step: Step, judge: Judge) -> None:
        """Suspend voting, election and standing rights of a detained member (EL art. 5)."""
        on = step.effective
        self._expect(judge, "suspension of rights", Status.FULL, on=on)
        judge.check(
            "record.transition",
            member=self.number,
            status="rights already suspended",
            step="suspension of rights",
            allowed=["full with rights"],
            ok=not self.rights_suspended,
        )
        judged = step.judged(judge)
        self._trigger(RightsSuspended, reason=reason, step=judged)
        branch.record_standing(member=self.number, standing=self.standing, step=judged)

    def restore_rights(self, *, branch: Branch, step: Step, judge: Judge) -> None:
        """Restore suspended rights."""
        on = step.effective
        self._expect(judge, "restoration of rights", Status.FULL, on=on)
        judge.check(
            "record.transition",
            member=self.number,
            status="rights not suspended",
            step="restoration of rights",
            allowed=["rights suspended"],
            ok=self.rights_suspended,
        )
        judged = step.judged(judge)
        self._trigger(RightsRestored, step=judged)
        branch.record_standing(member=self.number, standing=self.standing, step=judged)

    def exclude(
        self,
        *,
        category: str,
        consent: str,
        consenting: Body,
        meeting: Meeting,
        branch: Branch,
        step: Step,
        judge: Judge,
    ) -> None:
        """Leave the member out of the should-attend count (COD-5), with the consent of an
        organisation above the branch and a resolution of an assembly with its quorum."""
        on = step.effective
        self._expect(judge, "exclusion from the should-attend count", Status.FULL, on=on)
        judge.check(
            "record.transition",
            member=self.number,
            status="already excluded",
            step="exclusion from the should-attend count",
            allowed=["counted"],
            ok=self.excluded is None,
        )
        judge.check(
            "record.meeting_branch",
            meeting=meeting.code,
            held_by=meeting.branch,
            branch=branch.code,
            member=self.number,
        )
        judge.check(
            "should_attend.exclusion_basis",
            meeting=meeting.code,
            kind=meeting.kind.value,
            held=meeting.held,
            on=on,
            consent=consent,
            consenting=consenting.code,
            above=list(consenting.above),
            branch=branch.code,
        )
        assembly_quorum(judge, meeting=meeting, branch=branch, decision=EXCLUDE, on=on)
        judged = step.judged(judge)
        self._trigger(
            Excluded,
            category=category,
            consent=consent,
            meeting=meeting.code,
            consented_by=consenting.code,
            step=judged,
        )
        branch.record_standing(member=self.number, standing=self.standing, step=judged)

    def include(self, *, branch: Branch, step: Step, judge: Judge) -> None:
        """Count an excluded member in the should-attend base again."""
        on = step.effective
        self._expect(judge, "return to the should-attend count", Status.FULL, on=on)
        judge.check(
            "record.transition",
            member=self.number,
            status="counted",
            step="return to the should-attend count",
            allowed=["excluded"],
            ok=self.excluded is not None,
        )
        judged = step.judged(judge)
        self._trigger(Included, step=judged)
        branch.record_standing(member=self.number, standing=self.standing, step=judged)
