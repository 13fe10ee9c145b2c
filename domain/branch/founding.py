"""Founding, adjustment and dissolution of a branch (S000 art. 4-8)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from eventsourcing.domain import Aggregate

from branchbook.domain.branch.state import BranchEvent, BranchKind, BranchState
from branchbook.domain.organisation import Body
from branchbook.domain.rules import Judge
from branchbook.domain.step import Step


class Founded(Aggregate.Created):
    """A branch founded, on the date of the higher organisation's approval."""

    TOPIC = "branchbook:Branch.Founded"
    class_version = 2
    code: str
    name: str
    kind: str
    parent: str
    units: list[str]
    full_members: int | None
    requested: date | None
    approved_by: str | None
    step: Step

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state.update(units=[], full_members=None, requested=None, approved_by=None)


class Adjusted(BranchEvent):
    """The branch's name, kind, parent or units adjusted."""

    TOPIC = "branchbook:Branch.Adjusted"
    name: str
    kind: str
    parent: str
    units: list[str]
    approved_by: str

    def apply(self, aggregate: BranchState) -> None:
        aggregate.name = self.name
        aggregate.kind = BranchKind(self.kind)
        aggregate.parent = self.parent
        aggregate.units = tuple(self.units)


class Dissolved(BranchEvent):
    """The branch dissolved."""

    TOPIC = "branchbook:Branch.Dissolved"
    reason: str
    approved_by: str

    def apply(self, aggregate: BranchState) -> None:
        aggregate.dissolved = self.step.effective


class Founding(BranchState):
    """The higher organisation's steps on the branch itself."""

    def adjust(
        self,
        *,
        name: str | None,
        kind: BranchKind | None,
        parent: str | None,
        units: Sequence[str] | None,
        approver: Body,
        step: Step,
        judge: Judge,
    ) -> None:
        """The higher organisation adjusts the branch: its name, kind, parent or units (art. 7)."""
        self.check_exists_on(judge, step.effective)
        approver.check_above(judge, branch=self.code, acting="the adjustment of the branch")
        new_kind = kind or self.kind
        new_units = list(units) if units is not None else list(self.units)
        if new_kind is BranchKind.JOINT:
            judge.check("branch.joint", branch=self.code, units=len(new_units))
        self._trigger(
            Adjusted,
            name=name or self.name,
            kind=new_kind.value,
            parent=parent or self.parent,
            units=new_units,
            approved_by=approver.code,
            step=step.judged(judge),
        )

    def dissolve(self, *, reason: str, approver: Body, step: Step, judge: Judge) -> None:
        """The higher organisation dissolves the branch; no member's relation may remain in it."""
        on = step.effective
        self.check_exists_on(judge, on)
        approver.check_above(judge, branch=self.code, acting="the dissolution of the branch")
        judge.check("record.dissolve_empty", branch=self.code, on=on, members=self.members_on(on))
        self._trigger(Dissolved, reason=reason, approved_by=approver.code, step=step.judged(judge))
