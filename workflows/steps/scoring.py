"""The commands of the two scoring schemes: an organisation's S003 evaluation for a year, and a
member's S002 points for a year."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from uuid import UUID

from branchbook.domain import ids
from branchbook.domain.eval_table import BY_ID, NOTICE_BOARD, plain
from branchbook.domain.member_points import COMPONENTS, MemberPoints, Membership
from branchbook.domain.org_evaluation import OrgEvaluation
from branchbook.domain.rules import Judge
from branchbook.domain.step import Step
from branchbook.workflows import values
from branchbook.workflows.errors import BadInput
from branchbook.workflows.steps.commands import CommandSpec, Field
from branchbook.workflows.steps.loading import BRANCH, MEMBER, branch_of, member_of

if TYPE_CHECKING:
    from branchbook.workflows.store.uow import UnitOfWork

# Points: 0 or more, with at most two decimals (0.5, 87.25); the rules judge the maximum.
POINTS = re.compile(r"^[0-9]{1,4}(\.[0-9]{1,2})?$")
FIRST_YEAR = values.FIRST_DAY.year
LAST_YEAR = values.LAST_DAY.year


def _points(key: str, raw: str) -> Decimal:
    text = raw.strip()
    if not POINTS.fullmatch(text):
        raise BadInput(f"{key} {values.shown(raw)} is not points like 2 or 0.5")
    return plain(Decimal(text))


def _year(v: dict[str, Any]) -> int:
    year: int = v["year"]
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise BadInput(f"year {year} is not from {FIRST_YEAR} to {LAST_YEAR}")
    return year


def item_scores(raw: str | None) -> dict[str, Decimal]:
    """ITEM=POINTS,ITEM=POINTS: items of the table, each named once."""
    out: dict[str, Decimal] = {}
    for part in (p.strip() for p in (raw or "").split(",") if p.strip()):
        item, sep, points = part.partition("=")
        item = item.strip()
        if not sep:
            raise BadInput(f"score: expected ITEM=POINTS, got "
                           f"{values.shown(part)}")  # fmt: skip
        if item not in BY_ID:
            raise BadInput(f"score: {values.shown(item)} is not an item "
                           "of the table (`branchbook evaluation items` lists them)")  # fmt: skip
        if item in out:
            raise BadInput(f"score: item {item} is named twice")
        out[item] = _points(f"score of {item}", points)
    return out


def record_evaluation(uow: UnitOfWork, judge: Judge, step: Step, v: dict[str, Any]) -> str:
    code: str = v["branch"]
    year = _year(v)
    scores = item_scores(v.get("score"))
    times: int | None = v.get("notice-board")
    if times is not None and NOTICE_BOARD in scores:
        raise BadInput(f"give the notice board ({NOTICE_BOARD}) as a score "
                       "or as --notice-board, not both")  # fmt: skip
    if not scores and times is None and not v["from-record"]:
        raise BadInput("nothing to record; give --score, --notice-board "
                       "or --from-record")  # fmt: skip
    branch = branch_of(uow, code)
    branch.check_exists_on(judge, step.effective)
    evaluation = uow.get(ids.evaluation_id(code, year), OrgEvaluation)
    if evaluation is None:
        evaluation = OrgEvaluation.open(
            branch=code,
            year=year,
            founded=branch.founded,
            dissolved=branch.dissolved,
            step=step,
            judge=judge,
        )
        uow.add(evaluation)
    evaluation.score(
        scores=scores,
        notice_board=times,
        from_record=v["from-record"],
        step=step,
        judge=judge,
    )
    return f"{code}/{year}"


def record_points(uow: UnitOfWork, judge: Judge, step: Step, v: dict[str, Any]) -> str:
    number: str = v["member"]
    year = _year(v)
    scores = {c: _points(c, v[c]) for c in COMPONENTS if v.get(c) is not None}
    category: str | None = v.get("category")
    known = judge.param("points002.categories", "categories")
    assert isinstance(known, list)
    if category is not None and category not in known:
        raise BadInput(f"category {values.shown(category)} is not one of "
                       + ", ".join(map(str, known)))  # fmt: skip
    if not scores and category is None:
        raise BadInput("nothing to record; give --individual, --group, "
                       "--annual or --category")  # fmt: skip
    member = member_of(uow, number)
    points = uow.get(ids.points_id(number, year), MemberPoints)
    if points is None:
        points = MemberPoints.open(
            member=number, year=year, branch=member.branch, step=step, judge=judge
        )
        uow.add(points)
    points.record(
        branch=member.branch,
        category=category,
        scores=scores,
        membership=Membership.of(member),
        step=step,
        judge=judge,
    )
    return f"{number}/{year}"


def evaluation_touch(v: dict[str, Any]) -> tuple[UUID, ...]:
    return (ids.branch_id(v["branch"]), ids.evaluation_id(v["branch"], v["year"]))


def points_touch(v: dict[str, Any]) -> tuple[UUID, ...]:
    return (ids.member_id(v["member"]), ids.points_id(v["member"], v["year"]))


YEAR = Field("year", "The year evaluated (YYYY)", kind="count", maximum=LAST_YEAR)


def _component(name: str, what: str) -> Field:
    return Field(name, f"{what} score, 0 to 100 (e.g. 87.5)", maximum=12, required=False)


SPECS: tuple[CommandSpec, ...] = (
    CommandSpec(
        name="evaluation.record",
        help="Record the S003 evaluation of a branch for a year: item scores of the 55-item, "
        "100-point table (each within its item's points), the times the notice board was "
        "updated (0.5 a time, capped at 1), and whether the items left take what the record "
        "knows (三会一课, theme days, talks, organisational life, training hours, democratic "
        "evaluation, 换届 on time). A later record of the year replaces the items it names.",
        fields=(
            BRANCH,
            YEAR,
            Field(
                "score",
                "Item scores ITEM=POINTS,… (items 1.1 to 8.4; e.g. 1.1=1,4.2=1,7.4=0.5)",
                maximum=values.NOTE_MAX,
                required=False,
            ),
            Field(
                "notice-board",
                "Times the notice board (item 7.4) was updated in the year",
                kind="count",
                maximum=values.DAYS_MAX,  # at most daily
                required=False,
            ),
            Field(
                "from-record",
                "Items not scored take what the record knows of the year",
                kind="flag",
                required=False,
                default=False,
            ),
        ),
        example="branchbook evaluation record --branch B01 --year 2025 --score "
        "1.1=1 --date 2026-01-20",
        after=("branch found",),
        decided_by="the higher organisation that evaluates the branch",
        handler=record_evaluation,
        touches=evaluation_touch,
    ),
    CommandSpec(
        name="points.record",
        help="Record a member's S002 points (党员量化积分) for a year: the individual conduct, "
        "party-group work and annual evaluation scores, each on 100, and the category A–D. "
        "A later record of the year replaces the components it gives.",
        fields=(
            MEMBER,
            Field("year", "The year the points are for (YYYY)", kind="count", maximum=LAST_YEAR),
            _component("individual", "Individual conduct (个人行为计分)"),
            _component("group", "Party-group work (小组工作计分)"),
            _component("annual", "Annual evaluation (年度评议计分)"),
            Field(
                "category",
                "Category: A senior and middle managers, B operating roles, C general "
                "management and technical roles, D retired",
                kind="code",
                required=False,
            ),
        ),
        example="branchbook points record --member F1 --year 2025 --individual 90 "
        "--group 85 --annual 88 --date 2025-12-28",
        after=("member enrol or member approve",),
        decided_by="the branch that scores its members",
        handler=record_points,
        touches=points_touch,
    ),
)
