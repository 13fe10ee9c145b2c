"""The talk and the designation of activists: the deciding body, its quorum and threshold,
and the time after the application (T2–T3)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from pipeline_support import (
    ACTIVIST,
    APPLIED,
    Book,
    activist,
    amended,
    applicant,
    book,
    designate_activist,
    names,
    rejected,
    step,
    warned,
)

from branchbook.domain.decisions import Votes
from branchbook.domain.meeting import MeetingKind
from branchbook.domain.member import Member, Status

# --- the talk (T2) -------------------------------------------------------------------------------


def test_a_talk_with_someone_who_never_applied_is_rejected_and_changes_nothing() -> None:
    b = book(3)
    member = b["F1"]

    err = rejected(
        "record.transition",
        lambda: member.talk(by="F2", step=step(APPLIED), judge=b.judge()),
        member,
    )
    names(err, "F1", "applicant")


def test_the_applicant_talk_is_not_recorded_for_an_activist() -> None:
    b = book(9)
    member = activist(b)

    err = rejected(
        "record.transition",
        lambda: member.talk(by="F2", step=step(date(2017, 1, 1)), judge=b.judge()),
        member,
    )
    names(err, "C1", "activist", "applicant")


def test_a_talk_after_the_deadline_is_recorded_with_a_warning_naming_the_rule() -> None:
    b = book(3)
    member = Member.apply(
        number="C1",
        name="Person",
        birth=date(1990, 1, 1),
        branch=b.branch,
        step=step(APPLIED),
        judge=b.judge(),
    )

    member.talk(by="F1", step=step(date(2016, 2, 5)), judge=b.judge())

    assert warned(member) == ["applicant.talk_deadline"]
    assert member.talks == [date(2016, 2, 5)]


# --- designation of activists: the deciding body (T3) ---------------------------------------


def test_a_branch_with_a_committee_designates_an_activist_in_a_committee_meeting() -> None:
    b = book(9, committee=["F1", "F2", "F3"])
    member = applicant(b)

    j = designate_activist(b, member)

    assert member.status is Status.ACTIVIST
    assert member.activist_on == ACTIVIST
    assert member.contacts == ("F1", "F2")
    assert j.warnings == []
    assert warned(member) == []


def test_a_branch_with_a_committee_may_not_designate_an_activist_in_its_assembly() -> None:
    b = book(9, committee=["F1", "F2", "F3"])
    member = applicant(b)
    meeting = b.hold(ACTIVIST, b.branch.voters_on(ACTIVIST))

    err = rejected(
        "pipeline.decision_body",
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
        b.branch,
    )
    names(err, f"{meeting.code} is an assembly meeting", "in a committee meeting")


def test_a_branch_without_a_committee_designates_in_its_assembly_not_a_committee_meeting() -> None:
    b = book(5)
    member = applicant(b)
    meeting = b.hold(ACTIVIST, ["F1", "F2"], kind=MeetingKind.COMMITTEE)

    err = rejected(
        "pipeline.decision_body",
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
    names(err, "is a committee meeting", "in an assembly meeting")
    designate_activist(b, member)
    assert member.status is Status.ACTIVIST


def test_the_deciding_body_is_the_one_in_office_on_the_date_of_the_designation() -> None:
    b = book(9)
    b.branch.enter_leadership(
        members=["F1", "F2", "F3"],
        secretary="F1",
        deputy=None,
        roles={},
        term_start=None,
        step=step(ACTIVIST + timedelta(days=1)),
        judge=b.judge(),
    )
    member = applicant(b)

    designate_activist(b, member)

    assert member.status is Status.ACTIVIST
    resolved = b.branch.committee_on(ACTIVIST)
    assert resolved is None


# --- the committee meeting: quorum and threshold ---------------------------------------------


def committee_designation(b: Book, member: Member, present: list[str], votes: Votes | None) -> None:
    meeting = b.hold(ACTIVIST, present, kind=MeetingKind.COMMITTEE)
    member.designate_activist(
        meeting=meeting,
        branch=b.branch,
        contacts=b.named(["F1"]),
        recommended_by="members",
        votes=votes,
        step=step(ACTIVIST),
        judge=b.judge(),
    )


@pytest.mark.parametrize(
    ("seats", "present", "inclusive", "carried"),
    [
        (3, 2, False, True),
        (3, 1, False, False),
        (4, 2, False, False),
        (4, 3, False, True),
        (4, 2, True, True),
        (4, 1, True, False),
        (5, 3, False, True),
        (5, 2, False, False),
    ],
)
def test_a_committee_meeting_decides_with_more_than_half_of_its_seated_members_present(
    seats: int, present: int, inclusive: bool, carried: bool
) -> None:
    version = amended({"committee_meeting.quorum": {"inclusive_half": inclusive}})
    seated = [f"F{i}" for i in range(1, seats + 1)]
    b = book(9, committee=seated, version=version)
    member = applicant(b)
    # Someone not on the committee sitting in does not make the quorum.
    attending = [*seated[:present], "F9"]

    if carried:
        committee_designation(b, member, attending, None)
        assert member.status is Status.ACTIVIST
    else:
        err = rejected(
            "committee_meeting.quorum",
            lambda: committee_designation(b, member, attending, None),
            member,
            b.branch,
        )
        assert (err.facts["present"], err.facts["committee"]) == (present, seats)
        names(err, f"{present} of {seats} committee members")


def test_a_committee_replaced_before_the_meeting_is_counted_by_its_new_seats() -> None:
    b = book(9, committee=["F1", "F2", "F3"])
    b.branch.enter_leadership(
        members=["F4", "F5", "F6", "F7", "F8"],
        secretary="F4",
        deputy=None,
        roles={},
        term_start=None,
        step=step(date(2016, 2, 1)),
        judge=b.judge(),
    )
    member = applicant(b)

    err = rejected(
        "committee_meeting.quorum",
        lambda: committee_designation(b, member, ["F1", "F2", "F3", "F4", "F5"], None),
        member,
    )

    assert (err.facts["present"], err.facts["committee"]) == (2, 5)
    committee_designation(b, member, ["F4", "F5", "F6"], None)
    assert member.status is Status.ACTIVIST


@pytest.mark.parametrize(("yes", "carried"), [(2, True), (1, False)])
def test_a_committee_decision_with_counts_needs_yes_from_more_than_half_of_those_present(
    yes: int, carried: bool
) -> None:
    b = book(9, committee=["F1", "F2", "F3", "F4", "F5"])
    member = applicant(b)
    votes = Votes(yes=yes, no=3 - yes)

    if carried:
        committee_designation(b, member, ["F1", "F2", "F3"], votes)
        assert member.status is Status.ACTIVIST
    else:
        err = rejected(
            "committee_meeting.pass_threshold",
            lambda: committee_designation(b, member, ["F1", "F2", "F3"], votes),
            member,
        )
        names(err, "1 yes vote of 3 committee members present", "at least 2")


def test_a_committee_vote_with_more_ballots_than_committee_members_present_is_rejected() -> None:
    b = book(9, committee=["F1", "F2", "F3"])
    member = applicant(b)

    err = rejected(
        "record.ballots_within_present",
        lambda: committee_designation(b, member, ["F1", "F2", "F9"], Votes(yes=2, no=1)),
        member,
    )
    assert (err.facts["cast"], err.facts["present"]) == (3, 2)


def test_an_assembly_designation_with_counts_is_held_to_the_assembly_threshold() -> None:
    b = book(9)
    member = applicant(b)
    meeting = b.hold(ACTIVIST, b.branch.voters_on(ACTIVIST))

    def designate(yes: int) -> None:
        member.designate_activist(
            meeting=meeting,
            branch=b.branch,
            contacts=b.named(["F1"]),
            recommended_by="members",
            votes=Votes(yes=yes, no=9 - yes),
            step=step(ACTIVIST),
            judge=b.judge(),
        )

    err = rejected("assembly.pass_threshold", lambda: designate(4), member, meeting)
    names(err, "4 yes votes", "of 9", "at least 5")
    designate(5)
    assert member.status is Status.ACTIVIST


def test_an_assembly_designation_needs_a_quorum_of_the_assembly() -> None:
    b = book(9)
    member = applicant(b)
    meeting = b.hold(ACTIVIST, ["F1", "F2", "F3", "F4"])

    err = rejected(
        "assembly.quorum",
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
    names(err, "4 of 9 voting members present", "at least 5")


# --- time after the application (T3) ---------------------------------------------------------


def test_the_minimum_time_after_the_application_is_unset_by_default() -> None:
    b = book(3)
    member = applicant(b)

    assert designate_activist(b, member, on=APPLIED + timedelta(days=20)).warnings == []


def test_a_local_minimum_time_after_the_application_warns_on_an_early_designation() -> None:
    b = book(3, version=amended({"activist.after_application": {"min_months": 3}}))
    early, on_time = applicant(b, "C1"), applicant(b, "C2")

    designate_activist(b, early, on=date(2016, 4, 3))
    designate_activist(b, on_time, on=date(2016, 4, 4))

    assert warned(early) == ["activist.after_application"]
    assert warned(on_time) == []
