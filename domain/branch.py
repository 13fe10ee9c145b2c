"""The Branch aggregate: a branch of the organisation, its roll and its committee over time."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from datetime import date
from enum import Enum
from uuid import UUID

from attrs import frozen
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


@frozen
class Standing:
    """Where a member stands in their relation branch from a date on.

    `status` is the member's status (a value of domain.member.Status); `votes` says whether
    they hold voting rights (full members whose rights are not suspended, §1.4); `counted`
    whether they count in the should-attend base (voters not excluded under COD-5, §2.2).
    """

    since: date
    status: str
    votes: bool
    counted: bool

    @property
    def on_roll(self) -> bool:
        return self.status in ROLL_STATUSES


def standing_at(history: Sequence[Standing], on: date) -> Standing | None:
    """The standing in force on a date: the last change on or before it (history by date)."""
    at = bisect_right([s.since for s in history], on)
    return history[at - 1] if at else None


# The statuses that place a person on a branch's roll (RULES.md §1.3 invariant).
ROLL_STATUSES = frozenset({"admitted", "probationary", "full"})


@frozen
class Committee:
    """The branch committee seated from a date on; members include the secretary."""

    since: date
    members: tuple[str, ...]
    secretary: str
    deputy: str | None


class Branch(Aggregate):
    """A branch (党支部), identified by its code.

    The branch keeps its roll: every change of a member's standing, dated. A vote is judged
    against this roll on the meeting date, read in the transaction that records the decision,
    so the roll is the authoritative voting register and every standing change writes to it.
    """

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

    class RollChanged(Event):
        TOPIC = "branchbook:Branch.RollChanged"
        member: str
        status: str
        votes: bool
        counted: bool

    class CommitteeSeated(Event):
        TOPIC = "branchbook:Branch.CommitteeSeated"
        members: list[str]
        secretary: str
        deputy: str | None

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
        self.roll: dict[str, list[Standing]] = {}
        self.committees: list[Committee] = []

    def check_exists_on(self, judge: Judge, on: date) -> None:
        """A step in this branch may not be dated before its founding."""
        judge.check("record.branch_founded", branch=self.code, founded=self.founded, on=on)

    # The roll -----------------------------------------------------------------------------

    def standing_on(self, number: str, on: date) -> Standing | None:
        """The member's standing in this branch on a date (the last change on or before it)."""
        return standing_at(self.roll.get(number, ()), on)

    def voters_on(self, on: date) -> list[str]:
        """Members holding voting rights in this branch on a date."""
        return sorted(n for n in self.roll if (s := self.standing_on(n, on)) and s.votes)

    def counted_on(self, on: date) -> list[str]:
        """Voting members counted in the should-attend base on a date (COD-5 exclusions out)."""
        return sorted(n for n in self.roll if (s := self.standing_on(n, on)) and s.counted)

    def members_on(self, on: date) -> list[str]:
        """Everyone on the roll on a date: admitted, probationary and full members."""
        return sorted(n for n in self.roll if (s := self.standing_on(n, on)) and s.on_roll)

    def record_standing(self, *, member: str, standing: Standing, step: Step) -> None:
        """Enter a member's new standing; the step's date must be the standing's date."""
        self._roll_changed(
            member=member,
            status=standing.status,
            votes=standing.votes,
            counted=standing.counted,
            step=step,
        )

    @event(RollChanged)
    def _roll_changed(
        self, *, member: str, status: str, votes: bool, counted: bool, step: Step
    ) -> None:
        history = self.roll.setdefault(member, [])
        history.append(Standing(step.effective, status, votes, counted))
        history.sort(key=lambda s: s.since)  # stable: same-day changes keep their order

    # The committee ------------------------------------------------------------------------

    def committee_on(self, on: date) -> Committee | None:
        """The committee seated on a date, or None for a branch without one."""
        at = bisect_right([c.since for c in self.committees], on)
        return self.committees[at - 1] if at else None

    def seat_committee(
        self, *, members: list[str], secretary: str, deputy: str | None, step: Step, judge: Judge
    ) -> None:
        """Record the committee in office from the step's date (its members, secretary, deputy)."""
        on = step.effective
        self.check_exists_on(judge, on)
        judge.check("branch.committee_size", size=len(members), branch=self.code)
        judge.check("record.committee_roles", secretary=secretary, deputy=deputy, members=members)
        not_voting = [m for m in members if not self._votes(m, on)]
        judge.check("branch.committee_members_full", branch=self.code, on=on, not_voting=not_voting)
        self._committee_seated(
            members=members, secretary=secretary, deputy=deputy, step=step.judged(judge)
        )

    def _votes(self, number: str, on: date) -> bool:
        standing = self.standing_on(number, on)
        return standing is not None and standing.votes

    @event(CommitteeSeated)
    def _committee_seated(
        self, *, members: list[str], secretary: str, deputy: str | None, step: Step
    ) -> None:
        self.committees.append(Committee(step.effective, tuple(members), secretary, deputy))
        self.committees.sort(key=lambda c: c.since)
