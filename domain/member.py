"""The Member aggregate: a person on the path from application to full membership (§1.2-1.3).

Every method judges its step with the rulebook version in force on the step's date, then
triggers one event. A method that changes where the member stands in their branch (admission,
approval, conversion, rights) also enters the new standing on the branch's roll, so the roll
that votes are counted against moves in the same transaction as the member.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from enum import Enum
from typing import Any
from uuid import UUID

from attrs import frozen
from eventsourcing.domain import Aggregate, event

from domain import ids
from domain.branch import Branch, Standing, standing_at
from domain.dates import add_months, age_on
from domain.decisions import Decision, Votes, assembly_resolution, branch_decision
from domain.meeting import Meeting
from domain.organisation import Body
from domain.rules import Judge
from domain.step import Step


class Status(Enum):
    """Where a person stands (RULES.md §1.2)."""

    APPLICANT = "applicant"
    ACTIVIST = "activist"
    CANDIDATE = "candidate"
    ADMITTED = "admitted"  # probationary, approval by the higher committee pending
    PROBATIONARY = "probationary"
    FULL = "full"
    NOT_APPROVED = "not-approved"
    REVOKED = "revoked"


# Decisions of the general assembly that wait for the higher committee's approval.
APPROVABLE = (Decision.ADMIT, Decision.CONVERT, Decision.EXTEND, Decision.REVOKE)


@frozen
class Pending:
    """A branch resolution awaiting the higher committee's approval."""

    decision: str
    on: date
    meeting: str
    months: int | None = None


@frozen
class Training:
    """One short intensive training course attended (T8)."""

    on: date
    days: int
    hours: int


class Member(Aggregate):
    """A person known to the record book by their member number."""

    TOPIC = "branchbook:Member"

    class Event(Aggregate.Event):
        TOPIC = "branchbook:Member.Event"
        step: Step

    class Applied(Aggregate.Created):
        TOPIC = "branchbook:Member.Applied"
        number: str
        name: str
        birth: date
        branch: str
        step: Step

    class Enrolled(Aggregate.Created):
        TOPIC = "branchbook:Member.Enrolled"
        number: str
        name: str
        birth: date
        branch: str
        status: str
        admitted_on: date
        full_since: date | None
        probation_months: int
        step: Step

        def apply(self, aggregate: Member) -> None:
            """Set what an opening entry says beyond what an application would."""
            aggregate.enrolled = True
            aggregate.applied = None
            aggregate.status = Status(self.status)
            aggregate.admitted_on = self.admitted_on
            aggregate.probation_months = self.probation_months
            aggregate.full_since = self.full_since
            aggregate._changed(self.step)

    class TalkedWith(Event):
        TOPIC = "branchbook:Member.TalkedWith"
        by: str

    class DesignatedActivist(Event):
        TOPIC = "branchbook:Member.DesignatedActivist"
        meeting: str
        contacts: list[str]
        recommended_by: str

    class Assessed(Event):
        TOPIC = "branchbook:Member.Assessed"

    class DesignatedCandidate(Event):
        TOPIC = "branchbook:Member.DesignatedCandidate"
        meeting: str

    class PoliticallyReviewed(Event):
        TOPIC = "branchbook:Member.PoliticallyReviewed"
        passed: bool

    class Trained(Event):
        TOPIC = "branchbook:Member.Trained"
        days: int
        hours: int

    class IntroducersNamed(Event):
        TOPIC = "branchbook:Member.IntroducersNamed"
        introducers: list[str]

    class Prereviewed(Event):
        TOPIC = "branchbook:Member.Prereviewed"
        body: str

    class Admitted(Event):
        TOPIC = "branchbook:Member.Admitted"
        meeting: str
        probation_months: int

    class Resolved(Event):
        TOPIC = "branchbook:Member.Resolved"
        decision: str
        meeting: str
        months: int | None

    class Approved(Event):
        TOPIC = "branchbook:Member.Approved"
        decision: str
        body: str
        body_type: str
        special: bool

    class NotApproved(Event):
        TOPIC = "branchbook:Member.NotApproved"
        decision: str
        body: str
        body_type: str

    class SwornIn(Event):
        TOPIC = "branchbook:Member.SwornIn"

    class RightsSuspended(Event):
        TOPIC = "branchbook:Member.RightsSuspended"
        reason: str

    class RightsRestored(Event):
        TOPIC = "branchbook:Member.RightsRestored"

    class Excluded(Event):
        TOPIC = "branchbook:Member.Excluded"
        category: str
        consent: str
        meeting: str

    class Included(Event):
        TOPIC = "branchbook:Member.Included"

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
        judge.check("applicant.min_age", birth=birth, age=age_on(birth, on), on=on)
        return cls(
            number=number, name=name, birth=birth, branch=branch.code, step=step.judged(judge)
        )

    @event(Applied)
    def __init__(self, *, number: str, name: str, birth: date, branch: str, step: Step) -> None:
        self._start(number, name, birth, branch, step)
        self.status = Status.APPLICANT
        self.applied: date | None = step.effective

    def _start(self, number: str, name: str, birth: date, branch: str, step: Step) -> None:
        self.number = number
        self.name = name
        self.birth = birth
        self.branch = branch
        self.enrolled = False
        self.applied = None
        self.last_change: date = step.effective
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
        self.approved_on: date | None = None
        self.approved_by: str | None = None
        self.oath_on: date | None = None
        self.pending: Pending | None = None
        self.full_since: date | None = None
        self.ended_on: date | None = None
        self.rights_suspended = False
        self.excluded: str | None = None
        self.standings: list[Standing] = []

    @classmethod
    def enrol(
        cls,
        *,
        number: str,
        name: str,
        birth: date,
        branch: Branch,
        status: Status,
        admitted_on: date,
        full_since: date | None,
        step: Step,
        judge: Judge,
    ) -> Member:
        """Open the record of a member admitted before the record book began (an opening entry)."""
        on = step.effective
        judge.check(
            "record.transition",
            member=number,
            status="not in the record",
            step="enrol",
            allowed=[Status.PROBATIONARY.value, Status.FULL.value],
            target=status.value,
            ok=status in (Status.PROBATIONARY, Status.FULL),
        )
        judge.check("record.birth_before_step", birth=birth, on=admitted_on)
        branch.check_exists_on(judge, on)
        order = "record.step_order"
        judge.check(order, step="enrolment", on=on, what="admission", after=admitted_on)
        if status is Status.FULL:
            judge.check("record.full_since_given", member=number, full_since=full_since)
            assert full_since is not None
            judge.check(
                order, step="full membership", on=full_since, what="admission", after=admitted_on
            )
            judge.check(order, step="enrolment", on=on, what="full membership", after=full_since)
        branch.check_room(judge, on, joining=number)
        judged = step.judged(judge)
        member = cls._create(
            cls.Enrolled,
            id=ids.member_id(number),
            number=number,
            name=name,
            birth=birth,
            branch=branch.code,
            status=status.value,
            admitted_on=admitted_on,
            full_since=full_since if status is Status.FULL else None,
            probation_months=judge.whole("probation.length", "months"),
            step=judged,
        )
        branch.record_standing(member=number, standing=member.standing, step=judged)
        return member

    # Status, standing and rights -----------------------------------------------------------

    @property
    def standing(self) -> Standing:
        """The member's standing as of their last change."""
        votes = self.status is Status.FULL and not self.rights_suspended
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

    def _changed(self, step: Step) -> None:
        """Note a change of standing on the step's date."""
        self.last_change = step.effective
        self.standings.append(self.standing)

    def _decided(
        self, meeting: Meeting, decision: str, evidence: dict[str, Any], step: Step, judge: Judge
    ) -> Step:
        """Enter a judged decision about this member in its meeting; return the judged step."""
        judged = step.judged(judge)
        meeting.resolve(member=self.number, decision=decision, evidence=evidence, step=judged)
        return judged

    def _expect(self, judge: Judge, step: str, *allowed: Status, on: date) -> None:
        """The step applies only to these statuses and only after the last change of standing."""
        status = self.status.value
        if self.pending is not None:
            status += f" (awaiting approval of the {self.pending.decision} resolution)"
        judge.check(
            "record.transition",
            member=self.number,
            status=status,
            step=step,
            allowed=[s.value for s in allowed],
            ok=self.status in allowed and self.pending is None,
        )
        judge.check(
            "record.step_order",
            step=step,
            on=on,
            what="the last change of standing",
            after=self.last_change,
        )

    # T2 talk -------------------------------------------------------------------------------

    def talk(self, *, by: str, step: Step, judge: Judge) -> None:
        """Record the organisation's talk with the applicant (T2)."""
        on = step.effective
        judge.check(
            "record.transition",
            member=self.number,
            status=self.status.value,
            step="talk",
            allowed=[Status.APPLICANT.value],
            ok=self.status is Status.APPLICANT,
        )
        assert self.applied is not None
        judge.check("record.step_order", step="talk", on=on, what="application", after=self.applied)
        months = judge.whole("applicant.talk_deadline", "months")
        if not self.talks:
            deadline = add_months(self.applied, months)
            judge.check("applicant.talk_deadline", talk=on, deadline=deadline, applied=self.applied)
        self._talked_with(by=by, step=step.judged(judge))

    @event(TalkedWith)
    def _talked_with(self, *, by: str, step: Step) -> None:
        self.talks.append(step.effective)

    # T3-T4 activist ------------------------------------------------------------------------

    def designate_activist(
        self,
        *,
        meeting: Meeting,
        branch: Branch,
        contacts: Mapping[str, Member | None],
        recommended_by: str,
        votes: Votes | None,
        step: Step,
        judge: Judge,
    ) -> None:
        """The branch committee designates the applicant an activist, with contacts (T3, T4)."""
        on = step.effective
        self._expect(judge, "designation as activist", Status.APPLICANT, on=on)
        if self.applied is not None:
            judge.check(
                "activist.after_application",
                applied=self.applied,
                on=on,
                earliest=_after(
                    self.applied, judge.param("activist.after_application", "min_months")
                ),
            )
        unfit = sorted(n for n, m in contacts.items() if m is None or not m.votes_on(on))
        judge.check("activist.contacts", count=len(contacts), unfit=unfit)
        evidence = branch_decision(
            judge,
            meeting=meeting,
            branch=branch,
            member=self.number,
            decision=Decision.DESIGNATE_ACTIVIST,
            on=on,
            votes=votes,
        )
        judged = self._decided(meeting, Decision.DESIGNATE_ACTIVIST, evidence, step, judge)
        self._designated_activist(
            meeting=meeting.code,
            contacts=sorted(contacts),
            recommended_by=recommended_by,
            step=judged,
        )

    @event(DesignatedActivist)
    def _designated_activist(
        self, *, meeting: str, contacts: list[str], recommended_by: str, step: Step
    ) -> None:
        self.status = Status.ACTIVIST
        self.activist_on = step.effective
        self.contacts = tuple(contacts)
        self.recommended_by = recommended_by
        self._changed(step)

    def assess(self, *, step: Step, judge: Judge) -> None:
        """Record the branch's half-yearly assessment of an activist (T4)."""
        on = step.effective
        self._expect(judge, "assessment", Status.ACTIVIST, Status.CANDIDATE, on=on)
        self._check_assessment_gap(judge, on)
        self._assessed(step=step.judged(judge))

    def _check_assessment_gap(self, judge: Judge, on: date) -> None:
        if self.status is not Status.ACTIVIST or self.activist_on is None:
            return
        last = max([self.activist_on, *self.assessments])
        months = judge.whole("activist.assessment_interval", "months")
        judge.check("activist.assessment_interval", last=last, on=on, due=add_months(last, months))

    @event(Assessed)
    def _assessed(self, *, step: Step) -> None:
        self.assessments.append(step.effective)

    # T5-T9 development candidate -----------------------------------------------------------

    def designate_candidate(
        self, *, meeting: Meeting, branch: Branch, votes: Votes | None, step: Step, judge: Judge
    ) -> None:
        """The branch committee designates the activist a development candidate (T5)."""
        on = step.effective
        self._expect(judge, "designation as development candidate", Status.ACTIVIST, on=on)
        assert self.activist_on is not None
        months = judge.whole("activist.min_cultivation", "months")
        judge.check(
            "activist.min_cultivation",
            since=self.activist_on,
            on=on,
            earliest=add_months(self.activist_on, months),
        )
        self._check_assessment_gap(judge, on)
        evidence = branch_decision(
            judge,
            meeting=meeting,
            branch=branch,
            member=self.number,
            decision=Decision.DESIGNATE_CANDIDATE,
            on=on,
            votes=votes,
        )
        judged = self._decided(meeting, Decision.DESIGNATE_CANDIDATE, evidence, step, judge)
        self._designated_candidate(meeting=meeting.code, step=judged)

    @event(DesignatedCandidate)
    def _designated_candidate(self, *, meeting: str, step: Step) -> None:
        self.status = Status.CANDIDATE
        self.candidate_on = step.effective
        self._changed(step)

    def review(self, *, passed: bool, step: Step, judge: Judge) -> None:
        """Record the political review of a development candidate (T7)."""
        self._expect(judge, "political review", Status.CANDIDATE, on=step.effective)
        self._reviewed(passed=passed, step=step.judged(judge))

    @event(PoliticallyReviewed)
    def _reviewed(self, *, passed: bool, step: Step) -> None:
        self.review_passed = passed
        self.reviewed_on = step.effective

    def train(self, *, days: int, hours: int, step: Step, judge: Judge) -> None:
        """Record short intensive training attended by a development candidate (T8)."""
        self._expect(judge, "training", Status.CANDIDATE, on=step.effective)
        self._trained(days=days, hours=hours, step=step.judged(judge))

    @event(Trained)
    def _trained(self, *, days: int, hours: int, step: Step) -> None:
        self.trainings.append(Training(step.effective, days, hours))

    def name_introducers(
        self, *, introducers: Mapping[str, Member | None], step: Step, judge: Judge
    ) -> None:
        """Record the candidate's introducers: full members with their rights (T6)."""
        on = step.effective
        self._expect(judge, "naming introducers", Status.CANDIDATE, on=on)
        unfit = sorted(
            n for n, m in introducers.items() if m is None or not m.votes_on(on) or n == self.number
        )
        judge.check("candidate.introducers", count=len(introducers), unfit=unfit, on=on)
        self._introducers_named(introducers=sorted(introducers), step=step.judged(judge))

    @event(IntroducersNamed)
    def _introducers_named(self, *, introducers: list[str], step: Step) -> None:
        self.introducers = tuple(introducers)

    def prereview(self, *, body: str, step: Step, judge: Judge) -> None:
        """Record the higher committee's pre-review of the candidate (T9)."""
        self._expect(judge, "pre-review", Status.CANDIDATE, on=step.effective)
        self._prereviewed(body=body, step=step.judged(judge))

    @event(Prereviewed)
    def _prereviewed(self, *, body: str, step: Step) -> None:
        self.prereviewed_on = step.effective
        self.prereview_body = body

    # T10 admission ---------------------------------------------------------------------

    def admit(
        self, *, meeting: Meeting, branch: Branch, votes: Votes, step: Step, judge: Judge
    ) -> None:
        """The general assembly resolves to admit the candidate as a probationary member (T10)."""
        on = step.effective
        self._expect(judge, "admission", Status.CANDIDATE, on=on)
        self._check_ready(judge, on)
        evidence = assembly_resolution(
            judge,
            meeting=meeting,
            branch=branch,
            member=self.number,
            decision=Decision.ADMIT,
            votes=votes,
            on=on,
        )
        branch.check_room(judge, on, joining=self.number)
        months = judge.whole("probation.length", "months")
        judged = self._decided(meeting, Decision.ADMIT, evidence, step, judge)
        self._admitted(meeting=meeting.code, probation_months=months, step=judged)
        branch.record_standing(member=self.number, standing=self.standing, step=judged)

    def _check_ready(self, judge: Judge, on: date) -> None:
        # Readiness is judged as of the assembly date: a review, training or pre-review
        # recorded with a later date did not precede the vote.
        judge.check(
            "candidate.political_review",
            member=self.number,
            passed=self.review_passed,
            required=judge.param("candidate.political_review", "required"),
        )
        for what, day in (
            ("political review", self.reviewed_on),
            ("pre-review", self.prereviewed_on),
        ):
            if day is not None:
                judge.check("record.step_order", step="admission", on=on, what=what, after=day)
        trained = [t for t in self.trainings if t.on <= on]
        judge.check(
            "candidate.training",
            member=self.number,
            days=sum(t.days for t in trained),
            hours=sum(t.hours for t in trained),
        )
        judge.check(
            "candidate.introducers",
            count=len(self.introducers),
            unfit=[],
            on=on,
        )
        judge.check("candidate.prereview", member=self.number, prereviewed=self.prereviewed_on)
        if self.prereviewed_on is not None:
            months = judge.whole("admission.assembly_after_prereview", "within_months")
            judge.check(
                "admission.assembly_after_prereview",
                prereviewed=self.prereviewed_on,
                on=on,
                due=add_months(self.prereviewed_on, months),
            )

    @event(Admitted)
    def _admitted(self, *, meeting: str, probation_months: int, step: Step) -> None:
        self.status = Status.ADMITTED
        self.admitted_on = step.effective
        self.admitted_at = meeting
        self.probation_months = probation_months
        self.pending = Pending(Decision.ADMIT, step.effective, meeting)
        self._changed(step)

    # T13-T16 conversion, extension, revocation --------------------------------------------

    def resolve(
        self,
        *,
        decision: str,
        meeting: Meeting,
        branch: Branch,
        votes: Votes,
        months: int | None,
        step: Step,
        judge: Judge,
    ) -> None:
        """The general assembly resolves to convert, extend or revoke a probationary member."""
        on = step.effective
        self._expect(judge, decision, Status.PROBATIONARY, on=on)
        end = self.probation_end
        assert end is not None
        if decision == Decision.CONVERT:
            judge.check("probation.early_conversion", member=self.number, on=on, end=end)
        elif decision == Decision.EXTEND:
            judge.check(
                "probation.extension",
                member=self.number,
                on=on,
                end=end,
                count=len(self.extensions),
                months=months,
            )
        evidence = assembly_resolution(
            judge,
            meeting=meeting,
            branch=branch,
            member=self.number,
            decision=decision,
            votes=votes,
            on=on,
        )
        judged = self._decided(meeting, decision, evidence, step, judge)
        self._resolved(
            decision=decision,
            meeting=meeting.code,
            months=months if decision == Decision.EXTEND else None,
            step=judged,
        )

    @event(Resolved)
    def _resolved(self, *, decision: str, meeting: str, months: int | None, step: Step) -> None:
        self.pending = Pending(decision, step.effective, meeting, months)

    # T11 approval ----------------------------------------------------------------------

    def approve(
        self,
        *,
        body: Body,
        approved: bool,
        special: bool,
        branch: Branch,
        step: Step,
        judge: Judge,
    ) -> None:
        """The higher committee approves (or declines) the pending resolution (T11, T13-T16)."""
        on = step.effective
        pending = self.pending
        judge.check(
            "record.transition",
            member=self.number,
            status=self.status.value,
            step="approval",
            allowed=["a resolution awaiting approval"],
            ok=pending is not None,
        )
        assert pending is not None
        judge.check(
            "record.step_order",
            step="approval",
            on=on,
            what=f"the {pending.decision} resolution",
            after=pending.on,
        )
        body.check_above(judge, branch=branch.code, acting=f"approval of {self.number}")
        judge.check("approval.approver", body=body.code, body_type=body.body_type)
        if pending.decision == Decision.ADMIT:
            normal = judge.whole("approval.deadline", "normal_months")
            longest = judge.whole("approval.deadline_special", "max_months")
            if approved:
                # A late refusal is still recorded (with the warning below): otherwise the
                # candidate would stay admitted, awaiting an answer, for ever.
                judge.check(
                    "approval.deadline_special",
                    resolved=pending.on,
                    on=on,
                    due=add_months(pending.on, longest),
                )
            judge.check(
                "approval.deadline",
                resolved=pending.on,
                on=on,
                special=special and approved,
                due=add_months(pending.on, normal),
            )
        else:
            normal = judge.whole("conversion.approval_deadline", "normal_months")
            judge.check(
                "conversion.approval_deadline",
                resolved=pending.on,
                on=on,
                decision=pending.decision,
                due=add_months(pending.on, normal),
            )
        judged = step.judged(judge)
        if approved:
            self._approved(
                decision=pending.decision,
                body=body.code,
                body_type=body.body_type,
                special=special,
                step=judged,
            )
            moves = pending.decision != Decision.EXTEND
        else:
            self._not_approved(
                decision=pending.decision, body=body.code, body_type=body.body_type, step=judged
            )
            moves = pending.decision == Decision.ADMIT
        if moves:
            branch.record_standing(member=self.number, standing=self.standing, step=judged)

    @event(Approved)
    def _approved(
        self, *, decision: str, body: str, body_type: str, special: bool, step: Step
    ) -> None:
        pending = self.pending
        assert pending is not None
        self.pending = None
        if decision == Decision.ADMIT:
            self.status = Status.PROBATIONARY
            self.approved_on = step.effective
            self.approved_by = body
        elif decision == Decision.CONVERT:
            self.status = Status.FULL
            self.full_since = self.probation_end
        elif decision == Decision.EXTEND:
            self.extensions.append(pending.months or 0)
            return
        else:
            self.status = Status.REVOKED
            self.ended_on = step.effective
        self._changed(step)

    @event(NotApproved)
    def _not_approved(self, *, decision: str, body: str, body_type: str, step: Step) -> None:
        self.pending = None
        if decision == Decision.ADMIT:
            self.status = Status.NOT_APPROVED
            self.ended_on = step.effective
            self._changed(step)

    # T12 oath ----------------------------------------------------------------------------

    def swear_in(self, *, step: Step, judge: Judge) -> None:
        """Record the oath of a probationary member before the flag (T12)."""
        on = step.effective
        judge.check(
            "record.transition",
            member=self.number,
            status=self.status.value,
            step="oath",
            allowed=["probationary, not yet sworn in"],
            ok=self.status is Status.PROBATIONARY and self.oath_on is None,
        )
        since = self.approved_on or self.admitted_on
        assert since is not None
        judge.check("record.step_order", step="oath", on=on, what="approval", after=since)
        self._sworn_in(step=step.judged(judge))

    @event(SwornIn)
    def _sworn_in(self, *, step: Step) -> None:
        self.oath_on = step.effective

    # Rights and the should-attend count (§1.4, §2.2) --------------------------------------

    def suspend_rights(self, *, reason: str, branch: Branch, step: Step, judge: Judge) -> None:
        """Suspend voting, election and standing rights of a detained member (EL art. 5)."""
        on = step.effective
        self._expect(judge, "suspension of rights", Status.FULL, on=on)
        judge.check(
            "record.transition",
            member=self.number,
            status="rights already suspended",
            step="suspension of rights",
            allowed=["full with rights"],
            ok=not self.rights_suspended,
        )
        judged = step.judged(judge)
        self._rights_suspended(reason=reason, step=judged)
        branch.record_standing(member=self.number, standing=self.standing, step=judged)

    @event(RightsSuspended)
    def _rights_suspended(self, *, reason: str, step: Step) -> None:
        self.rights_suspended = True
        self._changed(step)

    def restore_rights(self, *, branch: Branch, step: Step, judge: Judge) -> None:
        """Restore suspended rights."""
        on = step.effective
        self._expect(judge, "restoration of rights", Status.FULL, on=on)
        judge.check(
            "record.transition",
            member=self.number,
            status="rights not suspended",
            step="restoration of rights",
            allowed=["rights suspended"],
            ok=self.rights_suspended,
        )
        judged = step.judged(judge)
        self._rights_restored(step=judged)
        branch.record_standing(member=self.number, standing=self.standing, step=judged)

    @event(RightsRestored)
    def _rights_restored(self, *, step: Step) -> None:
        self.rights_suspended = False
        self._changed(step)

    def exclude(
        self,
        *,
        category: str,
        consent: str,
        meeting: Meeting,
        branch: Branch,
        step: Step,
        judge: Judge,
    ) -> None:
        """Leave the member out of the should-attend count (COD-5), with the higher
        organisation's consent and an assembly resolution."""
        on = step.effective
        self._expect(judge, "exclusion from the should-attend count", Status.FULL, on=on)
        judge.check(
            "record.transition",
            member=self.number,
            status="already excluded",
            step="exclusion from the should-attend count",
            allowed=["counted"],
            ok=self.excluded is None,
        )
        judge.check(
            "record.meeting_branch",
            meeting=meeting.code,
            held_by=meeting.branch,
            branch=branch.code,
            member=self.number,
        )
        judge.check(
            "should_attend.exclusion_basis",
            meeting=meeting.code,
            kind=meeting.kind.value,
            held=meeting.held,
            on=on,
            consent=consent,
        )
        judged = step.judged(judge)
        self._excluded(category=category, consent=consent, meeting=meeting.code, step=judged)
        branch.record_standing(member=self.number, standing=self.standing, step=judged)

    @event(Excluded)
    def _excluded(self, *, category: str, consent: str, meeting: str, step: Step) -> None:
        self.excluded = category
        self._changed(step)

    def include(self, *, branch: Branch, step: Step, judge: Judge) -> None:
        """Count an excluded member in the should-attend base again."""
        on = step.effective
        self._expect(judge, "return to the should-attend count", Status.FULL, on=on)
        judge.check(
            "record.transition",
            member=self.number,
            status="counted",
            step="return to the should-attend count",
            allowed=["excluded"],
            ok=self.excluded is not None,
        )
        judged = step.judged(judge)
        self._included(step=judged)
        branch.record_standing(member=self.number, standing=self.standing, step=judged)

    @event(Included)
    def _included(self, *, step: Step) -> None:
        self.excluded = None
        self._changed(step)


def _after(day: date, months: object) -> date | None:
    """`months` after a date, or None where the rulebook leaves the period unset."""
    if months is None:
        return None
    assert isinstance(months, int)
    return add_months(day, months)
