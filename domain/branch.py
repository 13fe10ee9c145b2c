"""The Branch aggregate: a branch of the organisation, from its founding on."""

from __future__ import annotations

from datetime import date
from enum import Enum
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain import ids
from domain.rules import Judge
from domain.step import Step


class BranchKind(Enum):
    """How a branch is constituted (S000 art. 5, 8, 21)."""

    REGULAR = "regular"
    JOINT = "joint"
    TEMPORARY = "temporary"
    VILLAGE_COMMUNITY = "village-community"


class Branch(Aggregate):
    """A branch (党支部), identified by its code."""

    TOPIC = "branchbook:Branch"

    class Event(Aggregate.Event):
        TOPIC = "branchbook:Branch.Event"
        step: Step

    class Founded(Aggregate.Created):
        TOPIC = "branchbook:Branch.Founded"
        code: str
        name: str
        kind: str
        parent: str
        step: Step

    @staticmethod
    def create_id(code: str) -> UUID:
        return ids.branch_id(code)

    @classmethod
    def found(
        cls, *, code: str, name: str, kind: BranchKind, parent: str, step: Step, judge: Judge
    ) -> Branch:
        """Found a branch; the founding date is the step's effective date."""
        return cls(code=code, name=name, kind=kind.value, parent=parent, step=step.judged(judge))

    @event(Founded)
    def __init__(self, *, code: str, name: str, kind: str, parent: str, step: Step) -> None:
        self.code = code
        self.name = name
        self.kind = BranchKind(kind)
        self.parent = parent
        self.founded: date = step.effective

    def check_exists_on(self, judge: Judge, on: date) -> None:
        """A step in this branch may not be dated before its founding."""
        judge.check("record.branch_founded", branch=self.code, founded=self.founded, on=on)
