"""The months owed: none while the membership stood suspended, on any day of the month."""

from __future__ import annotations

from datetime import date

import pytest
from pipeline_support import BUILTIN

from branchbook.domain.dues import Ledger, dues_findings, months_suspended, owes_dues
from branchbook.domain.member import Status

SUSPENDED = (date(2024, 5, 10), date(2024, 9, 15))


@pytest.mark.parametrize(
    ("on", "months"),
    [
        (date(2024, 5, 9), set()),  # the day before the suspension
        (date(2024, 5, 10), {"2024-05"}),  # its day: the month is not owed
        (date(2024, 7, 1), {"2024-05", "2024-06", "2024-07"}),  # still suspended
        (date(2024, 9, 15), {"2024-05", "2024-06", "2024-07", "2024-08", "2024-09"}),
        (date(2025, 1, 1), {"2024-05", "2024-06", "2024-07", "2024-08", "2024-09"}),
    ],
)
def test_the_months_of_a_suspension_are_those_it_touched_by_the_date(
    on: date, months: set[str]
) -> None:
    assert months_suspended([SUSPENDED], on) == months


def test_a_suspension_not_yet_ended_runs_to_the_month_of_the_date() -> None:
    assert months_suspended([(SUSPENDED[0], None)], date(2024, 6, 30)) == {"2024-05", "2024-06"}
    assert months_suspended([(SUSPENDED[0], None)], date(2024, 5, 9)) == set()


def test_months_not_owed_neither_count_nor_end_the_unpaid_run() -> None:
    excused = months_suspended([SUSPENDED], date(2024, 12, 1))
    paid = frozenset({"2024-01", "2024-02", "2024-03"})
    ledger = Ledger("F1", paid, (), excused)
    assert ledger.unpaid_months(date(2024, 12, 1)) == ["2024-11", "2024-10", "2024-04"]
    assert ledger.unpaid_run(date(2024, 12, 1)) == 3
    assert Ledger("F1", paid, ()).unpaid_run(date(2024, 12, 1)) == 8
    # Eight months would be a lapse (lapse.self_withdrawal); three owed are not.
    assert "lapse.self_withdrawal" in [
        w.rule for w in dues_findings(Ledger("F1", paid, ()), date(2024, 12, 1), BUILTIN)
    ]
    found = dues_findings(ledger, date(2024, 12, 1), BUILTIN)
    assert [w.rule for w in found] == ["dues.payment_period"]
    assert "2024-04" in found[0].reason


@pytest.mark.parametrize("status", list(Status))
def test_only_a_member_on_the_roll_owes_dues(status: Status) -> None:
    on_roll = {Status.ADMITTED, Status.PROBATIONARY, Status.FULL}
    assert owes_dues(status.value) is (status in on_roll)
