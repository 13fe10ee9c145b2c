"""Who counts in should-attend: voters only, the roll on the meeting date, and COD-5 exclusions."""

from __future__ import annotations

from datetime import date

import pytest
from pipeline_support import (
    ACTIVIST,
    ADMITTED,
    BUILTIN,
    HIGHER,
    Book,
    admit,
    applicant,
    book,
    enrol,
    ready,
    rejected,
    step,
)
from votes_support import QUORUM, admission, first, refused, version_with

from branchbook.domain.decisions import Votes
from branchbook.domain.meeting import Meeting, MeetingKind
from branchbook.domain.member import Member, Status
from branchbook.domain.organisation import Body
from branchbook.domain.rules import RulebookVersion

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
        consenting=HIGHER,
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
            consenting=HIGHER,
            meeting=meeting,
            branch=b.branch,
            step=step(EXCLUDED_ON),
            judge=b.judge(),
        )

    rule = "should_attend.exclusion_basis"
    rejected(rule, lambda: exclude(committee, "PC 1"), member, b.branch)
    rejected(rule, lambda: exclude(earlier, "PC 1"), member, b.branch)
    rejected(rule, lambda: exclude(assembly, ""), member, b.branch)
    rejected(rule, lambda: exclude(assembly, "  "), member, b.branch)
    exclude(assembly, "PC 1")
    assert b.branch.counted_on(EXCLUDED_ON) == first(4)
    assert b.branch.voters_on(EXCLUDED_ON) == first(5)


def test_an_exclusion_needs_the_consent_of_an_organisation_above_the_branch() -> None:
    b = book(5)
    member = b["F5"]
    assembly = b.hold(EXCLUDED_ON, first(5))

    def exclude(consenting: Body) -> None:
        member.exclude(
            category="ill",
            consent="组发〔2015〕3号",
            consenting=consenting,
            meeting=assembly,
            branch=b.branch,
            step=step(EXCLUDED_ON),
            judge=b.judge(),
        )

    elsewhere = Body("XC", "A committee elsewhere", "committee", above=HIGHER.above)
    err = rejected("should_attend.exclusion_basis", lambda: exclude(elsewhere), member, b.branch)
    assert "comes from XC, which is not above B01" in err.reason
    exclude(HIGHER)
    assert member.excluded == "ill"


@pytest.mark.parametrize(("present", "rule"), [(2, "assembly.quorum"), (3, None)])
def test_an_exclusion_is_resolved_by_an_assembly_with_its_quorum(
    present: int, rule: str | None
) -> None:
    b = book(5)  # 5 voting members: more than half is 3
    member = b["F5"]
    assembly = b.hold(EXCLUDED_ON, first(present))

    def exclude() -> None:
        member.exclude(
            category="abroad",
            consent="组发〔2015〕3号",
            consenting=HIGHER,
            meeting=assembly,
            branch=b.branch,
            step=step(EXCLUDED_ON),
            judge=b.judge(),
        )

    if rule is None:
        exclude()
        assert b.branch.counted_on(EXCLUDED_ON) == first(4)
    else:
        err = rejected(rule, exclude, member, b.branch)
        assert (err.facts["present"], err.facts["should_attend"]) == (2, 5)
