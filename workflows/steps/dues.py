"""The commands of dues and of taking part in a branch without the relation."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import UUID

from branchbook.domain import ids
from branchbook.domain.dues import Dues, IncomeKind
from branchbook.domain.participation import Basis, Participation
from branchbook.domain.rules import Judge
from branchbook.domain.step import Step
from branchbook.workflows.errors import BadInput
from branchbook.workflows.steps.commands import CommandSpec, Field
from branchbook.workflows.steps.loading import MEMBER, branch_of, member_of

if TYPE_CHECKING:
    from branchbook.workflows.store.uow import UnitOfWork


def ledger_of(uow: UnitOfWork, number: str, step: Step, judge: Judge) -> Dues:
    """The member's dues ledger, opened by this command if the record has none yet."""
    found = uow.get(ids.dues_id(number), Dues)
    if found is None:
        found = Dues.open(number=number, step=step, judge=judge)
        uow.add(found)
    return found


def participation_of(uow: UnitOfWork, number: str, step: Step, judge: Judge) -> Participation:
    """Where the member takes part outside their relation, opened by this command if new."""
    found = uow.get(ids.participation_id(number), Participation)
    if found is None:
        found = Participation.open(number=number, step=step, judge=judge)
        uow.add(found)
    return found


def declare_income(uow: UnitOfWork, judge: Judge, step: Step, v: dict[str, Any]) -> str:
    number: str = v["member"]
    member_of(uow, number)
    kind = IncomeKind(v["kind"])
    monthly: int | None = v.get("monthly")
    if kind.has_amount and monthly is None:
        raise BadInput(f"member.income: a {kind.value} income needs 'monthly'")
    if not kind.has_amount and monthly is not None:
        raise BadInput(f"member.income: a {kind.value} income takes no 'monthly'")
    ledger = ledger_of(uow, number, step, judge)
    ledger.declare_income(kind=kind, monthly_fen=monthly, step=step, judge=judge)
    return number


def pay_dues(uow: UnitOfWork, judge: Judge, step: Step, v: dict[str, Any]) -> str:
    number: str = v["member"]
    member = member_of(uow, number)
    amount: int = v["amount"]
    if amount <= 0:
        raise BadInput("member.pay-dues: 'amount' must be more than 0")
    branch = branch_of(uow, v.get("branch") or member.branch)
    first, last = v["months"]
    ledger = ledger_of(uow, number, step, judge)
    ledger.pay(
        member=member,
        branch=branch,
        participation=uow.get(ids.participation_id(number), Participation),
        amount_fen=amount,
        first=first,
        last=last,
        step=step,
        judge=judge,
    )
    return number


def participate(uow: UnitOfWork, judge: Judge, step: Step, v: dict[str, Any]) -> str:
    number: str = v["member"]
    member = member_of(uow, number)
    branch = branch_of(uow, v["branch"])
    participation = participation_of(uow, number, step, judge)
    participation.start(
        member=member,
        branch=branch,
        basis=Basis(v["basis"]),
        fixed_place=v["fixed-place"],
        step=step,
        judge=judge,
    )
    return number


def end_participation(uow: UnitOfWork, judge: Judge, step: Step, v: dict[str, Any]) -> str:
    number: str = v["member"]
    member_of(uow, number)
    participation = participation_of(uow, number, step, judge)
    participation.end(branch=v["branch"], step=step, judge=judge)
    return number


def report_participation(uow: UnitOfWork, judge: Judge, step: Step, v: dict[str, Any]) -> str:
    number: str = v["member"]
    member = member_of(uow, number)
    branch = branch_of(uow, v["branch"])
    branch.check_exists_on(judge, step.effective)
    participation = participation_of(uow, number, step, judge)
    participation.report(
        member=member, branch=branch.code, matter=v["matter"], step=step, judge=judge
    )
    return number


def dues_touch(v: dict[str, Any]) -> tuple[UUID, ...]:
    number = v["member"]
    branch = (ids.branch_id(v["branch"]),) if v.get("branch") else ()
    return (ids.member_id(number), ids.dues_id(number), ids.participation_id(number), *branch)


def participation_touch(v: dict[str, Any]) -> tuple[UUID, ...]:
    number = v["member"]
    return (ids.member_id(number), ids.participation_id(number), ids.branch_id(v["branch"]))


TAKING_PART_BRANCH = Field("branch", "Code of the branch where the member takes part", kind="code")

SPECS: tuple[CommandSpec, ...] = (
    CommandSpec(
        name="member.income",
        help="Declare the income a member's dues (党费) are reckoned on from the date: a "
        "taxable monthly wage, a pension, a farmer's, or a student's, unemployed person's or "
        "minimum-living allowance.",
        fields=(
            MEMBER,
            Field(
                "kind",
                "Kind of income: salaried, retired, farmer or student (also unemployed and "
                "minimum-living allowance)",
                kind="choice",
                choices=tuple(k.value for k in IncomeKind),
            ),
            Field(
                "monthly",
                "Taxable monthly wage or pension in yuan (salaried and retired only)",
                kind="money",
                required=False,
            ),
        ),
        example="branchbook member income --member F1 --kind salaried --monthly "
        "6000 --date 2024-01-01",
        after=("member enrol or member approve",),
        decided_by="the member declares it; the branch reckons the dues on it",
        handler=declare_income,
        touches=dues_touch,
    ),
    CommandSpec(
        name="member.pay-dues",
        help="Record dues (党费) paid for one month or a span of months, to the relation "
        "branch or to a branch where the member takes part as a mobile member.",
        fields=(
            MEMBER,
            Field("amount", "Amount paid in yuan (e.g. 15.00)", kind="money"),
            Field("months", "Months covered: YYYY-MM or YYYY-MM:YYYY-MM", kind="months"),
            Field(
                "branch",
                "Code of the collecting branch (default: the relation branch)",
                kind="code",
                required=False,
            ),
        ),
        example="branchbook member pay-dues --member F1 --amount 30 --months "
        "2024-01:2024-03 --date 2024-03-05",
        after=("member enrol or member approve",),
        decided_by="the member pays; the branch that collects records it",
        handler=pay_dues,
        touches=dues_touch,
    ),
    CommandSpec(
        name="member.participate",
        help="A member starts taking part in a branch other than their relation branch: with "
        "a mobile-member card (流动党员活动证), in a temporary branch, or allowed not to "
        "transfer. The relation branch does not change.",
        fields=(
            MEMBER,
            TAKING_PART_BRANCH,
            Field(
                "basis",
                "mobile (mobile-member card), temporary (temporary branch) or allowed "
                "(allowed not to transfer)",
                kind="choice",
                choices=tuple(b.value for b in Basis),
            ),
            Field(
                "fixed-place",
                "Away at a relatively fixed place (a transfer is due after the set months)",
                kind="flag",
                required=False,
                default=False,
            ),
        ),
        example="branchbook member participate --member F1 --branch B05 --basis "
        "temporary --date 2026-03-09",
        after=("branch found", "member enrol or member approve"),
        decided_by="the branch where the member takes part",
        handler=participate,
        touches=participation_touch,
    ),
    CommandSpec(
        name="member.participate-end",
        help="A member stops taking part in a branch other than their relation branch.",
        fields=(MEMBER, TAKING_PART_BRANCH),
        example="branchbook member participate-end --member F1 --branch B05 --date 2026-12-31",
        after=("member participate",),
        decided_by="the branch where the member took part",
        handler=end_participation,
        touches=participation_touch,
    ),
    CommandSpec(
        name="member.report-participation",
        help="The branch where a member takes part without the relation (a mobile-member or "
        "temporary branch) reports on their participation, such as the democratic evaluation, "
        "to the branch that holds their relation (通报组织关系所在党支部).",
        fields=(
            MEMBER,
            Field(
                "branch", "Code of the reporting branch, where the member took part", kind="code"
            ),
            Field("matter", "What is reported (e.g. 2024 民主评议: 合格)"),
        ),
        example="branchbook member report-participation --member F1 --branch B05 "
        "--matter 民主评议合格 --date 2026-10-30",
        after=("member participate",),
        decided_by="the branch where the member takes part",
        handler=report_participation,
        touches=participation_touch,
    ),
)
