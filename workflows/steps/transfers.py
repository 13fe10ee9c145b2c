"""The commands that carry a member's organisational relation between branches, and a
receiving branch's postponement of a transferred-in member's conversion."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import UUID

from branchbook.domain import ids
from branchbook.domain.rules import Judge
from branchbook.domain.step import Step
from branchbook.domain.transfer import Transfers
from branchbook.workflows import values
from branchbook.workflows.steps.commands import CommandSpec, Field
from branchbook.workflows.steps.loading import MEMBER, body_of, branch_of, member_of, member_touch

if TYPE_CHECKING:
    from branchbook.workflows.store.uow import UnitOfWork


def transfers_of(uow: UnitOfWork, number: str, step: Step) -> Transfers:
    """The member's transfer file, opened in this command if it is their first transfer."""
    found = uow.get(ids.transfers_id(number), Transfers)
    if found is None:
        found = Transfers.open(number=number, step=step)
        uow.add(found)
    return found


def request_transfer(uow: UnitOfWork, judge: Judge, step: Step, v: dict[str, Any]) -> str:
    member = member_of(uow, v["member"])
    origin, to = branch_of(uow, member.branch), branch_of(uow, v["to"])
    transfers = transfers_of(uow, member.number, step)
    transfers.request(
        member=member, origin=origin, to=to, reason=v["reason"], step=step, judge=judge
    )
    return member.number


def issue_transfer(uow: UnitOfWork, judge: Judge, step: Step, v: dict[str, Any]) -> str:
    member = member_of(uow, v["member"])
    transfers = transfers_of(uow, member.number, step)
    body = body_of(uow, v["body"], branch_of(uow, member.branch).parent)
    transfers.issue(body=body, ref=v["ref"], step=step, judge=judge)
    return member.number


def receive_transfer(uow: UnitOfWork, judge: Judge, step: Step, v: dict[str, Any]) -> str:
    member = member_of(uow, v["member"])
    transfers = transfers_of(uow, member.number, step)
    transfers.receive(
        member=member,
        origin=branch_of(uow, member.branch),
        branch=branch_of(uow, v["branch"]),
        step=step,
        judge=judge,
    )
    return member.number


def reject_transfer(uow: UnitOfWork, judge: Judge, step: Step, v: dict[str, Any]) -> str:
    member = member_of(uow, v["member"])
    transfers = transfers_of(uow, member.number, step)
    transfers.refuse(by=v["by"], reason=v.get("reason", ""), step=step, judge=judge)
    return member.number


def postpone_conversion(uow: UnitOfWork, judge: Judge, step: Step, v: dict[str, Any]) -> str:
    member = member_of(uow, v["member"])
    member.postpone_conversion(months=v["months"], step=step, judge=judge)
    return member.number


def transfer_touch(v: dict[str, Any]) -> tuple[UUID, ...]:
    branch = v.get("branch") or v.get("to")
    named = (ids.branch_id(branch),) if branch else ()
    return (ids.member_id(v["member"]), ids.transfers_id(v["member"]), *named)


SPECS: tuple[CommandSpec, ...] = (
    CommandSpec(
        name="transfer.request",
        help="Ask to move a member's organisational relation (or an applicant's materials) to "
        "another branch; the member stays in their branch until the transfer is received.",
        fields=(
            MEMBER,
            Field("to", "Code of the receiving branch", kind="code"),
            Field("reason", "Why: new work unit, new residence, away 6 months or more"),
        ),
        example="branchbook transfer request --member F3 --to B02 --reason 工作调动 "
        "--date 2023-03-01",
        after=("member apply or member enrol or member approve",),
        decided_by="the member asks; their branch agrees",
        handler=request_transfer,
        touches=transfer_touch,
    ),
    CommandSpec(
        name="transfer.issue",
        help="The outgoing side's higher organisation issues the transfer (letter or online).",
        fields=(
            MEMBER,
            Field("body", "Code of the organisation issuing the transfer", kind="code"),
            Field(
                "ref",
                "Reference of the transfer letter or online transfer",
                maximum=values.REFERENCE_MAX,
            ),
        ),
        example="branchbook transfer issue --member F3 --body TC01 --ref "
        "城组〔2023〕15号 --date 2023-03-06",
        after=("transfer request",),
        decided_by="the outgoing side's higher organisation (--body)",
        handler=issue_transfer,
        touches=transfer_touch,
    ),
    CommandSpec(
        name="transfer.receive",
        help="The receiving branch takes the member in: the relation moves on this date.",
        fields=(MEMBER, Field("branch", "Code of the receiving branch", kind="code")),
        example="branchbook transfer receive --member F3 --branch B02 --date 2023-03-20",
        after=("transfer issue",),
        decided_by="the receiving branch",
        handler=receive_transfer,
        touches=transfer_touch,
    ),
    CommandSpec(
        name="transfer.reject",
        help="Refuse a transfer, with a reason; the member stays in their branch.",
        fields=(
            MEMBER,
            Field("by", "Code of the branch or organisation refusing", kind="code"),
            Field("reason", "Why the transfer is refused (required by the rules)", required=False),
        ),
        example="branchbook transfer reject --member F3 --by B02 --reason 不符合接收条件 "
        "--date 2023-03-22",
        after=("transfer request",),
        decided_by="the receiving side (--by)",
        handler=reject_transfer,
        touches=transfer_touch,
    ),
    CommandSpec(
        name="member.postpone-conversion",
        help="The receiving branch postpones discussing a transferred-in probationary member's "
        "conversion by up to 6 months; conversion still dates from the end of probation.",
        fields=(
            MEMBER,
            Field("months", "Months of postponement", kind="count", maximum=values.MONTHS_MAX),
        ),
        example="branchbook member postpone-conversion --member M0002 --months 3 --date 2024-05-01",
        after=("transfer receive",),
        decided_by="the receiving branch",
        handler=postpone_conversion,
        touches=member_touch,
    ),
)
