"""From activist to candidate: contacts, assessments, the months of cultivation and the
introducers (T4–T6)."""

from __future__ import annotations

from datetime import date

import pytest
from pipeline_support import (
    ACTIVIST,
    ASSESSED,
    CANDIDATE,
    HIGHER,
    Book,
    activist,
    amended,
    applicant,
    book,
    candidate,
    designate_activist,
    designate_candidate,
    enrol,
    names,
    rejected,
    step,
    warned,
)

from branchbook.domain.member import Member, Status
from branchbook.domain.wording import counted

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
        assert f"{counted(len(contacts), 'contact')} named" in j.warnings[0].reason


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
    names(err, counted(len(introducers), "introducer"), *unfit)


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
        consenting=HIGHER,
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
