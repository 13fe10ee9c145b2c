"""From application to development candidate, every rule of the path at its boundaries (T2–T9)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from pipeline_support import (
    ACTIVIST,
    ADMITTED,
    APPLIED,
    ASSESSED,
    CANDIDATE,
    PREREVIEWED,
    TRAINED,
    Book,
    activist,
    admit,
    amended,
    applicant,
    book,
    candidate,
    designate_activist,
    designate_candidate,
    enrol,
    names,
    ready,
    rejected,
    step,
    warned,
)

from branchbook.domain.decisions import Decision, Votes
from branchbook.domain.meeting import MeetingKind
from branchbook.domain.member import Member, Status
from branchbook.domain.rules import Severity

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
    names(err, meeting.code, "assembly", "committee")


def test_a_branch_without_a_committee_designates_in_its_assembly_not_a_committee_meeting() -> None:
    b = book(5)
    member = applicant(b)
    meeting = b.hold(ACTIVIST, ["F1", "F2"], kind=MeetingKind.COMMITTEE)

    rejected(
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
        names(err, "1 yes vote(s) of 3 committee members present", "at least 2")


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
    names(err, "4 yes vote(s)", "of 9", "at least 5")
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


# --- contacts (T4) ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("contacts", "warns"),
    [((), True), (("F1",), False), (("F1", "F2"), False), (("F1", "F2", "F3"), True)],
)
def test_one_or_two_full_members_are_named_as_contacts(
    contacts: tuple[str, ...], warns: bool
) -> None:
    b = book(5)
    member = applicant(b)

    j = designate_activist(b, member, contacts=contacts)

    expected = ["activist.contacts"] if warns else []
    assert warned(member) == expected
    assert [w.rule for w in j.warnings] == expected
    assert member.contacts == contacts
    if warns:
        assert f"{len(contacts)} contact(s) named" in j.warnings[0].reason


@pytest.mark.parametrize("contact", ["C2", "P1", "X9"])
def test_a_contact_who_is_not_a_full_member_with_rights_draws_a_warning(contact: str) -> None:
    b = book(5)
    enrol(b, "P1", status=Status.PROBATIONARY)
    applicant(b, "C2")
    member = applicant(b)

    j = designate_activist(b, member, contacts=("F1", contact))

    assert warned(member) == ["activist.contacts"]
    assert contact in j.warnings[0].reason
    assert member.status is Status.ACTIVIST


def test_a_contact_whose_rights_are_suspended_draws_a_warning() -> None:
    b = book(5)
    b["F2"].suspend_rights(
        reason="detained", branch=b.branch, step=step(date(2016, 2, 1)), judge=b.judge()
    )
    member = applicant(b)

    designate_activist(b, member, contacts=("F1", "F2"))

    assert warned(member) == ["activist.contacts"]


# --- assessments (T4) ------------------------------------------------------------------------


def test_an_assessment_within_six_months_of_the_last_is_clean_and_one_a_day_later_warns() -> None:
    b = book(3)
    member = applicant(b)
    designate_activist(b, member)

    member.assess(step=step(date(2016, 9, 1)), judge=b.judge())
    assert warned(member) == []
    member.assess(step=step(date(2017, 3, 2)), judge=b.judge())

    assert warned(member) == ["activist.assessment_interval"]
    assert member.assessments == [date(2016, 9, 1), date(2017, 3, 2)]


def test_a_designation_as_candidate_after_a_long_gap_without_assessment_warns() -> None:
    b = book(3)
    member = applicant(b)
    designate_activist(b, member)
    member.assess(step=step(ASSESSED[0]), judge=b.judge())

    designate_candidate(b, member)

    assert warned(member) == ["activist.assessment_interval"]
    assert member.status is Status.CANDIDATE


def test_an_applicant_is_not_assessed_as_an_activist() -> None:
    b = book(3)
    member = applicant(b)

    rejected(
        "record.transition",
        lambda: member.assess(step=step(ACTIVIST), judge=b.judge()),
        member,
    )


# --- cultivation before candidacy (T5) ----------------------------------------------------------


def test_an_activist_becomes_a_candidate_after_exactly_twelve_months() -> None:
    b = book(3)
    member = activist(b)

    designate_candidate(b, member, on=date(2017, 3, 1))

    assert member.status is Status.CANDIDATE
    assert member.candidate_on == date(2017, 3, 1)
    assert warned(member) == []


def test_an_activist_one_day_short_of_twelve_months_is_rejected() -> None:
    b = book(3)
    member = activist(b)
    meeting = b.deciding_meeting(date(2017, 2, 28))

    err = rejected(
        "activist.min_cultivation",
        lambda: member.designate_candidate(
            meeting=meeting,
            branch=b.branch,
            votes=None,
            step=step(date(2017, 2, 28)),
            judge=b.judge(),
        ),
        member,
        meeting,
        b.branch,
    )
    names(err, ACTIVIST, date(2017, 2, 28), date(2017, 3, 1), "12 months")


def test_a_shorter_cultivation_in_a_local_version_accepts_an_earlier_designation() -> None:
    b = book(3, version=amended({"activist.min_cultivation": {"months": 6}}))
    member = applicant(b)
    designate_activist(b, member)

    designate_candidate(b, member, on=date(2016, 9, 1))

    assert member.status is Status.CANDIDATE


def test_an_applicant_cannot_be_designated_a_candidate() -> None:
    b = book(3)
    member = applicant(b)
    meeting = b.deciding_meeting(CANDIDATE)

    rejected(
        "record.transition",
        lambda: member.designate_candidate(
            meeting=meeting, branch=b.branch, votes=None, step=step(CANDIDATE), judge=b.judge()
        ),
        member,
        meeting,
    )


# --- introducers (T6) -------------------------------------------------------------------------


def introduce(b: Book, member: Member, numbers: list[str], on: date = date(2017, 3, 20)) -> None:
    member.name_introducers(introducers=b.named(numbers), step=step(on), judge=b.judge())


def test_two_full_members_are_accepted_as_introducers() -> None:
    b = book(5)
    member = candidate(b)

    introduce(b, member, ["F3", "F4"])

    assert member.introducers == ("F3", "F4")
    assert warned(member) == []


@pytest.mark.parametrize(
    ("introducers", "unfit"),
    [
        (["F1"], []),
        (["F1", "F2", "F3"], []),
        (["F1", "P1"], ["P1"]),
        (["F1", "F5"], ["F5"]),
        (["F1", "X9"], ["X9"]),
        (["F1", "C1"], ["C1"]),
        (["F1", "C2"], ["C2"]),
    ],
)
def test_introducers_who_are_not_two_full_members_with_rights_are_rejected(
    introducers: list[str], unfit: list[str]
) -> None:
    b = book(5)
    enrol(b, "P1", status=Status.PROBATIONARY)
    b["F5"].suspend_rights(
        reason="detained", branch=b.branch, step=step(date(2016, 6, 1)), judge=b.judge()
    )
    applicant(b, "C2")
    member = candidate(b)

    err = rejected("candidate.introducers", lambda: introduce(b, member, introducers), member)

    assert err.facts["unfit"] == unfit
    assert err.facts["count"] == len(introducers)
    names(err, f"{len(introducers)} introducer(s)", *unfit)


def test_an_introducer_whose_rights_are_restored_may_introduce_again() -> None:
    b = book(5)
    b["F5"].suspend_rights(
        reason="detained", branch=b.branch, step=step(date(2016, 6, 1)), judge=b.judge()
    )
    b["F5"].restore_rights(branch=b.branch, step=step(date(2017, 3, 15)), judge=b.judge())
    member = candidate(b)

    rejected(
        "candidate.introducers",
        lambda: introduce(b, member, ["F1", "F5"], on=date(2017, 3, 14)),
        member,
    )
    introduce(b, member, ["F1", "F5"], on=date(2017, 3, 15))
    assert member.introducers == ("F1", "F5")


def test_a_member_excluded_from_the_should_attend_count_keeps_their_rights_as_introducer() -> None:
    b = book(5)
    meeting = b.hold(date(2016, 6, 1), ["F1", "F2", "F3"])
    b["F5"].exclude(
        category="abroad",
        consent="Primary committee 2016/3",
        meeting=meeting,
        branch=b.branch,
        step=step(date(2016, 6, 1)),
        judge=b.judge(),
    )
    member = candidate(b)

    introduce(b, member, ["F1", "F5"])

    assert member.introducers == ("F1", "F5")


def test_an_activist_cannot_name_introducers() -> None:
    b = book(5)
    member = activist(b)

    rejected("record.transition", lambda: introduce(b, member, ["F1", "F2"]), member)


# --- readiness for admission: training, review, introducers, pre-review (T7-T9) -------------


@pytest.mark.parametrize(
    ("sessions", "enough"),
    [
        ([(3, 0)], True),
        ([(0, 24)], True),
        ([(2, 23)], False),
        ([(1, 8), (1, 8)], False),
        ([(2, 0), (1, 0)], True),
        ([(0, 12), (0, 12)], True),
        ([(0, 0)], False),
    ],
)
def test_training_of_three_days_or_twenty_four_hours_is_needed_before_admission(
    sessions: list[tuple[int, int]], enough: bool
) -> None:
    b = book(9)
    member = ready(b, skip=["training"])
    for days, hours in sessions:
        member.train(days=days, hours=hours, step=step(TRAINED), judge=b.judge())

    if enough:
        admit(b, member)
        assert member.status is Status.ADMITTED
        return
    meeting = b.hold(ADMITTED, b.branch.voters_on(ADMITTED))
    err = rejected(
        "candidate.training",
        lambda: admit(b, member, meeting=meeting),
        member,
        meeting,
        b.branch,
    )
    days = sum(d for d, _ in sessions)
    hours = sum(h for _, h in sessions)
    names(err, f"{days} day(s) and {hours} class hour(s)", "3 days or 24 hours")


@pytest.mark.parametrize("passed", [None, False])
def test_admission_without_a_passed_political_review_is_rejected(passed: bool | None) -> None:
    b = book(9)
    member = ready(b, skip=["review"])
    if passed is not None:
        member.review(passed=passed, step=step(date(2017, 3, 10)), judge=b.judge())
    meeting = b.hold(ADMITTED, b.branch.voters_on(ADMITTED))

    err = rejected(
        "candidate.political_review",
        lambda: admit(b, member, meeting=meeting),
        member,
        meeting,
        b.branch,
    )
    names(err, "C1", "failed" if passed is False else "no recorded")


def test_a_review_that_is_not_required_by_the_rulebook_is_not_checked() -> None:
    b = book(9, version=amended({"candidate.political_review": {"required": False}}))
    member = ready(b, skip=["review"])

    admit(b, member)

    assert member.status is Status.ADMITTED


def test_admission_without_introducers_is_rejected() -> None:
    b = book(9)
    member = ready(b, skip=["introducers"])
    meeting = b.hold(ADMITTED, b.branch.voters_on(ADMITTED))

    err = rejected(
        "candidate.introducers", lambda: admit(b, member, meeting=meeting), member, meeting
    )
    names(err, "0 introducer(s)")


def test_admission_without_a_pre_review_is_rejected() -> None:
    b = book(9)
    member = ready(b, skip=["prereview"])
    meeting = b.hold(ADMITTED, b.branch.voters_on(ADMITTED))

    err = rejected(
        "candidate.prereview", lambda: admit(b, member, meeting=meeting), member, meeting
    )
    names(err, "C1", "pre-review")


def test_an_assembly_one_month_after_the_pre_review_is_clean() -> None:
    b = book(9)
    member = ready(b)

    j = admit(b, member, on=date(2017, 5, 1))

    assert j.warnings == []
    assert warned(member) == []


def test_an_assembly_more_than_a_month_after_the_pre_review_is_recorded_with_a_warning() -> None:
    b = book(9)
    member = ready(b)

    j = admit(b, member, on=date(2017, 5, 2))

    assert member.status is Status.ADMITTED
    assert warned(member) == ["admission.assembly_after_prereview"]
    names_in = j.warnings[0].reason
    assert str(PREREVIEWED) in names_in
    assert "2017-05-01" in names_in


def test_the_same_warning_is_recorded_on_the_meetings_resolution() -> None:
    b = book(9)
    member = ready(b)
    meeting = b.hold(date(2017, 5, 2), b.branch.voters_on(date(2017, 5, 2)))

    admit(b, member, on=date(2017, 5, 2), meeting=meeting)

    assert warned(meeting) == ["admission.assembly_after_prereview"]


def test_a_late_assembly_made_hard_by_a_local_version_is_rejected() -> None:
    b = book(9, version=amended({}, {"admission.assembly_after_prereview": Severity.HARD}))
    member = ready(b)
    meeting = b.hold(date(2017, 5, 2), b.branch.voters_on(date(2017, 5, 2)))

    rejected(
        "admission.assembly_after_prereview",
        lambda: admit(b, member, on=date(2017, 5, 2), meeting=meeting),
        member,
        meeting,
        b.branch,
    )


# --- the wrong status for a step ---------------------------------------------------------


def test_an_activist_is_not_admitted() -> None:
    b = book(9)
    member = activist(b)
    meeting = b.hold(ADMITTED, b.branch.voters_on(ADMITTED))

    err = rejected(
        "record.transition",
        lambda: admit(b, member, meeting=meeting),
        member,
        meeting,
        b.branch,
    )
    names(err, "C1 is activist", "candidate")


@pytest.mark.parametrize("what", ["review", "train", "prereview"])
def test_candidate_steps_on_an_activist_are_rejected(what: str) -> None:
    b = book(3)
    member = activist(b)
    j, on = b.judge(), step(CANDIDATE)
    actions = {
        "review": lambda: member.review(passed=True, step=on, judge=j),
        "train": lambda: member.train(days=3, hours=0, step=on, judge=j),
        "prereview": lambda: member.prereview(body="Primary committee", step=on, judge=j),
    }

    rejected("record.transition", actions[what], member)


def test_a_step_dated_before_the_last_change_of_standing_is_rejected() -> None:
    b = book(3)
    member = candidate(b)

    err = rejected(
        "record.step_order",
        lambda: member.review(
            passed=True, step=step(CANDIDATE - timedelta(days=1)), judge=b.judge()
        ),
        member,
    )
    names(err, CANDIDATE)


def test_the_designation_resolutions_carry_the_evidence_of_the_deciding_body() -> None:
    b = book(9, committee=["F1", "F2", "F3"])
    member = applicant(b)
    meeting = b.hold(ACTIVIST, ["F1", "F2"], kind=MeetingKind.COMMITTEE)

    member.designate_activist(
        meeting=meeting,
        branch=b.branch,
        contacts=b.named(["F1"]),
        recommended_by="members",
        votes=Votes(yes=2),
        step=step(ACTIVIST),
        judge=b.judge(),
    )

    resolved = meeting.pending_events[-1]
    assert isinstance(resolved, type(meeting).Resolved)
    assert resolved.decision == Decision.DESIGNATE_ACTIVIST
    assert resolved.evidence["committee"] == ["F1", "F2", "F3"]
    assert resolved.evidence["committee_present"] == ["F1", "F2"]
    assert resolved.evidence["quorum_needed"] == 2
    assert resolved.evidence["yes"] == 2


# --- readiness is judged as of the assembly date ---------------------------------------------


@pytest.mark.parametrize("late", ["review", "prereview"])
def test_an_admission_dated_before_the_review_or_pre_review_it_rests_on_is_rejected(
    late: str,
) -> None:
    b = book(9)
    member = ready(b, skip=[late])
    after = ADMITTED + timedelta(days=1)
    if late == "review":
        member.review(passed=True, step=step(after), judge=b.judge())
    else:
        member.prereview(body="Primary committee", step=step(after), judge=b.judge())
    meeting = b.hold(ADMITTED, b.branch.voters_on(ADMITTED))

    err = rejected(
        "record.step_order",
        lambda: admit(b, member, meeting=meeting),
        member,
        meeting,
        b.branch,
    )
    names(err, "admission", ADMITTED, after)


def test_training_dated_after_the_assembly_does_not_count_towards_admission() -> None:
    b = book(9)
    member = ready(b, skip=["training"])
    member.train(days=1, hours=0, step=step(TRAINED), judge=b.judge())
    member.train(days=2, hours=0, step=step(ADMITTED + timedelta(days=1)), judge=b.judge())
    meeting = b.hold(ADMITTED, b.branch.voters_on(ADMITTED))

    err = rejected(
        "candidate.training",
        lambda: admit(b, member, meeting=meeting),
        member,
        meeting,
        b.branch,
    )
    assert (err.facts["days"], err.facts["hours"]) == (1, 0)
    admit(b, member, on=ADMITTED + timedelta(days=1))
    assert member.status is Status.ADMITTED
