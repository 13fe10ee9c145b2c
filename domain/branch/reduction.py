"""Fewer seats instead of a by-election (EL90 art. 22): where an election left seats unfilled,
the same assembly may, with the consent of a majority of the electors present, reduce the
seats to those filled; a committee keeps at least its minimum size."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from branchbook.domain import leadership
from branchbook.domain.branch.office_checks import ASSEMBLY, check_meeting
from branchbook.domain.branch.state import BranchEvent, BranchState
from branchbook.domain.leadership import Structure
from branchbook.domain.meeting import Meeting
from branchbook.domain.rules import Judge
from branchbook.domain.step import Step
from branchbook.domain.wording import counted

REDUCTION = "reduction of seats"


class SeatsReduced(BranchEvent):
    """The assembly reduced the seats an election left unfilled."""

    TOPIC = "branchbook:Branch.SeatsReduced"
    meeting: str
    seats: int
    evidence: dict[str, Any]

    def apply(self, aggregate: BranchState) -> None:
        aggregate._enter(
            leadership.seats_reduced(
                aggregate.offices[-1], since=self.step.effective, seats=self.seats
            )
        )


class Reduction(BranchState):
    """The step that reduces the seats an election could not fill."""

    def reduce_seats(
        self,
        *,
        meeting: Meeting,
        seats: int,
        yes: int,
        electorate: Sequence[str],
        step: Step,
        judge: Judge,
    ) -> None:
        """The assembly that held the election consents to fewer seats (EL90 art. 22)."""
        on = step.effective
        before = self._leadership_step(judge, on, "the reduction of seats")
        check_meeting(judge, self, meeting, on=on, decision=REDUCTION, body=ASSEMBLY)
        unfilled = leadership.unfilled_on(before, on) if before is not None else 0
        removing = (before.seats - seats) if before is not None else 0
        judge.check(
            "record.leadership_step",
            ok=before is not None and 0 < removing <= unfilled and seats > 0,
            why=f"reducing {self.code} to {counted(seats, 'seat')} on {on}, where the election "
            f"that day left {counted(unfilled, 'seat')} unfilled"
            + (f" of {before.seats}" if before is not None else "")
            + ("; a branch keeps at least the secretary's seat" if seats == 0 else ""),
        )
        assert before is not None
        present = [m for m in electorate if m in meeting.present]
        judge.check(
            "record.ballots_within_present", cast=yes, present=len(present), meeting=meeting.code
        )
        judge.check(
            "election.seat_reduction",
            branch=self.code,
            meeting=meeting.code,
            yes=yes,
            present=len(present),
            seats=seats,
        )
        if before.structure == Structure.COMMITTEE:
            judge.check("branch.committee_size", size=seats, branch=self.code)
        evidence = {
            "electorate": list(electorate),
            "present_voting_members": present,
            "yes": yes,
            "seats_before": before.seats,
            "seats": seats,
            "rulebook": judge.version.fingerprint,
        }
        self._trigger(
            SeatsReduced,
            meeting=meeting.code,
            seats=seats,
            evidence=evidence,
            step=step.judged(judge),
        )
