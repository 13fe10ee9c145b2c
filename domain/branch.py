"""The Branch aggregate: a branch of the organisation, its roll and its committee over time."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping, Sequence
from datetime import date
from enum import Enum
from typing import TYPE_CHECKING, Any
from uuid import UUID

from attrs import frozen
from eventsourcing.domain import Aggregate, event

from branchbook.domain import ids, leadership
from branchbook.domain.dates import add_months
from branchbook.domain.elections import Ballots
from branchbook.domain.leadership import Office, Structure, Term
from branchbook.domain.office_checks import (
    check_meeting,
    check_not_temporary,
    check_seated,
    check_secretary,
    check_structure,
    judge_election,
    term_years,
)
from branchbook.domain.organisation import Body
from branchbook.domain.rules import Judge
from branchbook.domain.step import Step
from branchbook.domain.voting import needed

if TYPE_CHECKING:
    from branchbook.domain.meeting import Meeting


class BranchKind(Enum):
    """How a branch is constituted (S000 art. 5, 8, 21)."""

    REGULAR = "regular"
    JOINT = "joint"
    TEMPORARY = "temporary"
    VILLAGE_COMMUNITY = "village-community"
    MOBILE = "mobile-member"


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
# A suspended member's relation stays with the branch, which later restores or removes them.
ROLL_STATUSES = frozenset({"admitted", "probationary", "full", "suspended"})
FULL_STATUS = "full"
COMMITTEE_MEETING = "committee"  # the value of domain.meeting.MeetingKind.COMMITTEE


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

    class Adjusted(Event):
        TOPIC = "branchbook:Branch.Adjusted"
        name: str
        kind: str
        parent: str
        units: list[str]
        approved_by: str

    class Dissolved(Event):
        TOPIC = "branchbook:Branch.Dissolved"
        reason: str
        approved_by: str

    class RollChanged(Event):
        TOPIC = "branchbook:Branch.RollChanged"
        member: str
        status: str
        votes: bool
        counted: bool

    class CommitteeSeated(Event):
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

    class Elected(Event):
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

    class OfficersElected(Event):
        TOPIC = "branchbook:Branch.OfficersElected"
        meeting: str
        secretary: str
        deputy: str | None
        roles: dict[str, str]
        evidence: dict[str, Any]

    class OfficersApproved(Event):
        TOPIC = "branchbook:Branch.OfficersApproved"
        approved_by: str

    class Appointed(Event):
        TOPIC = "branchbook:Branch.Appointed"
        approved_by: str
        secretary: str
        deputy: str | None
        members: list[str]
        roles: dict[str, str]

    class Vacated(Event):
        TOPIC = "branchbook:Branch.Vacated"
        member: str
        reason: str

    class TermChanged(Event):
        TOPIC = "branchbook:Branch.TermChanged"
        change: str  # extend | advance
        months: int
        approved_by: str

    @staticmethod
    def create_id(code: str) -> UUID:
        return ids.branch_id(code)

    # Founding, adjustment, dissolution (S000 art. 4-8) --------------------------------------

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
        self.founded: date = step.effective
        self.dissolved: date | None = None
        self.roll: dict[str, list[Standing]] = {}
        self.offices: list[Office] = []

    def check_exists_on(self, judge: Judge, on: date) -> None:
        """A step in this branch is dated on or after its founding and before any dissolution."""
        judge.check("record.branch_founded", branch=self.code, founded=self.founded, on=on)
        judge.check("record.branch_open", branch=self.code, dissolved=self.dissolved, on=on)

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
        self._adjusted(
            name=name or self.name,
            kind=new_kind.value,
            parent=parent or self.parent,
            units=new_units,
            approved_by=approver.code,
            step=step.judged(judge),
        )

    @event(Adjusted)
    def _adjusted(
        self, *, name: str, kind: str, parent: str, units: list[str], approved_by: str, step: Step
    ) -> None:
        self.name = name
        self.kind = BranchKind(kind)
        self.parent = parent
        self.units = tuple(units)

    def dissolve(self, *, reason: str, approver: Body, step: Step, judge: Judge) -> None:
        """The higher organisation dissolves the branch; no member's relation may remain in it."""
        on = step.effective
        self.check_exists_on(judge, on)
        approver.check_above(judge, branch=self.code, acting="the dissolution of the branch")
        judge.check("record.dissolve_empty", branch=self.code, on=on, members=self.members_on(on))
        self._dissolved(reason=reason, approved_by=approver.code, step=step.judged(judge))

    @event(Dissolved)
    def _dissolved(self, *, reason: str, approved_by: str, step: Step) -> None:
        self.dissolved = step.effective

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

    def holds_vote(self, number: str, on: date) -> bool:
        """Whether the member holds voting rights in this branch on a date."""
        standing = self.standing_on(number, on)
        return standing is not None and standing.votes

    # The leadership (S000 art. 20-24; §2.5, §3.3-3.5) --------------------------------------

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
        if term_start is not None:
            judge.check(
                "record.step_order",
                step="the opening entry",
                on=on,
                what="the start of the term",
                after=term_start,
            )
        years = None if self.kind is BranchKind.TEMPORARY else term_years(judge, self)
        self._committee_seated(
            members=list(members),
            secretary=secretary,
            deputy=deputy,
            roles=dict(roles),
            term_start=term_start,
            term_years=years,
            step=step.judged(judge),
        )

    @event(CommitteeSeated)
    def _committee_seated(
        self,
        *,
        members: list[str],
        secretary: str,
        deputy: str | None,
        roles: dict[str, str],
        term_start: date | None,
        term_years: int | None,
        step: Step,
    ) -> None:
        on = step.effective
        term = opening_term(self.kind, start=term_start, years=term_years, on=on)
        self._enter(
            leadership.opening(
                since=on,
                members=members,
                secretary=secretary,
                deputy=deputy,
                roles=roles,
                term=term,
            )
        )

    def _enter(self, office: Office) -> None:
        self.offices.append(office)

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
    ) -> list[str]:
        """The general assembly elects the committee, or the secretary where there is none.

        `should_attend` is the electorate (the branch's voters, less COD-5 exclusions where the
        rulebook applies them). Returns who was elected.
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
            on=on,
        )
        self._elected(**outcome, step=step.judged(judge))
        return list(outcome["elected"])

    @event(Elected)
    def _elected(
        self,
        *,
        meeting: str,
        kind: str,
        structure: str,
        seats: int,
        elected: list[str],
        secretary: str | None,
        deputy: str | None,
        term_years: int,
        evidence: dict[str, Any],
        step: Step,
    ) -> None:
        self._enter(
            leadership.elected(
                self.offices[-1] if self.offices else None,
                since=step.effective,
                kind=kind,
                structure=structure,
                seats=seats,
                chosen=elected,
                term_years=term_years,
                secretary=secretary,
                deputy=deputy,
            )
        )

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
        evidence = {
            "committee": seats,
            "committee_present": present,
            "quorum_needed": needed(judge.version["committee_meeting.quorum"].params, len(seats)),
            "rulebook": judge.version.fingerprint,
        }
        self._officers_elected(
            meeting=meeting.code,
            secretary=secretary,
            deputy=deputy,
            roles=dict(roles),
            evidence=evidence,
            step=step.judged(judge),
        )

    @event(OfficersElected)
    def _officers_elected(
        self,
        *,
        meeting: str,
        secretary: str,
        deputy: str | None,
        roles: dict[str, str],
        evidence: dict[str, Any],
        step: Step,
    ) -> None:
        self._enter(
            leadership.officers_elected(
                self.offices[-1],
                since=step.effective,
                secretary=secretary,
                deputy=deputy,
                roles=roles,
            )
        )

    def approve_officers(self, *, approver: Body, step: Step, judge: Judge) -> None:
        """The higher organisation approves the elected secretary and deputy (S000 art. 21)."""
        on = step.effective
        before = self._leadership_step(judge, on, "the approval of the secretary")
        judge.check(
            "record.leadership_step",
            ok=before is not None and before.pending is not None,
            why=f"{self.code} has no elected secretary or deputy awaiting approval on {on}",
        )
        approver.check_above(judge, branch=self.code, acting="the approval of the secretary")
        self._officers_approved(approved_by=approver.code, step=step.judged(judge))

    @event(OfficersApproved)
    def _officers_approved(self, *, approved_by: str, step: Step) -> None:
        self._enter(
            leadership.officers_approved(self.offices[-1], since=step.effective, body=approved_by)
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
        self._appointed(
            approved_by=approver.code,
            secretary=secretary,
            deputy=deputy,
            members=list(members),
            roles=dict(roles),
            step=step.judged(judge),
        )

    @event(Appointed)
    def _appointed(
        self,
        *,
        approved_by: str,
        secretary: str,
        deputy: str | None,
        members: list[str],
        roles: dict[str, str],
        step: Step,
    ) -> None:
        self._enter(
            leadership.appointed(
                self.offices[-1] if self.offices else None,
                since=step.effective,
                secretary=secretary,
                deputy=deputy,
                members=members,
                roles=roles,
                body=approved_by,
            )
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
        self._vacated(member=member, reason=reason, step=step.judged(judge))

    def leave_office(self, *, member: str, reason: str, step: Step, judge: Judge) -> None:
        """A member who leaves the branch or loses party posts leaves its leadership too."""
        office = self.office_on(step.effective)
        if office is not None and member in office.members:
            self.vacate(member=member, reason=reason, step=step, judge=judge)

    @event(Vacated)
    def _vacated(self, *, member: str, reason: str, step: Step) -> None:
        self._enter(
            leadership.vacated(self.offices[-1], since=step.effective, member=member, reason=reason)
        )

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
        self._term_changed(
            change=change, months=months, approved_by=approver.code, step=step.judged(judge)
        )

    @event(TermChanged)
    def _term_changed(self, *, change: str, months: int, approved_by: str, step: Step) -> None:
        self._enter(
            leadership.term_changed(
                self.offices[-1], since=step.effective, change=change, months=months
            )
        )
