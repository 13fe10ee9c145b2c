"""Elections by the general assembly: quorum, candidates, majority, ties and the count."""

from __future__ import annotations

from datetime import date

import pytest
from branch_support import (
    FIRST,
    branch_book,
    committee_meeting,
    election,
    last_event,
    office,
    officers,
)
from pipeline_support import amended, enrol, full_numbers, names, rejected, step

from branchbook.domain.branch import Branch, BranchKind
from branchbook.domain.member import Status

F = full_numbers(10)


# --- the quorum: more than 4/5 of the should-attend voting members ----------------------------


def test_with_ten_should_attend_eight_present_cannot_elect_and_nine_can() -> None:
    b = branch_book(10)
    meeting = b.hold(FIRST, F[:8])

    err = rejected("election.quorum", lambda: election(b, meeting=meeting), b.branch, meeting)

    assert (err.facts["present"], err.facts["should_attend"], err.facts["needed"]) == (8, 10, 9)
    names(err, "8 of 10", "more than 4/5", "at least 9")
    chosen, _ = election(b, present=F[:9])
    assert chosen == F[:5]


# --- the candidates: seats plus at least 20 % of the seats, rounded up ------------------------


@pytest.mark.parametrize(("seats", "fewest"), [(3, 4), (5, 6), (7, 9)])
def test_a_committee_election_needs_more_candidates_than_seats_by_a_fifth_rounded_up(
    seats: int, fewest: int
) -> None:
    b = branch_book(10)
    meeting = b.hold(FIRST, F)

    err = rejected(
        "election.candidate_surplus",
        lambda: election(b, seats=seats, candidates=F[: fewest - 1], meeting=meeting),
        b.branch,
        meeting,
    )

    assert (err.facts["candidates"], err.facts["seats"], err.facts["needed"]) == (
        fewest - 1,
        seats,
        fewest,
    )
    chosen, _ = election(b, seats=seats, candidates=F[:fewest], meeting=meeting)
    assert chosen == F[:seats]
    assert last_event(b.branch).evidence["candidates_needed"] == fewest


def test_a_secretary_elected_by_the_assembly_is_not_contested_by_default() -> None:
    b = branch_book(5)

    chosen, _ = election(b, seats=2, candidates=["F1", "F2"], secretary="F1", deputy="F2")

    assert chosen == ["F1", "F2"]
    assert last_event(b.branch).evidence["candidates_needed"] is None


def test_a_rulebook_may_require_a_contested_election_of_the_secretary_too() -> None:
    b = branch_book(5, version=amended({"election.candidate_surplus": {"secretary_only": True}}))
    meeting = b.hold(FIRST, full_numbers(5))

    err = rejected(
        "election.candidate_surplus",
        lambda: election(b, seats=2, candidates=["F1", "F2"], secretary="F1", meeting=meeting),
        b.branch,
        meeting,
    )

    assert (err.facts["candidates"], err.facts["needed"]) == (2, 3)
    chosen, _ = election(b, seats=2, candidates=["F1", "F2", "F3"], secretary="F1", deputy="F2")
    assert chosen == ["F1", "F2"]


# --- who is elected: more than half of the voting members present, in order of votes ----------


@pytest.mark.parametrize(("present", "needed"), [(9, 5), (10, 6)])
def test_a_candidate_is_elected_only_with_yes_votes_from_more_than_half_of_those_present(
    present: int, needed: int
) -> None:
    b = branch_book(10)
    votes = {"F1": present, "F2": needed, "F3": needed - 1, "F4": 0}

    chosen, _ = election(b, seats=3, candidates=F[:4], votes=votes, present=F[:present])

    assert chosen == ["F1", "F2"]
    evidence = last_event(b.branch).evidence
    assert evidence["majority_needed"] == needed
    assert evidence["unfilled"] == 1
    assert office(b, FIRST).vacancies[0].reason == "unfilled"


def test_candidates_tied_at_the_last_seat_are_none_of_them_elected() -> None:
    b = branch_book(9)
    votes = {"F1": 9, "F2": 8, "F3": 5, "F4": 5}

    chosen, _ = election(b, seats=3, candidates=F[:4], votes=votes)

    assert chosen == ["F1", "F2"]
    evidence = last_event(b.branch).evidence
    assert (evidence["tied"], evidence["unfilled"]) == (["F3", "F4"], 1)
    held = office(b, FIRST)
    assert (held.members, len(held.vacancies), held.seats) == (("F1", "F2"), 1, 3)


def test_the_election_event_records_the_evidence_of_the_count() -> None:
    b = branch_book(10)
    votes = {"F1": 7, "F2": 6, "F3": 5, "F4": 5, "F5": 1}

    election(b, seats=3, candidates=F[:5], votes=votes, present=F[:9], returned=9, invalid=1)

    event = last_event(b.branch)
    assert isinstance(event, Branch.Elected)
    assert (event.kind, event.structure, event.seats, event.elected) == (
        "first",
        "committee",
        3,
        ["F1", "F2"],
    )
    evidence = event.evidence
    assert evidence["should_attend"] == 10
    assert evidence["should_attend_members"] == sorted(F)
    assert (evidence["present_voting"], evidence["quorum_needed"]) == (9, 9)
    assert evidence["present_voting_members"] == F[:9]
    assert evidence["ballots"] == {"issued": 9, "returned": 9, "invalid": 1, "valid": 8}
    assert evidence["votes"] == votes
    assert evidence["candidates"] == F[:5]
    assert (evidence["majority_needed"], evidence["elected"]) == (5, ["F1", "F2"])
    assert (evidence["tied"], evidence["unfilled"]) == (["F3", "F4"], 1)
    assert evidence["rulebook"] == event.step.rulebook


# --- an announced result must be the count's ---------------------------------------------------


def test_announcing_a_candidate_without_a_majority_is_refused() -> None:
    b = branch_book(9)
    meeting = b.hold(FIRST, F[:9])
    votes = {"F1": 9, "F2": 5, "F3": 4, "F4": 0}

    err = rejected(
        "election.majority",
        lambda: election(
            b, seats=3, candidates=F[:4], votes=votes, announced=F[:3], meeting=meeting
        ),
        b.branch,
        meeting,
    )

    assert (err.facts["short"], err.facts["needed"]) == (["F3"], 5)
    names(err, "F3 (4)", "9 voting members present")


@pytest.mark.parametrize(
    ("votes", "announced"),
    [
        ({"F1": 9, "F2": 8, "F3": 5, "F4": 5}, ["F1", "F2", "F3"]),
        ({"F1": 8, "F2": 7, "F3": 6, "F4": 5}, ["F1", "F2", "F4"]),
        ({"F1": 8, "F2": 7, "F3": 6, "F4": 5}, ["F1", "F2"]),
    ],
    ids=["a-tied-candidate", "out-of-order", "a-seat-left-out"],
)
def test_announcing_other_than_the_count_elects_is_refused(
    votes: dict[str, int], announced: list[str]
) -> None:
    b = branch_book(9)
    meeting = b.hold(FIRST, F[:9])

    err = rejected(
        "election.order",
        lambda: election(
            b, seats=3, candidates=F[:4], votes=votes, announced=announced, meeting=meeting
        ),
        b.branch,
        meeting,
    )

    assert err.facts["announced"] == sorted(announced)
    assert err.facts["expected"] != err.facts["announced"]


def test_announcing_what_the_count_elects_is_accepted() -> None:
    b = branch_book(9)
    votes = {"F1": 8, "F2": 7, "F3": 6, "F4": 5}

    chosen, _ = election(b, seats=3, candidates=F[:4], votes=votes, announced=["F3", "F1", "F2"])

    assert chosen == ["F1", "F2", "F3"]


# --- the ballots -------------------------------------------------------------------------------


def test_more_ballots_returned_than_issued_void_the_election() -> None:
    b = branch_book(9)
    meeting = b.hold(FIRST, F[:9])

    err = rejected(
        "election.ballot_validity",
        lambda: election(b, issued=8, returned=9, meeting=meeting),
        b.branch,
        meeting,
    )

    assert (err.facts["issued"], err.facts["returned"]) == (8, 9)
    chosen, _ = election(b, issued=9, returned=9, meeting=meeting)
    assert chosen == F[:5]


@pytest.mark.parametrize(
    ("issued", "returned", "invalid", "votes", "fact"),
    [
        (10, 9, 0, {"F1": 9, "F2": 9, "F3": 9, "F4": 0}, "10 ballots issued to 9"),
        (9, 9, 10, {"F1": 0, "F2": 0, "F3": 0, "F4": 0}, "10 invalid"),
        (9, 9, 0, {"F1": 9, "F2": 9, "F3": 9, "F4": 0, "F9": 1}, "non-candidates: F9"),
        (9, 9, 1, {"F1": 9, "F2": 8, "F3": 8, "F4": 0}, "more votes than valid ballots: F1"),
        (9, 9, 0, {"F1": 9, "F2": 9, "F3": 9, "F4": 1}, "28 votes in all, more than 27"),
    ],
    ids=["issued-beyond-present", "invalid-beyond-returned", "stranger", "over-valid", "total"],
)
def test_an_inconsistent_count_is_refused(
    issued: int, returned: int, invalid: int, votes: dict[str, int], fact: str
) -> None:
    b = branch_book(9)
    meeting = b.hold(FIRST, F[:9])

    err = rejected(
        "record.ballots_counted",
        lambda: election(
            b,
            seats=3,
            candidates=F[:4],
            votes=votes,
            issued=issued,
            returned=returned,
            invalid=invalid,
            meeting=meeting,
        ),
        b.branch,
        meeting,
    )

    names(err, fact)


def test_a_count_at_its_limits_is_accepted() -> None:
    b = branch_book(9)

    chosen, _ = election(
        b,
        seats=3,
        candidates=F[:4],
        votes={"F1": 8, "F2": 8, "F3": 8, "F4": 0},
        returned=9,
        invalid=1,
    )

    assert chosen == ["F1", "F2", "F3"]


# --- who may stand -----------------------------------------------------------------------------


def test_a_probationary_candidate_is_refused() -> None:
    b = branch_book(9)
    enrol(b, "P1", status=Status.PROBATIONARY)
    meeting = b.hold(FIRST, F[:9])

    err = rejected(
        "branch.committee_members_full",
        lambda: election(b, candidates=[*F[:5], "P1"], meeting=meeting),
        b.branch,
        meeting,
    )

    assert err.facts["not_voting"] == ["P1"]


def test_a_candidate_whose_rights_are_suspended_is_refused() -> None:
    b = branch_book(10)
    b["F6"].suspend_rights(
        reason="detained", branch=b.branch, step=step(date(2015, 2, 1)), judge=b.judge()
    )
    meeting = b.hold(FIRST, F)

    err = rejected(
        "branch.committee_members_full",
        lambda: election(b, candidates=F[:6], meeting=meeting),
        b.branch,
        meeting,
    )

    assert err.facts["not_voting"] == ["F6"]
    chosen, _ = election(b, candidates=[*F[:5], "F7"], meeting=meeting)
    assert chosen == F[:5]
    assert last_event(b.branch).evidence["should_attend"] == 9


# --- which body elects -------------------------------------------------------------------------


def test_the_committee_is_not_elected_at_a_committee_meeting() -> None:
    b = branch_book(9)
    meeting = committee_meeting(b, FIRST, F[:9])

    err = rejected("election.body", lambda: election(b, meeting=meeting), b.branch, meeting)

    assert (err.facts["kind"], err.facts["expected"]) == ("committee", "assembly")


def test_the_secretary_of_a_committee_is_not_elected_by_the_assembly() -> None:
    b = branch_book(9)
    election(b)
    on = date(2015, 3, 3)
    meeting = b.hold(on, F[:9])

    err = rejected("election.body", lambda: officers(b, on=on, meeting=meeting), b.branch, meeting)

    assert (err.facts["kind"], err.facts["expected"]) == ("assembly", "committee")


def test_an_election_is_dated_on_the_day_of_its_meeting() -> None:
    b = branch_book(9)
    meeting = b.hold(FIRST, F[:9])

    rejected(
        "record.meeting_date",
        lambda: election(b, on=date(2015, 3, 3), meeting=meeting),
        b.branch,
        meeting,
    )


def test_a_temporary_branch_holds_no_election() -> None:
    b = branch_book(9, kind=BranchKind.TEMPORARY)
    meeting = b.hold(FIRST, F[:9])

    err = rejected(
        "temporary_branch.forbidden_actions",
        lambda: election(b, meeting=meeting),
        b.branch,
        meeting,
    )

    assert (err.facts["action"], err.facts["decision"]) == ("term_change_election", "election")
