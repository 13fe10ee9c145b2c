"""The commands of the record book: each loads what it needs, lets the domain decide, adds."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from branchbook.domain import ids
from branchbook.domain.branch import Branch, BranchKind
from branchbook.domain.decisions import Decision, should_attend
from branchbook.domain.elections import Ballots
from branchbook.domain.leadership import ROLES
from branchbook.domain.meeting import Meeting, MeetingKind, default_code
from branchbook.domain.member import REAPPLY, Member
from branchbook.domain.opening import OPENING_STATUSES, SEXES, Particulars, Path
from branchbook.domain.organisation import Organisation, OrganisationKind
from branchbook.domain.rules import Judge
from branchbook.domain.step import Step
from branchbook.workflows import case_steps, correction_steps, dues_steps, meeting_steps, values
from branchbook.workflows.commands import CommandSpec, Field
from branchbook.workflows.errors import Conflict
from branchbook.workflows.loading import (
    BALLOTS,
    BRANCH,
    COMMITTEE_COUNTS,
    MEETING,
    MEMBER,
    body_of,
    branch_of,
    branch_touch,
    decision_touch,
    meeting_of,
    member_of,
    member_touch,
    members_named,
    members_touch,
    optional_votes,
    organisation_of,
    votes_of,
)

if TYPE_CHECKING:
    from branchbook.workflows.uow import UnitOfWork


def register_organisation(uow: UnitOfWork, judge: Judge, step: Step, v: dict[str, Any]) -> str:
    code: str = v["code"]
    if uow.get(ids.organisation_id(code), Organisation) is not None:
        raise Conflict(f"organisation {code} is already in the record")
    parent = organisation_of(uow, v["parent"]) if v.get("parent") else None
    uow.add(
        Organisation.register(
            code=code,
            name=v["name"],
            kind=OrganisationKind(v["kind"]),
            parent=parent,
            authority=v["approves-admissions"],
            step=step,
            judge=judge,
        )
    )
    return code


def found_branch(uow: UnitOfWork, judge: Judge, step: Step, v: dict[str, Any]) -> str:
    code: str = v["code"]
    if uow.get(ids.branch_id(code), Branch) is not None:
        raise Conflict(f"branch {code} is already in the record")
    parent: str = v["parent"]
    branch = Branch.found(
        code=code,
        name=v["name"],
        kind=BranchKind(v["kind"]),
        parent=parent,
        units=v.get("units", ()),
        full_members=v["full-members"],
        requested=v.get("requested"),
        approver=body_of(uow, v.get("approved-by") or parent, parent),
        step=step,
        judge=judge,
    )
    uow.add(branch)
    return code


def adjust_branch(uow: UnitOfWork, judge: Judge, step: Step, v: dict[str, Any]) -> str:
    branch = branch_of(uow, v["branch"])
    parent = v.get("parent")
    if parent is not None:
        organisation_of(uow, parent)
    branch.adjust(
        name=v.get("name"),
        kind=BranchKind(v["kind"]) if v.get("kind") else None,
        parent=parent,
        units=v.get("units"),
        approver=body_of(uow, v["body"], branch.parent),
        step=step,
        judge=judge,
    )
    return branch.code


def dissolve_branch(uow: UnitOfWork, judge: Judge, step: Step, v: dict[str, Any]) -> str:
    branch = branch_of(uow, v["branch"])
    branch.dissolve(
        reason=v["reason"], approver=body_of(uow, v["body"], branch.parent), step=step, judge=judge
    )
    return branch.code


def party_ages(uow: UnitOfWork, numbers: tuple[str | None, ...], on: Any) -> dict[str, int | None]:
    """Party age on a date of each member named (None for someone not a full member)."""
    ages: dict[str, int | None] = {}
    for number in numbers:
        if number is not None:
            member = uow.get(ids.member_id(number), Member)
            ages[number] = member.party_age_on(on) if member is not None else None
    return ages


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
    )
    return branch.code


def approve_officers(uow: UnitOfWork, judge: Judge, step: Step, v: dict[str, Any]) -> str:
    branch = branch_of(uow, v["branch"])
    branch.approve_officers(approver=body_of(uow, v["body"], branch.parent), step=step, judge=judge)
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


def apply_member(uow: UnitOfWork, judge: Judge, step: Step, v: dict[str, Any]) -> str:
    number: str = v["member"]
    known = uow.get(ids.member_id(number), Member)
    if known is not None:
        if known.status not in REAPPLY:
            raise Conflict(f"member {number} is already in the record")
        known.reapply(branch=branch_of(uow, v["branch"]), step=step, judge=judge)
        return number
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


def enrol_member(uow: UnitOfWork, judge: Judge, step: Step, v: dict[str, Any]) -> str:
    number: str = v["member"]
    if uow.get(ids.member_id(number), Member) is not None:
        raise Conflict(f"member {number} is already in the record")
    member = Member.enrol(
        number=number,
        name=v["name"],
        birth=v["birth"],
        branch=branch_of(uow, v["branch"]),
        path=Path(
            status=v["status"],
            applied=v.get("applied"),
            activist_on=v.get("activist-since"),
            candidate_on=v.get("candidate-since"),
            admitted_on=v.get("admitted"),
            full_since=v.get("full-since"),
        ),
        particulars=Particulars(
            sex=v.get("sex"),
            id_number=v.get("id-number"),
            ethnicity=v.get("ethnicity"),
            education=v.get("education"),
            work_unit=v.get("work-unit"),
            phone=v.get("phone"),
        ),
        step=step,
        judge=judge,
    )
    uow.add(member)
    return number


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
    )
    return member.number


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
    member.exclude(
        category=v["category"],
        consent=v["consent"],
        meeting=meeting_of(uow, v["meeting"]),
        branch=branch_of(uow, member.branch),
        step=step,
        judge=judge,
    )
    return member.number


def include_member(uow: UnitOfWork, judge: Judge, step: Step, v: dict[str, Any]) -> str:
    member = member_of(uow, v["member"])
    member.include(branch=branch_of(uow, member.branch), step=step, judge=judge)
    return member.number


def meeting_code(v: dict[str, Any]) -> str:
    code: str | None = v.get("code")
    return code or default_code(v["branch"], v["date"], v["kind"])


def hold_meeting(uow: UnitOfWork, judge: Judge, step: Step, v: dict[str, Any]) -> str:
    code = meeting_code({**v, "date": step.effective})
    if uow.get(ids.meeting_id(code), Meeting) is not None:
        raise Conflict(f"meeting {code} is already in the record")
    meeting = Meeting.hold(
        code=code,
        branch=branch_of(uow, v["branch"]),
        kind=MeetingKind(v["kind"]),
        present=list(v["present"]),
        chair=v["chair"],
        step=step,
        judge=judge,
        hours=v.get("hours"),
        party_group=v.get("group"),
    )
    uow.add(meeting)
    return code


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
    )
    return branch.code


SPECS: tuple[CommandSpec, ...] = (
    CommandSpec(
        name="org.add",
        help="Enter a higher organisation (上级党组织): a Party committee or a general branch, "
        "and the organisation above it.",
        fields=(
            Field("code", "Organisation code, unique in the record (e.g. TC01)", kind="code"),
            Field("name", "Name of the organisation", maximum=values.NAME_MAX),
            Field(
                "kind",
                "Kind of organisation",
                kind="choice",
                choices=tuple(k.value for k in OrganisationKind),
            ),
            Field("parent", "Code of the organisation above it", kind="code", required=False),
            Field(
                "approves-admissions",
                "It has the authority to approve probationary members (审批预备党员权限)",
                kind="flag",
                required=False,
                default=False,
            ),
        ),
        handler=register_organisation,
        touches=lambda v: (ids.organisation_id(v["code"]),),
    ),
    CommandSpec(
        name="branch.found",
        help="Found a branch (成立党支部) on the higher organisation's approval: its code, name, "
        "kind, parent organisation and full members.",
        fields=(
            Field("code", "Branch code, unique in the record (e.g. B01)", kind="code"),
            Field("name", "Branch name", maximum=values.NAME_MAX),
            Field(
                "kind",
                "Kind of branch",
                kind="choice",
                choices=tuple(k.value for k in BranchKind),
            ),
            Field("parent", "Code of the higher organisation the branch belongs to", kind="code"),
            Field(
                "full-members",
                "Full members in the unit(s) at founding; probationary members do not count",
                kind="count",
            ),
            Field("units", "Units a joint branch covers (A,B,C)", kind="names", required=False),
            Field(
                "requested", "Date the unit asked to found the branch", kind="date", required=False
            ),
            Field(
                "approved-by",
                "Code of the organisation that approved the founding [default: the parent]",
                kind="code",
                required=False,
            ),
        ),
        handler=found_branch,
        touches=lambda v: (ids.branch_id(v["code"]), ids.organisation_id(v["parent"])),
    ),
    CommandSpec(
        name="branch.adjust",
        help="The higher organisation adjusts a branch: its name, kind, parent or units.",
        fields=(
            BRANCH,
            Field("body", "Code of the organisation that approved the adjustment", kind="code"),
            Field("name", "New name", maximum=values.NAME_MAX, required=False),
            Field(
                "kind",
                "New kind",
                kind="choice",
                choices=tuple(k.value for k in BranchKind),
                required=False,
            ),
            Field("parent", "Code of the new parent organisation", kind="code", required=False),
            Field("units", "Units a joint branch now covers (A,B,C)", kind="names", required=False),
        ),
        handler=adjust_branch,
        touches=branch_touch,
    ),
    CommandSpec(
        name="branch.dissolve",
        help="The higher organisation dissolves a branch that no longer meets the conditions, "
        "or a temporary branch whose task has ended; no member's relation may remain in it.",
        fields=(
            BRANCH,
            Field("body", "Code of the organisation that approved the dissolution", kind="code"),
            Field("reason", "Why the branch is dissolved"),
        ),
        handler=dissolve_branch,
        touches=branch_touch,
    ),
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
        handler=enter_leadership,
        touches=branch_touch,
    ),
    CommandSpec(
        name="branch.elect",
        help="The general assembly elects the branch committee (or, in a branch of fewer than "
        "7 full members, the secretary and deputy): candidates, ballots and votes.",
        fields=(
            BRANCH,
            Field(
                "meeting",
                "Code of the general assembly that held the election",
                kind="code",
                maximum=values.MEETING_CODE_MAX,
            ),
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
        ),
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
        handler=appoint_leadership,
        touches=branch_touch,
    ),
    CommandSpec(
        name="branch.vacate",
        help="A member leaves the branch leadership; the seat is vacant until a by-election.",
        fields=(
            BRANCH,
            Field("member", "Member number of who leaves office", kind="code"),
            Field("reason", "Why: resignation, removal, transfer, death"),
        ),
        handler=vacate_seat,
        touches=branch_touch,
    ),
    CommandSpec(
        name="branch.term",
        help="The higher organisation approves extending the term, or advancing the change of "
        "term, by up to 12 months.",
        fields=(
            BRANCH,
            Field("change", "Extend or advance", kind="choice", choices=("extend", "advance")),
            Field(
                "months",
                "Months of extension or advancement",
                kind="count",
                maximum=values.MONTHS_MAX,
            ),
            Field("body", "Code of the approving organisation", kind="code"),
        ),
        handler=change_term,
        touches=branch_touch,
    ),
    CommandSpec(
        name="member.apply",
        help="Receive a written application for membership (入党申请) from a person of age.",
        fields=(
            Field("member", "Member number, unique in the record (e.g. M0001)", kind="code"),
            Field("name", "Full name of the applicant", maximum=values.NAME_MAX),
            Field("birth", "Birth date (YYYY-MM-DD)", kind="date"),
            Field("branch", "Code of the branch that receives the application", kind="code"),
        ),
        handler=apply_member,
        touches=lambda v: (ids.member_id(v["member"]), ids.branch_id(v["branch"])),
    ),
    CommandSpec(
        name="member.talk",
        help="Record the talk with an applicant (谈话); due within a month of the application.",
        fields=(
            Field("member", "Member number of the applicant", kind="code"),
            Field("by", "Who talked with the applicant", maximum=values.NAME_MAX),
        ),
        handler=talk_with_applicant,
        touches=member_touch,
    ),
    CommandSpec(
        name="member.enrol",
        help="Open the record of a person whose path began before the record book did (opening "
        "entry): an applicant, activist, development candidate, probationary or full member, "
        "with the dates that status rests on and their particulars.",
        fields=(
            Field("member", "Member number, unique in the record", kind="code"),
            Field("name", "Full name", maximum=values.NAME_MAX),
            Field("birth", "Birth date (YYYY-MM-DD)", kind="date"),
            Field("branch", "Code of the member's relation branch", kind="code"),
            Field("status", "Status on the entry date", kind="choice", choices=OPENING_STATUSES),
            Field(
                "applied",
                "Date of the written application; required for an applicant",
                kind="date",
                required=False,
            ),
            Field(
                "activist-since",
                "Date designated an activist; required for an activist",
                kind="date",
                required=False,
            ),
            Field(
                "candidate-since",
                "Date designated a development candidate; required for a candidate",
                kind="date",
                required=False,
            ),
            Field(
                "admitted",
                "Date of the assembly that admitted them; required for a probationary or full "
                "member",
                kind="date",
                required=False,
            ),
            Field(
                "full-since",
                "Date full membership (party age) began; required for a full member",
                kind="date",
                required=False,
            ),
            Field("sex", "Sex", kind="choice", choices=SEXES, required=False),
            Field(
                "id-number",
                "Identity document number",
                maximum=values.ID_NUMBER_MAX,
                required=False,
            ),
            Field("ethnicity", "Ethnicity", maximum=values.ETHNICITY_MAX, required=False),
            Field("education", "Education attained", maximum=values.EDUCATION_MAX, required=False),
            Field(
                "work-unit",
                "Work unit and post",
                maximum=values.WORK_UNIT_MAX,
                required=False,
            ),
            Field("phone", "Telephone number", maximum=values.PHONE_MAX, required=False),
        ),
        handler=enrol_member,
        touches=lambda v: (ids.member_id(v["member"]), ids.branch_id(v["branch"])),
    ),
    CommandSpec(
        name="meeting.hold",
        help="Record a meeting held by a branch: its kind, who was present and who chaired.",
        fields=(
            Field("branch", "Code of the branch holding the meeting", kind="code"),
            Field(
                "kind",
                "Kind of meeting",
                kind="choice",
                choices=tuple(k.value for k in MeetingKind),
            ),
            Field("present", "Member numbers of those present (A,B,C)", kind="members"),
            Field("chair", "Member number of who chaired", kind="code"),
            Field(
                "code",
                "Meeting code; default BRANCH-DATE-KIND (e.g. B01-2024-03-01-assembly)",
                kind="code",
                maximum=values.MEETING_CODE_MAX,
                required=False,
            ),
            Field(
                "hours",
                "Class hours a training session gave",
                kind="count",
                required=False,
                maximum=values.HOURS_MAX,
            ),
            Field(
                "group", "Party group of a group meeting", maximum=values.CODE_MAX, required=False
            ),
        ),
        handler=hold_meeting,
        touches=branch_touch,
    ),
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
                "Who put the applicant forward",
                kind="choice",
                choices=("members", "mass-organisation"),
            ),
            *COMMITTEE_COUNTS,
        ),
        handler=designate_activist,
        touches=members_touch("contacts"),
    ),
    CommandSpec(
        name="member.assess",
        help="Record the branch's half-yearly assessment of an activist (考察).",
        fields=(MEMBER,),
        handler=assess_activist,
        touches=member_touch,
    ),
    CommandSpec(
        name="member.designate-candidate",
        help="The branch committee designates an activist a development candidate (发展对象), "
        "after at least 12 months of cultivation.",
        fields=(MEMBER, MEETING, *COMMITTEE_COUNTS),
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
        handler=train_candidate,
        touches=member_touch,
    ),
    CommandSpec(
        name="member.introduce",
        help="Name a development candidate's two introducers (入党介绍人): full members with "
        "their rights.",
        fields=(MEMBER, Field("introducers", "Member numbers of the introducers", kind="members")),
        handler=name_introducers,
        touches=members_touch("introducers"),
    ),
    CommandSpec(
        name="member.prereview",
        help="Record the higher committee's pre-review (预审) of a development candidate.",
        fields=(MEMBER, Field("body", "The committee that pre-reviewed", kind="code")),
        handler=prereview_candidate,
        touches=member_touch,
    ),
    CommandSpec(
        name="member.admit",
        help="The general assembly resolves to admit a development candidate as a "
        "probationary member; probation runs from this date.",
        fields=(MEMBER, MEETING, *BALLOTS),
        handler=admit_candidate,
        touches=decision_touch,
    ),
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
        fields=(MEMBER, MEETING, *BALLOTS),
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
        ),
        handler=probation_resolution(Decision.EXTEND),
        touches=decision_touch,
    ),
    CommandSpec(
        name="member.revoke",
        help="The general assembly resolves to revoke a probationary membership.",
        fields=(MEMBER, MEETING, *BALLOTS),
        handler=probation_resolution(Decision.REVOKE),
        touches=decision_touch,
    ),
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
        help="Leave a full member out of the should-attend count (COD-5), with the higher "
        "organisation's consent and an assembly resolution.",
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

SPECS = (
    *SPECS, *case_steps.SPECS, *dues_steps.SPECS, *meeting_steps.SPECS, *correction_steps.SPECS
)  # fmt: skip
COMMANDS: dict[str, CommandSpec] = {spec.name: spec for spec in SPECS}
