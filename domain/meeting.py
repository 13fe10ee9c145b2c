"""The Meeting aggregate: a meeting held by a branch, who attended, and what it decided."""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain import ids
from domain.branch import Branch
from domain.rules import Judge
from domain.step import Step


class MeetingKind(Enum):
    """The meetings of branch life (S000 art. 11-17)."""

    ASSEMBLY = "assembly"  # 党员大会
    COMMITTEE = "committee"  # 支部委员会会议
    GROUP = "group"  # 党小组会
    LECTURE = "lecture"  # 党课
    THEME_DAY = "theme-day"  # 主题党日
    ORG_LIFE = "org-life"  # 组织生活会


def default_code(branch: str, on: date, kind: str) -> str:
    """The meeting's code when none is given: branch, date and kind (B01-2024-03-01-assembly)."""
    return f"{branch}-{on.isoformat()}-{kind}"


class Meeting(Aggregate):
    """A meeting, identified by its code; its decisions carry the evidence they were judged on."""

    TOPIC = "branchbook:Meeting"

    class Event(Aggregate.Event):
        TOPIC = "branchbook:Meeting.Event"
        step: Step

    class Held(Aggregate.Created):
        TOPIC = "branchbook:Meeting.Held"
        code: str
        branch: str
        kind: str
        present: list[str]
        chair: str
        step: Step

    class Resolved(Event):
        TOPIC = "branchbook:Meeting.Resolved"
        member: str
        decision: str
        evidence: dict[str, Any]

    @staticmethod
    def create_id(code: str) -> UUID:
        return ids.meeting_id(code)

    @classmethod
    def hold(
        cls,
        *,
        code: str,
        branch: Branch,
        kind: MeetingKind,
        present: list[str],
        chair: str,
        step: Step,
        judge: Judge,
    ) -> Meeting:
        """Record a meeting held on the step's date, with attendance by member number."""
        branch.check_exists_on(judge, step.effective)
        judge.check("record.chair_present", chair=chair, present=present)
        return cls(
            code=code,
            branch=branch.code,
            kind=kind.value,
            present=sorted(set(present)),
            chair=chair,
            step=step.judged(judge),
        )

    @event(Held)
    def __init__(
        self, *, code: str, branch: str, kind: str, present: list[str], chair: str, step: Step
    ) -> None:
        self.code = code
        self.branch = branch
        self.kind = MeetingKind(kind)
        self.present = tuple(present)
        self.chair = chair
        self.held: date = step.effective
        self.resolutions: list[tuple[str, str]] = []  # (member, decision)

    def check_decides(self, judge: Judge, *, decision: str, member: str, on: date) -> None:
        """A decision about a member is dated on this meeting's date and taken once."""
        judge.check(
            "record.meeting_date", meeting=self.code, held=self.held, on=on, decision=decision
        )
        judge.check(
            "admission.vote_individually",
            meeting=self.code,
            member=member,
            decision=decision,
            already=(member, decision) in self.resolutions,
        )

    def resolve(self, *, member: str, decision: str, evidence: dict[str, Any], step: Step) -> None:
        """Record a decision about one member, with the counts it was judged on."""
        self._resolved(member=member, decision=decision, evidence=evidence, step=step)

    @event(Resolved)
    def _resolved(
        self, *, member: str, decision: str, evidence: dict[str, Any], step: Step
    ) -> None:
        self.resolutions.append((member, decision))
