"""Disposal and the end of a membership: rectification, urging, removal, withdrawal, lost
contact, death, and a new application afterwards (RULES.md §6).

B01 has nine full members and no committee, so the assembly takes the committee's decisions;
the primary committee PC approves and receives filings.
"""

from __future__ import annotations

from datetime import date, timedelta

from branch_support import (
    COMMISSION,
    PRIMARY,
    branch_book,
    committee_of_five,
    office,
    officers,
)
from pipeline_support import Book, rejected, step, warned

from branchbook.domain import casework
from branchbook.domain.decisions import Votes
from branchbook.domain.discipline import RemovalBasis, SanctionKind
from branchbook.domain.dues import Dues
from branchbook.domain.meeting import Meeting
from branchbook.domain.member import Member, Status

ON = date(2016, 1, 11)
APPROVED = date(2016, 2, 1)
LATER = date(2016, 4, 11)


def meeting_on(b: Book, on: date) -> Meeting:
    return b.hold(on, b.branch.voters_on(on))


def approve(b: Book, number: str, on: date) -> None:
    b[number].approve(
        body=PRIMARY, approved=True, special=False, branch=b.branch, step=step(on), judge=b.judge()
    )


def rectify(b: Book, number: str, months: int, *, matter: str = "m1", on: date = ON) -> None:
    casework.rectify(
        b[number],
        months=months,
        matter=matter,
        filed_with=PRIMARY,
        meeting=meeting_on(b, on),
        branch=b.branch,
        votes=None,
        step=step(on),
        judge=b.judge(),
    )


def warn(b: Book, number: str, matter: str) -> None:
    """A warning for a matter, resolved on ON and approved on APPROVED."""
    meeting = meeting_on(b, ON)
    casework.discipline(
        b[number],
        sanction=SanctionKind.WARNING,
        matter=matter,
        months=None,
        meeting=meeting,
        branch=b.branch,
        votes=Votes(yes=len(meeting.present)),
        step=step(ON),
        judge=b.judge(),
    )
    approve(b, number, APPROVED)


def urge(b: Book, number: str, *, on: date = ON, matter: str = "m1") -> None:
    meeting = meeting_on(b, on)
    casework.urge(
        b[number],
        matter=matter,
        meeting=meeting,
        branch=b.branch,
        votes=Votes(yes=len(meeting.present)),
        step=step(on),
        judge=b.judge(),
    )


def remove(
    b: Book,
    number: str,
    basis: RemovalBasis,
    *,
    on: date = LATER,
    matter: str = "m1",
    unpaid: int | None = None,
) -> None:
    meeting = meeting_on(b, on)
    casework.remove(
        b[number],
        basis=basis,
        matter=matter,
        unpaid_months=unpaid,
        meeting=meeting,
        branch=b.branch,
        votes=Votes(yes=len(meeting.present)),
        step=step(on),
        judge=b.judge(),
    )


def withdraw(b: Book, number: str, on: date) -> None:
    casework.withdraw(
        b[number],
        meeting=meeting_on(b, on),
        branch=b.branch,
        filed_with=PRIMARY,
        step=step(on),
        judge=b.judge(),
    )


def suspend(b: Book, number: str, since: date, on: date) -> None:
    b[number].suspend_membership(
        reason="lost-contact", since=since, branch=b.branch, step=step(on), judge=b.judge()
    )


def reapply(b: Book, number: str, on: date) -> None:
    b[number].reapply(branch=b.branch, step=step(on), judge=b.judge())


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


# Lost contact ----------------------------------------------------------------------------

LOST = date(2016, 1, 15)


def test_suspension_five_months_after_contact_was_lost_is_warned() -> None:
    b = branch_book(9)
    suspend(b, "F9", LOST, date(2016, 6, 15))
    assert b["F9"].status is Status.SUSPENDED
    assert warned(b["F9"]) == ["lost_contact.suspension"]


def test_suspension_six_months_after_is_not_warned_and_keeps_the_member_on_the_roll() -> None:
    b = branch_book(9)
    suspend(b, "F9", LOST, date(2016, 7, 15))
    assert warned(b["F9"]) == []
    assert "F9" in b.branch.members_on(date(2016, 7, 15))
    assert "F9" not in b.branch.voters_on(date(2016, 7, 15))


def test_a_suspended_member_is_restored() -> None:
    b = branch_book(9)
    suspend(b, "F9", LOST, date(2016, 7, 15))
    b["F9"].restore_membership(branch=b.branch, step=step(date(2016, 9, 1)), judge=b.judge())
    assert b["F9"].status is Status.FULL
    assert "F9" in b.branch.voters_on(date(2016, 9, 1))


def suspended(b: Book) -> Member:
    suspend(b, "F9", LOST, date(2016, 7, 15))
    return b["F9"]


def test_removal_for_lost_contact_two_years_after_suspension_is_not_warned() -> None:
    b = branch_book(9)
    member = suspended(b)
    remove(b, "F9", RemovalBasis.LOST_CONTACT, on=date(2018, 7, 15))
    assert warned(member) == []
    approve(b, "F9", date(2018, 8, 1))
    assert (member.status, member.basis) == (Status.REMOVED, "lost-contact")


def test_removal_for_lost_contact_one_year_after_suspension_is_warned() -> None:
    b = branch_book(9)
    member = suspended(b)
    remove(b, "F9", RemovalBasis.LOST_CONTACT, on=date(2017, 7, 15))
    assert warned(member) == ["lost_contact.removal"]


def test_removal_for_lost_contact_of_a_member_not_suspended_is_refused() -> None:
    b = branch_book(9)
    rejected("record.transition", lambda: remove(b, "F9", RemovalBasis.LOST_CONTACT), b["F9"])


# Self-withdrawal: months without dues ----------------------------------------------------


def ledger_paid_to_june(b: Book) -> Dues:
    """F9's dues paid for January to June 2016."""
    dues = Dues.open(number="F9", step=step(date(2016, 1, 1)), judge=b.judge())
    dues.pay(
        member=b["F9"],
        branch=b.branch,
        participation=None,
        amount_fen=600,
        first="2016-01",
        last="2016-06",
        step=step(date(2016, 6, 10)),
        judge=b.judge(),
    )
    return dues


def test_removal_as_self_withdrawn_after_three_unpaid_months_is_warned() -> None:
    b = branch_book(9)
    on = date(2016, 10, 10)
    unpaid = ledger_paid_to_june(b).ledger.unpaid_run(on)
    assert unpaid == 3
    remove(b, "F9", RemovalBasis.SELF_WITHDRAWAL, on=on, unpaid=unpaid)
    assert warned(b["F9"]) == ["lapse.self_withdrawal"]


def test_removal_as_self_withdrawn_after_six_unpaid_months_is_not_warned() -> None:
    b = branch_book(9)
    on = date(2017, 1, 10)
    unpaid = ledger_paid_to_june(b).ledger.unpaid_run(on)
    assert unpaid == 6
    remove(b, "F9", RemovalBasis.SELF_WITHDRAWAL, on=on, unpaid=unpaid)
    assert warned(b["F9"]) == []


# Death -----------------------------------------------------------------------------------


def test_death_removes_the_member_from_the_roll_and_the_leadership() -> None:
    b = committee_of_five()
    died = date(2016, 3, 1)
    casework.die(b["F1"], branch=b.branch, step=step(died), judge=b.judge())
    member = b["F1"]
    assert (member.status, member.basis, member.ended_on) == (Status.DECEASED, "death", died)
    assert "F1" in b.branch.members_on(died - timedelta(days=1))
    assert "F1" not in b.branch.members_on(died)
    assert "F1" not in office(b, died).members


def test_a_death_is_recorded_once() -> None:
    b = branch_book(9)
    casework.die(b["F9"], branch=b.branch, step=step(ON), judge=b.judge())
    rejected(
        "record.transition",
        lambda: casework.die(b["F9"], branch=b.branch, step=step(LATER), judge=b.judge()),
        b["F9"],
        b.branch,
    )


# A new application -----------------------------------------------------------------------


def expelled(b: Book) -> Member:
    """F9 expelled, approved by the discipline commission on APPROVED."""
    meeting = meeting_on(b, ON)
    casework.discipline(
        b["F9"],
        sanction=SanctionKind.EXPULSION,
        matter="m1",
        months=None,
        meeting=meeting,
        branch=b.branch,
        votes=Votes(yes=len(meeting.present)),
        step=step(ON),
        judge=b.judge(),
    )
    b["F9"].approve(
        body=COMMISSION,
        approved=True,
        special=False,
        branch=b.branch,
        step=step(APPROVED),
        judge=b.judge(),
    )
    return b["F9"]


def test_an_expelled_member_does_not_apply_again_within_five_years() -> None:
    b = branch_book(9)
    member = expelled(b)
    err = rejected(
        "discipline.expulsion_rejoin_bar",
        lambda: reapply(b, "F9", date(2021, 1, 31)),
        member,
    )
    assert "2021-02-01" in err.reason


def test_an_expelled_member_applies_again_after_five_years() -> None:
    b = branch_book(9)
    member = expelled(b)
    reapply(b, "F9", date(2021, 2, 1))
    assert (member.status, member.applied) == (Status.APPLICANT, date(2021, 2, 1))
    assert member.sanctions[0].kind == "expulsion"  # the record keeps the past


def removed_for_refusing(b: Book) -> Member:
    urge(b, "F9")
    approve(b, "F9", APPROVED)
    remove(b, "F9", RemovalBasis.REFUSED_URGING)
    approve(b, "F9", date(2016, 5, 2))
    return b["F9"]


def test_a_member_removed_for_refusing_urging_does_not_apply_within_five_years() -> None:
    b = branch_book(9)
    member = removed_for_refusing(b)
    err = rejected("disposal.rejoin_bar", lambda: reapply(b, "F9", date(2021, 5, 1)), member)
    assert "refused-urging" in err.reason
    reapply(b, "F9", date(2021, 5, 2))
    assert member.status is Status.APPLICANT


def test_a_member_who_withdrew_may_apply_again_at_once() -> None:
    b = branch_book(9)
    withdraw(b, "F9", ON)
    reapply(b, "F9", ON)
    assert b["F9"].status is Status.APPLICANT
    assert warned(b["F9"]) == []


def test_a_full_member_does_not_apply_again() -> None:
    b = branch_book(9)
    rejected("record.transition", lambda: reapply(b, "F9", ON), b["F9"])


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


def test_suspension_the_day_before_six_whole_months_is_still_warned() -> None:
    b = branch_book(9)
    suspend(b, "F9", LOST, date(2016, 7, 14))
    assert warned(b["F9"]) == ["lost_contact.suspension"]
