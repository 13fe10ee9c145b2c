"""Disposal: rectification, urging and removal, and withdrawal.

B01 has nine full members and no committee, so the assembly takes the committee's decisions;
the primary committee PC approves and receives filings.
"""

from __future__ import annotations

from datetime import date

from branch_support import PRIMARY, branch_book, committee_of_five, officers
from disposal_support import (
    APPROVED,
    LATER,
    ON,
    approve,
    meeting_on,
    rectify,
    remove,
    urge,
    warn,
    withdraw,
)
from pipeline_support import rejected, step, warned

from branchbook.domain import casework
from branchbook.domain.discipline import RemovalBasis
from branchbook.domain.member import Status

# Rectification ---------------------------------------------------------------------------


def test_rectification_within_six_months_is_ordered_without_a_warning() -> None:
    b = branch_book(9)
    rectify(b, "F9", 6)
    order = b["F9"].rectification
    assert order is not None
    assert (order.months, order.deadline, order.filed_with) == (6, date(2016, 7, 11), "PC")
    assert warned(b["F9"]) == []


def test_rectification_of_seven_months_is_ordered_with_a_warning() -> None:
    b = branch_book(9)
    rectify(b, "F9", 7)
    assert b["F9"].rectification is not None
    assert warned(b["F9"]) == ["disposal.rectification_term_typical"]


def test_rectification_of_twelve_months_is_the_longest_and_thirteen_is_refused() -> None:
    b = branch_book(9)
    rectify(b, "F8", 12)
    assert b["F8"].rectification is not None
    err = rejected("disposal.rectification_term", lambda: rectify(b, "F9", 13), b["F9"])
    assert "13 months" in err.reason


def test_the_end_of_a_rectification_clears_the_order() -> None:
    b = branch_book(9)
    rectify(b, "F9", 6)
    b["F9"].end_rectification(outcome="corrected", step=step(LATER), judge=b.judge())
    assert b["F9"].rectification is None
    rejected(
        "record.transition",
        lambda: b["F9"].end_rectification(outcome="corrected", step=step(LATER), judge=b.judge()),
        b["F9"],
    )


def test_disposal_for_a_matter_already_sanctioned_is_refused() -> None:
    b = branch_book(9)
    warn(b, "F9", "m1")
    err = rejected(
        "disposal.no_double_jeopardy",
        lambda: rectify(b, "F9", 6, matter="m1", on=LATER),
        b["F9"],
    )
    assert "'m1'" in err.reason
    rectify(b, "F9", 6, matter="m2", on=LATER)
    assert b["F9"].rectification is not None


def test_urging_for_a_matter_already_sanctioned_is_refused() -> None:
    b = branch_book(9)
    warn(b, "F9", "m1")
    rejected("disposal.no_double_jeopardy", lambda: urge(b, "F9", on=LATER), b["F9"])


# Urging and removal ----------------------------------------------------------------------


def test_a_member_urged_who_does_not_withdraw_is_removed() -> None:
    b = branch_book(9)
    urge(b, "F9")
    approve(b, "F9", APPROVED)
    assert b["F9"].urged == APPROVED
    remove(b, "F9", RemovalBasis.REFUSED_URGING)
    approve(b, "F9", date(2016, 5, 2))
    member = b["F9"]
    assert (member.status, member.basis, member.ended_on) == (
        Status.REMOVED,
        "refused-urging",
        date(2016, 5, 2),
    )
    assert "F9" in b.branch.members_on(date(2016, 5, 1))
    assert "F9" not in b.branch.members_on(date(2016, 5, 2))


def test_removal_for_refusing_urging_without_urging_is_refused() -> None:
    b = branch_book(9)
    err = rejected(
        "record.transition", lambda: remove(b, "F9", RemovalBasis.REFUSED_URGING), b["F9"]
    )
    assert "not urged" in err.reason


def test_a_member_urged_twice_is_refused() -> None:
    b = branch_book(9)
    urge(b, "F9")
    approve(b, "F9", APPROVED)
    rejected("record.transition", lambda: urge(b, "F9", on=LATER), b["F9"])


# Withdrawal ------------------------------------------------------------------------------


def test_an_announced_withdrawal_removes_the_member_at_once() -> None:
    b = branch_book(9)
    withdraw(b, "F9", ON)
    member = b["F9"]
    assert (member.status, member.basis, member.ended_on) == (Status.REMOVED, "withdrawal", ON)
    assert member.pending is None
    assert "F9" not in b.branch.members_on(ON)


def test_a_withdrawal_after_urging_is_an_urged_withdrawal() -> None:
    b = branch_book(9)
    urge(b, "F9")
    approve(b, "F9", APPROVED)
    withdraw(b, "F9", LATER)
    assert (b["F9"].status, b["F9"].basis) == (Status.REMOVED, "urged-withdrawal")


def test_a_withdrawal_dated_before_a_later_change_of_the_leadership_changes_nothing() -> None:
    b = committee_of_five()
    officers(b, on=LATER)
    meeting = meeting_on(b, ON)
    rejected(
        "record.step_order",
        lambda: casework.withdraw(
            b["F1"],
            meeting=meeting,
            branch=b.branch,
            filed_with=PRIMARY,
            step=step(ON),
            judge=b.judge(),
        ),
        b["F1"],
        b.branch,
        meeting,
    )
