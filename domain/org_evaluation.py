"""The OrgEvaluation aggregate: the S003 evaluation of one branch for one year (S003 §三.3).

The evaluator's item scores are recorded as given, each judged against the item's points
(eval003.item_max); the notice board is given as the number of times it was updated, worth
eval003.notice_board_cap per_time each, up to the item cap. A later scoring of the same year
replaces the items it names and keeps the others; nothing recorded is changed. What the
record already knows is read when the evaluation is shown (domain.eval_record), for the items
the evaluator left, if the evaluation asks for it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from branchbook.domain import ids
from branchbook.domain.eval_grade import Mark
from branchbook.domain.eval_table import BY_ID, NOTICE_BOARD, PER_TIME, plain
from branchbook.domain.rules import Judge
from branchbook.domain.step import Step
from branchbook.domain.wording import counted

AGGREGATE = "org-evaluation"


def subject(branch: str, year: int) -> str:
    """How the audit trail names an evaluation."""
    return f"{branch}/{year}"


def notice_board_points(times: int, params: Mapping[str, object]) -> Decimal:
    """The notice board's points for the times it was updated: per_time each, up to the cap."""
    per_time = Decimal(str(params["per_time"]))
    return plain(min(per_time * times, Decimal(str(params["item_cap"]))))


class OrgEvaluation(Aggregate):
    """The item scores of one branch's evaluation for one year."""

    TOPIC = "branchbook:OrgEvaluation"

    class Event(Aggregate.Event):
        TOPIC = "branchbook:OrgEvaluation.Event"
        step: Step

    class Opened(Aggregate.Created):
        TOPIC = "branchbook:OrgEvaluation.Opened"
        branch: str
        year: int
        step: Step

        @property
        def concerns(self) -> tuple[str, str, str | None, str | None]:
            return AGGREGATE, subject(self.branch, self.year), self.branch, None

    class Scored(Event):
        TOPIC = "branchbook:OrgEvaluation.Scored"
        branch: str
        year: int
        scores: dict[str, str]  # item id -> points as a decimal text
        notice_board: int | None  # times the notice board was updated, if given
        from_record: bool  # the items left take what the record knows

        @property
        def concerns(self) -> tuple[str, str, str | None, str | None]:
            return AGGREGATE, subject(self.branch, self.year), self.branch, None

    @staticmethod
    def create_id(branch: str, year: int) -> UUID:
        return ids.evaluation_id(branch, year)

    @classmethod
    def open(
        cls,
        *,
        branch: str,
        year: int,
        founded: date,
        dissolved: date | None,
        step: Step,
        judge: Judge,
    ) -> OrgEvaluation:
        """Begin the evaluation of a branch for a year: one that has begun, in which the branch
        existed (founded by its last day, not dissolved by its first)."""
        judge.check("eval003.year_begun", branch=branch, year=year, on=step.effective)
        judge.check(
            "eval003.branch_in_year", branch=branch, year=year, founded=founded, dissolved=dissolved
        )
        return cls(branch=branch, year=year, step=step.judged(judge))

    @event(Opened)
    def __init__(self, *, branch: str, year: int, step: Step) -> None:
        self.branch = branch
        self.year = year
        self.scores: dict[str, Decimal] = {}
        self.notice_board: int | None = None
        self.from_record = False

    def score(
        self,
        *,
        scores: Mapping[str, Decimal],
        notice_board: int | None,
        from_record: bool,
        step: Step,
        judge: Judge,
    ) -> None:
        """Record item scores (each within its item's points) and the notice board's updates."""
        judge.check("eval003.year_begun", branch=self.branch, year=self.year, on=step.effective)
        for item_id, points in scores.items():
            item = BY_ID[item_id]
            judge.check(
                "eval003.item_max",
                item=item_id,
                label=item.en,
                points=str(points),
                max=str(item.points),
            )
        self._scored(
            branch=self.branch,
            year=self.year,
            scores={k: str(v) for k, v in scores.items()},
            notice_board=notice_board,
            from_record=from_record,
            step=step.judged(judge),
        )

    @event(Scored)
    def _scored(
        self,
        *,
        branch: str,
        year: int,
        scores: dict[str, str],
        notice_board: int | None,
        from_record: bool,
        step: Step,
    ) -> None:
        self.scores.update({k: Decimal(v) for k, v in scores.items()})
        if notice_board is not None:
            self.notice_board = notice_board
        self.from_record = from_record


def given_marks(
    scored: Sequence[Mapping[str, object]], params: Mapping[str, object]
) -> tuple[dict[str, Mark], bool]:
    """The marks the evaluator gave, from the Scored events' fields in the log's order, and
    whether the latest asks for the record's marks for the items left."""
    marks: dict[str, Mark] = {}
    from_record = False
    for fields in scored:
        given = fields.get("scores") or {}
        assert isinstance(given, dict)
        for item_id, points in given.items():
            marks[item_id] = Mark(plain(Decimal(str(points))), "given")
        times = fields.get("notice_board")
        if isinstance(times, int):
            points = notice_board_points(times, params)
            per_time = params["per_time"]
            marks[NOTICE_BOARD] = Mark(
                points, PER_TIME, f"updated {counted(times, 'time')} at {per_time} each, capped"
            )
        from_record = bool(fields.get("from_record"))
    return marks, from_record
