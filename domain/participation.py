"""The Participation aggregate: where a member takes part without their relation.

A mobile member with a card, a member of a temporary branch or one allowed not to transfer
takes part in another branch's life; their relation branch, its roll and their vote stay
where they were, so nothing here touches a Branch.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from enum import Enum
from uuid import UUID

from attrs import evolve, frozen
from eventsourcing.domain import Aggregate, event

from branchbook.domain import ids
from branchbook.domain.branch import Branch
from branchbook.domain.member import Member, Status
from branchbook.domain.months import whole_months
from branchbook.domain.rules import Judge, RulebookVersion, RuleWarning
from branchbook.domain.step import Step

# Who takes part in another branch: those on a roll and not suspended (S000 art. 8, 16).
TAKING_PART = (Status.ADMITTED, Status.PROBATIONARY, Status.FULL)


class Basis(Enum):
    """Why a member takes part in a branch that does not hold their relation."""

    MOBILE = "mobile"  # 流动党员活动证, a mobile-member card
    TEMPORARY = "temporary"  # a temporary branch (S000 art. 8)
    ALLOWED = "allowed"  # allowed not to transfer (S000 art. 16)


@frozen
class Spell:
    """A time a member takes part in one branch: from `since` until `until` (excluded)."""

    branch: str
    basis: str
    since: date
    fixed_place: bool
    until: date | None = None

    def in_force(self, on: date) -> bool:
        return self.since <= on and (self.until is None or on < self.until)


def check_on_roll(member: Member, judge: Judge, step: str) -> None:
    """The step applies to an admitted, probationary or full member (not suspended)."""
    judge.check(
        "record.transition",
        member=member.number,
        status=member.status.value,
        step=step,
        allowed=[s.value for s in TAKING_PART],
        ok=member.status in TAKING_PART,
    )


class Participation(Aggregate):
    """The branches one member takes part in without their relation, over time."""

    TOPIC = "branchbook:Participation"

    class Event(Aggregate.Event):
        TOPIC = "branchbook:Participation.Event"
        step: Step

    class Opened(Aggregate.Created):
        TOPIC = "branchbook:Participation.Opened"
        number: str
        step: Step

    class Started(Event):
        TOPIC = "branchbook:Participation.Started"
        branch: str
        basis: str
        fixed_place: bool

    class Ended(Event):
        TOPIC = "branchbook:Participation.Ended"
        branch: str

    class Reported(Event):
        """The branch where the member takes part reports on it to the relation branch."""

        TOPIC = "branchbook:Participation.Reported"
        branch: str
        to: str
        matter: str

    @staticmethod
    def create_id(number: str) -> UUID:
        return ids.participation_id(number)

    @classmethod
    def open(cls, *, number: str, step: Step, judge: Judge) -> Participation:
        """Begin keeping where a member takes part outside their relation branch."""
        return cls(number=number, step=step.judged(judge))

    @event(Opened)
    def __init__(self, *, number: str, step: Step) -> None:
        self.number = number
        self.spells: list[Spell] = []
        self.reports: list[tuple[date, str, str]] = []  # (on, reporting branch, relation branch)

    def _open_spell(self, branch: str) -> Spell | None:
        return next((s for s in self.spells if s.branch == branch and s.until is None), None)

    def start(
        self,
        *,
        member: Member,
        branch: Branch,
        basis: Basis,
        fixed_place: bool,
        step: Step,
        judge: Judge,
    ) -> None:
        """The member starts taking part in a branch other than their relation branch."""
        on = step.effective
        check_on_roll(member, judge, "taking part in another branch")
        branch.check_exists_on(judge, on)
        judge.check(
            "record.participation_branch",
            member=self.number,
            branch=branch.code,
            relation=member.branch,
            basis=basis.value,
            kind=branch.kind.value,
            taking_part=self._open_spell(branch.code) is not None,
            step="start",
            on=on,
        )
        self._started(
            branch=branch.code,
            basis=basis.value,
            fixed_place=fixed_place,
            step=step.judged(judge),
        )

    @event(Started)
    def _started(self, *, branch: str, basis: str, fixed_place: bool, step: Step) -> None:
        self.spells.append(Spell(branch, basis, step.effective, fixed_place))

    def end(self, *, branch: str, step: Step, judge: Judge) -> None:
        """The member stops taking part in a branch."""
        on = step.effective
        spell = self._open_spell(branch)
        judge.check(
            "record.participation_branch",
            member=self.number,
            branch=branch,
            taking_part=spell is not None and spell.since <= on,
            step="end",
            on=on,
        )
        self._ended(branch=branch, step=step.judged(judge))

    @event(Ended)
    def _ended(self, *, branch: str, step: Step) -> None:
        spell = self._open_spell(branch)
        if spell is not None:
            self.spells[self.spells.index(spell)] = evolve(spell, until=step.effective)

    def report(self, *, member: Member, branch: str, matter: str, step: Step, judge: Judge) -> None:
        """The branch where the member took part reports on their participation (the democratic
        evaluation and the like) to the branch that holds their relation (S000 art. 10(9))."""
        on = step.effective
        judge.check(
            "mobility.inflow_report",
            member=self.number,
            branch=branch,
            relation=member.branch,
            took_part=any(s.branch == branch and s.since <= on for s in self.spells),
            on=on,
        )
        self._reported(branch=branch, to=member.branch, matter=matter, step=step.judged(judge))

    @event(Reported)
    def _reported(self, *, branch: str, to: str, matter: str, step: Step) -> None:
        self.reports.append((step.effective, branch, to))

    # Queries -----------------------------------------------------------------------------

    def branches_on(self, on: date) -> list[Spell]:
        """The spells in force on a date: branch, basis, since and whether at a fixed place."""
        return [s for s in self.spells if s.in_force(on)]

    def mobile_on(self, on: date) -> list[str]:
        """The branches where the member takes part as a mobile member on a date."""
        return [s.branch for s in self.branches_on(on) if s.basis == Basis.MOBILE.value]

    def findings(
        self, on: date, version: RulebookVersion, transferred_since: date | None = None
    ) -> list[RuleWarning]:
        """The `transfer.required` findings of this member's spells on a date."""
        return away_findings(self.number, self.spells, on, version, transferred_since)


def away_findings(
    number: str,
    spells: Sequence[Spell],
    on: date,
    version: RulebookVersion,
    transferred_since: date | None = None,
) -> list[RuleWarning]:
    """Spells at a fixed place long enough to call for a transfer of the relation; a spell
    begun on or before the last transfer of the relation (`transferred_since`) is settled."""
    judge = Judge(version)
    for spell in spells:
        if not spell.in_force(on) or not spell.fixed_place:
            continue
        if transferred_since is not None and spell.since <= transferred_since:
            continue
        facts = {
            "member": number,
            "branch": spell.branch,
            "since": spell.since,
            "on": on,
            "months": whole_months(spell.since, on),
        }
        judge.find("transfer.required", **facts)
    return judge.warnings
