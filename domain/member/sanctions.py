"""Discipline: a resolution on discipline or disposal awaiting approval, and the
approved sanction, its review, or the urging to withdraw."""

from __future__ import annotations

from datetime import date
from typing import Any

from attrs import evolve

from branchbook.domain.branch import Branch
from branchbook.domain.decisions import Votes, assembly_resolution
from branchbook.domain.discipline import Sanction, SanctionKind
from branchbook.domain.meeting import Meeting
from branchbook.domain.member.state import MemberEvent, MemberState, Pending, Status
from branchbook.domain.posts import BAR_RULES, post_held
from branchbook.domain.rules import Judge
from branchbook.domain.step import Step

# Sanctions that take away party posts (DC art. 11-13).
LOSES_POSTS = frozenset(
    {SanctionKind.POST_REMOVAL.value, SanctionKind.PROBATION.value, SanctionKind.EXPULSION.value}
)


class Decided(MemberEvent):
    """An assembly resolution on discipline or disposal, awaiting approval."""

    TOPIC = "branchbook:Member.Decided"
    decision: str
    meeting: str
    detail: dict[str, Any]

    def apply(self, aggregate: MemberState) -> None:
        aggregate.pending = Pending(
            self.decision, self.step.effective, self.meeting, self.detail.get("months"), self.detail
        )


class Sanctioned(MemberEvent):
    """An approved sanction entered; an expulsion ends the membership."""

    TOPIC = "branchbook:Member.Sanctioned"
    sanction: dict[str, Any]
    body_type: str

    def apply(self, aggregate: MemberState) -> None:
        entered = Sanction.from_dict(self.sanction)
        aggregate.pending = None
        aggregate.sanctions.append(entered)
        if entered.kind == SanctionKind.EXPULSION.value:
            aggregate._end(Status.EXPELLED, "expulsion", self.step.effective)
        aggregate._changed(self.step)


class SanctionReviewed(MemberEvent):
    """The approved end of an intra-party probation: restored or extended."""

    TOPIC = "branchbook:Member.SanctionReviewed"
    outcome: str
    sanction: dict[str, Any]
    body: str

    def apply(self, aggregate: MemberState) -> None:
        current = aggregate.probation_sanction
        assert current is not None
        aggregate.sanctions[aggregate.sanctions.index(current)] = Sanction.from_dict(self.sanction)
        aggregate.pending = None
        aggregate._changed(self.step)


class Urged(MemberEvent):
    """The higher body approved urging the member to withdraw."""

    TOPIC = "branchbook:Member.Urged"
    body: str

    def apply(self, aggregate: MemberState) -> None:
        aggregate.pending = None
        aggregate.urged = self.step.effective


class Sanctions(MemberState):
    """The member's side of a discipline case."""

    def sanctions_on(self, on: date) -> list[Sanction]:
        """The sanctions with effect on a date (a term, an effect period or a post bar)."""
        return [s for s in self.sanctions if s.in_force(on)]

    def resolve_case(
        self,
        *,
        decision: str,
        detail: dict[str, Any],
        meeting: Meeting,
        branch: Branch,
        votes: Votes,
        step: Step,
        judge: Judge,
    ) -> None:
        """Record a judged assembly resolution on discipline or disposal, awaiting approval."""
        evidence = assembly_resolution(
            judge,
            meeting=meeting,
            branch=branch,
            member=self.number,
            decision=decision,
            votes=votes,
            on=step.effective,
        )
        judged = self._decided(meeting, decision, evidence, step, judge)
        self._trigger(Decided, decision=decision, meeting=meeting.code, detail=detail, step=judged)

    def sanction(
        self, *, sanction: Sanction, body_type: str, branch: Branch, step: Step, judge: Judge
    ) -> None:
        """Enter an approved sanction; posts go with removal, probation and expulsion.

        A removal from posts or a probation keeps the post held, which bars equal or higher
        posts for a while after it (DC art. 11, 12)."""
        if sanction.kind in BAR_RULES:
            held = post_held(branch.office_on(step.effective), self.number)
            sanction = evolve(sanction, post=held)
        if sanction.kind in LOSES_POSTS:
            branch.leave_office(member=self.number, reason=sanction.kind, step=step, judge=judge)
        self._trigger(Sanctioned, sanction=sanction.as_dict(), body_type=body_type, step=step)
        branch.record_standing(member=self.number, standing=self.standing, step=step)

    def review_sanction(
        self, *, outcome: str, sanction: Sanction, body: str, branch: Branch, step: Step
    ) -> None:
        """Enter the approved end of an intra-party probation: restored or extended."""
        self._trigger(
            SanctionReviewed, outcome=outcome, sanction=sanction.as_dict(), body=body, step=step
        )
        branch.record_standing(member=self.number, standing=self.standing, step=step)

    def urge_approved(self, *, body: str, step: Step) -> None:
        """The higher body approves urging the member to withdraw."""
        self._trigger(Urged, body=body, step=step)
