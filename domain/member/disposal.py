"""Disposal: the end of a membership, a rectification order and its end, and the
suspension of a membership and its restoration."""

from __future__ import annotations

from datetime import date

from branchbook.domain.branch import Branch
from branchbook.domain.decisions import Decision, Votes, branch_decision
from branchbook.domain.meeting import Meeting
from branchbook.domain.member.state import MemberEvent, MemberState, Rectification, Status
from branchbook.domain.months import whole_months
from branchbook.domain.rules import Judge
from branchbook.domain.step import Step


class Left(MemberEvent):
    """The membership ended: removal, withdrawal or death."""

    TOPIC = "branchbook:Member.Left"
    status: str
    basis: str
    body: str | None
    meeting: str | None

    def apply(self, aggregate: MemberState) -> None:
        aggregate.pending = None
        aggregate._end(Status(self.status), self.basis, self.step.effective)
        aggregate._changed(self.step)


class RectificationOrdered(MemberEvent):
    """The branch committee ordered rectification within a deadline."""

    TOPIC = "branchbook:Member.RectificationOrdered"
    months: int
    deadline: date
    matter: str
    filed_with: str
    meeting: str

    def apply(self, aggregate: MemberState) -> None:
        aggregate.rectification = Rectification(
            self.step.effective, self.months, self.deadline, self.matter, self.filed_with
        )


class RectificationEnded(MemberEvent):
    """A rectification ended: corrected, or not."""

    TOPIC = "branchbook:Member.RectificationEnded"
    outcome: str

    def apply(self, aggregate: MemberState) -> None:
        aggregate.rectification = None


class MembershipSuspended(MemberEvent):
    """The membership suspended: out of contact, emigrated or long abroad."""

    TOPIC = "branchbook:Member.MembershipSuspended"
    reason: str
    since: date

    def apply(self, aggregate: MemberState) -> None:
        aggregate.status = Status.SUSPENDED
        aggregate.suspension = (self.reason, self.since, self.step.effective)
        aggregate.suspension_spells = [*aggregate.suspension_spells, (self.step.effective, None)]
        aggregate._changed(self.step)


class MembershipRestored(MemberEvent):
    """A suspended membership restored."""

    TOPIC = "branchbook:Member.MembershipRestored"

    def apply(self, aggregate: MemberState) -> None:
        aggregate.status = Status.FULL
        aggregate.suspension = None
        *before, (suspended, _) = aggregate.suspension_spells
        aggregate.suspension_spells = [*before, (suspended, self.step.effective)]
        aggregate._changed(self.step)


class Disposal(MemberState):
    """The steps that end, correct or suspend a membership."""

    def leave(
        self,
        *,
        status: Status,
        basis: str,
        body: str | None,
        meeting: str | None,
        branch: Branch,
        step: Step,
        judge: Judge,
    ) -> None:
        """The membership ends: removal, withdrawal or death; the roll and posts follow."""
        on_roll = self.standing.on_roll
        branch.leave_office(member=self.number, reason=basis, step=step, judge=judge)
        self._trigger(Left, status=status.value, basis=basis, body=body, meeting=meeting, step=step)
        if on_roll:
            branch.record_standing(member=self.number, standing=self.standing, step=step)

    def order_rectification(
        self,
        *,
        rectification: Rectification,
        meeting: Meeting,
        branch: Branch,
        votes: Votes | None,
        step: Step,
        judge: Judge,
    ) -> None:
        """The branch committee orders rectification within a deadline, pre-filed above."""
        evidence = branch_decision(
            judge,
            meeting=meeting,
            branch=branch,
            member=self.number,
            decision=Decision.RECTIFY,
            on=step.effective,
            votes=votes,
        )
        judged = self._decided(meeting, Decision.RECTIFY, evidence, step, judge)
        r = rectification
        self._trigger(
            RectificationOrdered,
            months=r.months,
            deadline=r.deadline,
            matter=r.matter,
            filed_with=r.filed_with,
            meeting=meeting.code,
            step=judged,
        )

    def end_rectification(self, *, outcome: str, step: Step, judge: Judge) -> None:
        """Record how a rectification ended: corrected, or not (urging may follow)."""
        on = step.effective
        r = self.rectification
        self.expect(
            judge,
            "the end of a rectification",
            Status.FULL,
            on=on,
            ok=r is not None,
            why="not under a rectification order",
        )
        assert r is not None
        judge.check(
            "record.step_order",
            step="the end of rectification",
            on=on,
            what="the order",
            after=r.ordered,
        )
        self._trigger(RectificationEnded, outcome=outcome, step=step.judged(judge))

    def suspend_membership(
        self, *, reason: str, since: date, branch: Branch, step: Step, judge: Judge
    ) -> None:
        """Suspend the membership of a member out of contact, emigrated or long abroad."""
        on = step.effective
        self._expect(judge, "suspension of membership", Status.FULL, on=on)
        judge.check(
            "record.step_order", step="suspension", on=on, what="the loss of contact", after=since
        )
        if reason == "lost-contact":
            judge.check(
                "lost_contact.suspension",
                member=self.number,
                since=since,
                on=on,
                months=whole_months(since, on),
            )
        judged = step.judged(judge)
        branch.leave_office(
            member=self.number, reason="membership suspended", step=judged, judge=judge
        )
        self._trigger(MembershipSuspended, reason=reason, since=since, step=judged)
        branch.record_standing(member=self.number, standing=self.standing, step=judged)

    def restore_membership(self, *, branch: Branch, step: Step, judge: Judge) -> None:
        """Restore a suspended membership (the member is found or returns)."""
        self._expect(judge, "restoration of membership", Status.SUSPENDED, on=step.effective)
        judged = step.judged(judge)
        self._trigger(MembershipRestored, step=judged)
        branch.record_standing(member=self.number, standing=self.standing, step=judged)
