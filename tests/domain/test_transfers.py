"""Transfers of the relation: requested, issued, then received by the branch named, or refused.

F9 of B01 moves to B02; both branches belong to the primary committee PC, which issues the
transfer. Until B02 receives it F9 stays in B01; on the day of receipt the relation and both
rolls change together.
"""

from __future__ import annotations

from datetime import date, timedelta

from branch_support import branch_book, committee_of_five, officers
from pipeline_support import admitted, rejected, step
from transfer_support import (
    ISSUED,
    RECEIVED,
    books,
    file_of,
    issue,
    issued,
    moved,
    receive,
    request,
)

from branchbook.domain import casework
from branchbook.domain.branch import BranchKind
from branchbook.domain.decisions import Votes
from branchbook.domain.discipline import SanctionKind
from branchbook.domain.member import Status

# Requesting ------------------------------------------------------------------------------


def test_a_transfer_to_the_members_own_branch_is_refused() -> None:
    home, _ = books()
    file = file_of("F9")
    err = rejected(
        "transfer.destination",
        lambda: request(home, home, home["F9"], file),
        file,
        home["F9"],
    )
    assert "already in B01" in err.reason


def test_a_transfer_to_a_temporary_branch_is_refused() -> None:
    home = branch_book(9)
    temporary = branch_book(0, code="T01", kind=BranchKind.TEMPORARY)
    file = file_of("F9")
    err = rejected(
        "temporary_branch.relations",
        lambda: request(home, temporary, home["F9"], file),
        file,
        home["F9"],
    )
    assert "T01 is a temporary branch" in err.reason
    assert err.reason.endswith("no transfer into it")


def test_a_transfer_to_another_regular_branch_is_requested_and_the_member_stays() -> None:
    home, away = books()
    file = file_of("F9")
    request(home, away, home["F9"], file)
    assert file.pending is not None
    assert (file.pending.origin, file.pending.to) == ("B01", "B02")
    assert home["F9"].branch == "B01"


def test_a_second_request_while_one_is_pending_is_refused() -> None:
    home, away = books()
    third = branch_book(3, code="B03")
    file = file_of("F9")
    request(home, away, home["F9"], file)
    err = rejected(
        "record.transfer_pending",
        lambda: request(home, third, home["F9"], file, on=date(2016, 5, 3)),
        file,
    )
    assert "B02" in err.reason


def test_issue_and_receipt_without_a_pending_transfer_are_refused() -> None:
    home, away = books()
    file = file_of("F9")
    rejected("record.transfer_pending", lambda: issue(home, file), file)
    rejected(
        "record.transfer_pending",
        lambda: receive(home, away, home["F9"], file),
        file,
        home["F9"],
        home.branch,
        away.branch,
    )


def test_a_member_with_a_resolution_awaiting_approval_is_not_transferred() -> None:
    home, away = books()
    candidate = admitted(home)  # the admission resolution awaits the committee's approval
    assert candidate.pending is not None
    file = file_of("C1")
    after = date(2017, 5, 1)
    err = rejected(
        "record.transition",
        lambda: request(home, away, candidate, file, on=after),
        file,
        candidate,
    )
    assert "awaiting approval" in err.reason


# Issuing and receiving -------------------------------------------------------------------


def test_receipt_before_the_transfer_is_issued_is_refused() -> None:
    home, away = books()
    file = file_of("F9")
    request(home, away, home["F9"], file)
    rejected(
        "record.transition",
        lambda: receive(home, away, home["F9"], file),
        file,
        home["F9"],
        home.branch,
        away.branch,
    )


def test_receipt_dated_before_the_issue_is_refused() -> None:
    home, away = books()
    file = issued(home, away)
    rejected(
        "record.step_order",
        lambda: receive(home, away, home["F9"], file, on=ISSUED - timedelta(days=1)),
        file,
        home["F9"],
    )


def test_receipt_by_a_branch_other_than_the_one_named_is_refused() -> None:
    home, away = books()
    other = branch_book(3, code="B03")
    file = issued(home, away)
    err = rejected(
        "transfer.receiving_branch",
        lambda: receive(home, other, home["F9"], file),
        file,
        home["F9"],
        home.branch,
        other.branch,
    )
    assert "addressed to B02, not B03" in err.reason
    assert home["F9"].branch == "B01"


def test_on_receipt_the_relation_moves_on_that_date_and_not_the_day_before() -> None:
    home, away = books()
    member = home["F9"]
    moved(home, away)
    eve = RECEIVED - timedelta(days=1)
    assert member.branch == "B02"
    assert member.relation_on(eve) == "B01"
    assert member.relation_on(RECEIVED) == "B02"


def test_on_receipt_the_member_leaves_the_outgoing_roll_and_joins_the_receiving_roll() -> None:
    home, away = books()
    moved(home, away)
    eve = RECEIVED - timedelta(days=1)
    assert "F9" in home.branch.members_on(eve)
    assert "F9" not in home.branch.members_on(RECEIVED)
    assert "F9" not in home.branch.voters_on(RECEIVED)
    assert "F9" not in away.branch.members_on(eve)
    assert "F9" in away.branch.members_on(RECEIVED)
    assert "F9" in away.branch.voters_on(RECEIVED)


def test_a_received_transfer_is_closed_and_kept_in_the_history() -> None:
    home, away = books()
    file = moved(home, away)
    assert file.pending is None
    (done,) = file.history
    assert (done.outcome, done.closed, done.issued, done.ref) == (
        "received",
        RECEIVED,
        ISSUED,
        "L-1",
    )


def test_an_office_holder_transferred_out_leaves_the_leadership() -> None:
    home = committee_of_five()
    away = branch_book(5, code="B02")
    seated = home.branch.office_on(RECEIVED)
    assert seated is not None
    assert "F1" in seated.members
    moved(home, away, "F1")
    before = home.branch.office_on(RECEIVED - timedelta(days=1))
    after = home.branch.office_on(RECEIVED)
    assert before is not None
    assert "F1" in before.members
    assert after is not None
    assert "F1" not in after.members


# Refusing --------------------------------------------------------------------------------


def test_a_refusal_without_a_reason_is_refused() -> None:
    home, away = books()
    file = issued(home, away)
    err = rejected(
        "transfer.rejection_reason",
        lambda: file.refuse(by="B02", reason="  ", step=step(RECEIVED), judge=away.judge()),
        file,
    )
    assert "F9" in err.reason


def test_a_refused_transfer_leaves_the_member_where_they_were() -> None:
    home, away = books()
    member = home["F9"]
    file = issued(home, away)
    file.refuse(by="B02", reason="wrong unit", step=step(RECEIVED), judge=away.judge())
    assert file.pending is None
    assert [(t.outcome, t.refusal) for t in file.history] == [("refused", "B02: wrong unit")]
    assert member.branch == "B01"
    assert member.relation_on(RECEIVED) == "B01"
    assert "F9" in home.branch.members_on(RECEIVED)
    assert "F9" not in away.branch.members_on(RECEIVED)
    # Another transfer may now be requested.
    request(home, away, member, file, on=RECEIVED)
    assert file.pending is not None


def test_a_full_member_whose_case_awaits_approval_is_not_received() -> None:
    home, away = books()
    member = home["F9"]
    file = issued(home, away)
    on = date(2016, 5, 20)
    meeting = home.hold(on, home.branch.voters_on(on))
    casework.discipline(
        member,
        sanction=SanctionKind.WARNING,
        matter="m1",
        months=None,
        meeting=meeting,
        branch=home.branch,
        votes=Votes(yes=len(meeting.present)),
        step=step(on),
        judge=home.judge(),
    )
    assert member.status is Status.FULL
    assert member.pending is not None
    rejected(
        "record.transition",
        lambda: receive(home, away, member, file),
        file,
        member,
        home.branch,
        away.branch,
    )


def test_a_receipt_dated_before_a_later_change_of_the_outgoing_leadership_changes_nothing() -> None:
    home = committee_of_five()
    away = branch_book(5, code="B02")
    file = issued(home, away, "F1")
    officers(home, on=RECEIVED + timedelta(days=30))
    rejected(
        "record.step_order",
        lambda: receive(home, away, home["F1"], file),
        file,
        home["F1"],
        home.branch,
        away.branch,
    )
