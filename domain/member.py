"""The Member aggregate: a person on the path from application to full membership (§1.2-1.3).

Every method judges its step with the rulebook version in force on the step's date, then
triggers one event. A method that changes where the member stands in their branch (admission,
approval, conversion, rights) also enters the new standing on the branch's roll, so the roll
that votes are counted against moves in the same transaction as the member.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping
from datetime import date
from enum import Enum
from typing import Any
from uuid import UUID

from attrs import frozen
from eventsourcing.domain import Aggregate, event

from branchbook.domain import ids
from branchbook.domain.branch import Branch, Standing, standing_at
from branchbook.domain.dates import add_months, age_on
from branchbook.domain.decisions import (
    PIPELINE_DECISIONS,
    Decision,
    Votes,
    assembly_resolution,
    branch_decision,
)
from branchbook.domain.discipline import (
    BARRED,
    Sanction,
    SanctionKind,
    approved_sanction,
    reviewed,
)
from branchbook.domain.meeting import Meeting
from branchbook.domain.months import whole_months
from branchbook.domain.opening import Particulars, Path, judge_opening
from branchbook.domain.organisation import Body
from branchbook.domain.rules import Judge
from branchbook.domain.step import Step


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
    SUSPENDED = (
        "suspended"  # membership suspended (停止党籍): lost contact, emigration (EM art. 24)
    )
    EXPELLED = "expelled"  # 开除党籍 (PC art. 41)
    REMOVED = "removed"  # 除名 and 退党 (PC art. 9): the basis says which
    DECEASED = "deceased"


# Statuses from which a person may apply again (EM art. 24: removed members may re-apply).
REAPPLY = (Status.NOT_APPROVED, Status.REVOKED, Status.EXPELLED, Status.REMOVED)
# Sanctions that take away party posts (DC art. 11-13).
LOSES_POSTS = frozenset(
    {SanctionKind.POST_REMOVAL.value, SanctionKind.PROBATION.value, SanctionKind.EXPULSION.value}
)

# What version 2 of Member.Enrolled added, absent from an event of version 1.
ENROLLED_V2 = (
    "applied", "activist_on", "candidate_on",
    "sex", "id_number", "ethnicity", "education", "work_unit", "phone",
)  # fmt: skip

# Decisions of the general assembly that wait for the higher committee's approval.
APPROVABLE = (Decision.ADMIT, Decision.CONVERT, Decision.EXTEND, Decision.REVOKE)


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
        """An opening entry: the status a ledger gives, the dates it rests on, particulars.

        Version 1 (before the entry took every status of the path) gave a probationary or full
        member their admission and full membership only."""

        TOPIC = "branchbook:Member.Enrolled"
        class_version = 2
        number: str
        name: str
        birth: date
        branch: str
        status: str
        admitted_on: date | None
        full_since: date | None
        probation_months: int
        applied: date | None
        activist_on: date | None
        candidate_on: date | None
        sex: str | None
        id_number: str | None
        ethnicity: str | None
        education: str | None
        work_unit: str | None
        phone: str | None
        step: Step

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state.update(dict.fromkeys(ENROLLED_V2))

        @property
        def path(self) -> Path:
            return Path(
                self.status,
                self.applied,
                self.activist_on,
                self.candidate_on,
                self.admitted_on,
                self.full_since,
            )

        def apply(self, aggregate: Member) -> None:
            """Set what an opening entry says beyond what an application would."""
            aggregate.enrolled = True
            aggregate.status = Status(self.status)
            aggregate.applied = self.applied
            aggregate.activist_on = self.activist_on
            aggregate.candidate_on = self.candidate_on
            aggregate.admitted_on = self.admitted_on
            aggregate.probation_months = self.probation_months
            aggregate.full_since = self.full_since
            aggregate.particulars = Particulars(
                self.sex, self.id_number, self.ethnicity, self.education, self.work_unit, self.phone
            )
            aggregate.age_judged_on = self.path.age_judged_on or self.step.effective
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

    class Moved(Event):
        TOPIC = "branchbook:Member.Moved"
        branch: str
        transfer: int
        restart_cultivation: bool

    class ConversionPostponed(Event):
        TOPIC = "branchbook:Member.ConversionPostponed"
        months: int

    class Decided(Event):
        TOPIC = "branchbook:Member.Decided"
        decision: str
        meeting: str
        detail: dict[str, Any]

    class Sanctioned(Event):
        TOPIC = "branchbook:Member.Sanctioned"
        sanction: dict[str, Any]
        body_type: str

    class SanctionReviewed(Event):
        TOPIC = "branchbook:Member.SanctionReviewed"
        outcome: str
        sanction: dict[str, Any]
        body: str

    class Urged(Event):
        TOPIC = "branchbook:Member.Urged"
        body: str

    class Left(Event):
        TOPIC = "branchbook:Member.Left"
        status: str
        basis: str
        body: str | None
        meeting: str | None

    class RectificationOrdered(Event):
        TOPIC = "branchbook:Member.RectificationOrdered"
        months: int
        deadline: date
        matter: str
        filed_with: str
        meeting: str

    class RectificationEnded(Event):
        TOPIC = "branchbook:Member.RectificationEnded"
        outcome: str

    class MembershipSuspended(Event):
        TOPIC = "branchbook:Member.MembershipSuspended"
        reason: str
        since: date

    class MembershipRestored(Event):
        TOPIC = "branchbook:Member.MembershipRestored"

    class Reapplied(Event):
        TOPIC = "branchbook:Member.Reapplied"
        branch: str

    class ParticularsCorrected(Event):
        TOPIC = "branchbook:Member.ParticularsCorrected"
        name: str
        birth: date
        corrects: int  # the position of the step that opened the record
        why: str

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
        path = judge_opening(judge, member=number, birth=birth, path=path, on=on)
        status = Status(path.status)
        joins = status in (Status.PROBATIONARY, Status.FULL)
        if joins:
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

    def correct_particulars(
        self,
        *,
        name: str | None,
        birth: date | None,
        corrects: int,
        why: str,
        step: Step,
        judge: Judge,
    ) -> None:
        """Correct the name or birth date the record was opened with (the opening step at
        position `corrects` stays in the record): judged again as at the opening."""
        opened = self.age_judged_on
        birth = birth or self.birth
        judge.check("record.birth_before_step", birth=birth, on=opened)
        judge.check("applicant.min_age", birth=birth, age=age_on(birth, opened), on=opened)
        self._particulars_corrected(
            name=name or self.name,
            birth=birth,
            corrects=corrects,
            why=why,
            step=step.judged(judge),
        )

    @event(ParticularsCorrected)
    def _particulars_corrected(
        self, *, name: str, birth: date, corrects: int, why: str, step: Step
    ) -> None:
        self.name = name
        self.birth = birth

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
        if pending.decision not in PIPELINE_DECISIONS:
            self._approve_case(
                pending, body=body, approved=approved, branch=branch, step=step, judge=judge
            )
            return
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

    # §5 transfers of the relation ---------------------------------------------------------

    def relation_on(self, on: date) -> str | None:
        """The branch holding the member's relation (or materials) on a date."""
        at = bisect_right([since for since, _ in self.relations], on)
        return self.relations[at - 1][1] if at else None

    def move(self, *, to: str, transfer: int, step: Step, judge: Judge) -> None:
        """The relation, or an applicant's materials, move to the receiving branch."""
        restart = not judge.param("activist.cultivation_continuous", "across_transfer")
        self._moved(branch=to, transfer=transfer, restart_cultivation=restart, step=step)

    @event(Moved)
    def _moved(self, *, branch: str, transfer: int, restart_cultivation: bool, step: Step) -> None:
        self.branch = branch
        self.relations.append((step.effective, branch))
        if self.status is Status.PROBATIONARY:
            self.transferred_in_probation = True
        if restart_cultivation and self.status in (Status.ACTIVIST, Status.CANDIDATE):
            self.activist_on = step.effective
        self._changed(step)

    def postpone_conversion(self, *, months: int, step: Step, judge: Judge) -> None:
        """The receiving branch postpones discussing a transferred-in member's conversion."""
        on = step.effective
        self._expect(judge, "postponing the conversion", Status.PROBATIONARY, on=on)
        judge.check(
            "record.transition",
            member=self.number,
            status="probationary, not transferred in during probation or already postponed",
            step="postponing the conversion",
            allowed=["probationary, transferred in during probation"],
            ok=self.transferred_in_probation and self.postponed is None,
        )
        judge.check("probation.transferred_in_postpone", member=self.number, months=months)
        self._conversion_postponed(months=months, step=step.judged(judge))

    @event(ConversionPostponed)
    def _conversion_postponed(self, *, months: int, step: Step) -> None:
        self.postponed = months

    # §6 discipline and disposal: resolutions awaiting approval ---------------------------

    @property
    def probation_sanction(self) -> Sanction | None:
        """The intra-party probation running now, if any."""
        running = [s for s in self.sanctions if s.withholds_rights]
        return running[-1] if running else None

    def sanctions_on(self, on: date) -> list[Sanction]:
        """The sanctions with effect on a date (a term, an effect period or a post bar)."""
        return [s for s in self.sanctions if s.in_force(on)]

    def resolve_case(
        self,
        *,
        decision: str,
        detail: dict[str, Any],
        meeting: Meeting,
        branch: Branch,
        votes: Votes,
        step: Step,
        judge: Judge,
    ) -> None:
        """Record a judged assembly resolution on discipline or disposal, awaiting approval."""
        evidence = assembly_resolution(
            judge,
            meeting=meeting,
            branch=branch,
            member=self.number,
            decision=decision,
            votes=votes,
            on=step.effective,
        )
        judged = self._decided(meeting, decision, evidence, step, judge)
        self._case_decided(decision=decision, meeting=meeting.code, detail=detail, step=judged)

    @event(Decided)
    def _case_decided(
        self, *, decision: str, meeting: str, detail: dict[str, Any], step: Step
    ) -> None:
        self.pending = Pending(decision, step.effective, meeting, detail.get("months"), detail)

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

    def _approve_case(
        self,
        pending: Pending,
        *,
        body: Body,
        approved: bool,
        branch: Branch,
        step: Step,
        judge: Judge,
    ) -> None:
        detail = pending.detail or {}
        expulsion = detail.get("sanction") == SanctionKind.EXPULSION.value
        judge.check(
            "discipline.approver",
            body=body.code,
            body_type=body.body_type,
            decision=pending.decision,
            expulsion=expulsion,
        )
        if not approved:
            self._not_approved(
                decision=pending.decision,
                body=body.code,
                body_type=body.body_type,
                step=step.judged(judge),
            )
            return
        approve_effect(self, pending, body=body, branch=branch, step=step, judge=judge)

    def sanction(
        self, *, sanction: Sanction, body_type: str, branch: Branch, step: Step, judge: Judge
    ) -> None:
        """Enter an approved sanction; posts go with removal, probation and expulsion."""
        if sanction.kind in LOSES_POSTS:
            branch.leave_office(member=self.number, reason=sanction.kind, step=step, judge=judge)
        self._sanctioned(sanction=sanction.as_dict(), body_type=body_type, step=step)
        branch.record_standing(member=self.number, standing=self.standing, step=step)

    @event(Sanctioned)
    def _sanctioned(self, *, sanction: dict[str, Any], body_type: str, step: Step) -> None:
        entered = Sanction.from_dict(sanction)
        self.pending = None
        self.sanctions.append(entered)
        if entered.kind == SanctionKind.EXPULSION.value:
            self._end(Status.EXPELLED, "expulsion", step.effective)
        self._changed(step)

    def review_sanction(
        self, *, outcome: str, sanction: Sanction, body: str, branch: Branch, step: Step
    ) -> None:
        """Enter the approved end of an intra-party probation: restored or extended."""
        self._sanction_reviewed(outcome=outcome, sanction=sanction.as_dict(), body=body, step=step)
        branch.record_standing(member=self.number, standing=self.standing, step=step)

    @event(SanctionReviewed)
    def _sanction_reviewed(
        self, *, outcome: str, sanction: dict[str, Any], body: str, step: Step
    ) -> None:
        current = self.probation_sanction
        assert current is not None
        self.sanctions[self.sanctions.index(current)] = Sanction.from_dict(sanction)
        self.pending = None
        self._changed(step)

    def urge_approved(self, *, body: str, step: Step) -> None:
        """The higher body approves urging the member to withdraw."""
        self._urged(body=body, step=step)

    @event(Urged)
    def _urged(self, *, body: str, step: Step) -> None:
        self.pending = None
        self.urged = step.effective

    def leave(
        self,
        *,
        status: Status,
        basis: str,
        body: str | None,
        meeting: str | None,
        branch: Branch,
        step: Step,
        judge: Judge,
    ) -> None:
        """The membership ends: removal, withdrawal or death; the roll and posts follow."""
        on_roll = self.standing.on_roll
        branch.leave_office(member=self.number, reason=basis, step=step, judge=judge)
        self._left(status=status.value, basis=basis, body=body, meeting=meeting, step=step)
        if on_roll:
            branch.record_standing(member=self.number, standing=self.standing, step=step)

    @event(Left)
    def _left(
        self, *, status: str, basis: str, body: str | None, meeting: str | None, step: Step
    ) -> None:
        self.pending = None
        self._end(Status(status), basis, step.effective)
        self._changed(step)

    def _end(self, status: Status, basis: str, on: date) -> None:
        self.status = status
        self.basis = basis
        self.ended_on = on
        self.rectification = None

    # §6.3 rectification, suspension of membership, a new application --------------------

    def order_rectification(
        self,
        *,
        rectification: Rectification,
        meeting: Meeting,
        branch: Branch,
        votes: Votes | None,
        step: Step,
        judge: Judge,
    ) -> None:
        """The branch committee orders rectification within a deadline, pre-filed above."""
        evidence = branch_decision(
            judge,
            meeting=meeting,
            branch=branch,
            member=self.number,
            decision=Decision.RECTIFY,
            on=step.effective,
            votes=votes,
        )
        judged = self._decided(meeting, Decision.RECTIFY, evidence, step, judge)
        r = rectification
        self._rectification_ordered(
            months=r.months,
            deadline=r.deadline,
            matter=r.matter,
            filed_with=r.filed_with,
            meeting=meeting.code,
            step=judged,
        )

    @event(RectificationOrdered)
    def _rectification_ordered(
        self, *, months: int, deadline: date, matter: str, filed_with: str, meeting: str, step: Step
    ) -> None:
        self.rectification = Rectification(step.effective, months, deadline, matter, filed_with)

    def end_rectification(self, *, outcome: str, step: Step, judge: Judge) -> None:
        """Record how a rectification ended: corrected, or not (urging may follow)."""
        on = step.effective
        r = self.rectification
        self.expect(
            judge,
            "the end of a rectification",
            Status.FULL,
            on=on,
            ok=r is not None,
            why="not under a rectification order",
        )
        assert r is not None
        judge.check(
            "record.step_order",
            step="the end of rectification",
            on=on,
            what="the order",
            after=r.ordered,
        )
        self._rectification_ended(outcome=outcome, step=step.judged(judge))

    @event(RectificationEnded)
    def _rectification_ended(self, *, outcome: str, step: Step) -> None:
        self.rectification = None

    def suspend_membership(
        self, *, reason: str, since: date, branch: Branch, step: Step, judge: Judge
    ) -> None:
        """Suspend the membership of a member out of contact, emigrated or long abroad."""
        on = step.effective
        self._expect(judge, "suspension of membership", Status.FULL, on=on)
        judge.check(
            "record.step_order", step="suspension", on=on, what="the loss of contact", after=since
        )
        if reason == "lost-contact":
            judge.check(
                "lost_contact.suspension",
                member=self.number,
                since=since,
                on=on,
                months=whole_months(since, on),
            )
        judged = step.judged(judge)
        branch.leave_office(
            member=self.number, reason="membership suspended", step=judged, judge=judge
        )
        self._membership_suspended(reason=reason, since=since, step=judged)
        branch.record_standing(member=self.number, standing=self.standing, step=judged)

    @event(MembershipSuspended)
    def _membership_suspended(self, *, reason: str, since: date, step: Step) -> None:
        self.status = Status.SUSPENDED
        self.suspension = (reason, since, step.effective)
        self._changed(step)

    def restore_membership(self, *, branch: Branch, step: Step, judge: Judge) -> None:
        """Restore a suspended membership (the member is found or returns)."""
        self._expect(judge, "restoration of membership", Status.SUSPENDED, on=step.effective)
        judged = step.judged(judge)
        self._membership_restored(step=judged)
        branch.record_standing(member=self.number, standing=self.standing, step=judged)

    @event(MembershipRestored)
    def _membership_restored(self, *, step: Step) -> None:
        self.status = Status.FULL
        self.suspension = None
        self._changed(step)

    def reapply(self, *, branch: Branch, step: Step, judge: Judge) -> None:
        """A person whose membership or path ended applies again, past any bar on rejoining."""
        on = step.effective
        judge.check(
            "record.transition",
            member=self.number,
            status=self.status.value,
            step="a new application",
            allowed=[s.value for s in REAPPLY],
            ok=self.status in REAPPLY,
        )
        judge.check(
            "record.step_order",
            step="application",
            on=on,
            what="the last change",
            after=self.last_change,
        )
        branch.check_exists_on(judge, on)
        judge.check("applicant.min_age", birth=self.birth, age=age_on(self.birth, on), on=on)
        ended = self.ended_on
        judge.check(
            "discipline.expulsion_rejoin_bar",
            member=self.number,
            expelled=ended if self.status is Status.EXPELLED else None,
            on=on,
        )
        judge.check(
            "disposal.rejoin_bar",
            member=self.number,
            removed=ended if self.status is Status.REMOVED and self.basis in BARRED else None,
            basis=self.basis,
            on=on,
        )
        self._reapplied(branch=branch.code, step=step.judged(judge))

    @event(Reapplied)
    def _reapplied(self, *, branch: str, step: Step) -> None:
        self._reset_path()
        self.status = Status.APPLICANT
        self.applied = step.effective
        if branch != self.branch:
            self.branch = branch
            self.relations.append((step.effective, branch))
        self._changed(step)


def _after(day: date, months: object) -> date | None:
    """`months` after a date, or None where the rulebook leaves the period unset."""
    if months is None:
        return None
    assert isinstance(months, int)
    return add_months(day, months)


def approve_effect(
    member: Member, pending: Pending, *, body: Body, branch: Branch, step: Step, judge: Judge
) -> None:
    """Give effect to an approved resolution on discipline or disposal (PC art. 9, 41-42)."""
    detail = pending.detail or {}
    on = step.effective
    if pending.decision == Decision.DISCIPLINE:
        sanction = approved_sanction(
            judge,
            kind=detail["sanction"],
            matter=detail["matter"],
            months=detail.get("months"),
            decided=pending.on,
            on=on,
            body=body.code,
        )
        member.sanction(
            sanction=sanction,
            body_type=body.body_type,
            branch=branch,
            step=step.judged(judge),
            judge=judge,
        )
    elif pending.decision == Decision.REVIEW_SANCTION:
        current = member.probation_sanction
        assert current is not None
        outcome = detail["outcome"]
        changed = reviewed(current, judge, outcome=outcome, on=on)
        member.review_sanction(
            outcome=outcome,
            sanction=changed,
            body=body.code,
            branch=branch,
            step=step.judged(judge),
        )
    elif pending.decision == Decision.URGE:
        member.urge_approved(body=body.code, step=step.judged(judge))
    else:
        member.leave(
            status=Status.REMOVED,
            basis=detail["basis"],
            body=body.code,
            meeting=pending.meeting,
            branch=branch,
            step=step.judged(judge),
            judge=judge,
        )
