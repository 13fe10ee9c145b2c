"""The commands from activist to admission: designation, assessment, political review,
training, introducers, pre-review and the assembly's resolution."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from branchbook.domain.rules import Judge
from branchbook.domain.step import Step
from branchbook.workflows import values
from branchbook.workflows.steps.commands import CommandSpec, Field
from branchbook.workflows.steps.loading import (
    BALLOTS,
    COMMITTEE_COUNTS,
    MEETING,
    MEMBER,
    OUTCOME,
    WRITTEN_TIMES,
    branch_of,
    decision_touch,
    failed,
    meeting_of,
    member_of,
    member_touch,
    members_named,
    members_touch,
    optional_votes,
    votes_of,
)

if TYPE_CHECKING:
    from branchbook.workflows.store.uow import UnitOfWork


def designate_activist(uow: UnitOfWork, judge: Judge, step: Step, v: dict[str, Any]) -> str:
    member = member_of(uow, v["member"])
    member.designate_activist(
        meeting=meeting_of(uow, v["meeting"]),
        branch=branch_of(uow, member.branch),
        contacts=members_named(uow, v["contacts"]),
        recommended_by=v["recommended-by"],
        votes=optional_votes(v),
        step=step,
        judge=judge,
    )
    return member.number


def assess_activist(uow: UnitOfWork, judge: Judge, step: Step, v: dict[str, Any]) -> str:
    member = member_of(uow, v["member"])
    member.assess(step=step, judge=judge)
    return member.number


def designate_candidate(uow: UnitOfWork, judge: Judge, step: Step, v: dict[str, Any]) -> str:
    member = member_of(uow, v["member"])
    member.designate_candidate(
        meeting=meeting_of(uow, v["meeting"]),
        branch=branch_of(uow, member.branch),
        votes=optional_votes(v),
        step=step,
        judge=judge,
    )
    return member.number


def review_candidate(uow: UnitOfWork, judge: Judge, step: Step, v: dict[str, Any]) -> str:
    member = member_of(uow, v["member"])
    member.review(passed=v["result"] == "passed", step=step, judge=judge)
    return member.number


def train_candidate(uow: UnitOfWork, judge: Judge, step: Step, v: dict[str, Any]) -> str:
    member = member_of(uow, v["member"])
    member.train(days=v["days"], hours=v["hours"], step=step, judge=judge)
    return member.number


def name_introducers(uow: UnitOfWork, judge: Judge, step: Step, v: dict[str, Any]) -> str:
    member = member_of(uow, v["member"])
    member.name_introducers(
        introducers=members_named(uow, v["introducers"]), step=step, judge=judge
    )
    return member.number


def prereview_candidate(uow: UnitOfWork, judge: Judge, step: Step, v: dict[str, Any]) -> str:
    member = member_of(uow, v["member"])
    member.prereview(body=v["body"], step=step, judge=judge)
    return member.number


def admit_candidate(uow: UnitOfWork, judge: Judge, step: Step, v: dict[str, Any]) -> str:
    member = member_of(uow, v["member"])
    member.admit(
        meeting=meeting_of(uow, v["meeting"]),
        branch=branch_of(uow, member.branch),
        votes=votes_of(v),
        step=step,
        judge=judge,
        failed=failed(v),
    )
    return member.number


SPECS: tuple[CommandSpec, ...] = (
    CommandSpec(
        name="member.designate-activist",
        help="The branch committee designates an applicant an activist (入党积极分子), with "
        "one or two full members as contacts.",
        fields=(
            MEMBER,
            MEETING,
            Field("contacts", "Member numbers of the contacts (培养联系人)", kind="members"),
            Field(
                "recommended-by",
                "Who put the applicant forward: members (党员推荐) or mass-organisation "
                "(群团组织推优: the Youth League or another mass organisation)",
                kind="choice",
                choices=("members", "mass-organisation"),
            ),
            *COMMITTEE_COUNTS,
        ),
        example="branchbook member designate-activist --member M0001 --meeting "
        "B01-2024-09-02-assembly --contacts F1,F2 --recommended-by "
        "members --date 2024-09-02",
        after=("member apply", "member talk", "meeting hold"),
        decided_by="the branch committee, or the branch assembly where there is no committee",
        handler=designate_activist,
        touches=members_touch("contacts"),
    ),
    CommandSpec(
        name="member.assess",
        help="Record the branch's half-yearly assessment of an activist (考察).",
        fields=(MEMBER,),
        example="branchbook member assess --member M0001 --date 2025-03-01",
        after=("member designate-activist",),
        decided_by="the branch, on its contacts' reports (at least every assessment interval)",
        handler=assess_activist,
        touches=member_touch,
    ),
    CommandSpec(
        name="member.designate-candidate",
        help="The branch committee designates an activist a development candidate (发展对象), "
        "after at least 12 months of cultivation.",
        fields=(MEMBER, MEETING, *COMMITTEE_COUNTS),
        example="branchbook member designate-candidate --member M0001 --meeting "
        "B01-2025-09-05-assembly --date 2025-09-05",
        after=("member designate-activist", "member assess", "meeting hold"),
        decided_by="the branch committee, or the branch assembly where there is no committee",
        handler=designate_candidate,
        touches=decision_touch,
    ),
    CommandSpec(
        name="member.review",
        help="Record the political review (政治审查) of a development candidate.",
        fields=(
            MEMBER,
            Field("result", "Outcome of the review", kind="choice", choices=("passed", "failed")),
        ),
        example="branchbook member review --member M0001 --result passed --date 2025-10-10",
        after=("member designate-candidate",),
        decided_by="the Party organisation: the branch, with the higher committee",
        handler=review_candidate,
        touches=member_touch,
    ),
    CommandSpec(
        name="member.train",
        help="Record short intensive training (集中培训) attended by a development candidate.",
        fields=(
            MEMBER,
            Field(
                "days",
                "Days of training",
                kind="count",
                required=False,
                default=0,
                maximum=values.DAYS_MAX,
            ),
            Field(
                "hours",
                "Class hours of training",
                kind="count",
                required=False,
                default=0,
                maximum=values.HOURS_MAX,
            ),
        ),
        example="branchbook member train --member M0001 --days 3 --hours 24 --date 2025-10-20",
        after=("member designate-candidate",),
        decided_by="the primary committee or the county organisation department that runs it",
        handler=train_candidate,
        touches=member_touch,
    ),
    CommandSpec(
        name="member.introduce",
        help="Name a development candidate's two introducers (入党介绍人): full members with "
        "their rights.",
        fields=(MEMBER, Field("introducers", "Member numbers of the introducers", kind="members")),
        example="branchbook member introduce --member M0001 --introducers F1,F2 --date 2025-10-21",
        after=("member designate-candidate",),
        decided_by="the branch names them; each introducer agrees",
        handler=name_introducers,
        touches=members_touch("introducers"),
    ),
    CommandSpec(
        name="member.prereview",
        help="Record the higher committee's pre-review (预审) of a development candidate.",
        fields=(MEMBER, Field("body", "The committee that pre-reviewed", kind="code")),
        example="branchbook member prereview --member M0001 --body TC01 --date 2025-11-01",
        after=("member review", "member train", "member introduce"),
        decided_by="the higher committee that approves admissions (--body)",
        handler=prereview_candidate,
        touches=member_touch,
    ),
    CommandSpec(
        name="member.admit",
        help="The general assembly resolves to admit a development candidate as a "
        "probationary member; probation runs from this date. With --outcome failed, the vote "
        "that did not carry is kept and the candidate stays a candidate.",
        fields=(MEMBER, MEETING, *BALLOTS, *WRITTEN_TIMES, OUTCOME),
        example="branchbook member admit --member M0001 --meeting "
        "B01-2025-11-15-assembly --yes 3 --date 2025-11-15",
        after=("member prereview", "meeting hold"),
        decided_by="the branch's general assembly; the higher committee then "
        "approves (`member approve`)",
        handler=admit_candidate,
        touches=decision_touch,
    ),
)
