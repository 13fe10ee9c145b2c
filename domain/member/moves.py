"""Transfers of the relation: where the member's relation is held, the move to the
receiving branch, and a postponed conversion after a move during probation."""

from __future__ import annotations

from bisect import bisect_right
from datetime import date

from branchbook.domain.member.state import MemberEvent, MemberState, Status
from branchbook.domain.rules import Judge
from branchbook.domain.step import Step


class Moved(MemberEvent):
    """The relation, or an applicant's materials, moved to another branch."""

    TOPIC = "branchbook:Member.Moved"
    branch: str
    transfer: int
    restart_cultivation: bool

    def apply(self, aggregate: MemberState) -> None:
        on = self.step.effective
        aggregate.branch = self.branch
        aggregate.relations.append((on, self.branch))
        if aggregate.status is Status.PROBATIONARY:
            aggregate.transferred_in_probation = True
        if self.restart_cultivation and aggregate.status in (Status.ACTIVIST, Status.CANDIDATE):
            aggregate.activist_on = on
        aggregate._changed(self.step)


class ConversionPostponed(MemberEvent):
    """The receiving branch postponed discussing a transferred-in member's conversion."""

    TOPIC = "branchbook:Member.ConversionPostponed"
    months: int

    def apply(self, aggregate: MemberState) -> None:
        aggregate.postponed = self.months


class Moves(MemberState):
    """The member's side of a transfer."""

    def relation_on(self, on: date) -> str | None:
        """The branch holding the member's relation (or materials) on a date."""
        at = bisect_right([since for since, _ in self.relations], on)
        return self.relations[at - 1][1] if at else None

    def move(self, *, to: str, transfer: int, step: Step, judge: Judge) -> None:
        """The relation, or an applicant's materials, move to the receiving branch."""
        restart = not judge.param("activist.cultivation_continuous", "across_transfer")
        self._trigger(Moved, branch=to, transfer=transfer, restart_cultivation=restart, step=step)

    def postpone_conversion(self, *, months: int, step: Step, judge: Judge) -> None:
        """The receiving branch postpones discussing a transferred-in member's conversion."""
        on = step.effective
        self._expect(judge, "postponing the conversion", Status.PROBATIONARY, on=on)
        judge.check(
            "record.transition",
            member=self.number,
            status="probationary, not transferred in during probation or already postponed",
            step="postponing the conversion",
            allowed=["probationary, transferred in during probation"],
            ok=self.transferred_in_probation and self.postponed is None,
        )
        judge.check("probation.transferred_in_postpone", member=self.number, months=months)
        self._trigger(ConversionPostponed, months=months, step=step.judged(judge))
