"""Approval (T11, T13-T16): the higher committee approves or declines a pending
resolution, and an approved resolution on discipline or disposal takes effect."""

from __future__ import annotations

from datetime import date

from branchbook.domain.branch import Branch
from branchbook.domain.dates import add_months
from branchbook.domain.decisions import PIPELINE_DECISIONS, Decision
from branchbook.domain.discipline import SanctionKind, approved_sanction, reviewed
from branchbook.domain.member.disposal import Disposal
from branchbook.domain.member.sanctions import Sanctions
from branchbook.domain.member.state import MemberEvent, MemberState, Pending, Status, first_step
from branchbook.domain.organisation import Body
from branchbook.domain.rules import Judge
from branchbook.domain.step import Step

# Decisions of the general assembly that wait for the higher committee's approval.
APPROVABLE = (Decision.ADMIT, Decision.CONVERT, Decision.EXTEND, Decision.REVOKE)


class Approved(MemberEvent):
    """A pending resolution approved."""

    TOPIC = "branchbook:Member.Approved"
    decision: str
    body: str
    body_type: str
    special: bool

    def apply(self, aggregate: MemberState) -> None:
        pending = aggregate.pending
        assert pending is not None
        aggregate.pending = None
        if self.decision == Decision.ADMIT:
            aggregate.status = Status.PROBATIONARY
            aggregate.approved_on = self.step.effective
            aggregate.approved_by = self.body
        elif self.decision == Decision.CONVERT:
            aggregate.status = Status.FULL
            aggregate.full_since = aggregate.probation_end
        elif self.decision == Decision.EXTEND:
            aggregate.extensions.append(pending.months or 0)
            return
        else:
            aggregate.status = Status.REVOKED
            aggregate.ended_on = self.step.effective
        aggregate._changed(self.step)


class NotApproved(MemberEvent):
    """A pending resolution declined; a declined admission ends the path."""

    TOPIC = "branchbook:Member.NotApproved"
    decision: str
    body: str
    body_type: str

    def apply(self, aggregate: MemberState) -> None:
        aggregate.pending = None
        if self.decision == Decision.ADMIT:
            aggregate.status = Status.NOT_APPROVED
            aggregate.ended_on = self.step.effective
            aggregate._changed(self.step)


class Approval(Sanctions, Disposal):
    """The higher committee's answer to a pending resolution."""

    def approve(
        self,
        *,
        body: Body,
        approved: bool,
        special: bool,
        branch: Branch,
        step: Step,
        judge: Judge,
    ) -> None:
        """The higher committee approves (or declines) the pending resolution (T11, T13-T16)."""
        on = step.effective
        pending = self.pending
        judge.check(
            "record.transition",
            member=self.number,
            status=self.status.value,
            step="approval",
            allowed=["a resolution awaiting approval"],
            first=first_step(self.status, Status.ADMITTED, Status.FULL),
            ok=pending is not None,
        )
        assert pending is not None
        judge.check(
            "record.step_order",
            step="approval",
            on=on,
            what=f"the {pending.decision} resolution",
            after=pending.on,
        )
        body.check_above(judge, branch=branch.code, acting=f"approval of {self.number}")
        if pending.decision not in PIPELINE_DECISIONS:
            self._approve_case(
                pending, body=body, approved=approved, branch=branch, step=step, judge=judge
            )
            return
        judge.check("approval.approver", body=body.code, body_type=body.body_type)
        _check_deadline(judge, pending, approved=approved, special=special, on=on)
        judged = step.judged(judge)
        if approved:
            self._trigger(
                Approved,
                decision=pending.decision,
                body=body.code,
                body_type=body.body_type,
                special=special,
                step=judged,
            )
            moves = pending.decision != Decision.EXTEND
        else:
            self._trigger(
                NotApproved,
                decision=pending.decision,
                body=body.code,
                body_type=body.body_type,
                step=judged,
            )
            moves = pending.decision == Decision.ADMIT
        if moves:
            branch.record_standing(member=self.number, standing=self.standing, step=judged)

    def _approve_case(
        self,
        pending: Pending,
        *,
        body: Body,
        approved: bool,
        branch: Branch,
        step: Step,
        judge: Judge,
    ) -> None:
        detail = pending.detail or {}
        expulsion = detail.get("sanction") == SanctionKind.EXPULSION.value
        judge.check(
            "discipline.approver",
            body=body.code,
            body_type=body.body_type,
            decision=pending.decision,
            expulsion=expulsion,
        )
        if not approved:
            self._trigger(
                NotApproved,
                decision=pending.decision,
                body=body.code,
                body_type=body.body_type,
                step=step.judged(judge),
            )
            return
        approve_effect(self, pending, body=body, branch=branch, step=step, judge=judge)


def _check_deadline(
    judge: Judge, pending: Pending, *, approved: bool, special: bool, on: date
) -> None:
    """The approval of an admission or a probation resolution comes within its deadline."""
    if pending.decision == Decision.ADMIT:
        normal = judge.whole("approval.deadline", "normal_months")
        longest = judge.whole("approval.deadline_special", "max_months")
        if approved:
            # A late refusal is still recorded (with the warning below): otherwise the
            # candidate would stay admitted, awaiting an answer, for ever.
            judge.check(
                "approval.deadline_special",
                resolved=pending.on,
                on=on,
                due=add_months(pending.on, longest),
            )
        judge.check(
            "approval.deadline",
            resolved=pending.on,
            on=on,
            special=special and approved,
            due=add_months(pending.on, normal),
        )
    else:
        normal = judge.whole("conversion.approval_deadline", "normal_months")
        judge.check(
            "conversion.approval_deadline",
            resolved=pending.on,
            on=on,
            decision=pending.decision,
            due=add_months(pending.on, normal),
        )


def approve_effect(
    member: Approval, pending: Pending, *, body: Body, branch: Branch, step: Step, judge: Judge
) -> None:
    """Give effect to an approved resolution on discipline or disposal (PC art. 9, 41-42)."""
    detail = pending.detail or {}
    on = step.effective
    if pending.decision == Decision.DISCIPLINE:
        sanction = approved_sanction(
            judge,
            kind=detail["sanction"],
            matter=detail["matter"],
            months=detail.get("months"),
            decided=pending.on,
            on=on,
            body=body.code,
        )
        member.sanction(
            sanction=sanction,
            body_type=body.body_type,
            branch=branch,
            step=step.judged(judge),
            judge=judge,
        )
    elif pending.decision == Decision.REVIEW_SANCTION:
        current = member.probation_sanction
        assert current is not None
        outcome = detail["outcome"]
        changed = reviewed(current, judge, outcome=outcome, on=on)
        member.review_sanction(
            outcome=outcome,
            sanction=changed,
            body=body.code,
            branch=branch,
            step=step.judged(judge),
        )
    elif pending.decision == Decision.URGE:
        member.urge_approved(body=body.code, step=step.judged(judge))
    else:
        member.leave(
            status=Status.REMOVED,
            basis=detail["basis"],
            body=body.code,
            meeting=pending.meeting,
            branch=branch,
            step=step.judged(judge),
            judge=judge,
        )
