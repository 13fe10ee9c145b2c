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
        handler=suspend_rights,
        touches=member_touch,
    ),
    CommandSpec(
        name="member.restore-rights",
        help="Restore a member's suspended rights.",
        fields=(MEMBER,),
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
                "COD-5 category",
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
        handler=exclude_member,
        touches=decision_touch,
    ),
    CommandSpec(
        name="member.include",
        help="Count an excluded member in the should-attend count again.",
        fields=(MEMBER,),
        handler=include_member,
        touches=member_touch,
    ),
)
