"""A member who disappears after a violation short of expulsion is removed once missing more
than 6 months (DC art. 35 of the 2018 text; PC art. 9).

B01 has nine full members and no committee; F9 went missing on MISSING after the violation
"m1", so the removal falls due after 2016-07-15.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from branch_support import branch_book
from disposal_support import approve, meeting_on
from pipeline_support import Book, rejected, step, warned

from branchbook.domain import casework
from branchbook.domain.decisions import Votes
from branchbook.domain.discipline import BARRED, RemovalBasis
from branchbook.domain.member import Status

MISSING = date(2016, 1, 15)
SIX_MONTHS_ON = date(2016, 7, 15)


def remove(b: Book, on: date, missing_since: date | None = MISSING) -> None:
    meeting = meeting_on(b, on)
    casework.remove(
        b["F9"],
        basis=RemovalBasis.DISAPPEARED,
        matter="m1",
        unpaid_months=None,
        meeting=meeting,
        branch=b.branch,
        votes=Votes(yes=len(meeting.present)),
        step=step(on),
        judge=b.judge(),
        missing_since=missing_since,
    )


@pytest.mark.parametrize(
    ("on", "warnings"),
    [
        (SIX_MONTHS_ON, ["disappeared_after_violation.removal"]),
        (SIX_MONTHS_ON + timedelta(days=1), []),
    ],
)
def test_removal_falls_due_only_after_more_than_six_months_missing(
    on: date, warnings: list[str]
) -> None:
    b = branch_book(9)
    remove(b, on)
    assert warned(b["F9"]) == warnings
    pending = b["F9"].pending
    assert pending is not None
    assert pending.detail is not None
    assert pending.detail["missing_since"] == "2016-01-15"
    approve(b, "F9", on + timedelta(days=20))
    assert (b["F9"].status, b["F9"].basis) == (Status.REMOVED, "disappeared")
    assert "disappeared" in BARRED  # no readmission for the disposal bar period


def test_the_warning_names_the_violation_and_the_day_removal_falls_due() -> None:
    b = branch_book(9)
    remove(b, SIX_MONTHS_ON)
    event = b["F9"].pending_events[-1]
    (warning,) = vars(event)["step"].warnings
    assert "'m1'" in warning.reason
    assert "after 2016-07-15" in warning.reason


def test_removal_as_disappeared_needs_the_date_the_member_went_missing() -> None:
    b = branch_book(9)
    err = rejected("record.transition", lambda: remove(b, SIX_MONTHS_ON, None), b["F9"])
    assert "--missing-since" in err.reason


def test_removal_dated_before_the_disappearance_is_refused() -> None:
    b = branch_book(9)
    on = MISSING - timedelta(days=1)
    rejected("record.step_order", lambda: remove(b, on), b["F9"])
