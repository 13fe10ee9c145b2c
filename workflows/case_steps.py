"""Commands that carry a member between branches and through discipline and disposal (§5-§6)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import UUID

from branchbook.domain import casework, ids
from branchbook.domain.discipline import RemovalBasis, SanctionKind
from branchbook.domain.dues import Dues
from branchbook.domain.rules import Judge
from branchbook.domain.step import Step
from branchbook.domain.transfer import Transfers
from branchbook.workflows import values
from branchbook.workflows.commands import CommandSpec, Field
from branchbook.workflows.loading import (
    BALLOTS,
    COMMITTEE_COUNTS,
    MEETING,
    MEMBER,
    body_of,
    branch_of,
    decision_touch,
    meeting_of,
    member_of,
    member_touch,
    optional_votes,
    votes_of,
)

if TYPE_CHECKING:
    from branchbook.workflows.uow import UnitOfWork


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


def _case(v: dict[str, Any], uow: UnitOfWork) -> dict[str, Any]:
    """What every assembly resolution on a member needs: member, meeting, branch, votes."""
    member = member_of(uow, v["member"])
    return {
        "member": member,
        "meeting": meeting_of(uow, v["meeting"]),
        "branch": branch_of(uow, member.branch),
        "votes": votes_of(v),
    }


def discipline_member(uow: UnitOfWork, judge: Judge, step: Step, v: dict[str, Any]) -> str:
    case = _case(v, uow)
    casework.discipline(
        **case,
        sanction=SanctionKind(v["sanction"]),
        matter=v["matter"],
        months=v.get("months"),
        step=step,
        judge=judge,
    )
    return str(v["member"])


def review_sanction(uow: UnitOfWork, judge: Judge, step: Step, v: dict[str, Any]) -> str:
    casework.review_sanction(**_case(v, uow), outcome=v["outcome"], step=step, judge=judge)
    return str(v["member"])


def urge_member(uow: UnitOfWork, judge: Judge, step: Step, v: dict[str, Any]) -> str:
    casework.urge(**_case(v, uow), matter=v["matter"], step=step, judge=judge)
    return str(v["member"])


def remove_member(uow: UnitOfWork, judge: Judge, step: Step, v: dict[str, Any]) -> str:
    case = _case(v, uow)
    ledger = uow.get(ids.dues_id(v["member"]), Dues)
    unpaid = ledger.ledger.unpaid_run(step.effective) if ledger is not None else None
    casework.remove(
        **case,
        basis=RemovalBasis(v["basis"]),
        matter=v["matter"],
        unpaid_months=unpaid if v.get("grounds") == "dues" else None,
        step=step,
        judge=judge,
    )
    return str(v["member"])


def withdraw_member(uow: UnitOfWork, judge: Judge, step: Step, v: dict[str, Any]) -> str:
    member = member_of(uow, v["member"])
    branch = branch_of(uow, member.branch)
    casework.withdraw(
        member,
        meeting=meeting_of(uow, v["meeting"]),
        branch=branch,
        filed_with=body_of(uow, v["filed-with"], branch.parent),
        step=step,
        judge=judge,
    )
    return member.number


def rectify_member(uow: UnitOfWork, judge: Judge, step: Step, v: dict[str, Any]) -> str:
    member = member_of(uow, v["member"])
    branch = branch_of(uow, member.branch)
    casework.rectify(
        member,
        months=v["months"],
        matter=v["matter"],
        filed_with=body_of(uow, v["filed-with"], branch.parent),
        meeting=meeting_of(uow, v["meeting"]),
        branch=branch,
        votes=optional_votes(v),
        step=step,
        judge=judge,
    )
    return member.number


def end_rectification(uow: UnitOfWork, judge: Judge, step: Step, v: dict[str, Any]) -> str:
    member = member_of(uow, v["member"])
    member.end_rectification(outcome=v["outcome"], step=step, judge=judge)
    return member.number


def suspend_membership(uow: UnitOfWork, judge: Judge, step: Step, v: dict[str, Any]) -> str:
    member = member_of(uow, v["member"])
    member.suspend_membership(
        reason=v["reason"],
        since=v.get("since") or step.effective,
        branch=branch_of(uow, member.branch),
        step=step,
        judge=judge,
    )
    return member.number


def restore_membership(uow: UnitOfWork, judge: Judge, step: Step, v: dict[str, Any]) -> str:
    member = member_of(uow, v["member"])
    member.restore_membership(branch=branch_of(uow, member.branch), step=step, judge=judge)
    return member.number


def record_death(uow: UnitOfWork, judge: Judge, step: Step, v: dict[str, Any]) -> str:
    member = member_of(uow, v["member"])
    casework.die(member, branch=branch_of(uow, member.branch), step=step, judge=judge)
    return member.number


def transfer_touch(v: dict[str, Any]) -> tuple[UUID, ...]:
    branch = v.get("branch") or v.get("to")
    named = (ids.branch_id(branch),) if branch else ()
    return (ids.member_id(v["member"]), ids.transfers_id(v["member"]), *named)


MATTER = Field("matter", "The matter the case concerns (a violation, a disposal ground)")
FILED_WITH = Field(
    "filed-with", "Code of the higher organisation the step is filed with", kind="code"
)

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
        handler=issue_transfer,
        touches=transfer_touch,
    ),
    CommandSpec(
        name="transfer.receive",
        help="The receiving branch takes the member in: the relation moves on this date.",
        fields=(MEMBER, Field("branch", "Code of the receiving branch", kind="code")),
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
        handler=postpone_conversion,
        touches=member_touch,
    ),
    CommandSpec(
        name="member.discipline",
        help="The general assembly resolves on a sanction (warning, serious warning, removal "
        "from posts, intra-party probation, expulsion), awaiting the higher body's approval.",
        fields=(
            MEMBER,
            MEETING,
            Field(
                "sanction",
                "The sanction",
                kind="choice",
                choices=tuple(k.value for k in SanctionKind),
            ),
            MATTER,
            Field(
                "months",
                "Term of an intra-party probation: 12 or 24",
                kind="count",
                required=False,
                maximum=values.MONTHS_MAX,
            ),
            *BALLOTS,
        ),
        handler=discipline_member,
        touches=decision_touch,
    ),
    CommandSpec(
        name="member.review-sanction",
        help="At the end of an intra-party probation the assembly resolves to restore the "
        "member's rights, or to extend a one-year term once by a year (expulsion is a new "
        "`member discipline`).",
        fields=(
            MEMBER,
            MEETING,
            Field("outcome", "Restore or extend", kind="choice", choices=("restore", "extend")),
            *BALLOTS,
        ),
        handler=review_sanction,
        touches=decision_touch,
    ),
    CommandSpec(
        name="member.rectify",
        help="The branch committee orders a member to correct within a deadline (normally 6 "
        "months, at most 12), pre-filed with the higher committee.",
        fields=(
            MEMBER,
            MEETING,
            Field(
                "months",
                "Months allowed for the correction",
                kind="count",
                maximum=values.MONTHS_MAX,
            ),
            MATTER,
            FILED_WITH,
            *COMMITTEE_COUNTS,
        ),
        handler=rectify_member,
        touches=decision_touch,
    ),
    CommandSpec(
        name="member.rectify-end",
        help="Record how a rectification ended: corrected, or not (urging may follow).",
        fields=(
            MEMBER,
            Field("outcome", "The outcome", kind="choice", choices=("corrected", "not-corrected")),
        ),
        handler=end_rectification,
        touches=member_touch,
    ),
    CommandSpec(
        name="member.urge",
        help="The general assembly resolves to urge a member to withdraw (劝退), awaiting the "
        "higher body's approval.",
        fields=(MEMBER, MEETING, MATTER, *BALLOTS),
        handler=urge_member,
        touches=decision_touch,
    ),
    CommandSpec(
        name="member.remove",
        help="The general assembly resolves to remove a member (除名), awaiting the higher "
        "body's approval.",
        fields=(
            MEMBER,
            MEETING,
            Field(
                "basis",
                "Why",
                kind="choice",
                choices=tuple(
                    b.value
                    for b in RemovalBasis
                    if b not in (RemovalBasis.WITHDRAWAL, RemovalBasis.URGED_WITHDRAWAL)
                ),
            ),
            MATTER,
            Field(
                "grounds",
                "For self-withdrawal: 6 months without dues, organisational life or work",
                kind="choice",
                choices=("dues", "life", "work"),
                required=False,
            ),
            *BALLOTS,
        ),
        handler=remove_member,
        touches=lambda v: (*decision_touch(v), ids.dues_id(v["member"])),
    ),
    CommandSpec(
        name="member.withdraw",
        help="The general assembly announces a member's voluntary withdrawal (退党), filed "
        "with the higher organisation.",
        fields=(MEMBER, MEETING, FILED_WITH),
        handler=withdraw_member,
        touches=decision_touch,
    ),
    CommandSpec(
        name="member.suspend-membership",
        help="Suspend the membership (停止党籍) of a member out of contact 6 months despite a "
        "search, emigrated, or abroad over 5 years.",
        fields=(
            MEMBER,
            Field(
                "reason",
                "Why",
                kind="choice",
                choices=("lost-contact", "emigrated", "abroad"),
            ),
            Field(
                "since",
                "Date contact was lost [default: the step's date]",
                kind="date",
                required=False,
            ),
        ),
        handler=suspend_membership,
        touches=member_touch,
    ),
    CommandSpec(
        name="member.restore-membership",
        help="Restore a suspended membership.",
        fields=(MEMBER,),
        handler=restore_membership,
        touches=member_touch,
    ),
    CommandSpec(
        name="member.death",
        help="Record a member's death; they leave every count and any post.",
        fields=(MEMBER,),
        handler=record_death,
        touches=member_touch,
    ),
)
