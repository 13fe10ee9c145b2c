"""The commands of a branch's leadership: opening entries, elections, appointments and terms."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from branchbook.domain import ids
from branchbook.domain.decisions import Decision, should_attend
from branchbook.domain.elections import Ballots
from branchbook.domain.leadership import ROLES
from branchbook.domain.rules import Judge
from branchbook.domain.step import Step
from branchbook.workflows import values
from branchbook.workflows.steps.commands import CommandSpec, Field
from branchbook.workflows.steps.loading import BRANCH, body_of, branch_of, branch_touch, meeting_of
from branchbook.workflows.steps.seats import named, party_ages, sanctions_of, taking_part

if TYPE_CHECKING:
    from branchbook.workflows.store.uow import UnitOfWork


def hold_election(uow: UnitOfWork, judge: Judge, step: Step, v: dict[str, Any]) -> str:
    branch = branch_of(uow, v["branch"])
    votes: dict[str, int] = v["votes"]
    announced = v.get("elected")
    electorate = should_attend(judge, branch, step.effective, decision=Decision.ELECTION)
    branch.elect(
        meeting=meeting_of(uow, v["meeting"]),
        by_election=v["by-election"],
        seats=v["seats"],
        candidates=list(v["candidates"]),
        ballots=Ballots(
            issued=v["issued"], returned=v["returned"], invalid=v["invalid"], votes=votes
        ),
        announced=list(announced) if announced is not None else None,
        secretary=v.get("secretary"),
        deputy=v.get("deputy"),
        party_ages=party_ages(uow, (v.get("secretary"),), step.effective),
        should_attend=electorate,
        step=step,
        judge=judge,
        sanctions=sanctions_of(uow, v["candidates"]),
        void=v.get("outcome") == "void",
    )
    return branch.code


def elect_officers(uow: UnitOfWork, judge: Judge, step: Step, v: dict[str, Any]) -> str:
    branch = branch_of(uow, v["branch"])
    branch.elect_officers(
        meeting=meeting_of(uow, v["meeting"]),
        secretary=v["secretary"],
        deputy=v.get("deputy"),
        roles=v.get("roles", {}),
        party_ages=party_ages(uow, (v["secretary"],), step.effective),
        step=step,
        judge=judge,
        sanctions=sanctions_of(uow, (v["secretary"], v.get("deputy"))),
    )
    return branch.code


def approve_officers(uow: UnitOfWork, judge: Judge, step: Step, v: dict[str, Any]) -> str:
    branch = branch_of(uow, v["branch"])
    office = branch.offices[-1] if branch.offices else None
    pending = office.pending if office is not None and office.pending is not None else ()
    branch.approve_officers(
        approver=body_of(uow, v["body"], branch.parent),
        step=step,
        judge=judge,
        sanctions=sanctions_of(uow, pending),
    )
    return branch.code


def appoint_leadership(uow: UnitOfWork, judge: Judge, step: Step, v: dict[str, Any]) -> str:
    branch = branch_of(uow, v["branch"])
    branch.appoint(
        secretary=v["secretary"],
        deputy=v.get("deputy"),
        members=list(v.get("members", ())),
        roles=v.get("roles", {}),
        party_ages=party_ages(uow, (v["secretary"],), step.effective),
        approver=body_of(uow, v["body"], branch.parent),
        step=step,
        judge=judge,
        sanctions=sanctions_of(uow, named(v)),
        taking_part=taking_part(uow, branch, named(v), step.effective),
    )
    return branch.code


def reduce_seats(uow: UnitOfWork, judge: Judge, step: Step, v: dict[str, Any]) -> str:
    branch = branch_of(uow, v["branch"])
    branch.reduce_seats(
        meeting=meeting_of(uow, v["meeting"]),
        seats=v["seats"],
        yes=v["yes"],
        electorate=should_attend(judge, branch, step.effective, decision=Decision.ELECTION),
        step=step,
        judge=judge,
    )
    return branch.code


def vacate_seat(uow: UnitOfWork, judge: Judge, step: Step, v: dict[str, Any]) -> str:
    branch = branch_of(uow, v["branch"])
    branch.vacate(member=v["member"], reason=v["reason"], step=step, judge=judge)
    return branch.code


def change_term(uow: UnitOfWork, judge: Judge, step: Step, v: dict[str, Any]) -> str:
    branch = branch_of(uow, v["branch"])
    branch.change_term(
        change=v["change"],
        months=v["months"],
        approver=body_of(uow, v["body"], branch.parent),
        step=step,
        judge=judge,
    )
    return branch.code


def enter_leadership(uow: UnitOfWork, judge: Judge, step: Step, v: dict[str, Any]) -> str:
    branch = branch_of(uow, v["branch"])
    branch.enter_leadership(
        members=list(v.get("members", ())),
        secretary=v["secretary"],
        deputy=v.get("deputy"),
        roles=v.get("roles", {}),
        term_start=v.get("term-start"),
        step=step,
        judge=judge,
        sanctions=sanctions_of(uow, named(v)),
        taking_part=taking_part(uow, branch, named(v), step.effective),
    )
    return branch.code


# The general assembly whose election a step records or follows.
ELECTING_ASSEMBLY = Field(
    "meeting",
    "Code of the general assembly that held the election",
    kind="code",
    maximum=values.MEETING_CODE_MAX,
)

SPECS: tuple[CommandSpec, ...] = (
    CommandSpec(
        name="branch.leadership",
        help="Record the leadership in office when the record begins (an opening entry): the "
        "secretary, deputy, committee members and roles, and when their term began.",
        fields=(
            BRANCH,
            Field("secretary", "Member number of the secretary", kind="code"),
            Field("deputy", "Member number of the deputy secretary", kind="code", required=False),
            Field(
                "members",
                "Committee members, secretary included; none for a branch led by a secretary",
                kind="members",
                required=False,
            ),
            Field(
                "roles",
                "Committee roles (organisation=M,...)",
                kind="roles",
                choices=ROLES,
                required=False,
            ),
            Field(
                "term-start",
                "Date the term began [default: the step's date]",
                kind="date",
                required=False,
            ),
        ),
        example="branchbook branch leadership --branch B01 --secretary F1 "
        "--deputy F2 --term-start 2019-01-08 --date 2019-01-08",
        after=("branch found", "member enrol"),
        decided_by="nobody now: an opening entry of the leadership already in office",
        handler=enter_leadership,
        touches=branch_touch,
    ),
    CommandSpec(
        name="branch.elect",
        help="The general assembly elects the branch committee (or, in a branch of fewer than "
        "7 full members, the secretary and deputy): candidates, ballots and votes.",
        fields=(
            BRANCH,
            ELECTING_ASSEMBLY,
            Field("seats", "Seats to fill", kind="count"),
            Field("candidates", "Member numbers of the candidates", kind="members"),
            Field("issued", "Ballots issued", kind="count"),
            Field("returned", "Ballots returned", kind="count"),
            Field(
                "invalid",
                "Invalid ballots among those returned",
                kind="count",
                required=False,
                default=0,
            ),
            Field("votes", "Yes votes per candidate (M1=9,M2=8,...)", kind="tally"),
            Field(
                "elected",
                "Who was announced as elected; checked against the count",
                kind="members",
                required=False,
            ),
            Field(
                "secretary",
                "Where there is no committee: the secretary elected",
                kind="code",
                required=False,
            ),
            Field(
                "deputy",
                "Where there is no committee: the deputy elected",
                kind="code",
                required=False,
            ),
            Field(
                "by-election",
                "A by-election to fill vacant seats; the term runs on",
                kind="flag",
                required=False,
                default=False,
            ),
            Field(
                "outcome",
                "The count stands (valid), or more ballots were returned than issued (void: "
                "kept with its count, elects no one; hold the election again) [default: valid]",
                kind="choice",
                choices=("valid", "void"),
                required=False,
            ),
        ),
        example="branchbook branch elect --branch B01 --meeting "
        "B01-2022-01-08-assembly --seats 3 --candidates F1,F2,F3,F4 "
        "--issued 9 --returned 9 --votes F1=9,F2=8,F3=7,F4=2 --elected "
        "F1,F2,F3 --date 2022-01-08",
        after=("meeting hold",),
        decided_by="the branch's general assembly of full members, by secret ballot",
        handler=hold_election,
        touches=lambda v: (ids.branch_id(v["branch"]), ids.meeting_id(v["meeting"])),
    ),
    CommandSpec(
        name="branch.elect-officers",
        help="The branch committee elects its secretary and deputy (awaiting the higher "
        "organisation's approval) and divides its roles.",
        fields=(
            BRANCH,
            Field(
                "meeting",
                "Code of the committee meeting",
                kind="code",
                maximum=values.MEETING_CODE_MAX,
            ),
            Field("secretary", "Member number of the secretary elected", kind="code"),
            Field("deputy", "Member number of the deputy elected", kind="code", required=False),
            Field(
                "roles",
                "Committee roles (organisation=M,propaganda=M,discipline=M)",
                kind="roles",
                choices=ROLES,
                required=False,
            ),
        ),
        example="branchbook branch elect-officers --branch B01 --meeting "
        "B01-2022-01-09-committee --secretary F1 --deputy F2 --date "
        "2022-01-09",
        after=("branch elect", "meeting hold"),
        decided_by="the branch committee; the higher organisation approves (`branch "
        "approve-officers`)",
        handler=elect_officers,
        touches=lambda v: (ids.branch_id(v["branch"]), ids.meeting_id(v["meeting"])),
    ),
    CommandSpec(
        name="branch.approve-officers",
        help="The higher organisation approves the elected secretary and deputy; the committee "
        "members are filed with it.",
        fields=(
            BRANCH,
            Field("body", "Code of the approving organisation", kind="code"),
        ),
        example="branchbook branch approve-officers --branch B01 --body TC01 --date 2022-01-29",
        after=("branch elect-officers",),
        decided_by="the higher organisation (--body)",
        handler=approve_officers,
        touches=branch_touch,
    ),
    CommandSpec(
        name="branch.appoint",
        help="The higher organisation appoints the secretary, deputy and committee members "
        "(temporary branches; elsewhere where really needed).",
        fields=(
            BRANCH,
            Field("body", "Code of the appointing organisation", kind="code"),
            Field("secretary", "Member number of the secretary", kind="code"),
            Field("deputy", "Member number of the deputy", kind="code", required=False),
            Field(
                "members", "Committee members, secretary included", kind="members", required=False
            ),
            Field(
                "roles",
                "Committee roles (organisation=M,...)",
                kind="roles",
                choices=ROLES,
                required=False,
            ),
        ),
        example="branchbook branch appoint --branch B05 --body TC01 --secretary "
        "B0103 --deputy B0204 --date 2026-03-10",
        after=("branch found", "member enrol or member participate"),
        decided_by="the higher organisation (--body)",
        handler=appoint_leadership,
        touches=branch_touch,
    ),
    CommandSpec(
        name="branch.reduce-seats",
        help="Where an election left seats unfilled, the same general assembly agrees, by a "
        "majority of the electors present, to fewer seats instead of a new vote (减少名额).",
        fields=(
            BRANCH,
            ELECTING_ASSEMBLY,
            Field("seats", "Seats from now on (the seats filled, or more)", kind="count"),
            Field("yes", "Electors present who consent", kind="count"),
        ),
        example="branchbook branch reduce-seats --branch B01 --meeting "
        "B01-2022-01-08-assembly --seats 4 --yes 6 --date 2022-01-08",
        after=("branch elect",),
        decided_by="the same general assembly, by a majority of the electors present",
        handler=reduce_seats,
        touches=lambda v: (ids.branch_id(v["branch"]), ids.meeting_id(v["meeting"])),
    ),
    CommandSpec(
        name="branch.vacate",
        help="A member leaves the branch leadership; the seat is vacant until a by-election.",
        fields=(
            BRANCH,
            Field("member", "Member number of who leaves office", kind="code"),
            Field("reason", "Why: resignation, removal, transfer, death"),
        ),
        example="branchbook branch vacate --branch B01 --member F3 --reason 调离 --date 2023-05-01",
        after=("branch elect or branch leadership or branch appoint",),
        decided_by="the member leaves the post, or the body that removes them; the "
        "branch records it",
        handler=vacate_seat,
        touches=branch_touch,
    ),
    CommandSpec(
        name="branch.term",
        help="The higher organisation approves extending the term, or advancing the change of "
        "term, by up to 12 months.",
        fields=(
            BRANCH,
            Field(
                "change",
                "extend (the term ends later) or advance (the change of term comes sooner)",
                kind="choice",
                choices=("extend", "advance"),
            ),
            Field(
                "months",
                "Months of extension or advancement",
                kind="count",
                maximum=values.MONTHS_MAX,
            ),
            Field("body", "Code of the approving organisation", kind="code"),
        ),
        example="branchbook branch term --branch B01 --change extend --months 6 "
        "--body TC01 --date 2024-12-20",
        after=("branch elect or branch leadership",),
        decided_by="the higher organisation (--body)",
        handler=change_term,
        touches=branch_touch,
    ),
)
