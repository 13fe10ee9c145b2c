"""The end of probation: conversion, extension and revocation (T13–T16)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from pipeline_support import (
    APPROVED,
    DAY,
    PROBATION_END,
    Book,
    amended,
    approve,
    book,
    full,
    names,
    probationary,
    rejected,
    resolve,
    standing,
    warned,
)

from branchbook.domain.decisions import Decision
from branchbook.domain.member import Member, Status
from branchbook.domain.wording import counted

# --- conversion (T13) --------------------------------------------------------------------


def test_a_conversion_resolved_a_day_before_probation_ends_is_rejected() -> None:
    b = book(9)
    member = probationary(b)
    meeting = b.hold(PROBATION_END - DAY, b.branch.voters_on(PROBATION_END))

    err = rejected(
        "probation.early_conversion",
        lambda: resolve(b, member, Decision.CONVERT, on=PROBATION_END - DAY, meeting=meeting),
        member,
        meeting,
        b.branch,
    )
    names(err, PROBATION_END, PROBATION_END - DAY, "C1")


def test_a_conversion_resolved_on_the_day_probation_ends_is_accepted() -> None:
    b = book(9)
    member = probationary(b)

    resolve(b, member, Decision.CONVERT)

    assert member.pending is not None
    assert (member.pending.decision, member.pending.on) == (Decision.CONVERT, PROBATION_END)
    assert member.status is Status.PROBATIONARY


def test_early_conversion_allowed_by_a_local_version_is_accepted() -> None:
    b = book(9, version=amended({"probation.early_conversion": {"allowed": True}}))
    member = probationary(b)

    resolve(b, member, Decision.CONVERT, on=date(2018, 1, 5))

    assert member.pending is not None


def test_party_age_starts_at_the_end_of_probation_even_when_approval_comes_later() -> None:
    b = book(9)
    approved_on = date(2018, 7, 1)

    member = full(b, approved_on=approved_on)

    assert member.status is Status.FULL
    assert member.full_since == PROBATION_END
    assert member.party_age_on(PROBATION_END - DAY) is None
    assert member.party_age_on(date(2019, 4, 19)) == 0
    assert member.party_age_on(date(2019, 4, 20)) == 1
    # Voting rights start with the approval, not retroactively.
    assert "C1" not in b.branch.voters_on(approved_on - DAY)
    assert "C1" in b.branch.voters_on(approved_on)
    assert standing(b, "C1", approved_on) == ("full", True)


def test_a_conversion_approved_more_than_three_months_later_is_recorded_with_a_warning() -> None:
    b = book(9)

    member = full(b, approved_on=date(2018, 7, 21))

    assert warned(member) == ["conversion.approval_deadline"]
    assert member.status is Status.FULL
    clean = full(book(9), "C1", approved_on=date(2018, 7, 20))
    assert warned(clean) == []


def test_a_conversion_not_approved_leaves_a_probationary_member() -> None:
    b = book(9)
    member = probationary(b)
    resolve(b, member, Decision.CONVERT)

    approve(b, member, on=date(2018, 5, 1), approved=False)

    assert member.status is Status.PROBATIONARY
    assert member.pending is None
    assert member.full_since is None
    assert standing(b, "C1", date(2018, 5, 1)) == ("probationary", False)


def test_a_general_branch_does_not_approve_a_conversion_either() -> None:
    b = book(9)
    member = probationary(b)
    resolve(b, member, Decision.CONVERT)

    rejected(
        "approval.approver",
        lambda: approve(b, member, on=date(2018, 5, 1), body_type="general_branch"),
        member,
        b.branch,
    )


# --- extension (T14, T16) ---------------------------------------------------------------


def extend(b: Book, member: Member, months: int | None, on: date = PROBATION_END) -> None:
    resolve(b, member, Decision.EXTEND, on=on, months=months)


@pytest.mark.parametrize("months", [6, 12])
def test_an_extension_of_six_to_twelve_months_is_accepted(months: int) -> None:
    b = book(9)
    member = probationary(b)

    extend(b, member, months)
    approve(b, member, on=date(2018, 5, 1))

    assert member.extensions == [months]
    assert member.probation_end == date(2018 + (4 + months) // 12, (4 + months - 1) % 12 + 1, 20)
    assert member.status is Status.PROBATIONARY


@pytest.mark.parametrize("months", [5, 13, None, 0])
def test_an_extension_outside_six_to_twelve_months_is_rejected(months: int | None) -> None:
    b = book(9)
    member = probationary(b)
    meeting = b.hold(PROBATION_END, b.branch.voters_on(PROBATION_END))

    err = rejected(
        "probation.extension",
        lambda: resolve(b, member, Decision.EXTEND, meeting=meeting, months=months),
        member,
        meeting,
        b.branch,
    )
    asked = "no length" if months is None else counted(months, "month")
    names(err, f"asked: {asked} on", "6 to 12 months")


def test_an_extension_resolved_before_probation_ends_is_rejected() -> None:
    b = book(9)
    member = probationary(b)
    meeting = b.hold(PROBATION_END - DAY, b.branch.voters_on(PROBATION_END))

    rejected(
        "probation.extension",
        lambda: resolve(
            b, member, Decision.EXTEND, on=PROBATION_END - DAY, meeting=meeting, months=6
        ),
        member,
        meeting,
    )


def test_a_second_extension_is_rejected() -> None:
    b = book(9)
    member = probationary(b)
    extend(b, member, 6)
    approve(b, member, on=date(2018, 5, 1))
    new_end = date(2018, 10, 20)
    meeting = b.hold(new_end, b.branch.voters_on(new_end))

    err = rejected(
        "probation.extension",
        lambda: resolve(b, member, Decision.EXTEND, on=new_end, meeting=meeting, months=6),
        member,
        meeting,
    )
    names(err, "after 1 earlier extension)")


def test_an_extension_that_was_not_approved_does_not_count() -> None:
    b = book(9)
    member = probationary(b)
    extend(b, member, 6)
    approve(b, member, on=date(2018, 5, 1), approved=False)

    assert member.extensions == []
    assert member.probation_end == PROBATION_END
    extend(b, member, 12, on=date(2018, 5, 2))
    assert member.pending is not None


def test_after_an_extension_conversion_waits_for_the_new_end() -> None:
    b = book(9)
    member = probationary(b)
    extend(b, member, 6)
    approve(b, member, on=date(2018, 5, 1))
    new_end = date(2018, 10, 20)
    early = b.hold(new_end - DAY, b.branch.voters_on(new_end))

    err = rejected(
        "probation.early_conversion",
        lambda: resolve(b, member, Decision.CONVERT, on=new_end - DAY, meeting=early),
        member,
        early,
    )
    names(err, new_end)

    resolve(b, member, Decision.CONVERT, on=new_end)
    approve(b, member, on=date(2018, 11, 5))
    assert member.status is Status.FULL
    assert member.full_since == new_end


def test_an_extension_awaiting_approval_blocks_a_conversion() -> None:
    b = book(9)
    member = probationary(b)
    extend(b, member, 6)
    meeting = b.hold(date(2018, 4, 21), b.branch.voters_on(PROBATION_END))

    err = rejected(
        "record.transition",
        lambda: resolve(b, member, Decision.CONVERT, on=date(2018, 4, 21), meeting=meeting),
        member,
        meeting,
    )
    names(err, "awaiting approval of the extend resolution")


# --- revocation (T15) ------------------------------------------------------------------


@pytest.mark.parametrize("on", [APPROVED, date(2017, 12, 1), PROBATION_END, date(2018, 6, 1)])
def test_probationary_membership_may_be_revoked_at_any_time_during_probation(on: date) -> None:
    b = book(9)
    member = probationary(b)

    resolve(b, member, Decision.REVOKE, on=on)
    approve(b, member, on=on + timedelta(days=10))

    assert member.status is Status.REVOKED
    assert member.ended_on == on + timedelta(days=10)
    assert "C1" in b.branch.members_on(on + timedelta(days=9))
    assert "C1" not in b.branch.members_on(on + timedelta(days=10))


def test_a_revocation_during_an_extension_is_accepted() -> None:
    b = book(9)
    member = probationary(b)
    extend(b, member, 12)
    approve(b, member, on=date(2018, 5, 1))

    resolve(b, member, Decision.REVOKE, on=date(2018, 9, 1))
    approve(b, member, on=date(2018, 9, 2))

    assert member.status is Status.REVOKED


def test_a_revocation_not_approved_leaves_a_probationary_member() -> None:
    b = book(9)
    member = probationary(b)
    resolve(b, member, Decision.REVOKE, on=date(2017, 12, 1))

    approve(b, member, on=date(2017, 12, 5), approved=False)

    assert member.status is Status.PROBATIONARY
    assert member.ended_on is None
