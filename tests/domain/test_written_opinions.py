"""Written opinions of absent members: when they count as yes, never towards attendance, and
who may give one."""

from __future__ import annotations

import pytest
from pipeline_support import (
    PROBATION_END,
    Book,
    applicant,
    book,
    enrol,
    probationary,
    ready,
    rejected,
    resolve,
)
from votes_support import QUORUM, THRESHOLD, admission, first, refused, version_with

from branchbook.domain.decisions import Decision, Votes
from branchbook.domain.meeting import Meeting
from branchbook.domain.member import Member, Status

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
