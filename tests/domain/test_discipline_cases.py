"""Discipline: the assembly resolves on one of five sanctions, the body above approves it.

B01 (nine full members, committee F1-F5 from 2015-03-02) belongs to the primary committee PC;
PC's discipline commission DCC approves expulsions. Cases are resolved on DECIDED and approved
on APPROVED, so an intra-party probation of 12 months runs to 2017-02-01.
"""

from __future__ import annotations

from datetime import date, timedelta

from branch_support import COMMISSION, PRIMARY, branch_book, committee_of_five, office
from pipeline_support import Book, enrol, probationary, rejected, step, warned

from branchbook.domain import casework
from branchbook.domain.branch import BranchKind
from branchbook.domain.decisions import Votes
from branchbook.domain.discipline import SanctionKind
from branchbook.domain.member import Member, Status
from branchbook.domain.organisation import Body

DECIDED = date(2016, 1, 11)
APPROVED = date(2016, 2, 1)
TERM_ENDS = date(2017, 2, 1)

GENERAL_BRANCH = Body("GB", "General branch", "general_branch", above=("GB", *PRIMARY.above))


def resolve_sanction(
    b: Book,
    number: str,
    sanction: SanctionKind,
    *,
    months: int | None = None,
    on: date = DECIDED,
    matter: str = "m1",
) -> None:
    meeting = b.hold(on, b.branch.voters_on(on))
    casework.discipline(
        b[number],
        sanction=sanction,
        matter=matter,
        months=months,
        meeting=meeting,
        branch=b.branch,
        votes=Votes(yes=len(meeting.present)),
        step=step(on),
        judge=b.judge(),
    )


def approve(
    b: Book, number: str, *, on: date = APPROVED, body: Body = PRIMARY, approved: bool = True
) -> None:
    b[number].approve(
        body=body, approved=approved, special=False, branch=b.branch, step=step(on), judge=b.judge()
    )


def sanctioned(
    b: Book,
    number: str,
    sanction: SanctionKind,
    *,
    months: int | None = None,
    body: Body = PRIMARY,
) -> Member:
    resolve_sanction(b, number, sanction, months=months)
    approve(b, number, body=body)
    return b[number]


def review(b: Book, number: str, outcome: str, on: date) -> None:
    meeting = b.hold(on, b.branch.voters_on(on))
    casework.review_sanction(
        b[number],
        outcome=outcome,
        meeting=meeting,
        branch=b.branch,
        votes=Votes(yes=len(meeting.present)),
        step=step(on),
        judge=b.judge(),
    )


def reviewed(b: Book, number: str, outcome: str, on: date) -> Member:
    review(b, number, outcome, on)
    approve(b, number, on=on + timedelta(days=10))
    return b[number]


# The five sanctions ----------------------------------------------------------------------


def test_a_warning_takes_effect_for_twelve_months_from_its_approval() -> None:
    member = sanctioned(branch_book(9), "F9", SanctionKind.WARNING)
    (sanction,) = member.sanctions
    assert (sanction.kind, sanction.since, sanction.ends) == ("warning", APPROVED, date(2017, 2, 1))
    assert sanction.in_force(date(2017, 1, 31))
    assert not sanction.in_force(date(2017, 2, 1))
    assert member.pending is None
    assert member.votes_on(APPROVED)


def test_a_serious_warning_takes_effect_for_eighteen_months() -> None:
    member = sanctioned(branch_book(9), "F9", SanctionKind.SERIOUS_WARNING)
    (sanction,) = member.sanctions
    assert (sanction.kind, sanction.ends) == ("serious-warning", date(2017, 8, 1))


def test_removal_from_posts_bars_a_post_for_twenty_four_months_and_takes_the_seat() -> None:
    b = committee_of_five()
    member = sanctioned(b, "F1", SanctionKind.POST_REMOVAL)
    (sanction,) = member.sanctions
    assert (sanction.kind, sanction.bar_ends) == ("post-removal", date(2018, 2, 1))
    assert member.status is Status.FULL
    assert "F1" in office(b, APPROVED - timedelta(days=1)).members
    assert "F1" not in office(b, APPROVED).members


def test_a_warning_leaves_the_seat() -> None:
    b = committee_of_five()
    sanctioned(b, "F1", SanctionKind.WARNING)
    assert "F1" in office(b, APPROVED).members


def test_intra_party_probation_takes_vote_count_and_seat_for_its_term() -> None:
    b = committee_of_five()
    member = sanctioned(b, "F1", SanctionKind.PROBATION, months=12)
    (sanction,) = member.sanctions
    assert (sanction.kind, sanction.months, sanction.ends) == ("probation", 12, TERM_ENDS)
    assert member.votes_on(APPROVED - timedelta(days=1))
    assert not member.votes_on(APPROVED)
    assert "F1" not in b.branch.voters_on(APPROVED)
    assert "F1" not in b.branch.counted_on(APPROVED)
    assert "F1" in b.branch.members_on(APPROVED)
    assert "F1" not in office(b, APPROVED).members


def test_expulsion_approved_by_the_discipline_commission_ends_the_membership() -> None:
    b = committee_of_five()
    member = sanctioned(b, "F1", SanctionKind.EXPULSION, body=COMMISSION)
    assert member.status is Status.EXPELLED
    assert (member.basis, member.ended_on) == ("expulsion", APPROVED)
    assert "F1" in b.branch.members_on(APPROVED - timedelta(days=1))
    assert "F1" not in b.branch.members_on(APPROVED)
    assert "F1" not in office(b, APPROVED).members


def test_expulsion_approved_by_a_committee_is_refused() -> None:
    b = branch_book(9)
    resolve_sanction(b, "F9", SanctionKind.EXPULSION)
    err = rejected("discipline.approver", lambda: approve(b, "F9", body=PRIMARY), b["F9"], b.branch)
    assert "discipline_commission" in err.reason
    assert b["F9"].status is Status.FULL


def test_a_general_branch_does_not_approve_a_sanction() -> None:
    b = branch_book(9)
    resolve_sanction(b, "F9", SanctionKind.WARNING)
    rejected(
        "discipline.approver", lambda: approve(b, "F9", body=GENERAL_BRANCH), b["F9"], b.branch
    )


def test_a_sanction_not_approved_clears_the_pending_resolution() -> None:
    b = branch_book(9)
    resolve_sanction(b, "F9", SanctionKind.SERIOUS_WARNING)
    assert b["F9"].pending is not None
    approve(b, "F9", approved=False)
    assert b["F9"].pending is None
    assert b["F9"].sanctions == []
    assert b["F9"].status is Status.FULL


# Who and where ---------------------------------------------------------------------------


def test_a_probationary_member_is_not_sanctioned() -> None:
    b = branch_book(9)
    member = probationary(b)
    on = date(2017, 9, 1)
    meeting = b.hold(on, b.branch.voters_on(on))
    err = rejected(
        "discipline.probationary_member",
        lambda: casework.discipline(
            member,
            sanction=SanctionKind.WARNING,
            matter="m1",
            months=None,
            meeting=meeting,
            branch=b.branch,
            votes=Votes(yes=len(meeting.present)),
            step=step(on),
            judge=b.judge(),
        ),
        member,
        meeting,
    )
    assert "extend or revoke" in err.reason


def test_a_temporary_branch_does_not_sanction() -> None:
    b = branch_book(0, kind=BranchKind.TEMPORARY, code="T01")
    for number in ("F1", "F2", "F3"):
        enrol(b, number)
    meeting = b.hold(DECIDED, b.branch.voters_on(DECIDED))
    rejected(
        "temporary_branch.forbidden_actions",
        lambda: resolve_sanction(b, "F3", SanctionKind.WARNING),
        b["F3"],
    )
    assert meeting.resolutions == []


# The term of intra-party probation -------------------------------------------------------


def test_a_probation_of_twelve_or_twenty_four_months_is_resolved() -> None:
    b = branch_book(9)
    resolve_sanction(b, "F8", SanctionKind.PROBATION, months=12)
    resolve_sanction(b, "F9", SanctionKind.PROBATION, months=24, on=DECIDED + timedelta(days=1))
    assert b["F8"].pending is not None
    assert b["F8"].pending.months == 12
    assert b["F9"].pending is not None
    assert b["F9"].pending.months == 24


def test_a_probation_of_eighteen_months_is_refused() -> None:
    b = branch_book(9)
    err = rejected(
        "discipline.probation_term",
        lambda: resolve_sanction(b, "F9", SanctionKind.PROBATION, months=18),
        b["F9"],
    )
    assert "18 months" in err.reason


def test_restoration_before_the_term_has_run_is_refused() -> None:
    b = branch_book(9)
    sanctioned(b, "F9", SanctionKind.PROBATION, months=12)
    err = rejected(
        "discipline.probation_expiry",
        lambda: review(b, "F9", "restore", TERM_ENDS - timedelta(days=1)),
        b["F9"],
    )
    assert str(TERM_ENDS) in err.reason


def test_restoration_on_the_last_day_gives_the_vote_back_and_bars_posts_two_years() -> None:
    b = branch_book(9)
    sanctioned(b, "F9", SanctionKind.PROBATION, months=12)
    member = reviewed(b, "F9", "restore", TERM_ENDS)
    restored_on = TERM_ENDS + timedelta(days=10)
    (sanction,) = member.sanctions
    assert (sanction.restored, sanction.bar_ends) == (restored_on, date(2019, 2, 11))
    assert member.probation_sanction is None
    assert not member.votes_on(restored_on - timedelta(days=1))
    assert member.votes_on(restored_on)
    assert "F9" in b.branch.voters_on(restored_on)
    assert "F9" in b.branch.counted_on(restored_on)


def test_a_one_year_term_is_extended_once_by_a_year() -> None:
    b = branch_book(9)
    sanctioned(b, "F9", SanctionKind.PROBATION, months=12)
    member = reviewed(b, "F9", "extend", TERM_ENDS)
    (sanction,) = member.sanctions
    assert (sanction.extended, sanction.ends) == (12, date(2018, 2, 1))
    assert not member.votes_on(date(2017, 6, 1))
    err = rejected(
        "discipline.probation_term",
        lambda: review(b, "F9", "extend", date(2018, 2, 1)),
        member,
    )
    assert "already extended by 12" in err.reason


def test_a_two_year_term_is_not_extended() -> None:
    b = branch_book(9)
    sanctioned(b, "F9", SanctionKind.PROBATION, months=24)
    rejected(
        "discipline.probation_term",
        lambda: review(b, "F9", "extend", date(2018, 2, 1)),
        b["F9"],
    )


def test_a_second_probation_while_one_runs_is_refused() -> None:
    b = branch_book(9)
    sanctioned(b, "F9", SanctionKind.PROBATION, months=12)
    rejected(
        "record.transition",
        lambda: resolve_sanction(b, "F9", SanctionKind.PROBATION, months=12, on=date(2016, 3, 1)),
        b["F9"],
    )


def test_a_review_of_a_member_not_under_probation_is_refused() -> None:
    b = branch_book(9)
    rejected("record.transition", lambda: review(b, "F9", "restore", TERM_ENDS), b["F9"])


def test_a_late_approval_of_a_sanction_carries_no_pipeline_warning() -> None:
    b = branch_book(9)
    resolve_sanction(b, "F9", SanctionKind.WARNING)
    approve(b, "F9", on=date(2016, 12, 1))
    assert warned(b["F9"]) == []
