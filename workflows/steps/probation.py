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
        example="branchbook member approve --member M0001 --body TC01 --date 2025-12-01",
        after=(
            "member admit or member convert or member extend or member revoke or member "
            "discipline or member review-sanction or member urge or member remove",
        ),
        decided_by="the higher committee with the power to approve (--body)",
        handler=approve_resolution,
        touches=member_touch,
    ),
    CommandSpec(
        name="member.oath",
        help="Record a probationary member's oath before the flag (入党宣誓).",
        fields=(MEMBER,),
        example="branchbook member oath --member M0001 --date 2025-12-10",
        after=("member approve",),
        decided_by="the branch or the higher committee that holds the ceremony",
        handler=swear_in,
        touches=member_touch,
    ),
    CommandSpec(
        name="member.convert",
        help="The general assembly resolves to convert a probationary member to full member "
        "at the end of probation.",
        fields=(MEMBER, MEETING, *BALLOTS, *WRITTEN_TIMES, OUTCOME),
        example="branchbook member convert --member M0001 --meeting "
        "B01-2026-11-16-assembly --yes 3 --date 2026-11-16",
        after=("member approve", "member oath", "meeting hold"),
        decided_by="the branch's general assembly; the higher committee then "
        "approves (`member approve`)",
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
        example="branchbook member extend --member M0001 --meeting "
        "B01-2026-11-16-assembly --months 6 --yes 3 --date 2026-11-16",
        after=("member approve", "meeting hold"),
        decided_by="the branch's general assembly; the higher committee then "
        "approves (`member approve`)",
        handler=probation_resolution(Decision.EXTEND),
        touches=decision_touch,
    ),
    CommandSpec(
        name="member.revoke",
        help="The general assembly resolves to revoke a probationary membership.",
        fields=(MEMBER, MEETING, *BALLOTS, OUTCOME),
        example="branchbook member revoke --member M0001 --meeting "
        "B01-2026-11-16-assembly --yes 3 --date 2026-11-16",
        after=("member approve", "meeting hold"),
        decided_by="the branch's general assembly; the higher committee then "
        "approves (`member approve`)",
        handler=probation_resolution(Decision.REVOKE),
        touches=decision_touch,
    ),
)
