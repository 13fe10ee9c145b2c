"""What every part of the Branch aggregate shares: its kind, its roll, its leadership's
history, and the checks every step on the branch makes.

The aggregate is assembled from one class per concern (domain.branch.aggregate), as the
Member aggregate is: a part triggers the assembled class's copy of its event (`_trigger`).
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import date
from enum import Enum
from typing import TYPE_CHECKING, Any

from eventsourcing.domain import Aggregate

from branchbook.domain.assembled import copy_of
from branchbook.domain.leadership import Office, Structure
from branchbook.domain.roll import FULL_STATUS, Standing, gone_from, standing_at
from branchbook.domain.rules import Judge
from branchbook.domain.step import Step

if TYPE_CHECKING:
    # The parts are mixed into an Aggregate (domain.branch.aggregate); typed as one here so
    # they may trigger events.
    _Base = Aggregate
else:
    _Base = object


class BranchKind(Enum):
    """How a branch is constituted (S000 art. 5, 8, 21)."""

    REGULAR = "regular"
    JOINT = "joint"
    TEMPORARY = "temporary"
    VILLAGE_COMMUNITY = "village-community"
    MOBILE = "mobile-member"


class BranchEvent(Aggregate.Event):
    """A step on a branch; the assembled aggregate keeps its own copy of each."""

    step: Step


class RollChanged(BranchEvent):
    """A member's new standing entered on the roll."""

    TOPIC = "branchbook:Branch.RollChanged"
    member: str
    status: str
    votes: bool
    counted: bool

    def apply(self, aggregate: BranchState) -> None:
        history = aggregate.roll.setdefault(self.member, [])
        history.append(Standing(self.step.effective, self.status, self.votes, self.counted))
        history.sort(key=lambda s: s.since)  # stable: same-day changes keep their order


class BranchState(_Base):
    """The state of a branch: its roll and its leadership over time."""

    code: str
    name: str
    kind: BranchKind
    parent: str
    units: tuple[str, ...]
    founded: date
    dissolved: date | None
    roll: dict[str, list[Standing]]
    offices: list[Office]

    def _trigger(self, event: type[Aggregate.Event], **kwargs: Any) -> None:
        """Trigger the assembled aggregate's copy of a part's event (the one its topic names)."""
        self.trigger_event(copy_of(type(self), event), **kwargs)

    def check_exists_on(self, judge: Judge, on: date) -> None:
        """A step in this branch is dated on or after its founding and before any dissolution."""
        judge.check("record.branch_founded", branch=self.code, founded=self.founded, on=on)
        judge.check("record.branch_open", branch=self.code, dissolved=self.dissolved, on=on)

    def check_relation_kept(self, judge: Judge, on: date, *, member: str, step: str) -> None:
        """A step dated `on` (before any dissolution, as check_exists_on holds) that leaves a
        person's relation in this branch: a dissolution already recorded on a later date said
        no relation remained in it, so the step would contradict it."""
        judge.check(
            "record.later_dissolution",
            branch=self.code,
            dissolved=self.dissolved,
            member=member,
            on=on,
            step=step,
        )

    def check_present(self, judge: Judge, on: date, *, meeting: str, present: list[str]) -> None:
        """Those present at this branch's meeting on a date had not left it by then: their
        relation moved to another branch (a transfer received) or they had died."""
        gone = gone_from(present, lambda n: self.standing_on(n, on))
        judge.check("record.present_in_branch", meeting=meeting, branch=self.code, on=on,
                    gone=gone)  # fmt: skip

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

    def full_on(self, on: date) -> list[str]:
        """Full members on the roll on a date, whatever their rights (S000 art. 20 counts them)."""
        return sorted(
            n for n in self.roll if (s := self.standing_on(n, on)) and s.status == FULL_STATUS
        )

    def check_room(self, judge: Judge, on: date, *, joining: str) -> None:
        """Warn when a member joining the roll takes the branch past its normal size."""
        size = len(set(self.members_on(on)) | {joining})
        judge.check("branch.max_members", branch=self.code, size=size, on=on)

    def check_takes_relation(self, judge: Judge, *, member: str, on: date, step: str) -> None:
        """A temporary branch holds no one's relation but the roll it was set up with (S000
        art. 8): members keep their relation elsewhere and take part there."""
        if self.kind is BranchKind.TEMPORARY:
            judge.check(
                "temporary_branch.relations",
                branch=self.code,
                member=member,
                step=step,
                on=on,
                founded=self.founded,
            )

    def record_standing(self, *, member: str, standing: Standing, step: Step) -> None:
        """Enter a member's new standing; the step's date must be the standing's date."""
        self._trigger(
            RollChanged,
            member=member,
            status=standing.status,
            votes=standing.votes,
            counted=standing.counted,
            step=step,
        )

    def holds_vote(self, number: str, on: date) -> bool:
        """Whether the member holds voting rights in this branch on a date."""
        standing = self.standing_on(number, on)
        return standing is not None and standing.votes

    # The leadership's history --------------------------------------------------------------

    def office_on(self, on: date) -> Office | None:
        """The leadership in force on a date, or None before any is recorded."""
        at = bisect_right([o.since for o in self.offices], on)
        return self.offices[at - 1] if at else None

    def committee_on(self, on: date) -> Office | None:
        """The committee in force on a date, or None for a branch led by a secretary alone."""
        office = self.office_on(on)
        if office is None or office.structure != Structure.COMMITTEE:
            return None
        return office

    def _leadership_step(self, judge: Judge, on: date, step: str) -> Office | None:
        """Every leadership step: the branch is open and the steps come in date order."""
        self.check_exists_on(judge, on)
        before = self.offices[-1] if self.offices else None
        if before is not None:
            judge.check(
                "record.step_order",
                step=step,
                on=on,
                what="the last change of the branch's leadership",
                after=before.since,
            )
        return before

    def _enter(self, office: Office) -> None:
        self.offices.append(office)
