"""The commands of discipline and disposal: sanctions and their review, rectification, urging,
removal, withdrawal, suspended membership and death."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from branchbook.domain import casework, ids
from branchbook.domain.discipline import RemovalBasis, SanctionKind
from branchbook.domain.dues import Dues, months_suspended
from branchbook.domain.rules import Judge
from branchbook.domain.step import Step
from branchbook.workflows import values
from branchbook.workflows.errors import BadInput
from branchbook.workflows.steps.commands import CommandSpec, Field
from branchbook.workflows.steps.loading import (
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
    from branchbook.workflows.store.uow import UnitOfWork


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
    disappeared = v["basis"] == RemovalBasis.DISAPPEARED.value
    if v.get("missing-since") is not None and not disappeared:
        raise BadInput(f"missing-since: a removal on the basis {v['basis']} keeps no date the "
                       "member went missing; it is for --basis disappeared")  # fmt: skip
    if v.get("missing-since") is None and disappeared:
        raise BadInput("missing-since: a removal on the basis disappeared needs the date the "
                       "member went missing")  # fmt: skip
    case = _case(v, uow)
    ledger = uow.get(ids.dues_id(v["member"]), Dues)
    unpaid = None
    if ledger is not None:
        # Months of a suspended membership are not owed, as member show and the due list say.
        spells = case["member"].suspension_spells
        excused = months_suspended(spells, step.effective)
        unpaid = attrs.evolve(ledger.ledger, excused=excused).unpaid_run(step.effective)
    casework.remove(
        **case,
        basis=RemovalBasis(v["basis"]),
        matter=v["matter"],
        unpaid_months=unpaid if v.get("grounds") == "dues" else None,
        step=step,
        judge=judge,
        missing_since=v.get("missing-since"),
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


MATTER = Field("matter", "The matter the case concerns (a violation, a disposal ground)")
FILED_WITH = Field(
    "filed-with", "Code of the higher organisation the step is filed with", kind="code"
)

SPECS: tuple[CommandSpec, ...] = (
    CommandSpec(
        name="member.discipline",
        help="The general assembly resolves on a sanction (warning, serious warning, removal "
        "from posts, intra-party probation, expulsion), awaiting the higher body's approval.",
        fields=(
            MEMBER,
            MEETING,
            Field(
                "sanction",
                "warning (警告), serious-warning (严重警告), post-removal (撤销党内职务), "
                "probation (留党察看: intra-party probation; give --months), expulsion (开除党籍)",
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
        example="branchbook member discipline --member F3 --meeting "
        "B01-2023-06-14-assembly --sanction warning --matter 违反纪律 --yes 5 "
        "--date 2023-06-14",
        after=("meeting hold",),
        decided_by="the branch's general assembly; the primary committee approves (`member "
        "approve`), a discipline commission for expulsion and serious cases",
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
            Field(
                "outcome",
                "restore (the member's rights, the probation over) or extend (a one-year "
                "probation, once, by a year)",
                kind="choice",
                choices=("restore", "extend"),
            ),
            *BALLOTS,
        ),
        example="branchbook member review-sanction --member F3 --meeting "
        "B01-2024-07-05-assembly --outcome restore --yes 5 --date "
        "2024-07-05",
        after=("member discipline", "member approve", "meeting hold"),
        decided_by="the branch's general assembly; the higher body then approves "
        "(`member approve`)",
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
        example="branchbook member rectify --member F3 --meeting "
        "B01-2023-04-03-committee --months 6 --matter 长期不参加组织生活 "
        "--filed-with TC01 --date 2023-04-03",
        after=("member enrol or member approve", "meeting hold"),
        decided_by="the branch committee, pre-filed with the higher committee (--filed-with)",
        handler=rectify_member,
        touches=decision_touch,
    ),
    CommandSpec(
        name="member.rectify-end",
        help="Record how a rectification ended: corrected, or not (urging may follow).",
        fields=(
            MEMBER,
            Field(
                "outcome",
                "corrected (the order ends) or not-corrected (urging to withdraw may follow: "
                "`member urge`)",
                kind="choice",
                choices=("corrected", "not-corrected"),
            ),
        ),
        example="branchbook member rectify-end --member F3 --outcome corrected --date 2023-10-03",
        after=("member rectify",),
        decided_by="the branch committee",
        handler=end_rectification,
        touches=member_touch,
    ),
    CommandSpec(
        name="member.urge",
        help="The general assembly resolves to urge a member to withdraw (劝退), awaiting the "
        "higher body's approval.",
        fields=(MEMBER, MEETING, MATTER, *BALLOTS),
        example="branchbook member urge --member F3 --meeting "
        "B01-2023-11-06-assembly --matter 限期改正期满仍无转变 --yes 5 --date "
        "2023-11-06",
        after=("member rectify-end", "meeting hold"),
        decided_by="the branch's general assembly; the higher body then approves "
        "(`member approve`)",
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
                "The ground of the removal: refused-urging (劝而不退: urged to withdraw, did "
                "not), self-withdrawal (自行脱党: 6 months without organisational life, dues or "
                "assigned work; say which with --grounds), lost-contact (still out of contact 2 "
                "years after the membership was suspended), unqualified (no longer meets the "
                "conditions of membership, on other grounds of disposal), disappeared (违纪后失联: "
                "went missing after a violation short of expulsion; give --missing-since)",
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
            Field(
                "missing-since",
                "For disappeared: the date the member went missing after the violation",
                kind="date",
                required=False,
            ),
            *BALLOTS,
        ),
        example="branchbook member remove --member F3 --meeting "
        "B01-2023-12-04-assembly --basis refused-urging --matter 经劝退不退 "
        "--yes 5 --date 2023-12-04",
        after=("meeting hold",),
        decided_by="the branch's general assembly; the higher body then approves "
        "(`member approve`)",
        handler=remove_member,
        touches=lambda v: (*decision_touch(v), ids.dues_id(v["member"])),
    ),
    CommandSpec(
        name="member.withdraw",
        help="The general assembly announces a member's voluntary withdrawal (退党), filed "
        "with the higher organisation.",
        fields=(MEMBER, MEETING, FILED_WITH),
        example="branchbook member withdraw --member F3 --meeting "
        "B01-2023-12-04-assembly --filed-with TC01 --date 2023-12-04",
        after=("meeting hold",),
        decided_by="the member, in writing; the assembly announces it, filed with "
        "the higher organisation",
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
                "The ground of the suspension (停止党籍): lost-contact (out of contact 6 months or "
                "more despite a search; --since the date contact was lost), emigrated (settled "
                "abroad), abroad (studying or staying abroad over 5 years without returning)",
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
        example="branchbook member suspend-membership --member F3 --reason "
        "lost-contact --since 2023-01-01 --date 2023-08-01",
        after=("member enrol or member approve",),
        decided_by="the branch or the higher organisation, as the regulations provide",
        handler=suspend_membership,
        touches=member_touch,
    ),
    CommandSpec(
        name="member.restore-membership",
        help="Restore a suspended membership.",
        fields=(MEMBER,),
        example="branchbook member restore-membership --member F3 --date 2024-02-01",
        after=("member suspend-membership",),
        decided_by="the branch or the higher organisation, by the prescribed procedure",
        handler=restore_membership,
        touches=member_touch,
    ),
    CommandSpec(
        name="member.death",
        help="Record a member's death; they leave every count and any post.",
        fields=(MEMBER,),
        example="branchbook member death --member F3 --date 2024-02-01",
        after=("member apply or member enrol",),
        decided_by="nobody: a fact the branch records",
        handler=record_death,
        touches=member_touch,
    ),
)
