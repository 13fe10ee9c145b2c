"""The end of a membership: lost contact, months without dues, death, and a new application
afterwards.

B01 has nine full members and no committee, so the assembly takes the committee's decisions;
the primary committee PC approves and receives filings.
"""

from __future__ import annotations

from datetime import date, timedelta

from branch_support import COMMISSION, branch_book, committee_of_five, office
from disposal_support import (
    APPROVED,
    LATER,
    ON,
    approve,
    meeting_on,
    reapply,
    remove,
    suspend,
    urge,
    withdraw,
)
from pipeline_support import Book, rejected, step, warned

from branchbook.domain import casework
from branchbook.domain.decisions import Votes
from branchbook.domain.discipline import RemovalBasis, SanctionKind
from branchbook.domain.dues import Dues
from branchbook.domain.member import Member, Status

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


def test_suspension_the_day_before_six_whole_months_is_still_warned() -> None:
    b = branch_book(9)
    suspend(b, "F9", LOST, date(2016, 7, 14))
    assert warned(b["F9"]) == ["lost_contact.suspension"]
