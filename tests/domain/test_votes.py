"""General assembly votes: quorum, threshold, written opinions, ballots and who counts (§2)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

import pytest
from pipeline_support import (
    ACTIVIST,
    ADMITTED,
    BUILTIN,
    PROBATION_END,
    Book,
    admit,
    amended,
    applicant,
    approve,
    book,
    enrol,
    full_numbers,
    names,
    probationary,
    ready,
    rejected,
    resolve,
    step,
    warned,
)

from branchbook.domain.branch import BranchKind
from branchbook.domain.decisions import Decision, Votes
from branchbook.domain.meeting import Meeting, MeetingKind
from branchbook.domain.member import Member, Status
from branchbook.domain.rules import ParamValue, RulebookVersion, Severity

QUORUM = "assembly.quorum"
THRESHOLD = "assembly.pass_threshold"


def admission(
    b: Book, member: Member, present: Iterable[str], votes: Votes, on: date = ADMITTED
) -> tuple[Meeting, dict[str, Any]]:
    """Hold the assembly and admit; return the meeting and the evidence it recorded."""
    meeting = b.hold(on, present)
    admit(b, member, on=on, meeting=meeting, votes=votes)
    resolved = meeting.pending_events[-1]
    assert isinstance(resolved, Meeting.Resolved)
    return meeting, resolved.evidence


def refused(
    rule_id: str, b: Book, member: Member, present: Iterable[str], votes: Votes
) -> dict[str, Any]:
    """Hold the assembly and try to admit; the rule must refuse and nothing be written."""
    meeting = b.hold(ADMITTED, present)
    err = rejected(
        rule_id,
        lambda: admit(b, member, meeting=meeting, votes=votes),
        member,
        meeting,
        b.branch,
    )
    return {"facts": err.facts, "reason": err.reason}


def first(count: int) -> list[str]:
    return full_numbers(count)


def version_with(rule_id: str, **params: ParamValue) -> RulebookVersion:
    return amended({rule_id: params})


# --- the issue's own boundary: 9 voting members ----------------------------------------------


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
    assert "more than half (at least 5) required" in out["reason"]


def test_four_yes_of_nine_should_attend_do_not_carry_an_admission() -> None:
    b = book(9)

    out = refused(THRESHOLD, b, ready(b), first(9), Votes(yes=4, no=5))

    assert (out["facts"]["yes"], out["facts"]["should_attend"]) == (4, 9)
    assert "4 yes vote(s) of 9 should-attend voting members" in out["reason"]
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


# --- written opinions ------------------------------------------------------------------------


def test_written_opinions_of_absent_members_count_as_yes_in_an_admission() -> None:
    b = book(9)
    member = ready(b)

    _, evidence = admission(b, member, first(5), Votes(yes=3, no=2, written_for=("F8", "F9")))

    assert evidence["yes_total"] == 5
    assert evidence["written_for"] == ["F8", "F9"]
    assert evidence["written_counted"] is True
    assert evidence["present_voting"] == 5


def test_written_opinions_never_count_towards_attendance() -> None:
    b = book(9)

    out = refused(
        QUORUM,
        b,
        ready(b),
        first(4),
        Votes(yes=4, written_for=("F5", "F6", "F7", "F8", "F9")),
    )

    assert out["facts"]["present"] == 4


def test_written_opinions_against_do_not_add_to_the_yes_votes() -> None:
    b = book(9)

    out = refused(
        THRESHOLD, b, ready(b), first(5), Votes(yes=4, no=1, written_against=("F8", "F9"))
    )

    assert out["facts"]["yes"] == 4


def test_written_opinions_are_not_counted_when_the_rulebook_says_so() -> None:
    b = book(9, version=version_with("admission.written_opinions", counted=False))

    out = refused(THRESHOLD, b, ready(b), first(5), Votes(yes=3, no=2, written_for=("F8", "F9")))

    assert out["facts"]["written"] == 0


def conversion(
    b: Book, member: Member, decision: str, votes: Votes, months: int | None = None
) -> Meeting:
    meeting = b.hold(PROBATION_END, first(5))
    resolve(b, member, decision, meeting=meeting, votes=votes, months=months)
    return meeting


def test_written_opinions_count_as_yes_in_a_conversion() -> None:
    b = book(9)
    member = probationary(b)

    meeting = conversion(b, member, Decision.CONVERT, Votes(yes=3, written_for=("F8", "F9")))

    assert member.pending is not None
    assert member.pending.decision == Decision.CONVERT
    resolved = meeting.pending_events[-1]
    assert isinstance(resolved, Meeting.Resolved)
    assert resolved.evidence["yes_total"] == 5


@pytest.mark.parametrize(("decision", "months"), [(Decision.EXTEND, 6), (Decision.REVOKE, None)])
def test_written_opinions_do_not_count_in_an_extension_or_revocation_by_default(
    decision: str, months: int | None
) -> None:
    b = book(9)
    member = probationary(b)
    meeting = b.hold(PROBATION_END, first(5))
    votes = Votes(yes=3, written_for=("F8", "F9"))

    err = rejected(
        THRESHOLD,
        lambda: resolve(b, member, decision, meeting=meeting, votes=votes, months=months),
        member,
        meeting,
    )

    assert (err.facts["yes"], err.facts["written"]) == (3, 0)


@pytest.mark.parametrize(("decision", "months"), [(Decision.EXTEND, 6), (Decision.REVOKE, None)])
def test_written_opinions_count_in_an_extension_or_revocation_when_configured(
    decision: str, months: int | None
) -> None:
    b = book(9, version=version_with("assembly.written_opinions", counted=True))
    member = probationary(b)

    meeting = conversion(b, member, decision, Votes(yes=3, written_for=("F8", "F9")), months)

    resolved = meeting.pending_events[-1]
    assert isinstance(resolved, Meeting.Resolved)
    assert resolved.evidence["written_counted"] is True
    assert resolved.evidence["yes_total"] == 5


@pytest.mark.parametrize(
    ("written", "improper"),
    [
        (("F1",), ["F1"]),  # present
        (("P1",), ["P1"]),  # a probationary member has no vote
        (("C2",), ["C2"]),  # an applicant
        (("C1",), ["C1"]),  # the candidate
        (("X9",), ["X9"]),  # no one the book knows
        (("F8", "F8"), ["F8"]),  # the same member twice
    ],
)
def test_a_written_opinion_from_anyone_but_an_absent_should_attend_voter_is_rejected(
    written: tuple[str, ...], improper: list[str]
) -> None:
    b = book(9)
    enrol(b, "P1", status=Status.PROBATIONARY)
    applicant(b, "C2")

    out = refused(
        "record.written_opinion_absent",
        b,
        ready(b),
        first(5),
        Votes(yes=5, written_for=written),
    )

    assert out["facts"]["improper"] == improper
    assert improper[0] in out["reason"]


def test_the_same_member_for_and_against_is_rejected() -> None:
    b = book(9)

    out = refused(
        "record.written_opinion_absent",
        b,
        ready(b),
        first(5),
        Votes(yes=5, written_for=("F8",), written_against=("F8",)),
    )

    assert out["facts"]["improper"] == ["F8"]


def test_a_written_opinion_is_rejected_in_an_extension_too_even_though_it_is_not_counted() -> None:
    b = book(9)
    member = probationary(b)
    meeting = b.hold(PROBATION_END, first(5))

    rejected(
        "record.written_opinion_absent",
        lambda: resolve(
            b,
            member,
            Decision.EXTEND,
            meeting=meeting,
            votes=Votes(yes=5, written_for=("F1",)),
            months=6,
        ),
        member,
        meeting,
    )


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


# --- who counts in should-attend ------------------------------------------------------------


def crowded_branch() -> tuple[Book, Member]:
    """Ten full members with F10's rights suspended, a probationary member P1, an admitted
    member C2 awaiting approval and an applicant A1: nine voting members should attend."""
    b = book(10)
    b["F10"].suspend_rights(
        reason="detained", branch=b.branch, step=step(date(2016, 6, 1)), judge=b.judge()
    )
    enrol(b, "P1", status=Status.PROBATIONARY)
    admit(b, ready(b, "C2"), on=date(2017, 4, 10))
    applicant(b, "A1", on=date(2017, 4, 1))
    return b, ready(b)


NON_VOTERS = ["F10", "P1", "C2", "A1"]


def test_non_voters_never_count_in_should_attend_nor_as_present_voters() -> None:
    b, member = crowded_branch()

    out = refused(QUORUM, b, member, [*first(4), *NON_VOTERS], Votes(yes=4))

    assert (out["facts"]["present"], out["facts"]["should_attend"]) == (4, 9)


def test_the_evidence_lists_only_voting_full_members() -> None:
    b, member = crowded_branch()

    _, evidence = admission(b, member, [*first(5), *NON_VOTERS], Votes(yes=5))

    assert evidence["should_attend_members"] == first(9)
    assert evidence["present_voting_members"] == first(5)


def test_a_member_whose_rights_are_restored_counts_again_from_that_day() -> None:
    b = book(10)
    b["F10"].suspend_rights(
        reason="detained", branch=b.branch, step=step(date(2016, 6, 1)), judge=b.judge()
    )
    b["F10"].restore_rights(branch=b.branch, step=step(ADMITTED), judge=b.judge())

    out = refused(QUORUM, b, ready(b), first(5), Votes(yes=5))

    assert out["facts"]["should_attend"] == 10
    assert b.branch.voters_on(date(2017, 4, 19)) == first(9)


def test_the_roll_on_the_meeting_date_judges_the_vote_not_the_roll_of_today() -> None:
    b = book(9)
    member = ready(b)
    meeting = b.hold(ADMITTED, first(5))
    # F9 is suspended after the meeting; the meeting still had nine should-attend.
    b["F9"].suspend_rights(
        reason="detained", branch=b.branch, step=step(date(2017, 5, 1)), judge=b.judge()
    )

    admit(b, member, meeting=meeting, votes=Votes(yes=5))

    resolved = meeting.pending_events[-1]
    assert isinstance(resolved, Meeting.Resolved)
    assert resolved.evidence["should_attend"] == 9


# --- COD-5 exclusions ---------------------------------------------------------------------------

EXCLUDED_ON = date(2015, 6, 1)


def excluded_branch(version: RulebookVersion | None = None) -> Book:
    """Ten full members, F10 left out of the should-attend count under COD-5."""
    b = book(10, version=version or BUILTIN)
    meeting = b.hold(EXCLUDED_ON, first(9))
    b["F10"].exclude(
        category="abroad over 6 months",
        consent="Primary committee 2015/7",
        meeting=meeting,
        branch=b.branch,
        step=step(EXCLUDED_ON),
        judge=b.judge(),
    )
    return b


def test_an_excluded_member_is_out_of_should_attend_for_an_admission() -> None:
    b = excluded_branch()

    _, evidence = admission(b, ready(b), first(5), Votes(yes=5))

    assert evidence["should_attend"] == 9
    assert "F10" not in evidence["should_attend_members"]


def test_exclusions_switched_off_count_the_excluded_member_again() -> None:
    b = excluded_branch(version_with("should_attend.cod5_exclusions", enabled=False))

    out = refused(QUORUM, b, ready(b), first(5), Votes(yes=5))

    assert out["facts"]["should_attend"] == 10


def designate_at_assembly(b: Book, member: Member, present: list[str]) -> Meeting:
    meeting = b.hold(ACTIVIST, present)
    member.designate_activist(
        meeting=meeting,
        branch=b.branch,
        contacts=b.named(["F1"]),
        recommended_by="members",
        votes=None,
        step=step(ACTIVIST),
        judge=b.judge(),
    )
    return meeting


def test_an_excluded_member_still_counts_for_ordinary_business_by_default() -> None:
    b = excluded_branch()
    member = applicant(b)
    meeting = b.hold(ACTIVIST, first(5))

    err = rejected(
        QUORUM,
        lambda: member.designate_activist(
            meeting=meeting,
            branch=b.branch,
            contacts=b.named(["F1"]),
            recommended_by="members",
            votes=None,
            step=step(ACTIVIST),
            judge=b.judge(),
        ),
        member,
        meeting,
    )

    assert err.facts["should_attend"] == 10


def test_exclusions_apply_to_ordinary_business_when_the_rulebook_says_so() -> None:
    b = excluded_branch(version_with("should_attend.cod5_exclusions", ordinary_business=True))
    member = applicant(b)

    meeting = designate_at_assembly(b, member, first(5))

    resolved = meeting.pending_events[-1]
    assert isinstance(resolved, Meeting.Resolved)
    assert resolved.evidence["should_attend"] == 9
    assert member.status is Status.ACTIVIST


def test_an_excluded_member_who_attends_is_not_counted_among_the_present_voters() -> None:
    b = excluded_branch()

    # The sources are silent on an excluded member who attends; the book keeps the two counts
    # on the same base, so F10 is in neither.
    out = refused(QUORUM, b, ready(b), [*first(4), "F10"], Votes(yes=4))

    assert (out["facts"]["present"], out["facts"]["should_attend"]) == (4, 9)
    assert "F10" in b.branch.voters_on(ADMITTED)


def test_an_included_member_counts_again() -> None:
    b = excluded_branch()
    b["F10"].include(branch=b.branch, step=step(date(2016, 1, 1)), judge=b.judge())

    out = refused(QUORUM, b, ready(b), first(5), Votes(yes=5))

    assert out["facts"]["should_attend"] == 10


def test_an_exclusion_needs_an_assembly_that_day_and_the_higher_consent() -> None:
    b = book(5)
    member = b["F5"]
    committee = b.hold(EXCLUDED_ON, first(5), kind=MeetingKind.COMMITTEE)
    assembly = b.hold(EXCLUDED_ON, first(5))
    earlier = b.hold(date(2015, 5, 31), first(5))

    def exclude(meeting: Meeting, consent: str) -> None:
        member.exclude(
            category="ill",
            consent=consent,
            meeting=meeting,
            branch=b.branch,
            step=step(EXCLUDED_ON),
            judge=b.judge(),
        )

    rule = "should_attend.exclusion_basis"
    rejected(rule, lambda: exclude(committee, "PC 1"), member, b.branch)
    rejected(rule, lambda: exclude(earlier, "PC 1"), member, b.branch)
    rejected(rule, lambda: exclude(assembly, ""), member, b.branch)
    exclude(assembly, "PC 1")
    assert b.branch.counted_on(EXCLUDED_ON) == first(4)
    assert b.branch.voters_on(EXCLUDED_ON) == first(5)


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
