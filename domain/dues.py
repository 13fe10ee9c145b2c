"""The Dues aggregate: a member's declared income and the months their dues cover.

A member pays to their relation branch or, as a mobile member, to the branch where they take
part; a temporary branch does not collect. The ledger says which months are paid, the
run of unpaid months an auditor looks at, and what the rate table expects each month.
"""

from __future__ import annotations

from bisect import insort
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum
from typing import Any
from uuid import UUID

from attrs import frozen
from eventsourcing.domain import Aggregate, event

from branchbook.domain import ids
from branchbook.domain.branch import Branch
from branchbook.domain.decisions import COLLECT_DUES, forbid_in_temporary
from branchbook.domain.member import Member
from branchbook.domain.months import month_of, months_between, next_month, prev_month, span
from branchbook.domain.participation import TAKING_PART, Participation, check_on_roll
from branchbook.domain.rules import Judge, RulebookVersion, RuleWarning
from branchbook.domain.step import Step

FINDING_RULES = ("dues.payment_period", "lapse.self_withdrawal")


class IncomeKind(Enum):
    """What a member's dues are reckoned on (DF 2008)."""

    SALARIED = "salaried"  # taxable monthly wage
    RETIRED = "retired"  # monthly pension
    FARMER = "farmer"
    STUDENT = "student"  # students, the unemployed, those on minimum-living allowance

    @property
    def has_amount(self) -> bool:
        return self in (IncomeKind.SALARIED, IncomeKind.RETIRED)


@frozen
class Income:
    """An income basis declared from a date on."""

    since: date
    kind: str
    monthly_fen: int | None


@frozen
class Payment:
    """One payment: when, how much, the months it covers and the branch that collected it."""

    on: date
    amount_fen: int
    first: str
    last: str
    branch: str


def _since(income: Income) -> date:
    return income.since


def _fen(yuan: Any) -> Decimal:
    return Decimal(str(yuan)) * 100


def _banded(bands: list[dict[str, Any]], monthly_fen: int) -> int:
    for band in bands:
        ceiling = band["max_monthly_income"]
        if ceiling is None or monthly_fen <= _fen(ceiling):
            owed = Decimal(str(band["rate"])) * monthly_fen
            return int(owed.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    raise ValueError("the rate table has no band for this income")


def expected_monthly(
    table: Mapping[str, Any], kind: str, monthly_fen: int | None
) -> tuple[int, int]:
    """The monthly dues, in fen, from least to most, that the rate table asks on an income."""
    if kind in (IncomeKind.SALARIED.value, IncomeKind.RETIRED.value):
        if monthly_fen is None:
            raise ValueError(f"a {kind} income needs its monthly amount")
        owed = _banded(table[kind], monthly_fen)
        return owed, owed
    if kind == IncomeKind.FARMER.value:
        bounds = table["farmer_yuan_per_month"]
        return int(_fen(bounds["min"])), int(_fen(bounds["max"]))
    if kind == IncomeKind.STUDENT.value:
        flat = int(_fen(table["student_unemployed_or_allowance_yuan_per_month"]))
        return flat, flat
    raise ValueError(f"unknown kind of income {kind!r}")


class Dues(Aggregate):
    """The dues ledger of one member."""

    TOPIC = "branchbook:Dues"

    class Event(Aggregate.Event):
        TOPIC = "branchbook:Dues.Event"
        step: Step

    class Opened(Aggregate.Created):
        TOPIC = "branchbook:Dues.Opened"
        number: str
        step: Step

    class IncomeDeclared(Event):
        TOPIC = "branchbook:Dues.IncomeDeclared"
        kind: str
        monthly_fen: int | None

    class Paid(Event):
        TOPIC = "branchbook:Dues.Paid"
        amount_fen: int
        first: str
        last: str
        branch: str

    @staticmethod
    def create_id(number: str) -> UUID:
        return ids.dues_id(number)

    @classmethod
    def open(cls, *, number: str, step: Step, judge: Judge) -> Dues:
        """Begin a member's dues ledger."""
        return cls(number=number, step=step.judged(judge))

    @event(Opened)
    def __init__(self, *, number: str, step: Step) -> None:
        self.number = number
        self.incomes: list[Income] = []
        self.payments: list[Payment] = []
        self.paid_months: set[str] = set()

    def declare_income(
        self, *, kind: IncomeKind, monthly_fen: int | None, step: Step, judge: Judge
    ) -> None:
        """Declare the income the member's dues are reckoned on from the step's date."""
        if kind.has_amount != (monthly_fen is not None):
            needs = "with" if kind.has_amount else "without"
            raise ValueError(f"a {kind.value} income is declared {needs} a monthly amount")
        self._income_declared(kind=kind.value, monthly_fen=monthly_fen, step=step.judged(judge))

    @event(IncomeDeclared)
    def _income_declared(self, *, kind: str, monthly_fen: int | None, step: Step) -> None:
        insort(self.incomes, Income(step.effective, kind, monthly_fen), key=_since)

    def pay(
        self,
        *,
        member: Member,
        branch: Branch,
        participation: Participation | None,
        amount_fen: int,
        first: str,
        last: str,
        step: Step,
        judge: Judge,
    ) -> None:
        """Record dues paid for the months `first` to `last` to a collecting branch."""
        if amount_fen <= 0 or last < first:
            raise ValueError("a payment is of a positive amount for at least one month")
        on = step.effective
        check_on_roll(member, judge, "payment of dues")
        branch.check_exists_on(judge, on)
        forbid_in_temporary(judge, branch, COLLECT_DUES)
        mobile = participation.mobile_on(on) if participation is not None else []
        judge.check(
            "dues.collecting_branch",
            member=self.number,
            branch=branch.code,
            relation=member.branch,
            mobile=mobile,
            on=on,
        )
        self._check_months(judge, member, first, last, on)
        self._paid(
            amount_fen=amount_fen,
            first=first,
            last=last,
            branch=branch.code,
            step=step.judged(judge),
        )

    def _check_months(self, judge: Judge, member: Member, first: str, last: str, on: date) -> None:
        admitted = month_of(member.admitted_on) if member.admitted_on else None
        judge.check(
            "record.dues_months",
            member=self.number,
            first=first,
            last=last,
            admitted=admitted,
            already=sorted(set(span(first, last)) & self.paid_months),
        )
        paid_in = month_of(on)
        judge.check(
            "dues.backpay",
            member=self.number,
            first=first,
            paid_in=paid_in,
            months_back=months_between(first, paid_in),
        )

    @event(Paid)
    def _paid(self, *, amount_fen: int, first: str, last: str, branch: str, step: Step) -> None:
        self.payments.append(Payment(step.effective, amount_fen, first, last, branch))
        self.paid_months.update(span(first, last))

    @property
    def ledger(self) -> Ledger:
        """What the record shows paid and declared, for the queries and findings."""
        return Ledger(self.number, frozenset(self.paid_months), tuple(self.incomes))


@frozen
class Ledger:
    """A member's dues as recorded: the months paid and the incomes declared, by date.

    Built from the aggregate, or by a read model from its rows, so both answer alike.
    """

    number: str
    paid_months: frozenset[str]
    incomes: tuple[Income, ...]
    # The months not owed (months_suspended): neither counted unpaid nor ending a run.
    excused: frozenset[str] = frozenset()

    @property
    def first_paid(self) -> str | None:
        """The earliest month the record shows paid."""
        return min(self.paid_months, default=None)

    def paid_up_to(self) -> str | None:
        """The last month of the unbroken run of paid months from the earliest paid month."""
        month = self.first_paid
        if month is None:
            return None
        while next_month(month) in self.paid_months:
            month = next_month(month)
        return month

    def unpaid_run(self, on: date) -> int:
        """Consecutive unpaid months owed ending with the month before `on`'s month, counted
        after the first paid month; a member with no payment in the record has no run. A
        month not owed (`excused`) is passed over: it neither counts nor ends the run."""
        return len(self.unpaid_months(on))

    def unpaid_months(self, on: date) -> list[str]:
        """The months of the unpaid run, latest first."""
        first = self.first_paid
        if first is None:
            return []
        month, run = prev_month(month_of(on)), []
        while month > first and month not in self.paid_months:
            if month not in self.excused:
                run.append(month)
            month = prev_month(month)
        return run

    def income_on(self, on: date) -> Income | None:
        """The income declared in force on a date."""
        declared = [i for i in self.incomes if i.since <= on]
        return declared[-1] if declared else None

    def expected_on(self, table: Mapping[str, Any], on: date) -> tuple[int, int] | None:
        """The monthly dues in fen the rate table asks on a date; None with no income declared."""
        income = self.income_on(on)
        if income is None:
            return None
        return expected_monthly(table, income.kind, income.monthly_fen)


def owes_dues(status: str) -> bool:
    """Whether a member of this standing owes dues: one on a branch's roll does; one whose
    membership is suspended (stopped with contact, Regulations on the Education and
    Management of Party Members art. 24), or ended, or not yet admitted does not."""
    return status in _OWING


_OWING = frozenset(s.value for s in TAKING_PART)


def months_suspended(spells: Iterable[tuple[date, date | None]], on: date) -> frozenset[str]:
    """The months up to `on`'s that are not owed because the membership stood suspended on
    some day of them: each spell from the day it was suspended to the day it was restored
    (None: not restored by `on`), both months counted whole."""
    months: set[str] = set()
    for start, end in spells:
        if start > on:
            continue
        last = month_of(on if end is None or end > on else end)
        month = month_of(start)
        while month <= last:
            months.add(month)
            month = next_month(month)
    return frozenset(months)


def dues_findings(ledger: Ledger, on: date, version: RulebookVersion) -> list[RuleWarning]:
    """The dues rules the ledger breaks on a date, judged by the rules' own tests."""
    run = ledger.unpaid_months(on)
    unpaid, since = len(run), (run[-1] if run else None)
    facts = {"member": ledger.number, "unpaid_months": unpaid, "since": since, "on": on}
    judge = Judge(version)
    for rule_id in FINDING_RULES:
        judge.find(rule_id, **facts)
    return judge.warnings
