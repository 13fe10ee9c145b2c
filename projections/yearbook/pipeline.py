"""A branch's admission pipeline on a day: who stands at each stage of the path to full
membership (docs/rules.md, "Admission"), with the step each waits for and where its deadline
stands; and how many were admitted and converted in the year.

The steps are projections.members.next_step's; whether one is due or overdue is the due
list's (projections.auditors.due, which may name instead the transfer a temporary branch's
member needs); the year's admissions and conversions are the statistics' (projections.
auditors.stats).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from attrs import frozen
from sqlalchemy import Connection

from branchbook.domain.member import Status
from branchbook.domain.rules import RulebookVersion
from branchbook.projections.auditors.due import DueItem, due_items
from branchbook.projections.auditors.stats import YearCounts
from branchbook.projections.members.as_of import states_on
from branchbook.projections.members.next_step import NextStep, next_steps
from branchbook.projections.members.view import MemberView

# The stages of the path before full membership, in its order.
STAGES = tuple(
    s.value
    for s in (
        Status.APPLICANT,
        Status.ACTIVIST,
        Status.CANDIDATE,
        Status.ADMITTED,
        Status.PROBATIONARY,
    )
)


@frozen
class InPipeline:
    """A member at a stage: since when, the step awaited, its deadline and where it stands."""

    member: str
    name: str
    since: date
    next_step: str | None
    due: date | None
    status: str | None  # due | overdue, as the due list says; None when it lists nothing
    rule: str | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "member": self.member,
            "name": self.name,
            "since": self.since.isoformat(),
            "next_step": self.next_step,
            "due": None if self.due is None else self.due.isoformat(),
            "status": self.status,
            "rule": self.rule,
        }


@frozen
class Stage:
    """One stage of the path and its members, by member number."""

    stage: str
    members: tuple[InPipeline, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "stage": self.stage,
            "count": len(self.members),
            "members": [m.as_dict() for m in self.members],
        }


@frozen
class Pipeline:
    """The stages in the path's order, and the year's admissions and conversions."""

    stages: tuple[Stage, ...]
    admitted_in_year: int
    converted_in_year: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "stages": [s.as_dict() for s in self.stages],
            "admitted_in_year": self.admitted_in_year,
            "converted_in_year": self.converted_in_year,
        }


def pipeline(
    conn: Connection,
    code: str,
    as_of: date,
    version: RulebookVersion,
    year: YearCounts,
) -> Pipeline:
    """The branch's pipeline on `as_of`, each stage's members by number; with the year's
    admissions and conversions counted by the statistics (`year`)."""
    items: dict[tuple[str, date], DueItem] = {}
    for item in due_items(conn, as_of, version, branch=code):
        items.setdefault((item.subject, item.due), item)
    at: dict[str, list[InPipeline]] = {stage: [] for stage in STAGES}
    for state in states_on(conn, as_of, code):
        view = state.view
        if view.status in at:
            at[view.status].append(_member(view, next_steps(view, version, as_of), items))
    return Pipeline(
        tuple(Stage(stage, tuple(found)) for stage, found in at.items()),
        year.admissions,
        year.conversions,
    )


def _member(
    view: MemberView, steps: list[NextStep], items: dict[tuple[str, date], DueItem]
) -> InPipeline:
    """The member with the first step awaited that has a deadline (else the first step),
    and the due list's item for that deadline, if it lists one."""
    dated = [s for s in steps if s.due is not None]
    step = dated[0] if dated else steps[0] if steps else None
    if step is None:
        return InPipeline(view.number, view.name, view.since, None, None, None, None)
    day = step.due if step.due is not None else step.earliest  # the due list's date for it
    item = None if day is None else items.get((view.number, day))
    if item is None:
        return InPipeline(view.number, view.name, view.since, step.step, step.due, None, step.rule)
    return InPipeline(
        view.number, view.name, view.since, item.step, item.due, item.status, item.rule
    )
