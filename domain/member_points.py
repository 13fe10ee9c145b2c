"""The MemberPoints aggregate: a member's S002 points (党员量化积分) for one year.

Three components, each on the component scale of points002.annual_total (100): the individual
conduct score, the party-group work score and the annual evaluation score; the annual total
is their weighted sum (0.5, 0.3, 0.2). The member is kept under a category A–D.

Choices where S002 is silent (README "Member points"):
- The points per item and who awards them are not modelled: the three component scores are
  recorded as given, each from 0 to the scale, with at most two decimals.
- The categories A–D change nothing in the scoring (S002 gives no differentiated items or
  weights); they are kept, shown and counted.
- The group score is recorded per member: nothing copies a party group's score to its members.
- The annual evaluation score is given as a number; it is not derived from the democratic
  evaluation's grade.
- No threshold or consequence is attached to a total; the total is not rounded.
- A later record of the same year replaces the components and category it gives and keeps
  the others; a total is computed only when all three components are known.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING
from uuid import UUID

from attrs import frozen
from eventsourcing.domain import Aggregate, event

from branchbook.domain import ids
from branchbook.domain.eval_table import plain
from branchbook.domain.rules import Judge
from branchbook.domain.step import Step

if TYPE_CHECKING:
    from branchbook.domain.member.state import MemberState

AGGREGATE = "member-points"
COMPONENTS = ("individual", "group", "annual")


def subject(member: str, year: int) -> str:
    """How the audit trail names a member's points for a year."""
    return f"{member}/{year}"


@frozen
class Membership:
    """When a person's party membership ran, as the record knows it: from the admission (or
    the date of joining an opening entry gives) to its end, if it ended."""

    status: str
    since: date | None
    ended: date | None

    @classmethod
    def of(cls, member: MemberState) -> Membership:
        status = member.status.value
        since = member.admitted_on or member.full_since
        return cls(status=status, since=None if status == "not-approved" else since,
                   ended=member.ended_on)  # fmt: skip


class MemberPoints(Aggregate):
    """The points of one member for one year."""

    TOPIC = "branchbook:MemberPoints"

    class Event(Aggregate.Event):
        TOPIC = "branchbook:MemberPoints.Event"
        step: Step

    class Opened(Aggregate.Created):
        TOPIC = "branchbook:MemberPoints.Opened"
        member: str
        year: int
        branch: str
        step: Step

        @property
        def concerns(self) -> tuple[str, str, str | None, str | None]:
            return AGGREGATE, subject(self.member, self.year), self.branch, self.member

    class Recorded(Event):
        TOPIC = "branchbook:MemberPoints.Recorded"
        member: str
        year: int
        branch: str
        category: str | None
        scores: dict[str, str]  # component -> points as a decimal text

        @property
        def concerns(self) -> tuple[str, str, str | None, str | None]:
            return AGGREGATE, subject(self.member, self.year), self.branch, self.member

    @staticmethod
    def create_id(member: str, year: int) -> UUID:
        return ids.points_id(member, year)

    @classmethod
    def open(cls, *, member: str, year: int, branch: str, step: Step, judge: Judge) -> MemberPoints:
        """Begin a member's points for a year (its year must have begun)."""
        judge.check("points002.year_begun", member=member, year=year, on=step.effective)
        return cls(member=member, year=year, branch=branch, step=step.judged(judge))

    @event(Opened)
    def __init__(self, *, member: str, year: int, branch: str, step: Step) -> None:
        self.member = member
        self.year = year
        self.branch = branch
        self.category: str | None = None
        self.scores: dict[str, Decimal] = {}

    def record(
        self,
        *,
        branch: str,
        category: str | None,
        scores: Mapping[str, Decimal],
        membership: Membership,
        step: Step,
        judge: Judge,
    ) -> None:
        """Record some or all of the components, and the category, for the year: for a
        member who was a probationary or full member in it."""
        judge.check("points002.year_begun", member=self.member, year=self.year, on=step.effective)
        judge.check(
            "points002.party_member",
            member=self.member,
            year=self.year,
            on=step.effective,
            status=membership.status,
            since=membership.since,
            ended=membership.ended,
        )
        scale = judge.param("points002.annual_total", "component_scale")
        for component, points in scores.items():
            judge.check(
                "points002.component_range",
                member=self.member,
                component=component,
                points=str(points),
                scale=scale,
            )
        self._recorded(
            member=self.member,
            year=self.year,
            branch=branch,
            category=category,
            scores={k: str(v) for k, v in scores.items()},
            step=step.judged(judge),
        )

    @event(Recorded)
    def _recorded(
        self,
        *,
        member: str,
        year: int,
        branch: str,
        category: str | None,
        scores: dict[str, str],
        step: Step,
    ) -> None:
        self.branch = branch
        if category is not None:
            self.category = category
        self.scores.update({k: Decimal(v) for k, v in scores.items()})


@frozen
class Points:
    """A member's points for a year as recorded, and the annual total when all are known."""

    member: str
    year: int
    branch: str
    category: str | None
    scores: Mapping[str, Decimal]
    total: Decimal | None
    weights: Mapping[str, Decimal]

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(c for c in COMPONENTS if c not in self.scores)

    def as_dict(self) -> dict[str, object]:
        return {
            "member": self.member,
            "year": self.year,
            "branch": self.branch,
            "category": self.category,
            "individual": _text(self.scores.get("individual")),
            "group": _text(self.scores.get("group")),
            "annual": _text(self.scores.get("annual")),
            "weights": {k: str(v) for k, v in self.weights.items()},
            "total": _text(self.total),
            "missing": list(self.missing),
        }


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def points_of(
    member: str,
    year: int,
    recorded: Sequence[Mapping[str, object]],
    params: Mapping[str, object],
) -> Points:
    """A member's points from the Recorded events' fields in the log's order, totalled by the
    weights of points002.annual_total when every component is known."""
    scores: dict[str, Decimal] = {}
    category: str | None = None
    branch = ""
    for fields in recorded:
        given = fields.get("scores") or {}
        assert isinstance(given, dict)
        scores.update({k: plain(Decimal(str(v))) for k, v in given.items()})
        if fields.get("category") is not None:
            category = str(fields["category"])
        branch = str(fields.get("branch") or branch)
    raw = params["weights"]
    assert isinstance(raw, dict)
    weights = {c: Decimal(str(raw[c])) for c in COMPONENTS}
    total = None
    if all(c in scores for c in COMPONENTS):
        total = plain(sum((weights[c] * scores[c] for c in COMPONENTS), Decimal(0)))
    return Points(member, year, branch, category, scores, total, weights)
