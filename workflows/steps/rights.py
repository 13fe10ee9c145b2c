"""The commands of a member's rights: suspended and restored, and left out of the
should-attend count and counted in it again."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from branchbook.domain.rules import Judge
from branchbook.domain.step import Step
from branchbook.workflows import values
from branchbook.workflows.steps.commands import CommandSpec, Field
from branchbook.workflows.steps.loading import (
    MEETING,
    MEMBER,
    body_of,
    branch_of,
    decision_touch,
    meeting_of,
    member_of,
    member_touch,
)

if TYPE_CHECKING:
    from branchbook.workflows.store.uow import UnitOfWork


def suspend_rights(uow: UnitOfWork, judge: Judge, step: Step, v: dict[str, Any]) -> str:
    member = member_of(uow, v["member"])
    member.suspend_rights(
        reason=v["reason"], branch=branch_of(uow, member.branch), step=step, judge=judge
    )
    return member.number


def restore_rights(uow: UnitOfWork, judge: Judge, step: Step, v: dict[str, Any]) -> str:
    member = member_of(uow, v["member"])
    member.restore_rights(branch=branch_of(uow, member.branch), step=step, judge=judge)
    return member.number


def exclude_member(uow: UnitOfWork, judge: Judge, step: Step, v: dict[str, Any]) -> str:
    member = member_of(uow, v["member"])
    branch = branch_of(uow, member.branch)
    member.exclude(
        category=v["category"],
        consent=v["consent"],
        consenting=body_of(uow, v["body"], branch.parent),
        meeting=meeting_of(uow, v["meeting"]),
        branch=branch,
        step=step,
        judge=judge,
    )
    return member.number


def include_member(uow: UnitOfWork, judge: Judge, step: Step, v: dict[str, Any]) -> str:
    member = member_of(uow, v["member"])
    member.include(branch=branch_of(uow, member.branch), step=step, judge=judge)
    return member.number


SPECS: tuple[CommandSpec, ...] = (
    CommandSpec(
        name="member.suspend-rights",
        help="Suspend a detained or arrested member's voting, election and standing rights.",
        fields=(MEMBER, Field("reason", "Why the rights are suspended")),
        example="branchbook member suspend-rights --member F3 --reason 被羁押 --date 2024-05-01",
        after=("member enrol or member approve",),
        decided_by="the Party organisation with authority over the member, on their "
        "detention or arrest",
        handler=suspend_rights,
        touches=member_touch,
    ),
    CommandSpec(
        name="member.restore-rights",
        help="Restore a member's suspended rights.",
        fields=(MEMBER,),
        example="branchbook member restore-rights --member F3 --date 2024-11-01",
        after=("member suspend-rights",),
        decided_by="the Party organisation that suspended them",
        handler=restore_rights,
        touches=member_touch,
    ),
    CommandSpec(
        name="member.exclude",
        help="Leave a full member out of the should-attend count (COD-5), with the consent of "
        "an organisation above the branch and a resolution of an assembly with its quorum.",
        fields=(
            MEMBER,
            Field(
                "category",
                "Which of the five categories that may be left out (COD-5): illness (too ill "
                "to express their will), abroad (a self-funded stay abroad over 6 months), "
                "serving-sentence (serving a sentence or detained, without a heavier "
                "sanction than a warning), infirm (old, frail or bedridden), away (away 6 "
                "months or more without having transferred their relation)",
                kind="choice",
                choices=("illness", "abroad", "serving-sentence", "infirm", "away"),
            ),
            Field(
                "consent",
                "Reference of the higher organisation's consent",
                maximum=values.REFERENCE_MAX,
            ),
            Field("body", "Code of the organisation above the branch that consented", kind="code"),
            MEETING,
        ),
        example="branchbook member exclude --member F3 --category illness "
        "--consent 同意 --body TC01 --meeting B01-2024-03-05-assembly "
        "--date 2024-03-05",
        after=("member enrol or member approve", "meeting hold"),
        decided_by="the branch's general assembly, with the consent of an "
        "organisation above (--body)",
        handler=exclude_member,
        touches=decision_touch,
    ),
    CommandSpec(
        name="member.include",
        help="Count an excluded member in the should-attend count again.",
        fields=(MEMBER,),
        example="branchbook member include --member F3 --date 2025-01-10",
        after=("member exclude",),
        decided_by="the branch",
        handler=include_member,
        touches=member_touch,
    ),
)
