"""Elections (S000 art. 20-24): the general assembly elects the committee or
the secretary, the committee elects its officers, the higher organisation approves them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from branchbook.domain import leadership
from branchbook.domain.branch.office_checks import (
    check_bars,
    check_meeting,
    check_not_temporary,
    check_seated,
    check_secretary,
    judge_election,
)
from branchbook.domain.branch.state import BranchEvent, BranchState
from branchbook.domain.elections import Ballots
from branchbook.domain.leadership import Structure
from branchbook.domain.meeting import Meeting
from branchbook.domain.organisation import Body
from branchbook.domain.posts import NO_SANCTIONS, Sanctions, posts_given
from branchbook.domain.rules import Judge
from branchbook.domain.step import Step
from branchbook.domain.voting import needed

COMMITTEE_MEETING = "committee"  # the value of domain.meeting.MeetingKind.COMMITTEE


class Elected(BranchEvent):
    """The committee, or the secretary where there is none, elected."""

    TOPIC = "branchbook:Branch.Elected"
    meeting: str
    kind: str
    structure: str
    seats: int
    elected: list[str]
    secretary: str | None
    deputy: str | None
    term_years: int
    evidence: dict[str, Any]

    def apply(self, aggregate: BranchState) -> None:
        aggregate._enter(
            leadership.elected(
                aggregate.offices[-1] if aggregate.offices else None,
                since=self.step.effective,
                kind=self.kind,
                structure=self.structure,
                seats=self.seats,
                chosen=self.elected,
                term_years=self.term_years,
                secretary=self.secretary,
                deputy=self.deputy,
            )
        )


class OfficersElected(BranchEvent):
    """The committee's secretary and deputy elected and its roles divided."""

    TOPIC = "branchbook:Branch.OfficersElected"
    meeting: str
    secretary: str
    deputy: str | None
    roles: dict[str, str]
    evidence: dict[str, Any]

    def apply(self, aggregate: BranchState) -> None:
        aggregate._enter(
            leadership.officers_elected(
                aggregate.offices[-1],
                since=self.step.effective,
                secretary=self.secretary,
                deputy=self.deputy,
                roles=self.roles,
            )
        )


class OfficersApproved(BranchEvent):
    """The elected secretary and deputy approved."""

    TOPIC = "branchbook:Branch.OfficersApproved"
    approved_by: str

    def apply(self, aggregate: BranchState) -> None:
        aggregate._enter(
            leadership.officers_approved(
                aggregate.offices[-1], since=self.step.effective, body=self.approved_by
            )
        )


class Officers(BranchState):
    """The elections of the branch's leadership."""

    def elect(
        self,
        *,
        meeting: Meeting,
        by_election: bool,
        seats: int,
        candidates: Sequence[str],
        ballots: Ballots,
        announced: Sequence[str] | None,
        secretary: str | None,
        deputy: str | None,
        party_ages: Mapping[str, int | None],
        should_attend: Sequence[str],
        step: Step,
        judge: Judge,
        sanctions: Sanctions = NO_SANCTIONS,
        void: bool = False,
    ) -> list[str]:
        """The general assembly elects the committee, or the secretary where there is none.

        `should_attend` is the electorate (the branch's voters, less COD-5 exclusions where the
        rulebook applies them); `sanctions` the candidates' sanctions, which may bar them from
        the post they stand for. Returns who was elected. A `void` election (more ballots
        returned than issued) is kept in its meeting with its count; it changes no office.
        """
        on = step.effective
        before = self._leadership_step(judge, on, "the election")
        outcome = judge_election(
            judge,
            self,
            before,
            meeting=meeting,
            by_election=by_election,
            seats=seats,
            candidates=candidates,
            ballots=ballots,
            announced=announced,
            secretary=secretary,
            deputy=deputy,
            party_ages=party_ages,
            should_attend=should_attend,
            sanctions=sanctions,
            on=on,
            void=void,
        )
        if void:
            meeting.fail(
                member=self.code,
                decision="election",
                evidence=outcome["evidence"],
                step=step.judged(judge),
            )
            return []
        self._trigger(Elected, **outcome, step=step.judged(judge))
        return list(outcome["elected"])

    def elect_officers(
        self,
        *,
        meeting: Meeting,
        secretary: str,
        deputy: str | None,
        roles: Mapping[str, str],
        party_ages: Mapping[str, int | None],
        step: Step,
        judge: Judge,
        sanctions: Sanctions = NO_SANCTIONS,
    ) -> None:
        """The committee elects its secretary and deputy and divides its roles (S000 art. 21)."""
        on = step.effective
        before = self._leadership_step(judge, on, "the election of the secretary")
        check_not_temporary(judge, self, "election of the secretary")
        judge.check(
            "record.leadership_step",
            ok=before is not None and before.structure == Structure.COMMITTEE,
            why=f"{self.code} has no committee on {on}; where there is none the general "
            "assembly elects the secretary (`branch elect --secretary`)",
        )
        assert before is not None
        check_meeting(
            judge,
            self,
            meeting,
            on=on,
            decision="election of the secretary",
            body=COMMITTEE_MEETING,
        )
        seats = list(before.members)
        present = [m for m in seats if m in meeting.present]
        judge.check(
            "committee_meeting.quorum",
            present=len(present),
            committee=len(seats),
            meeting=meeting.code,
        )
        check_seated(
            judge, self, on, members=seats, secretary=secretary, deputy=deputy, roles=roles
        )
        check_secretary(judge, secretary, party_ages, on)
        posts = posts_given((), secretary=secretary, deputy=deputy)
        check_bars(judge, self, on, posts, sanctions)
        evidence = {
            "committee": seats,
            "committee_present": present,
            "quorum_needed": needed(judge.version["committee_meeting.quorum"].params, len(seats)),
            "rulebook": judge.version.fingerprint,
        }
        self._trigger(
            OfficersElected,
            meeting=meeting.code,
            secretary=secretary,
            deputy=deputy,
            roles=dict(roles),
            evidence=evidence,
            step=step.judged(judge),
        )

    def approve_officers(
        self, *, approver: Body, step: Step, judge: Judge, sanctions: Sanctions = NO_SANCTIONS
    ) -> None:
        """The higher organisation approves the elected secretary and deputy (S000 art. 21)."""
        on = step.effective
        before = self._leadership_step(judge, on, "the approval of the secretary")
        judge.check(
            "record.leadership_step",
            ok=before is not None and before.pending is not None,
            why=f"{self.code} has no elected secretary or deputy awaiting approval on {on}",
        )
        approver.check_above(judge, branch=self.code, acting="the approval of the secretary")
        assert before is not None
        assert before.pending is not None
        secretary, deputy = before.pending
        check_bars(judge, self, on, posts_given((), secretary=secretary, deputy=deputy), sanctions)
        self._trigger(OfficersApproved, approved_by=approver.code, step=step.judged(judge))
