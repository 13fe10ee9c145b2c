"""The commands of meetings: a meeting held, with who was present, and the ratings a
democratic evaluation gave."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import UUID

from branchbook.domain import ids
from branchbook.domain.meeting import Meeting, MeetingKind, Rating, default_code
from branchbook.domain.rules import Judge
from branchbook.domain.step import Step
from branchbook.workflows import values
from branchbook.workflows.errors import BadInput, Conflict
from branchbook.workflows.steps.commands import CommandSpec, Field
from branchbook.workflows.steps.loading import MEETING, branch_of, branch_touch, meeting_of

if TYPE_CHECKING:
    from branchbook.workflows.store.uow import UnitOfWork


def meeting_code(v: dict[str, Any]) -> str:
    code: str | None = v.get("code")
    return code or default_code(v["branch"], v["date"], v["kind"])


def hold_meeting(uow: UnitOfWork, judge: Judge, step: Step, v: dict[str, Any]) -> str:
    code = meeting_code({**v, "date": step.effective})
    # The batch loaded the code's meeting with the others it touches (hold_touch): whether the
    # code is free is known without a query of its own.
    if uow.get(ids.meeting_id(code), Meeting) is not None:
        raise Conflict(f"meeting {code} is already in the record")
    meeting = Meeting.hold(
        code=code,
        branch=branch_of(uow, v["branch"]),
        kind=MeetingKind(v["kind"]),
        present=list(v["present"]),
        chair=v["chair"],
        step=step,
        judge=judge,
        hours=v.get("hours"),
        party_group=v.get("group"),
    )
    uow.add(meeting)
    return code


def hold_touch(v: dict[str, Any]) -> tuple[UUID, ...]:
    """The branch, and the meeting its code names, which must not exist yet."""
    return (*branch_touch(v), ids.meeting_id(meeting_code(v)))


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


HOLD = CommandSpec(
    name="meeting.hold",
    help="Record a meeting held by a branch: its kind, who was present and who chaired.",
    fields=(
        Field("branch", "Code of the branch holding the meeting", kind="code"),
        Field(
            "kind",
            "assembly (党员大会: the general assembly), committee (支部委员会), group (党小组会), "
            "lecture (党课), theme-day (主题党日), org-life (组织生活会), talk (谈心谈话: two "
            "people), training (a session giving class hours), evaluation (民主评议党员)",
            kind="choice",
            choices=tuple(k.value for k in MeetingKind),
        ),
        Field("present", "Member numbers of those present (A,B,C)", kind="members"),
        Field("chair", "Member number of who chaired", kind="code"),
        Field(
            "code",
            "Meeting code; default BRANCH-DATE-KIND (e.g. B01-2024-03-01-assembly)",
            kind="code",
            maximum=values.MEETING_CODE_MAX,
            required=False,
        ),
        Field(
            "hours",
            "Class hours a training session gave",
            kind="count",
            required=False,
            maximum=values.HOURS_MAX,
        ),
        Field("group", "Party group of a group meeting", maximum=values.CODE_MAX, required=False),
    ),
    example="branchbook meeting hold --branch B01 --kind assembly --present "
    "F1,F2,F3 --chair F1 --date 2024-09-02",
    after=("branch found", "member enrol"),
    decided_by="the branch: its committee or secretary convenes it",
    handler=hold_meeting,
    touches=hold_touch,
)

RATE = CommandSpec(
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
    example="branchbook meeting rate --meeting B01-2024-12-20-evaluation "
    "--excellent F1 --qualified F2,F3 --date 2024-12-20",
    after=("meeting hold",),
    decided_by="the members at the democratic evaluation; the branch committee sums up the ratings",
    handler=rate_members,
    touches=rate_touch,
)

SPECS: tuple[CommandSpec, ...] = (HOLD, RATE)
