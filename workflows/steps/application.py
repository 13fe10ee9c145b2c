"""The commands that open a member's record: an application, the talk, an opening entry."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from branchbook.domain import ids
from branchbook.domain.member import REAPPLY, Member
from branchbook.domain.opening import OPENING_STATUSES, SEXES, Particulars, Path
from branchbook.domain.rules import Judge
from branchbook.domain.step import Step
from branchbook.workflows import values
from branchbook.workflows.errors import Conflict
from branchbook.workflows.steps.commands import CommandSpec, Field
from branchbook.workflows.steps.loading import branch_of, member_of, member_touch

if TYPE_CHECKING:
    from branchbook.workflows.store.uow import UnitOfWork


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


SPECS: tuple[CommandSpec, ...] = (
    CommandSpec(
        name="member.apply",
        help="Receive a written application for membership (入党申请) from a person of age.",
        fields=(
            Field("member", "Member number, unique in the record (e.g. M0001)", kind="code"),
            Field("name", "Full name of the applicant", maximum=values.NAME_MAX),
            Field("birth", "Birth date (YYYY-MM-DD)", kind="date"),
            Field("branch", "Code of the branch that receives the application", kind="code"),
        ),
        example="branchbook member apply --member M0001 --name 王芳 --birth "
        "1990-05-01 --branch B01 --date 2024-03-01",
        after=("branch found",),
        decided_by="the applicant, in writing to the branch of their work or residence",
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
        example="branchbook member talk --member M0001 --by 李明 --date 2024-03-20",
        after=("member apply",),
        decided_by="the branch, which sends someone to talk within the deadline",
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
            Field(
                "status",
                "Status on the entry date: applicant, activist, candidate (a development "
                "candidate), probationary or full (member)",
                kind="choice",
                choices=OPENING_STATUSES,
            ),
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
        example="branchbook member enrol --member F1 --name 李明 --birth 1980-02-01 "
        "--branch B01 --status full --admitted 2010-06-01 --full-since "
        "2011-06-01 --date 2019-01-08",
        after=("branch found",),
        decided_by="nobody now: an opening entry of a path begun before the record",
        handler=enrol_member,
        touches=lambda v: (ids.member_id(v["member"]), ids.branch_id(v["branch"])),
    ),
)
