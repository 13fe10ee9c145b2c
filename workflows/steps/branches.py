"""The commands that enter higher organisations and found, adjust and dissolve branches."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from branchbook.domain import ids
from branchbook.domain.branch import Branch, BranchKind
from branchbook.domain.organisation import Organisation, OrganisationKind
from branchbook.domain.rules import Judge
from branchbook.domain.step import Step
from branchbook.workflows import values
from branchbook.workflows.errors import Conflict
from branchbook.workflows.steps.commands import CommandSpec, Field
from branchbook.workflows.steps.loading import (
    BRANCH,
    body_of,
    branch_of,
    branch_touch,
    organisation_of,
)

if TYPE_CHECKING:
    from branchbook.workflows.store.uow import UnitOfWork


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


# What each kind of branch is, for --kind.
BRANCH_KINDS = (
    "regular (the members of one unit), joint (联合党支部: of several units), temporary "
    "(临时党支部: for a project; its members keep their relation where it is, its leaders are "
    "appointed), village-community (a village's or community's: a five-year term), "
    "mobile-member (流动党员党支部: for members away from their relation branch)"
)
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
                "committee (党委: approves admissions only with --approves-admissions), "
                "general-branch (党总支: never approves admissions), discipline-commission "
                "(纪委: approves expulsions)",
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
        example="branchbook org add --code TC01 --name 城关镇党委 --kind committee "
        "--approves-admissions --date 2018-12-01",
        decided_by="the organisation above it set it up; the record enters it as it stands",
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
                BRANCH_KINDS,
                kind="choice",
                choices=tuple(k.value for k in BranchKind),
            ),
            Field("parent", "Code of the higher organisation the branch belongs to", kind="code"),
            Field(
                "full-members",
                "Full members in the unit, or the units together, at founding; probationary "
                "members do not count",
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
        example="branchbook branch found --code B01 --name 机关第一党支部 --kind regular "
        "--parent TC01 --full-members 3 --approved-by TC01 --date "
        "2019-01-08",
        after=("org add",),
        decided_by="the higher organisation (--approved-by), on the members' request",
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
                f"The branch's new kind: {BRANCH_KINDS}",
                kind="choice",
                choices=tuple(k.value for k in BranchKind),
                required=False,
            ),
            Field("parent", "Code of the new parent organisation", kind="code", required=False),
            Field("units", "Units a joint branch now covers (A,B,C)", kind="names", required=False),
        ),
        example="branchbook branch adjust --branch B01 --body TC01 --name 机关党支部 "
        "--date 2020-03-01",
        after=("branch found",),
        decided_by="the higher organisation (--body)",
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
        example="branchbook branch dissolve --branch B05 --body TC01 --reason "
        "项目结束 --date 2027-01-10",
        after=("branch found", "transfer receive"),
        decided_by="the higher organisation (--body)",
        handler=dissolve_branch,
        touches=branch_touch,
    ),
)
