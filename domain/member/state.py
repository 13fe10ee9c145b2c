"""What every part of the Member aggregate shares: the statuses, the state, the standing.

The aggregate is assembled from one class per concern (domain.member.aggregate); each concern
keeps its events beside the steps that trigger them. The events a concern defines are copied
into the assembled class under the same names and topics, so a step triggers the assembled
class's copy (`_trigger`), the one its stored topic resolves to.
"""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import TYPE_CHECKING, Any

from attrs import frozen
from eventsourcing.domain import Aggregate

from branchbook.domain.assembled import copy_of
from branchbook.domain.dates import add_months, age_on
from branchbook.domain.discipline import Sanction
from branchbook.domain.meeting import Meeting
from branchbook.domain.opening import Particulars
from branchbook.domain.roll import Standing, standing_at
from branchbook.domain.rules import Judge
from branchbook.domain.step import Step

if TYPE_CHECKING:
    # The parts are mixed into an Aggregate (domain.member.aggregate); typed as one here so
    # they may trigger events.
    _Base = Aggregate
else:
    _Base = object


class Status(Enum):
    """Where a person stands."""

    APPLICANT = "applicant"
    ACTIVIST = "activist"
    CANDIDATE = "candidate"
    ADMITTED = "admitted"  # probationary, approval by the higher committee pending
    PROBATIONARY = "probationary"
    FULL = "full"
    NOT_APPROVED = "not-approved"
    REVOKED = "revoked"
    SUSPENDED = (
        "suspended"  # membership suspended (停止党籍): lost contact, emigration (EM art. 24)
    )
    EXPELLED = "expelled"  # 开除党籍 (PC art. 41)
    REMOVED = "removed"  # 除名 and 退党 (PC art. 9): the basis says which
    DECEASED = "deceased"


# The admission path in order, and the step that brings a person into each status on it: a step
# that needs a status further on than a person's names the next of these to record first.
PATH = (
    Status.APPLICANT,
    Status.ACTIVIST,
    Status.CANDIDATE,
    Status.ADMITTED,
    Status.PROBATIONARY,
    Status.FULL,
)
LEADS_IN = {
    Status.ACTIVIST: "member designate-activist",
    Status.CANDIDATE: "member designate-candidate",
    Status.ADMITTED: "member admit",
    Status.PROBATIONARY: "member approve",
    Status.FULL: "member convert",
}


def first_step(status: Status, *allowed: Status) -> str:
    """The step to record first for a person of `status` to move towards an allowed status
    further on the path; "" when none lies ahead."""
    if status not in PATH:
        return ""
    at = PATH.index(status)
    if not any(s in PATH and PATH.index(s) > at for s in allowed):
        return ""
    return LEADS_IN[PATH[at + 1]]


@frozen
class Pending:
    """A branch resolution awaiting the higher committee's approval."""

    decision: str
    on: date
    meeting: str
    months: int | None = None
    detail: dict[str, Any] | None = None


@frozen
class Rectification:
    """A rectification order (限期改正) in force: its deadline and the matter it concerns."""

    ordered: date
    months: int
    deadline: date
    matter: str
    filed_with: str


@frozen
class Training:
    """One short intensive training course attended (T8)."""

    on: date
    days: int
    hours: int


class MemberEvent(Aggregate.Event):
    """A step in a member's record; the assembled aggregate keeps its own copy of each."""

    step: Step


class VoteFailed(MemberEvent):
    """An assembly vote about the member that did not carry: no standing changes. A failed
    conversion vote leaves the next step to an extension or a revocation."""

    TOPIC = "branchbook:Member.VoteFailed"
    decision: str
    meeting: str

    def apply(self, aggregate: MemberState) -> None:
        if self.decision == "convert":  # Decision.CONVERT
            aggregate.conversion_failed = (self.meeting, len(aggregate.extensions))


class MemberState(_Base):
    """The state of a member's record and the checks every step shares."""

    status: Status
    applied: date | None

    def _start(self, number: str, name: str, birth: date, branch: str, step: Step) -> None:
        self.number = number
        self.name = name
        self.birth = birth
        self.branch = branch
        self.last_change: date = step.effective
        self.standings: list[Standing] = []
        self.relations: list[tuple[date, str]] = [(step.effective, branch)]
        self.sanctions: list[Sanction] = []
        self.basis: str | None = None  # why a membership ended: expulsion, a removal, death
        self.particulars = Particulars()
        self.age_judged_on: date = step.effective  # the opening's date the age was judged on
        self._reset_path()

    def _reset_path(self) -> None:
        """Clear the path to membership: on entering the record, and on a new application."""
        self.enrolled = False
        self.applied = None
        self.talks: list[date] = []
        self.activist_on: date | None = None
        self.contacts: tuple[str, ...] = ()
        self.recommended_by: str | None = None
        self.assessments: list[date] = []
        self.candidate_on: date | None = None
        self.review_passed: bool | None = None
        self.reviewed_on: date | None = None
        self.trainings: list[Training] = []
        self.introducers: tuple[str, ...] = ()
        self.prereviewed_on: date | None = None
        self.prereview_body: str | None = None
        self.admitted_on: date | None = None
        self.admitted_at: str | None = None
        self.probation_months = 0
        self.extensions: list[int] = []
        # The meeting whose conversion vote failed, and the extensions there had been by then.
        self.conversion_failed: tuple[str, int] | None = None
        self.approved_on: date | None = None
        self.approved_by: str | None = None
        self.oath_on: date | None = None
        self.pending: Pending | None = None
        self.full_since: date | None = None
        self.ended_on: date | None = None
        self.rights_suspended = False
        self.excluded: str | None = None
        self.transferred_in_probation = False
        self.postponed: int | None = None
        self.rectification: Rectification | None = None
        self.urged: date | None = None
        self.suspension: tuple[str, date, date] | None = None  # reason, contact lost, suspended
        # Each spell of suspended membership: suspended on, restored on (None: not restored).
        self.suspension_spells: list[tuple[date, date | None]] = []

    def _trigger(self, event: type[Aggregate.Event], **kwargs: Any) -> None:
        """Trigger the assembled aggregate's copy of a part's event (the one its topic names)."""
        self.trigger_event(copy_of(type(self), event), **kwargs)

    # Status, standing and rights -----------------------------------------------------------

    @property
    def standing(self) -> Standing:
        """The member's standing as of their last change."""
        votes = (
            self.status is Status.FULL
            and not self.rights_suspended
            and not any(s.withholds_rights for s in self.sanctions)
        )
        return Standing(self.last_change, self.status.value, votes, votes and self.excluded is None)

    def standing_on(self, on: date) -> Standing | None:
        """The member's standing on a date, from their own history of changes."""
        return standing_at(self.standings, on)

    def votes_on(self, on: date) -> bool:
        """Whether the member held voting rights on a date: full, rights not suspended."""
        standing = self.standing_on(on)
        return standing is not None and standing.votes

    @property
    def probation_end(self) -> date | None:
        """Where probation ends: the assembly date plus probation and any extension (PC art. 7)."""
        if self.admitted_on is None:
            return None
        return add_months(self.admitted_on, self.probation_months + sum(self.extensions))

    def party_age_on(self, on: date) -> int | None:
        """Completed years of party age on a date, counted from the end of probation."""
        if self.full_since is None or on < self.full_since:
            return None
        return age_on(self.full_since, on)

    @property
    def probation_sanction(self) -> Sanction | None:
        """The intra-party probation running now, if any."""
        running = [s for s in self.sanctions if s.withholds_rights]
        return running[-1] if running else None

    def _changed(self, step: Step) -> None:
        """Note a change of standing on the step's date."""
        self.last_change = step.effective
        self.standings.append(self.standing)

    def _end(self, status: Status, basis: str, on: date) -> None:
        self.status = status
        self.basis = basis
        self.ended_on = on
        self.rectification = None

    # Checks every step shares --------------------------------------------------------------

    def _decided(
        self, meeting: Meeting, decision: str, evidence: dict[str, Any], step: Step, judge: Judge
    ) -> Step:
        """Enter a judged decision about this member in its meeting; return the judged step."""
        judged = step.judged(judge)
        meeting.resolve(member=self.number, decision=decision, evidence=evidence, step=judged)
        return judged

    def _failed(
        self, meeting: Meeting, decision: str, evidence: dict[str, Any], step: Step, judge: Judge
    ) -> None:
        """Enter a judged vote that did not carry in its meeting and in the member's record."""
        judged = step.judged(judge)
        meeting.fail(member=self.number, decision=decision, evidence=evidence, step=judged)
        self._trigger(VoteFailed, decision=decision, meeting=meeting.code, step=judged)

    def _expect(self, judge: Judge, step: str, *allowed: Status, on: date) -> None:
        """The step applies only to these statuses and only after the last change of standing."""
        status = self.status.value
        # A step the status allows is refused for the resolution awaiting approval: said first.
        awaiting = None
        if self.pending is not None and self.status in allowed:
            awaiting = self.pending.decision
        if self.pending is not None and awaiting is None:
            status += f" (awaiting approval of the {self.pending.decision} resolution)"
        judge.check(
            "record.transition",
            member=self.number,
            status=status,
            awaiting=awaiting,
            step=step,
            allowed=[s.value for s in allowed],
            first=first_step(self.status, *allowed),
            ok=self.status in allowed and self.pending is None,
        )
        judge.check(
            "record.step_order",
            step=step,
            on=on,
            what="the last change of standing",
            after=self.last_change,
        )

    def expect(
        self, judge: Judge, step: str, *allowed: Status, on: date, ok: bool = True, why: str = ""
    ) -> None:
        """The step applies to these statuses, after the last change, and to this case."""
        self._expect(judge, step, *allowed, on=on)
        if not ok:
            judge.check(
                "record.transition",
                member=self.number,
                status=why,
                step=step,
                allowed=[f"{', '.join(s.value for s in allowed)} members where it applies"],
                ok=ok,
            )
