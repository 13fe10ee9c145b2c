"""The commands of the record book: each loads what it needs, lets the domain decide, adds."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from domain import ids
from domain.branch import Branch, BranchKind
from domain.member import Member
from domain.rules import Judge
from domain.step import Step
from workflows.commands import CommandSpec, Field
from workflows.errors import Conflict, NotFound

if TYPE_CHECKING:
    from workflows.uow import UnitOfWork


def branch_of(uow: UnitOfWork, code: str) -> Branch:
    found = uow.get(ids.branch_id(code), Branch)
    if found is None:
        raise NotFound(f"branch {code} is not in the record")
    return found


def member_of(uow: UnitOfWork, number: str) -> Member:
    found = uow.get(ids.member_id(number), Member)
    if found is None:
        raise NotFound(f"member {number} is not in the record")
    return found


def found_branch(uow: UnitOfWork, judge: Judge, step: Step, v: dict[str, Any]) -> str:
    code: str = v["code"]
    if uow.get(ids.branch_id(code), Branch) is not None:
        raise Conflict(f"branch {code} is already in the record")
    branch = Branch.found(
        code=code,
        name=v["name"],
        kind=BranchKind(v["kind"]),
        parent=v["parent"],
        step=step,
        judge=judge,
    )
    uow.add(branch)
    return code


def apply_member(uow: UnitOfWork, judge: Judge, step: Step, v: dict[str, Any]) -> str:
    number: str = v["member"]
    if uow.get(ids.member_id(number), Member) is not None:
        raise Conflict(f"member {number} is already in the record")
    member = Member.apply(
        number=number,
        name=v["name"],
        birth=v["birth"],
        branch=branch_of(uow, v["branch"]),
        step=step,
        judge=judge,
    )
    uow.add(member)
    return number


def talk_with_applicant(uow: UnitOfWork, judge: Judge, step: Step, v: dict[str, Any]) -> str:
    member = member_of(uow, v["member"])
    member.talk(by=v["by"], step=step, judge=judge)
    return member.number


SPECS: tuple[CommandSpec, ...] = (
    CommandSpec(
        name="branch.found",
        help="Found a branch (成立党支部): its code, name, kind and parent organisation.",
        fields=(
            Field("code", "Branch code, unique in the record (e.g. B01)"),
            Field("name", "Branch name"),
            Field(
                "kind",
                "Kind of branch",
                kind="choice",
                choices=tuple(k.value for k in BranchKind),
            ),
            Field("parent", "The higher organisation the branch belongs to"),
        ),
        handler=found_branch,
        touches=lambda v: (ids.branch_id(v["code"]),),
    ),
    CommandSpec(
        name="member.apply",
        help="Receive a written application for membership (入党申请) from a person of age.",
        fields=(
            Field("member", "Member number, unique in the record (e.g. M0001)"),
            Field("name", "Full name of the applicant"),
            Field("birth", "Birth date (YYYY-MM-DD)", kind="date"),
            Field("branch", "Code of the branch that receives the application"),
        ),
        handler=apply_member,
        touches=lambda v: (ids.member_id(v["member"]), ids.branch_id(v["branch"])),
    ),
    CommandSpec(
        name="member.talk",
        help="Record the talk with an applicant (谈话); due within a month of the application.",
        fields=(
            Field("member", "Member number of the applicant"),
            Field("by", "Who talked with the applicant"),
        ),
        handler=talk_with_applicant,
        touches=lambda v: (ids.member_id(v["member"]),),
    ),
)

COMMANDS: dict[str, CommandSpec] = {spec.name: spec for spec in SPECS}
