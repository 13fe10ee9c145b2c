"""The Member aggregate: a person on the path from application to full membership.

Every method judges its step with the rulebook version in force on the step's date, then
triggers one event. A method that changes where the member stands in their branch (admission,
approval, conversion, rights) also enters the new standing on the branch's roll, so the roll
that votes are counted against moves in the same transaction as the member.

The steps live in one class per concern; this class joins them into one aggregate with one
stream, and names every event of that stream with its stored topic.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from branchbook.domain import ids
from branchbook.domain.branch import Branch
from branchbook.domain.dates import age_on
from branchbook.domain.member import (
    admission,
    approval,
    cultivation,
    disposal,
    entry,
    moves,
    probation,
    rights,
    sanctions,
    state,
)
from branchbook.domain.member.state import Status
from branchbook.domain.opening import Particulars, Path, judge_opening
from branchbook.domain.rules import Judge
from branchbook.domain.step import Step


class Member(
    entry.Entry,
    cultivation.Cultivation,
    admission.Admission,
    probation.Probation,
    approval.Approval,
    rights.Rights,
    moves.Moves,
    Aggregate,
):
    """A person known to the record book by their member number."""

    TOPIC = "branchbook:Member"

    class Event(Aggregate.Event):
        TOPIC = "branchbook:Member.Event"
        step: Step

    # Each part's events, as this aggregate's own: a Member.Event under the name and topic the
    # part gave it, the class its stored topic resolves to. The library makes the copy of a
    # created event itself.
    class Applied(entry.Applied): ...

    class Enrolled(entry.Enrolled): ...

    class ParticularsCorrected(entry.ParticularsCorrected, Event): ...

    class Reapplied(entry.Reapplied, Event): ...

    class TalkedWith(cultivation.TalkedWith, Event): ...

    class DesignatedActivist(cultivation.DesignatedActivist, Event): ...

    class Assessed(cultivation.Assessed, Event): ...

    class DesignatedCandidate(cultivation.DesignatedCandidate, Event): ...

    class PoliticallyReviewed(cultivation.PoliticallyReviewed, Event): ...

    class Trained(cultivation.Trained, Event): ...

    class IntroducersNamed(cultivation.IntroducersNamed, Event): ...

    class Prereviewed(cultivation.Prereviewed, Event): ...

    class Admitted(admission.Admitted, Event): ...

    class SwornIn(admission.SwornIn, Event): ...

    class Resolved(probation.Resolved, Event): ...

    class Approved(approval.Approved, Event): ...

    class NotApproved(approval.NotApproved, Event): ...

    class RightsSuspended(rights.RightsSuspended, Event): ...

    class RightsRestored(rights.RightsRestored, Event): ...

    class Excluded(rights.Excluded, Event): ...

    class Included(rights.Included, Event): ...

    class Moved(moves.Moved, Event): ...

    class ConversionPostponed(moves.ConversionPostponed, Event): ...

    class Decided(sanctions.Decided, Event): ...

    class Sanctioned(sanctions.Sanctioned, Event): ...

    class SanctionReviewed(sanctions.SanctionReviewed, Event): ...

    class Urged(sanctions.Urged, Event): ...

    class Left(disposal.Left, Event): ...

    class RectificationOrdered(disposal.RectificationOrdered, Event): ...

    class RectificationEnded(disposal.RectificationEnded, Event): ...

    class MembershipSuspended(disposal.MembershipSuspended, Event): ...

    class MembershipRestored(disposal.MembershipRestored, Event): ...

    class VoteFailed(state.VoteFailed, Event): ...

    @staticmethod
    def create_id(number: str) -> UUID:
        return ids.member_id(number)

    # Entering the record -------------------------------------------------------------------

    @classmethod
    def apply(
        cls, *, number: str, name: str, birth: date, branch: Branch, step: Step, judge: Judge
    ) -> Member:
        """Receive a written application for membership (T1)."""
        on = step.effective
        judge.check("record.birth_before_step", birth=birth, on=on)
        branch.check_exists_on(judge, on)
        branch.check_relation_kept(judge, on, member=number, step="the application")
        judge.check("applicant.min_age", birth=birth, age=age_on(birth, on), on=on)
        return cls(
            number=number, name=name, birth=birth, branch=branch.code, step=step.judged(judge)
        )

    @event(Applied)
    def __init__(self, *, number: str, name: str, birth: date, branch: str, step: Step) -> None:
        self._start(number, name, birth, branch, step)
        self.status = Status.APPLICANT
        self.applied = step.effective

    @classmethod
    def enrol(
        cls,
        *,
        number: str,
        name: str,
        birth: date,
        branch: Branch,
        path: Path,
        particulars: Particulars | None = None,
        step: Step,
        judge: Judge,
    ) -> Member:
        """Open the record of a person whose path began before the record book did (an opening
        entry): at the status a ledger gives, judged on the dates it rests on. A probationary or
        full member enters the branch's roll, as an admission would enter them."""
        on = step.effective
        branch.check_exists_on(judge, on)
        branch.check_relation_kept(judge, on, member=number, step="the opening entry")
        path = judge_opening(judge, member=number, birth=birth, path=path, on=on)
        status = Status(path.status)
        joins = status in (Status.PROBATIONARY, Status.FULL)
        if joins:
            branch.check_takes_relation(judge, member=number, on=on, step="opening entry")
            branch.check_room(judge, on, joining=number)
        judged = step.judged(judge)
        given = particulars or Particulars()
        member = cls._create(
            cls.Enrolled,
            id=ids.member_id(number),
            number=number,
            name=name,
            birth=birth,
            branch=branch.code,
            status=status.value,
            admitted_on=path.admitted_on,
            full_since=path.full_since,
            probation_months=judge.whole("probation.length", "months") if joins else 0,
            applied=path.applied,
            activist_on=path.activist_on,
            candidate_on=path.candidate_on,
            sex=given.sex,
            id_number=given.id_number,
            ethnicity=given.ethnicity,
            education=given.education,
            work_unit=given.work_unit,
            phone=given.phone,
            step=judged,
        )
        if joins:
            branch.record_standing(member=number, standing=member.standing, step=judged)
        return member
