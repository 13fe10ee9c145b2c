"""Dues: who pays, to which branch, for which months, and what the record shows unpaid."""

from __future__ import annotations

from datetime import date

import pytest
from pipeline_support import (
    BUILTIN,
    FOUNDED,
    PARENT,
    Book,
    admitted,
    amended,
    applicant,
    book,
    probationary,
    rejected,
    step,
    warned,
)

from branchbook.domain.branch import Branch, BranchKind
from branchbook.domain.catalogue.mobility import DUES_RATES
from branchbook.domain.dues import Dues, IncomeKind, dues_findings, expected_monthly
from branchbook.domain.member import Member
from branchbook.domain.participation import Basis, Participation
from branchbook.domain.rules import Judge

PAID_ON = date(2024, 8, 10)


def found(code: str, kind: BranchKind) -> Branch:
    return Branch.found(
        code=code,
        name=f"Branch {code}",
        kind=kind,
        parent=PARENT,
        step=step(FOUNDED),
        judge=Judge(BUILTIN),
    )


def ledger(number: str = "F1") -> Dues:
    return Dues.open(number=number, step=step(date(2015, 1, 2)), judge=Judge(BUILTIN))


def pay(
    dues: Dues,
    member: Member,
    branch: Branch,
    months: str,
    *,
    on: date = PAID_ON,
    participation: Participation | None = None,
    amount: int = 1500,
) -> None:
    first, _, last = months.partition(":")
    dues.pay(
        member=member,
        branch=branch,
        participation=participation,
        amount_fen=amount,
        first=first,
        last=last or first,
        step=step(on),
        judge=Judge(BUILTIN),
    )


def taking_part(b: Book, branch: Branch, basis: Basis) -> Participation:
    p = Participation.open(number="F1", step=step(date(2024, 1, 1)), judge=b.judge())
    p.start(
        member=b["F1"],
        branch=branch,
        basis=basis,
        fixed_place=False,
        step=step(date(2024, 1, 1)),
        judge=b.judge(),
    )
    return p


# Who pays ------------------------------------------------------------------------------------


def test_a_full_member_pays_their_relation_branch_for_a_span_of_months() -> None:
    b, dues = book(3), ledger()
    pay(dues, b["F1"], b.branch, "2024-06:2024-08", amount=4500)
    assert dues.paid_months == {"2024-06", "2024-07", "2024-08"}
    (payment,) = dues.payments
    assert (payment.on, payment.amount_fen, payment.branch) == (PAID_ON, 4500, "B01")
    assert warned(dues) == []


def test_a_member_admitted_by_the_assembly_pays_from_the_month_of_admission() -> None:
    b = book(9)
    person = admitted(b, "C1")
    dues = ledger("C1")
    err = rejected(
        "record.dues_months",
        lambda: pay(dues, person, b.branch, "2017-03:2017-04", on=date(2017, 5, 1)),
        dues,
    )
    assert "admitted in 2017-04" in err.reason
    pay(dues, person, b.branch, "2017-04", on=date(2017, 5, 1))
    assert dues.ledger.first_paid == "2017-04"


def test_a_probationary_member_pays() -> None:
    b = book(9)
    person = probationary(b, "C1")
    dues = ledger("C1")
    pay(dues, person, b.branch, "2017-06", on=date(2017, 6, 15))
    assert dues.paid_months == {"2017-06"}


def test_an_applicant_pays_no_dues() -> None:
    b = book(3)
    person = applicant(b, "C1")
    dues = ledger("C1")
    err = rejected("record.transition", lambda: pay(dues, person, b.branch, "2016-01"), dues)
    assert "applicant" in err.reason


def test_a_member_whose_membership_is_suspended_pays_no_dues() -> None:
    b, dues = book(3), ledger()
    b["F1"].suspend_membership(
        reason="emigration",
        since=date(2023, 1, 1),
        branch=b.branch,
        step=step(date(2023, 6, 1)),
        judge=b.judge(),
    )
    rejected("record.transition", lambda: pay(dues, b["F1"], b.branch, "2024-07"), dues)


def test_a_month_is_paid_once() -> None:
    b, dues = book(3), ledger()
    pay(dues, b["F1"], b.branch, "2024-05:2024-06")
    err = rejected(
        "record.dues_months", lambda: pay(dues, b["F1"], b.branch, "2024-06:2024-07"), dues
    )
    assert err.facts["already"] == ["2024-06"]
    pay(dues, b["F1"], b.branch, "2024-07")
    assert dues.ledger.paid_up_to() == "2024-07"


# To which branch -----------------------------------------------------------------------------


def test_a_mobile_member_may_pay_where_they_take_part() -> None:
    b, dues, mobile = book(3), ledger(), found("M01", BranchKind.MOBILE)
    p = taking_part(b, mobile, Basis.MOBILE)
    pay(dues, b["F1"], mobile, "2024-07", participation=p)
    assert dues.payments[0].branch == "M01"


def test_a_mobile_member_no_longer_taking_part_pays_at_home_again() -> None:
    b, dues, mobile = book(3), ledger(), found("M01", BranchKind.MOBILE)
    p = taking_part(b, mobile, Basis.MOBILE)
    p.end(branch="M01", step=step(date(2024, 7, 1)), judge=b.judge())
    rejected(
        "dues.collecting_branch",
        lambda: pay(dues, b["F1"], mobile, "2024-07", participation=p),
        dues,
    )


def test_a_branch_unrelated_to_the_member_does_not_collect() -> None:
    b, dues, stranger = book(3), ledger(), found("B09", BranchKind.REGULAR)
    err = rejected("dues.collecting_branch", lambda: pay(dues, b["F1"], stranger, "2024-07"), dues)
    assert "B09 is neither F1's relation branch B01" in err.reason


def test_one_allowed_not_to_transfer_still_pays_the_relation_branch() -> None:
    b, dues, other = book(3), ledger(), found("B02", BranchKind.REGULAR)
    p = taking_part(b, other, Basis.ALLOWED)
    rejected(
        "dues.collecting_branch",
        lambda: pay(dues, b["F1"], other, "2024-07", participation=p),
        dues,
    )


def test_a_temporary_branch_does_not_collect_dues() -> None:
    b, dues, temporary = book(3), ledger(), found("T01", BranchKind.TEMPORARY)
    p = taking_part(b, temporary, Basis.TEMPORARY)
    err = rejected(
        "temporary_branch.forbidden_actions",
        lambda: pay(dues, b["F1"], temporary, "2024-07", participation=p),
        dues,
    )
    assert "collect dues" in err.reason


def test_a_branch_not_yet_founded_does_not_collect() -> None:
    b, dues = book(3), ledger()
    rejected(
        "record.branch_founded",
        lambda: pay(dues, b["F1"], b.branch, "2014-12", on=date(2014, 12, 1)),
        dues,
    )


# Back-payment --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "warns"),
    [("2024-02", False), ("2024-01", True)],
    ids=["6 months back", "7 months back"],
)
def test_a_back_payment_of_more_than_six_months_is_warned(first: str, warns: bool) -> None:
    b, dues = book(3), ledger()
    pay(dues, b["F1"], b.branch, f"{first}:2024-08")
    assert warned(dues) == (["dues.backpay"] if warns else [])
    assert dues.paid_months >= {first, "2024-08"}


# What the ledger shows -----------------------------------------------------------------------


def test_paid_up_to_stops_at_the_first_gap() -> None:
    b, dues = book(3), ledger()
    assert dues.ledger.paid_up_to() is None
    assert dues.ledger.first_paid is None
    pay(dues, b["F1"], b.branch, "2024-05")
    pay(dues, b["F1"], b.branch, "2024-01:2024-03")
    assert dues.ledger.first_paid == "2024-01"
    assert dues.ledger.paid_up_to() == "2024-03"
    pay(dues, b["F1"], b.branch, "2024-04")
    assert dues.ledger.paid_up_to() == "2024-05"


def test_a_member_with_no_payment_in_the_record_has_no_unpaid_run() -> None:
    assert ledger().ledger.unpaid_run(date(2030, 1, 1)) == 0


@pytest.mark.parametrize(
    ("on", "run"),
    [
        (date(2024, 2, 20), 0),  # the month before is before the first paid month
        (date(2024, 4, 1), 0),  # March is paid
        (date(2024, 5, 31), 1),  # April unpaid
        (date(2024, 6, 1), 0),  # May is paid: the April gap is behind the run
        (date(2024, 8, 1), 2),  # June and July unpaid
    ],
)
def test_the_unpaid_run_counts_back_from_the_month_before(on: date, run: int) -> None:
    b, dues = book(3), ledger()
    pay(dues, b["F1"], b.branch, "2024-02:2024-03")
    pay(dues, b["F1"], b.branch, "2024-05")
    assert dues.ledger.unpaid_run(on) == run


# Rates ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "monthly_fen", "expected"),
    [
        ("salaried", 300000, (1500, 1500)),  # 3000 yuan at 0.5%
        ("salaried", 300001, (3000, 3000)),  # 3000.01 at 1%
        ("salaried", 500000, (5000, 5000)),  # 5000 at 1%
        ("salaried", 500001, (7500, 7500)),  # 5000.01 at 1.5%
        ("salaried", 1000000, (15000, 15000)),  # 10000 at 1.5%
        ("salaried", 1000001, (20000, 20000)),  # 10000.01 at 2%
        ("retired", 500000, (2500, 2500)),
        ("retired", 600000, (6000, 6000)),
        ("farmer", None, (20, 100)),
        ("student", None, (20, 20)),
    ],
)
def test_expected_monthly_dues_follow_the_rate_table(
    kind: str, monthly_fen: int | None, expected: tuple[int, int]
) -> None:
    assert expected_monthly(DUES_RATES, kind, monthly_fen) == expected


def test_the_income_in_force_gives_the_expected_dues() -> None:
    dues = ledger()
    table = BUILTIN["dues.rates"].params["table"]
    assert isinstance(table, dict)
    assert dues.ledger.expected_on(table, date(2024, 1, 1)) is None
    j = Judge(BUILTIN)
    dues.declare_income(
        kind=IncomeKind.SALARIED, monthly_fen=400000, step=step(date(2020, 1, 1)), judge=j
    )
    dues.declare_income(
        kind=IncomeKind.RETIRED, monthly_fen=400000, step=step(date(2024, 3, 1)), judge=j
    )
    assert dues.ledger.expected_on(table, date(2024, 2, 29)) == (4000, 4000)
    assert dues.ledger.expected_on(table, date(2024, 3, 1)) == (2000, 2000)


def test_a_farmers_income_is_declared_without_an_amount() -> None:
    with pytest.raises(ValueError, match="without a monthly amount"):
        ledger().declare_income(
            kind=IncomeKind.FARMER, monthly_fen=100000, step=step(PAID_ON), judge=Judge(BUILTIN)
        )


# Findings ------------------------------------------------------------------------------------


def paid_to_january() -> Dues:
    b, dues = book(3), ledger()
    pay(dues, b["F1"], b.branch, "2024-01", on=date(2024, 1, 10))
    return dues


def test_a_ledger_paid_to_the_month_before_has_no_findings() -> None:
    assert dues_findings(paid_to_january().ledger, date(2024, 2, 29), BUILTIN) == []


def test_one_unpaid_month_breaks_the_payment_period() -> None:
    (finding,) = dues_findings(paid_to_january().ledger, date(2024, 3, 1), BUILTIN)
    assert finding.rule == "dues.payment_period"
    assert "1 month from 2024-02" in finding.reason


@pytest.mark.parametrize(
    ("on", "lapsed"),
    [(date(2024, 7, 31), False), (date(2024, 8, 1), True)],
    ids=["5 months unpaid", "6 months unpaid"],
)
def test_six_consecutive_unpaid_months_count_as_self_withdrawal(on: date, lapsed: bool) -> None:
    found = [f.rule for f in dues_findings(paid_to_january().ledger, on, BUILTIN)]
    expected = ["dues.payment_period", "lapse.self_withdrawal"]
    assert found == (expected if lapsed else expected[:1])


@pytest.mark.parametrize(
    ("on", "late"), [(date(2024, 4, 30), False), (date(2024, 5, 1), True)], ids=["2", "3"]
)
def test_a_quarterly_period_allows_two_unpaid_months(on: date, late: bool) -> None:
    quarterly = amended({"dues.payment_period": {"period": "quarterly"}})
    found = [f.rule for f in dues_findings(paid_to_january().ledger, on, quarterly)]
    assert found == (["dues.payment_period"] if late else [])
