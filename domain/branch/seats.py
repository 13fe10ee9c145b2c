"""Who holds the branch's seats outside an election (S000 art. 8, 20-24): the leadership in
office when the record begins, an appointment, a vacancy, a change of the term."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from branchbook.domain import leadership
from branchbook.domain.branch.office_checks import (
    check_bars,
    check_not_temporary,
    check_seated,
    check_secretary,
    check_structure,
    term_years,
)
from branchbook.domain.branch.state import BranchEvent, BranchKind, BranchState
from branchbook.domain.leadership import Term
from branchbook.domain.organisation import Body
from branchbook.domain.posts import NO_SANCTIONS, Sanctions, posts_given
from branchbook.domain.rules import Judge
from branchbook.domain.step import Step


def opening_term(
    kind: BranchKind, *, start: date | None, years: int | None, on: date
) -> Term | None:
    """The term an opening entry of the leadership records: none in a temporary branch.

    Entries recorded before terms were kept carry no length: the S000 default for the kind.
    """
    if kind is BranchKind.TEMPORARY:
        return None
    default = 5 if kind is BranchKind.VILLAGE_COMMUNITY else 3
    return Term(start or on, years or default)


class CommitteeSeated(BranchEvent):
    """The leadership in office when the record begins (an opening entry)."""

    TOPIC = "branchbook:Branch.CommitteeSeated"
    class_version = 2
    members: list[str]
    secretary: str
    deputy: str | None
    roles: dict[str, str]
    term_start: date | None
    term_years: int | None

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state.update(roles={}, term_start=None, term_years=None)

    def apply(self, aggregate: BranchState) -> None:
        on = self.step.effective
        term = opening_term(aggregate.kind, start=self.term_start, years=self.term_years, on=on)
        aggregate._enter(
            leadership.opening(
                since=on,
                members=self.members,
                secretary=self.secretary,
                deputy=self.deputy,
                roles=self.roles,
                term=term,
            )
        )


class Appointed(BranchEvent):
    """The leadership appointed by the higher organisation."""

    TOPIC = "branchbook:Branch.Appointed"
    approved_by: str
    secretary: str
    deputy: str | None
    members: list[str]
    roles: dict[str, str]

    def apply(self, aggregate: BranchState) -> None:
        aggregate._enter(
            leadership.appointed(
                aggregate.offices[-1] if aggregate.offices else None,
                since=self.step.effective,
                secretary=self.secretary,
                deputy=self.deputy,
                members=self.members,
                roles=self.roles,
                body=self.approved_by,
            )
        )


class Vacated(BranchEvent):
    """A seat in the leadership left."""

    TOPIC = "branchbook:Branch.Vacated"
    member: str
    reason: str

    def apply(self, aggregate: BranchState) -> None:
        aggregate._enter(
            leadership.vacated(
                aggregate.offices[-1],
                since=self.step.effective,
                member=self.member,
                reason=self.reason,
            )
        )


class TermChanged(BranchEvent):
    """The change of term extended or advanced."""

    TOPIC = "branchbook:Branch.TermChanged"
    change: str  # extend | advance
    months: int
    approved_by: str

    def apply(self, aggregate: BranchState) -> None:
        aggregate._enter(
            leadership.term_changed(
                aggregate.offices[-1],
                since=self.step.effective,
                change=self.change,
                months=self.months,
            )
        )


class Seats(BranchState):
    """The steps that seat or unseat the leadership, or move its term, without an election."""

    def enter_leadership(
        self,
        *,
        members: Sequence[str],
        secretary: str,
        deputy: str | None,
        roles: Mapping[str, str],
        term_start: date | None,
        step: Step,
        judge: Judge,
        sanctions: Sanctions = NO_SANCTIONS,
    ) -> None:
        """Record the leadership in office when the record begins (an opening entry)."""
        on = step.effective
        self._leadership_step(judge, on, "the opening entry of the leadership")
        seated = list(members) or [m for m in (secretary, deputy) if m]
        if len(seated) > 1 + judge.whole("branch.secretary_only_deputy", "max"):
            judge.check("branch.committee_size", size=len(seated), branch=self.code)
        check_seated(
            judge, self, on, members=seated, secretary=secretary, deputy=deputy, roles=roles
        )
        posts = posts_given(seated, secretary=secretary, deputy=deputy)
        check_bars(judge, self, on, posts, sanctions)
        if term_start is not None:
            judge.check(
                "record.step_order",
                step="the opening entry",
                on=on,
                what="the start of the term",
                after=term_start,
            )
        years = None if self.kind is BranchKind.TEMPORARY else term_years(judge, self)
        self._trigger(
            CommitteeSeated,
            members=list(members),
            secretary=secretary,
            deputy=deputy,
            roles=dict(roles),
            term_start=term_start,
            term_years=years,
            step=step.judged(judge),
        )

    def appoint(
        self,
        *,
        secretary: str,
        deputy: str | None,
        members: Sequence[str],
        roles: Mapping[str, str],
        party_ages: Mapping[str, int | None],
        approver: Body,
        step: Step,
        judge: Judge,
        sanctions: Sanctions = NO_SANCTIONS,
    ) -> None:
        """The higher organisation appoints the leadership (S000 art. 8, 21; PC art. 13)."""
        on = step.effective
        self._leadership_step(judge, on, "the appointment")
        approver.check_above(judge, branch=self.code, acting="the appointment")
        seated = list(members) or [m for m in (secretary, deputy) if m]
        if members:
            check_structure(judge, self, on, seats=len(seated))
        check_seated(
            judge, self, on, members=seated, secretary=secretary, deputy=deputy, roles=roles
        )
        check_secretary(judge, secretary, party_ages, on)
        posts = posts_given(seated, secretary=secretary, deputy=deputy)
        check_bars(judge, self, on, posts, sanctions)
        self._trigger(
            Appointed,
            approved_by=approver.code,
            secretary=secretary,
            deputy=deputy,
            members=list(members),
            roles=dict(roles),
            step=step.judged(judge),
        )

    def vacate(self, *, member: str, reason: str, step: Step, judge: Judge) -> None:
        """A member leaves the leadership: resignation, removal, transfer or death."""
        on = step.effective
        before = self._leadership_step(judge, on, "the vacancy")
        judge.check(
            "record.leadership_step",
            ok=before is not None and member in before.members,
            why=f"{member} holds no seat in the leadership of {self.code} on {on}",
        )
        self._trigger(Vacated, member=member, reason=reason, step=step.judged(judge))

    def leave_office(self, *, member: str, reason: str, step: Step, judge: Judge) -> None:
        """A member who leaves the branch or loses party posts leaves its leadership too."""
        office = self.office_on(step.effective)
        if office is not None and member in office.members:
            self.vacate(member=member, reason=reason, step=step, judge=judge)

    def change_term(
        self, *, change: str, months: int, approver: Body, step: Step, judge: Judge
    ) -> None:
        """The higher organisation approves extending or advancing the change of term."""
        on = step.effective
        before = self._leadership_step(judge, on, "the change of term")
        check_not_temporary(judge, self, "change of term")
        judge.check(
            "record.leadership_step",
            ok=before is not None and before.term is not None,
            why=f"{self.code} has no term of office on {on} to {change}",
        )
        assert before is not None
        assert before.term is not None
        approver.check_above(judge, branch=self.code, acting=f"the {change} of the term")
        so_far = before.term.extended if change == "extend" else before.term.advanced
        judge.check(
            "branch.term_change",
            branch=self.code,
            change=change,
            months=months,
            total=so_far + months,
        )
        self._trigger(
            TermChanged,
            change=change,
            months=months,
            approved_by=approver.code,
            step=step.judged(judge),
        )
