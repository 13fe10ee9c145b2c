"""Entering the record: an application, an opening entry, corrected particulars, a new
application after the path or the membership ended."""

from __future__ import annotations

from datetime import date
from typing import Any

from eventsourcing.domain import Aggregate

from branchbook.domain.branch import Branch
from branchbook.domain.dates import age_on
from branchbook.domain.discipline import BARRED
from branchbook.domain.member.state import MemberEvent, MemberState, Status
from branchbook.domain.opening import Particulars, Path
from branchbook.domain.rules import Judge
from branchbook.domain.step import Step

# Statuses from which a person may apply again (EM art. 24: removed members may re-apply).
REAPPLY = (Status.NOT_APPROVED, Status.REVOKED, Status.EXPELLED, Status.REMOVED)

# What version 2 of Member.Enrolled added, absent from an event of version 1.
ENROLLED_V2 = (
    "applied", "activist_on", "candidate_on",
    "sex", "id_number", "ethnicity", "education", "work_unit", "phone",
)  # fmt: skip


class Applied(Aggregate.Created):
    """A written application for membership (T1)."""

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

    def apply(self, aggregate: MemberState) -> None:
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


class ParticularsCorrected(MemberEvent):
    """The name or birth date the record was opened with, corrected."""

    TOPIC = "branchbook:Member.ParticularsCorrected"
    name: str
    birth: date
    corrects: int  # the position of the step that opened the record
    why: str

    def apply(self, aggregate: MemberState) -> None:
        aggregate.name = self.name
        aggregate.birth = self.birth


class Reapplied(MemberEvent):
    """A new application by a person whose path or membership ended."""

    TOPIC = "branchbook:Member.Reapplied"
    branch: str

    def apply(self, aggregate: MemberState) -> None:
        aggregate._reset_path()
        aggregate.status = Status.APPLICANT
        aggregate.applied = self.step.effective
        if self.branch != aggregate.branch:
            aggregate.branch = self.branch
            aggregate.relations.append((self.step.effective, self.branch))
        aggregate._changed(self.step)


class Entry(MemberState):
    """The steps that open a record again or amend how it was opened."""

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
        self._trigger(
            ParticularsCorrected,
            name=name or self.name,
            birth=birth,
            corrects=corrects,
            why=why,
            step=step.judged(judge),
        )

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
        branch.check_relation_kept(judge, on, member=self.number, step="the new application")
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
        self._trigger(Reapplied, branch=branch.code, step=step.judged(judge))
