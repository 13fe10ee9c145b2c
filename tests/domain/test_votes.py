"""General assembly votes: quorum, threshold, ballots, the assembly's reserved powers and one vote
per person."""

from __future__ import annotations

from datetime import date

import pytest
from pipeline_support import (
    ADMITTED,
    PROBATION_END,
    admit,
    amended,
    approve,
    book,
    enrol,
    names,
    probationary,
    ready,
    rejected,
    resolve,
    warned,
)
from votes_support import QUORUM, THRESHOLD, admission, first, refused, version_with

from branchbook.domain.branch import BranchKind
from branchbook.domain.decisions import Decision, Votes
from branchbook.domain.meeting import MeetingKind
from branchbook.domain.member import Status
from branchbook.domain.rules import Severity

# --- the boundary: 9 voting members ---------------------------------------------------------


def test_five_of_nine_present_is_a_quorum_and_five_yes_carry_an_admission() -> None:
    b = book(9)
    member = ready(b)

    _, evidence = admission(b, member, first(5), Votes(yes=5))

    assert member.status is Status.ADMITTED
    assert evidence["should_attend"] == 9
    assert evidence["present_voting"] == 5
    assert evidence["quorum_needed"] == 5
    assert evidence["pass_needed"] == 5
    assert evidence["yes_total"] == 5
    assert evidence["present_voting_members"] == first(5)
    assert evidence["should_attend_members"] == first(9)


def test_four_of_nine_present_is_not_a_quorum() -> None:
    b = book(9)

    out = refused(QUORUM, b, ready(b), first(4), Votes(yes=4))

    assert (out["facts"]["present"], out["facts"]["should_attend"]) == (4, 9)
    assert "4 of 9 voting members present" in out["reason"]
    assert "not counted" not in out["reason"]  # everyone present counts


def test_a_quorum_refused_names_those_present_who_do_not_count() -> None:
    b = book(9)
    member = ready(b)

    out = refused(QUORUM, b, member, [*first(4), "X1", member.number], Votes(yes=4))

    not_counted = tuple(sorted(("X1", member.number)))  # in the meeting's order of names
    assert out["facts"]["not_voting"] == not_counted
    assert out["reason"].endswith(
        "present but not counted, not being voting members on the branch's roll that day: "
        + ", ".join(not_counted)
    )
    assert "more than half (at least 5) required" in out["reason"]


def test_four_yes_of_nine_should_attend_do_not_carry_an_admission() -> None:
    b = book(9)

    out = refused(THRESHOLD, b, ready(b), first(9), Votes(yes=4, no=5))

    assert (out["facts"]["yes"], out["facts"]["should_attend"]) == (4, 9)
    assert "4 yes votes of 9 should-attend voting members" in out["reason"]
    assert "at least 5" in out["reason"]


@pytest.mark.parametrize(("present", "carried"), [(6, True), (5, False)])
def test_with_ten_voting_members_the_strict_reading_needs_six_present(
    present: int, carried: bool
) -> None:
    b = book(10)
    member = ready(b)
    votes = Votes(yes=present)

    if carried:
        _, evidence = admission(b, member, first(present), votes)
        assert evidence["quorum_needed"] == 6
    else:
        out = refused(QUORUM, b, member, first(present), votes)
        assert "at least 6" in out["reason"]


def test_with_ten_voting_members_the_inclusive_reading_accepts_five_present() -> None:
    b = book(10, version=version_with(QUORUM, inclusive_half=True))
    member = ready(b)

    refused(QUORUM, b, member, first(4), Votes(yes=4))
    # Five present is a quorum now, yet five yes are not more than half of ten.
    out = refused(THRESHOLD, b, member, first(5), Votes(yes=5))
    assert "at least 6" in out["reason"]
    _, evidence = admission(b, member, first(6), Votes(yes=6))
    assert evidence["quorum_needed"] == 5


def test_yes_votes_are_counted_against_should_attend_not_those_present() -> None:
    b = book(9)

    # Four of the five present is a clear majority of those present, but not of the nine.
    out = refused(THRESHOLD, b, ready(b), first(5), Votes(yes=4, no=1))

    assert out["facts"]["should_attend"] == 9


def test_abstentions_act_like_no_votes() -> None:
    b = book(9)

    refused(THRESHOLD, b, ready(b), first(9), Votes(yes=4, abstain=5))


# --- ballots ---------------------------------------------------------------------------------


def test_more_ballots_than_voting_members_present_is_rejected() -> None:
    b = book(9)
    enrol(b, "P1", status=Status.PROBATIONARY)
    member = ready(b)

    # The probationary member and the candidate attend but have no vote.
    out = refused(
        "record.ballots_within_present",
        b,
        member,
        [*first(5), "P1", "C1"],
        Votes(yes=5, no=1),
    )

    assert (out["facts"]["cast"], out["facts"]["present"]) == (6, 5)
    assert "6 votes cast" in out["reason"]


def test_as_many_ballots_as_voting_members_present_is_accepted() -> None:
    b = book(9)
    member = ready(b)

    _, evidence = admission(b, member, first(6), Votes(yes=5, no=1))

    assert (evidence["yes"], evidence["no"]) == (5, 1)


def test_an_admission_by_show_of_hands_is_rejected() -> None:
    b = book(9)

    out = refused(
        "admission.secret_ballot", b, ready(b), first(9), Votes(yes=9, ballot="show-of-hands")
    )

    assert "show-of-hands" in out["reason"]


# --- reserved powers, temporary branches, one vote per person ------------------------------


def test_only_the_general_assembly_admits() -> None:
    b = book(9, committee=["F1", "F2", "F3"])
    member = ready(b)
    meeting = b.hold(ADMITTED, ["F1", "F2", "F3"], kind=MeetingKind.COMMITTEE)

    err = rejected(
        "assembly.reserved_powers",
        lambda: admit(b, member, meeting=meeting, votes=Votes(yes=3)),
        member,
        meeting,
        b.branch,
    )
    names(err, meeting.code, "committee", "admit")


def test_a_temporary_branch_may_cultivate_activists_but_not_admit() -> None:
    b = book(9, kind=BranchKind.TEMPORARY)
    member = ready(b)
    meeting = b.hold(ADMITTED, first(9))

    err = rejected(
        "temporary_branch.forbidden_actions",
        lambda: admit(b, member, meeting=meeting, votes=Votes(yes=9)),
        member,
        meeting,
        b.branch,
    )
    names(err, "B01 is a temporary branch", "admit")


def test_a_temporary_branch_rule_made_soft_admits_with_a_warning() -> None:
    version = amended({}, {"temporary_branch.forbidden_actions": Severity.SOFT})
    b = book(9, kind=BranchKind.TEMPORARY, version=version)
    member = ready(b)

    admit(b, member)

    assert member.status is Status.ADMITTED
    assert warned(member) == ["temporary_branch.forbidden_actions"]


def test_a_meeting_does_not_take_the_same_decision_on_the_same_person_twice() -> None:
    b = book(9)
    member = probationary(b)
    meeting = b.hold(PROBATION_END, first(9))
    resolve(b, member, Decision.CONVERT, meeting=meeting)
    approve(b, member, on=PROBATION_END, approved=False)

    err = rejected(
        "admission.vote_individually",
        lambda: resolve(b, member, Decision.CONVERT, meeting=meeting),
        member,
        meeting,
    )
    names(err, meeting.code, "C1")


def test_one_assembly_admits_two_candidates_each_by_their_own_vote() -> None:
    b = book(9)
    one, two = ready(b, "C1"), ready(b, "C2")
    meeting = b.hold(ADMITTED, first(9))

    admit(b, one, meeting=meeting, votes=Votes(yes=9))
    admit(b, two, meeting=meeting, votes=Votes(yes=5, no=4))

    assert meeting.resolutions == [("C1", Decision.ADMIT), ("C2", Decision.ADMIT)]


def test_a_decision_dated_other_than_the_meeting_day_is_rejected() -> None:
    b = book(9)
    member = ready(b)
    meeting = b.hold(date(2017, 4, 19), first(9))

    rejected(
        "record.meeting_date",
        lambda: admit(b, member, meeting=meeting, votes=Votes(yes=9)),
        member,
        meeting,
    )


def test_a_decision_at_another_branchs_meeting_is_rejected() -> None:
    b, other = book(9), book(9, code="B02")
    member = ready(b)
    meeting = other.hold(ADMITTED, first(9))

    rejected(
        "record.meeting_branch",
        lambda: admit(b, member, meeting=meeting, votes=Votes(yes=9)),
        member,
        meeting,
    )
