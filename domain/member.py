"""The Member aggregate: a person on the path from application to membership."""

from __future__ import annotations

from datetime import date
from enum import Enum
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain import ids
from domain.branch import Branch
from domain.dates import add_months, age_on
from domain.rules import Judge
from domain.step import Step


class Status(Enum):
    """Where a person stands (RULES.md §1.2)."""

    APPLICANT = "applicant"


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

    class TalkedWith(Event):
        TOPIC = "branchbook:Member.TalkedWith"
        by: str

    @staticmethod
    def create_id(number: str) -> UUID:
        return ids.member_id(number)

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
        self.number = number
        self.name = name
        self.birth = birth
        self.branch = branch
        self.status = Status.APPLICANT
        self.applied: date = step.effective
        self.talks: list[date] = []

    def talk(self, *, by: str, step: Step, judge: Judge) -> None:
        """Record the organisation's talk with the applicant (T2)."""
        on = step.effective
        judge.check("record.step_order", step="talk", on=on, what="application", after=self.applied)
        months = judge.whole("applicant.talk_deadline", "months")
        if not self.talks:
            deadline = add_months(self.applied, months)
            judge.check("applicant.talk_deadline", talk=on, deadline=deadline, applied=self.applied)
        self._talked_with(by=by, step=step.judged(judge))

    @event(TalkedWith)
    def _talked_with(self, *, by: str, step: Step) -> None:
        self.talks.append(step.effective)
