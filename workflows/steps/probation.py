"""The commands of probation: the higher committee's approval, the oath, and the assembly's
conversion, extension or revocation."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from branchbook.domain.decisions import Decision
from branchbook.domain.rules import Judge
from branchbook.domain.step import Step
from branchbook.workflows import values
from branchbook.workflows.steps.commands import CommandSpec, Field
from branchbook.workflows.steps.loading import (
    BALLOTS,
    MEETING,
    MEMBER,
    OUTCOME,
    WRITTEN_TIMES,
    body_of,
    branch_of,
    decision_touch,
    failed,
    meeting_of,
    member_of,
    member_touch,
    votes_of,
)

if TYPE_CHECKING:
    from branchbook.workflows.store.uow import UnitOfWork


def probation_resolution(decision: str) -> Any:
    """The handler of an assembly resolution on a probationary member."""

    def handler(uow: UnitOfWork, judge: Judge, step: Step, v: dict[str, Any]) -> str:
        member = member_of(uow, v["member"])
        member.resolve(
            decision=decision,
            meeting=meeting_of(uow, v["meeting"]),
            branch=branch_of(uow, member.branch),
            votes=votes_of(v),
            months=v.get("months"),
            step=step,
            judge=judge,
            failed=failed(v),
        )
        return member.number

    return handler


def approve_resolution(uow: UnitOfWork, judge: Judge, step: Step, v: dict[str, Any]) -> str:
    member = member_of(uow, v["member"])
    branch = branch_of(uow, member.branch)
    member.approve(
        body=body_of(uow, v["body"], branch.parent),
        approved=v["outcome"] == "approved",
        special=v["special"],
        branch=branch,
        step=step,
        judge=judge,
    )
    return member.number


def swear_in(uow: UnitOfWork, judge: Judge, step: Step, v: dict[str, Any]) -> str:
    member = member_of(uow, v["member"])
    member.swear_in(step=step, judge=judge)
    return member.number


SPECS: tuple[CommandSpec, ...] = (
    CommandSpec(
        name="member.approve",
        help="The higher committee approves (or does not) the branch's pending resolution on "
        "a member: admission, conversion, extension or revocation.",
        fields=(
            MEMBER,
            Field("body", "Code of the approving higher organisation (see `org add`)", kind="code"),
            Field(
                "outcome",
                "The higher committee's answer",
                kind="choice",
                choices=("approved", "not-approved"),
                required=False,
                default="approved",
            ),
            Field(
                "special",
                "A special case: approval up to the longest period",
                kind="flag",
                required=False,
                default=False,
            ),
        ),
        handler=approve_resolution,
        touches=member_touch,
    ),
    CommandSpec(
        name="member.oath",
        help="Record a probationary member's oath before the flag (入党宣誓).",
        fields=(MEMBER,),
        handler=swear_in,
        touches=member_touch,
    ),
    CommandSpec(
        name="member.convert",
        help="The general assembly resolves to convert a probationary member to full member "
        "at the end of probation.",
        fields=(MEMBER, MEETING, *BALLOTS, *WRITTEN_TIMES, OUTCOME),
        handler=probation_resolution(Decision.CONVERT),
        touches=decision_touch,
    ),
    CommandSpec(
        name="member.extend",
        help="The general assembly resolves to extend a probationary member's probation once, "
        "by 6 to 12 months.",
        fields=(
            MEMBER,
            MEETING,
            Field("months", "Months of extension", kind="count", maximum=values.MONTHS_MAX),
            *BALLOTS,
            OUTCOME,
        ),
        handler=probation_resolution(Decision.EXTEND),
        touches=decision_touch,
    ),
    CommandSpec(
        name="member.revoke",
        help="The general assembly resolves to revoke a probationary membership.",
        fields=(MEMBER, MEETING, *BALLOTS, OUTCOME),
        handler=probation_resolution(Decision.REVOKE),
        touches=decision_touch,
    ),
)
