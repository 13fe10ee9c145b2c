"""The Branch aggregate: a branch of the organisation, its roll and its committee over time.

The steps live in one class per concern; this class joins them into one aggregate with one
stream, and names every event of that stream with its stored topic.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from branchbook.domain import ids
from branchbook.domain.branch import founding, officers, reduction, seats, state
from branchbook.domain.branch.state import BranchKind
from branchbook.domain.dates import add_months
from branchbook.domain.organisation import Body
from branchbook.domain.rules import Judge
from branchbook.domain.step import Step


class Branch(founding.Founding, officers.Officers, seats.Seats, reduction.Reduction, Aggregate):
    """A branch (党支部), identified by its code.

    The branch keeps its roll: every change of a member's standing, dated. A vote is judged
    against this roll on the meeting date, read in the transaction that records the decision,
    so the roll is the authoritative voting register and every standing change writes to it.
    """

    TOPIC = "branchbook:Branch"

    class Event(Aggregate.Event):
        TOPIC = "branchbook:Branch.Event"
        step: Step

    # Each part's events, as this aggregate's own: a Branch.Event under the name and topic the
    # part gave it, the class its stored topic resolves to. The library makes the copy of a
    # created event itself.
    class Founded(founding.Founded): ...

    class Adjusted(founding.Adjusted, Event): ...

    class Dissolved(founding.Dissolved, Event): ...

    class RollChanged(state.RollChanged, Event): ...

    class CommitteeSeated(seats.CommitteeSeated, Event): ...

    class Elected(officers.Elected, Event): ...

    class OfficersElected(officers.OfficersElected, Event): ...

    class OfficersApproved(officers.OfficersApproved, Event): ...

    class Appointed(seats.Appointed, Event): ...

    class Vacated(seats.Vacated, Event): ...

    class TermChanged(seats.TermChanged, Event): ...

    class SeatsReduced(reduction.SeatsReduced, Event): ...

    @staticmethod
    def create_id(code: str) -> UUID:
        return ids.branch_id(code)

    @classmethod
    def found(
        cls,
        *,
        code: str,
        name: str,
        kind: BranchKind,
        parent: str,
        units: Sequence[str] = (),
        full_members: int | None = None,
        requested: date | None = None,
        approver: Body | None = None,
        step: Step,
        judge: Judge,
    ) -> Branch:
        """Found a branch; the founding date is the step's effective date (the approval)."""
        on = step.effective
        if approver is not None:
            approver.check_above(judge, branch=code, acting="the founding of the branch")
        if full_members is not None:
            judge.check("branch.founding_members", branch=code, full=full_members)
            judge.check("branch.max_members", branch=code, size=full_members, on=on)
        if kind is BranchKind.JOINT:
            judge.check("branch.joint", branch=code, units=len(units))
        if requested is not None:
            judge.check(
                "record.step_order", step="founding", on=on, what="the request", after=requested
            )
            months = judge.whole("branch.founding_approval", "max_months")
            due = add_months(requested, months)
            judge.check("branch.founding_approval", requested=requested, on=on, due=due)
        return cls(
            code=code,
            name=name,
            kind=kind.value,
            parent=parent,
            units=list(units),
            full_members=full_members,
            requested=requested,
            approved_by=approver.code if approver else None,
            step=step.judged(judge),
        )

    @event(Founded)
    def __init__(
        self,
        *,
        code: str,
        name: str,
        kind: str,
        parent: str,
        units: list[str],
        full_members: int | None,
        requested: date | None,
        approved_by: str | None,
        step: Step,
    ) -> None:
        self.code = code
        self.name = name
        self.kind = BranchKind(kind)
        self.parent = parent
        self.units = tuple(units)
        self.founded = step.effective
        self.dissolved = None
        self.roll = {}
        self.offices = []
