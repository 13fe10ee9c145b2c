"""The commands of recurring branch life: talks, training sessions and democratic evaluations."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import UUID

from branchbook.domain import ids
from branchbook.domain.meeting import Rating
from branchbook.domain.rules import Judge
from branchbook.domain.step import Step
from branchbook.workflows.commands import CommandSpec, Field
from branchbook.workflows.errors import BadInput
from branchbook.workflows.loading import MEETING, branch_of, meeting_of

if TYPE_CHECKING:
    from branchbook.workflows.uow import UnitOfWork

# One option per grade, each taking the members given that grade.
GRADES = tuple(r.value for r in Rating)


def ratings_of(v: dict[str, Any]) -> dict[str, Rating]:
    """The ratings given, by member; a member named under two grades is bad input."""
    out: dict[str, Rating] = {}
    for grade in GRADES:
        for number in v.get(grade, ()):
            if number in out:
                raise BadInput(f"meeting.rate: {number} is rated both {out[number].value} and "
                               f"{grade}")  # fmt: skip
            out[number] = Rating(grade)
    if not out:
        raise BadInput("meeting.rate: no one is rated; give --excellent, --qualified or "
                       "--unqualified")  # fmt: skip
    return out


def rate_members(uow: UnitOfWork, judge: Judge, step: Step, v: dict[str, Any]) -> str:
    meeting = meeting_of(uow, v["meeting"])
    ratings = ratings_of(v)
    meeting.rate(ratings=ratings, branch=branch_of(uow, meeting.branch), step=step, judge=judge)
    return meeting.code


def rate_touch(v: dict[str, Any]) -> tuple[UUID, ...]:
    return (ids.meeting_id(v["meeting"]),)


SPECS: tuple[CommandSpec, ...] = (
    CommandSpec(
        name="meeting.rate",
        help="Record the ratings a democratic evaluation (a meeting of kind evaluation) gave "
        "members on the branch's roll: excellent, qualified or unqualified, each member once.",
        fields=(
            MEETING,
            *(
                Field(grade, f"Members rated {grade} (A,B,C)", kind="members", required=False)
                for grade in GRADES
            ),
        ),
        handler=rate_members,
        touches=rate_touch,
    ),
)
