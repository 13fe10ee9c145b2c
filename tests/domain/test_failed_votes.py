"""A vote that fails is a fact (S000 art. 11; DR art. 21; EL90 art. 19): a count that does not
carry, or a void election, is kept with its evidence and changes no standing; a count said to
have failed that carries, or an election said to be void that is not, is refused."""

from __future__ import annotations

from datetime import date

from branch_support import FIRST, branch_book, election, last_event, office
from pipeline_support import (
    ADMITTED,
    PROBATION_END,
    Book,
    admit,
    amended,
    approve,
    book,
    full_numbers,
    probationary,
    ready,
    rejected,
    resolve,
    step,
)
from votes_support import first

from branchbook.domain.decisions import Decision, Votes
from branchbook.domain.meeting import Meeting
from branchbook.domain.member import Member, Status

F = full_numbers(10)
NEXT = date(2017, 5, 20)


def fail_admission(b: Book, member: Member, meeting: Meeting, votes: Votes) -> None:
    member.admit(
        meeting=meeting,
        branch=b.branch,
        votes=votes,
        step=step(meeting.held),
        judge=b.judge(),
        failed=True,
    )


def fail_resolution(
    b: Book, member: Member, decision: str, on: date, months: int | None = None
) -> Meeting:
    """An assembly with everyone present where 4 of 9 vote yes: the resolution fails."""
    meeting = b.hold(on, first(9))
    member.resolve(
        decision=decision,
        meeting=meeting,
        branch=b.branch,
        votes=Votes(yes=4, no=5),
        months=months,
        step=step(on),
        judge=b.judge(),
        failed=True,
    )
    return meeting


# --- a failed admission vote ------------------------------------------------------------------


def test_a_failed_admission_vote_is_kept_with_its_count_and_leaves_the_candidate_a_candidate() -> (
    None
):
    b = book(9)
    member = ready(b)
    meeting = b.hold(ADMITTED, first(5))

    fail_admission(b, member, meeting, Votes(yes=4, no=1))

    failed = meeting.pending_events[-1]
    assert isinstance(failed, Meeting.VoteFailed)
    assert (failed.member, failed.decision) == ("C1", Decision.ADMIT)
    evidence = failed.evidence
    assert evidence["outcome"] == "failed"
    assert evidence["failed_rule"] == "assembly.pass_threshold"
    assert (evidence["should_attend"], evidence["present_voting"]) == (9, 5)
    assert (evidence["yes_total"], evidence["pass_needed"]) == (4, 5)
    assert "4 yes votes of 9" in evidence["why"]
    assert "at least 5" in evidence["why"]
    assert isinstance(member.pending_events[-1], Member.VoteFailed)
    assert member.status is Status.CANDIDATE
    assert b.branch.standing_on("C1", ADMITTED) is None


def test_a_count_that_carries_is_not_recorded_as_failed() -> None:
    b = book(9)
    member = ready(b)
    meeting = b.hold(ADMITTED, first(5))

    err = rejected(
        "assembly.vote_failed",
        lambda: fail_admission(b, member, meeting, Votes(yes=5)),
        member,
        meeting,
        b.branch,
    )

    assert (err.facts["yes"], err.facts["needed"]) == (5, 5)
    assert "carry the admit of C1" in err.reason


def test_a_count_said_to_pass_that_does_not_carry_is_still_refused() -> None:
    b = book(9)
    member = ready(b)
    meeting = b.hold(ADMITTED, first(5))

    err = rejected(
        "assembly.pass_threshold",
        lambda: admit(b, member, meeting=meeting, votes=Votes(yes=4, no=1)),
        member,
        meeting,
        b.branch,
    )

    assert err.facts["yes"] == 4


def test_without_a_quorum_there_is_no_vote_to_record_as_failed() -> None:
    b = book(9)
    member = ready(b)
    meeting = b.hold(ADMITTED, first(4))

    rejected(
        "assembly.quorum",
        lambda: fail_admission(b, member, meeting, Votes(yes=1, no=3)),
        member,
        meeting,
        b.branch,
    )


def test_after_a_failed_vote_the_same_meeting_does_not_vote_again_but_a_later_one_may() -> None:
    b = book(9)
    member = ready(b)
    meeting = b.hold(ADMITTED, first(9))
    fail_admission(b, member, meeting, Votes(yes=3, no=6))

    rejected(
        "admission.vote_individually",
        lambda: admit(b, member, meeting=meeting, votes=Votes(yes=9)),
        member,
        meeting,
    )
    admit(b, member, on=NEXT, meeting=b.hold(NEXT, first(9)), votes=Votes(yes=9))
    assert member.status is Status.ADMITTED
    assert member.admitted_on == NEXT


# --- a failed conversion vote -----------------------------------------------------------------


def test_a_failed_conversion_vote_leads_to_an_extension_or_a_revocation_not_another_vote() -> None:
    b = book(9)
    member = probationary(b)
    fail_resolution(b, member, Decision.CONVERT, PROBATION_END)
    assert member.status is Status.PROBATIONARY
    assert member.pending is None
    later = date(2018, 5, 20)

    err = rejected(
        "probation.after_failed_conversion",
        lambda: resolve(b, member, Decision.CONVERT, on=later),
        member,
    )

    assert err.facts["failed"] == f"B01-{PROBATION_END.isoformat()}-assembly"
    resolve(b, member, Decision.EXTEND, on=later, months=6)
    assert member.pending is not None
    assert member.pending.decision == Decision.EXTEND


def test_after_an_extension_the_conversion_is_voted_on_again() -> None:
    b = book(9)
    member = probationary(b)
    fail_resolution(b, member, Decision.CONVERT, PROBATION_END)
    resolve(b, member, Decision.EXTEND, on=date(2018, 5, 20), months=6)
    approve(b, member, on=date(2018, 6, 1))
    end = member.probation_end
    assert end is not None

    resolve(b, member, Decision.CONVERT, on=end)

    assert member.pending is not None
    assert member.pending.decision == Decision.CONVERT


def test_a_conversion_failing_after_the_extension_leaves_only_revocation() -> None:
    b = book(9)
    member = probationary(b)
    resolve(b, member, Decision.EXTEND, on=PROBATION_END, months=6)
    approve(b, member, on=date(2018, 5, 1))
    end = member.probation_end
    assert end is not None
    fail_resolution(b, member, Decision.CONVERT, end)
    later = date(2018, 11, 30)

    rejected(
        "probation.after_failed_conversion",
        lambda: resolve(b, member, Decision.CONVERT, on=later),
        member,
    )
    rejected(
        "probation.extension",
        lambda: resolve(b, member, Decision.EXTEND, on=later, months=6),
        member,
    )
    resolve(b, member, Decision.REVOKE, on=later)
    assert member.pending is not None
    assert member.pending.decision == Decision.REVOKE


def test_a_rulebook_may_allow_a_second_conversion_vote() -> None:
    b = book(9, version=amended({"probation.after_failed_conversion": {"revote": True}}))
    member = probationary(b)
    fail_resolution(b, member, Decision.CONVERT, PROBATION_END)

    resolve(b, member, Decision.CONVERT, on=date(2018, 5, 20))

    assert member.pending is not None
    assert member.pending.decision == Decision.CONVERT


# --- a void election --------------------------------------------------------------------------


def test_a_void_election_is_kept_with_its_count_and_elects_no_one() -> None:
    b = branch_book(10)
    meeting = b.hold(FIRST, F[:9])

    chosen, _ = election(b, issued=8, returned=9, meeting=meeting, void=True)

    assert chosen == []
    void = meeting.pending_events[-1]
    assert isinstance(void, Meeting.VoteFailed)
    assert (void.member, void.decision) == ("B01", "election")
    assert void.evidence["outcome"] == "void"
    assert void.evidence["failed_rule"] == "election.ballot_validity"
    assert void.evidence["ballots"]["returned"] == 9
    assert void.evidence["elected"] == []
    assert "9 ballots returned" in void.evidence["why"]
    assert b.branch.offices == []


def test_a_void_election_is_held_again_at_the_same_meeting() -> None:
    b = branch_book(10)
    meeting = b.hold(FIRST, F[:9])
    election(b, issued=8, returned=9, meeting=meeting, void=True)

    chosen, _ = election(b, issued=9, returned=9, meeting=meeting)

    assert chosen == F[:5]
    assert last_event(b.branch).evidence["elected"] == F[:5]
    assert office(b, FIRST).members == tuple(F[:5])


def test_an_election_whose_ballots_stand_is_not_recorded_as_void() -> None:
    b = branch_book(10)
    meeting = b.hold(FIRST, F[:9])

    err = rejected(
        "election.void_recorded",
        lambda: election(b, issued=9, returned=9, meeting=meeting, void=True),
        b.branch,
        meeting,
    )

    assert (err.facts["issued"], err.facts["returned"]) == (9, 9)
    assert "the count stands" in err.reason


def test_a_void_election_announces_no_one_elected() -> None:
    b = branch_book(10)
    meeting = b.hold(FIRST, F[:9])

    err = rejected(
        "election.void_recorded",
        lambda: election(b, issued=8, returned=9, meeting=meeting, void=True, announced=F[:5]),
        b.branch,
        meeting,
    )

    assert "announces no one elected" in err.reason
