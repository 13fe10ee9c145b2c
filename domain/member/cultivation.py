"""Cultivation (T2-T9): the talk, the activist and their assessments, the development
candidate's review, training, introducers and pre-review."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from branchbook.domain.branch import Branch
from branchbook.domain.dates import add_months
from branchbook.domain.decisions import Decision, Votes, branch_decision
from branchbook.domain.meeting import Meeting
from branchbook.domain.member.state import MemberEvent, MemberState, Status, Training
from branchbook.domain.rules import Judge
from branchbook.domain.step import Step


class TalkedWith(MemberEvent):
    """The organisation's talk with the applicant."""

    TOPIC = "branchbook:Member.TalkedWith"
    by: str

    def apply(self, aggregate: MemberState) -> None:
        aggregate.talks.append(self.step.effective)


class DesignatedActivist(MemberEvent):
    """The branch committee's designation of an activist, with their contacts."""

    TOPIC = "branchbook:Member.DesignatedActivist"
    meeting: str
    contacts: list[str]
    recommended_by: str

    def apply(self, aggregate: MemberState) -> None:
        aggregate.status = Status.ACTIVIST
        aggregate.activist_on = self.step.effective
        aggregate.contacts = tuple(self.contacts)
        aggregate.recommended_by = self.recommended_by
        aggregate._changed(self.step)


class Assessed(MemberEvent):
    """A half-yearly assessment of an activist."""

    TOPIC = "branchbook:Member.Assessed"

    def apply(self, aggregate: MemberState) -> None:
        aggregate.assessments.append(self.step.effective)


class DesignatedCandidate(MemberEvent):
    """The branch committee's designation of a development candidate."""

    TOPIC = "branchbook:Member.DesignatedCandidate"
    meeting: str

    def apply(self, aggregate: MemberState) -> None:
        aggregate.status = Status.CANDIDATE
        aggregate.candidate_on = self.step.effective
        aggregate._changed(self.step)


class PoliticallyReviewed(MemberEvent):
    """The political review of a development candidate, passed or not."""

    TOPIC = "branchbook:Member.PoliticallyReviewed"
    passed: bool

    def apply(self, aggregate: MemberState) -> None:
        aggregate.review_passed = self.passed
        aggregate.reviewed_on = self.step.effective


class Trained(MemberEvent):
    """Short intensive training attended."""

    TOPIC = "branchbook:Member.Trained"
    days: int
    hours: int

    def apply(self, aggregate: MemberState) -> None:
        aggregate.trainings.append(Training(self.step.effective, self.days, self.hours))


class IntroducersNamed(MemberEvent):
    """The candidate's introducers."""

    TOPIC = "branchbook:Member.IntroducersNamed"
    introducers: list[str]

    def apply(self, aggregate: MemberState) -> None:
        aggregate.introducers = tuple(self.introducers)


class Prereviewed(MemberEvent):
    """The higher committee's pre-review of the candidate."""

    TOPIC = "branchbook:Member.Prereviewed"
    body: str

    def apply(self, aggregate: MemberState) -> None:
        aggregate.prereviewed_on = self.step.effective
        aggregate.prereview_body = self.body


class Cultivation(MemberState):
    """The steps from the application to a candidate ready for admission."""

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
        self._trigger(TalkedWith, by=by, step=step.judged(judge))

    # T3-T4 activist ------------------------------------------------------------------------

    def designate_activist(
        self,
        *,
        meeting: Meeting,
        branch: Branch,
        contacts: Mapping[str, MemberState | None],
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
        self._trigger(
            DesignatedActivist,
            meeting=meeting.code,
            contacts=sorted(contacts),
            recommended_by=recommended_by,
            step=judged,
        )

    def assess(self, *, step: Step, judge: Judge) -> None:
        """Record the branch's half-yearly assessment of an activist (T4)."""
        on = step.effective
        self._expect(judge, "assessment", Status.ACTIVIST, Status.CANDIDATE, on=on)
        self._check_assessment_gap(judge, on)
        self._trigger(Assessed, step=step.judged(judge))

    def _check_assessment_gap(self, judge: Judge, on: date) -> None:
        if self.status is not Status.ACTIVIST or self.activist_on is None:
            return
        last = max([self.activist_on, *self.assessments])
        months = judge.whole("activist.assessment_interval", "months")
        judge.check("activist.assessment_interval", last=last, on=on, due=add_months(last, months))

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
        self._trigger(DesignatedCandidate, meeting=meeting.code, step=judged)

    def review(self, *, passed: bool, step: Step, judge: Judge) -> None:
        """Record the political review of a development candidate (T7)."""
        self._expect(judge, "political review", Status.CANDIDATE, on=step.effective)
        self._trigger(PoliticallyReviewed, passed=passed, step=step.judged(judge))

    def train(self, *, days: int, hours: int, step: Step, judge: Judge) -> None:
        """Record short intensive training attended by a development candidate (T8)."""
        self._expect(judge, "training", Status.CANDIDATE, on=step.effective)
        self._trigger(Trained, days=days, hours=hours, step=step.judged(judge))

    def name_introducers(
        self, *, introducers: Mapping[str, MemberState | None], step: Step, judge: Judge
    ) -> None:
        """Record the candidate's introducers: full members with their rights (T6)."""
        on = step.effective
        self._expect(judge, "naming introducers", Status.CANDIDATE, on=on)
        unfit = sorted(
            n for n, m in introducers.items() if m is None or not m.votes_on(on) or n == self.number
        )
        judge.check("candidate.introducers", count=len(introducers), unfit=unfit, on=on)
        self._trigger(IntroducersNamed, introducers=sorted(introducers), step=step.judged(judge))

    def prereview(self, *, body: str, step: Step, judge: Judge) -> None:
        """Record the higher committee's pre-review of the candidate (T9)."""
        self._expect(judge, "pre-review", Status.CANDIDATE, on=step.effective)
        self._trigger(Prereviewed, body=body, step=step.judged(judge))


def _after(day: date, months: object) -> date | None:
    """`months` after a date, or None where the rulebook leaves the period unset."""
    if months is None:
        return None
    assert isinstance(months, int)
    return add_months(day, months)
