"""Dues and participation recorded through the store: one command opens and fills a ledger."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from branchbook.domain import ids
from branchbook.domain.catalogue.mobility import DUES_RATES
from branchbook.domain.dues import Dues
from branchbook.domain.participation import Participation, Spell
from branchbook.workflows.recording.recorder import Item, Outcome, Recorder
from branchbook.workflows.steps.catalogue import COMMANDS
from branchbook.workflows.steps.dues import SPECS
from branchbook.workflows.store.app import BranchBook


def cmd(command: str, on: str, **values: Any) -> dict[str, Any]:
    return {"command": command, "date": on, **{k.replace("_", "-"): v for k, v in values.items()}}


def branch(code: str, kind: str) -> dict[str, Any]:
    return cmd(
        "branch.found", "2015-01-01", code=code, name=code, kind=kind, parent="TC01", full_members=3
    )


def pay(on: str, months: str, amount: str = "15", **extra: Any) -> dict[str, Any]:
    return cmd("member.pay-dues", on, member="F1", amount=amount, months=months, **extra)


def take_part(on: str, branch: str, basis: str, **extra: Any) -> dict[str, Any]:
    return cmd("member.participate", on, member="F1", branch=branch, basis=basis, **extra)


def income(kind: str, **extra: Any) -> dict[str, Any]:
    return cmd("member.income", "2024-01-01", member="F1", kind=kind, **extra)


SETTING = [
    cmd("org.add", "2015-01-01", code="TC01", name="党委", kind="committee",
        approves_admissions=True),
    branch("B01", "regular"),
    branch("B09", "regular"),
    branch("M01", "mobile-member"),
    branch("T01", "temporary"),
    cmd(
        "member.enrol", "2015-01-02", member="F1", name="党员1", birth="1970-01-01", branch="B01",
        status="full", admitted="2000-01-01", full_since="2001-01-01",
    ),
]  # fmt: skip


def record(recorder: Recorder, *lines: dict[str, Any]) -> list[Outcome]:
    return list(recorder.record_many(Item(n, line) for n, line in enumerate(lines, start=1)))


def stored_count(app: BranchBook) -> int:
    return len(app.recorder.select_notifications(start=None, limit=100_000))


def stored_ledger(app: BranchBook) -> Dues:
    found = app.find(ids.dues_id("F1"))
    assert isinstance(found, Dues)
    return found


@pytest.fixture
def book(recorder: Recorder, monkeypatch: pytest.MonkeyPatch) -> Recorder:
    """Branches B01, B09, a mobile-member branch M01 and a temporary branch T01; F1 in B01."""
    for spec in SPECS:
        monkeypatch.setitem(COMMANDS, spec.name, spec)
    outcomes = record(recorder, *SETTING)
    assert all(o.accepted for o in outcomes), [o for o in outcomes if not o.accepted]
    return recorder


def test_the_specs_name_their_commands() -> None:
    assert [s.name for s in SPECS] == [
        "member.income",
        "member.pay-dues",
        "member.participate",
        "member.participate-end",
        "member.report-participation",
    ]


def test_a_first_payment_opens_the_ledger_and_pays_the_relation_branch(
    book: Recorder, app: BranchBook
) -> None:
    (outcome,) = record(book, pay("2024-08-10", "2024-06:2024-08", amount="45"))
    assert outcome.accepted, outcome
    ledger = stored_ledger(app)
    kinds = [type(e).__name__ for e in app.events.get(ids.dues_id("F1"))]
    assert kinds == ["Opened", "Paid"]
    assert ledger.paid_months == {"2024-06", "2024-07", "2024-08"}
    (payment,) = ledger.payments
    assert (payment.on, payment.amount_fen, payment.branch) == (date(2024, 8, 10), 4500, "B01")


def test_a_refused_first_payment_leaves_no_ledger(book: Recorder, app: BranchBook) -> None:
    before = stored_count(app)
    (outcome,) = record(book, pay("2024-08-10", "2024-08", branch="B09"))
    assert (outcome.status, outcome.rule) == ("rejected", "dues.collecting_branch")
    assert app.find(ids.dues_id("F1")) is None
    assert stored_count(app) == before


def test_a_back_payment_warning_is_kept_with_the_stored_payment(
    book: Recorder, app: BranchBook
) -> None:
    (outcome,) = record(book, pay("2024-08-10", "2024-01:2024-07", amount="105"))
    assert [w.rule for w in outcome.warnings] == ["dues.backpay"]
    paid: Any = list(app.events.get(ids.dues_id("F1")))[-1]
    assert isinstance(paid, Dues.Paid)
    assert [w.rule for w in paid.step.warnings] == ["dues.backpay"]


def test_a_mobile_member_pays_where_they_take_part_until_they_stop(
    book: Recorder, app: BranchBook
) -> None:
    outcomes = record(
        book,
        take_part("2024-01-15", "M01", "mobile", fixed_place=True),
        pay("2024-02-05", "2024-02", branch="M01"),
        cmd("member.participate-end", "2024-03-01", member="F1", branch="M01"),
        pay("2024-03-05", "2024-03", branch="M01"),
    )
    assert [o.status for o in outcomes] == ["accepted", "accepted", "accepted", "rejected"]
    assert outcomes[3].rule == "dues.collecting_branch"
    participation = app.find(ids.participation_id("F1"))
    assert isinstance(participation, Participation)
    spell = Spell("M01", "mobile", date(2024, 1, 15), True, date(2024, 3, 1))
    assert participation.spells == [spell]
    assert stored_ledger(app).payments[0].branch == "M01"


def test_a_temporary_branch_takes_part_but_does_not_collect(book: Recorder) -> None:
    outcomes = record(
        book,
        take_part("2024-01-15", "T01", "temporary"),
        pay("2024-02-05", "2024-02", branch="T01"),
    )
    assert outcomes[0].accepted, outcomes[0]
    assert (outcomes[1].status, outcomes[1].rule) == (
        "rejected",
        "temporary_branch.forbidden_actions",
    )


def test_ending_a_participation_never_begun_writes_nothing(book: Recorder, app: BranchBook) -> None:
    line = cmd("member.participate-end", "2024-03-01", member="F1", branch="M01")
    (outcome,) = record(book, line)
    assert (outcome.status, outcome.rule) == ("rejected", "record.participation_branch")
    assert app.find(ids.participation_id("F1")) is None


def test_an_income_is_declared_and_gives_the_expected_dues(book: Recorder, app: BranchBook) -> None:
    (outcome,) = record(book, income("salaried", monthly="4000.00"))
    assert outcome.accepted, outcome
    assert stored_ledger(app).ledger.expected_on(DUES_RATES, date(2024, 6, 1)) == (4000, 4000)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (income("farmer", monthly="800"), "takes no"),
        (income("retired"), "needs 'monthly'"),
        (pay("2024-01-01", "2024-01", amount="0"), "more than 0"),
        (pay("2024-03-01", "2024-03:2024-01"), "YYYY-MM"),
    ],
)
def test_bad_input_is_refused_before_anything_is_written(
    book: Recorder, app: BranchBook, line: dict[str, Any], message: str
) -> None:
    before = stored_count(app)
    (outcome,) = record(book, line)
    assert outcome.status == "invalid"
    assert message in (outcome.message or "")
    assert stored_count(app) == before


def test_a_member_not_in_the_record_is_not_found(book: Recorder) -> None:
    line = cmd("member.pay-dues", "2024-01-10", member="X9", amount="1", months="2024-01")
    (outcome,) = record(book, line)
    assert outcome.status == "not-found"
