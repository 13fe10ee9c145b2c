"""A written opinion counts only if lodged before the meeting opened (DR art. 21, 33): one
lodged later is kept in the evidence, not counted, and a warning names it."""

from __future__ import annotations

import pytest
from pipeline_support import (
    ADMITTED,
    PROBATION_END,
    admit,
    amended,
    book,
    probationary,
    ready,
    rejected,
    resolve,
    step,
    warned,
)
from votes_support import THRESHOLD, admission, first

from branchbook.domain.decisions import Decision, Votes, lodged_late
from branchbook.domain.meeting import Meeting

IN_TIME = "admission.written_opinion_in_time"
DAY = ADMITTED.isoformat()  # the meeting's date, 2017-04-20


def with_opinions(lodged: dict[str, str], opened: str | None = "09:00") -> Votes:
    """5 present vote 3 yes; F8 and F9, absent, lodged opinions for: 5 yes if both count."""
    return Votes(yes=3, no=2, written_for=("F8", "F9"), lodged=lodged, opened=opened)


@pytest.mark.parametrize(
    ("when", "opened", "late"),
    [
        ("2017-04-19", None, False),  # the day before: in time, whatever the opening
        ("2017-04-19T23:59", "09:00", False),
        (f"{DAY}T08:59", "09:00", False),  # a minute before the opening
        (f"{DAY}T09:00", "09:00", True),  # at the opening: not before it
        (f"{DAY}T08:59", None, True),  # that day, opening time not recorded
        (DAY, "09:00", True),  # that day, no time of lodging
        ("2017-04-21", "09:00", True),  # the day after
    ],
)
def test_an_opinion_is_in_time_only_if_shown_lodged_before_the_opening(
    when: str, opened: str | None, late: bool
) -> None:
    assert (lodged_late({"F9": when}, ADMITTED, opened) == {"F9": when}) is late


def test_opinions_lodged_before_the_opening_count_and_the_evidence_says_when() -> None:
    b = book(9)

    meeting, evidence = admission(
        b, ready(b), first(5), with_opinions({"F8": "2017-04-18", "F9": f"{DAY}T08:59"})
    )

    assert evidence["yes_total"] == 5
    assert evidence["written_lodged"] == {"F8": "2017-04-18", "F9": f"{DAY}T08:59"}
    assert (evidence["opened"], evidence["written_late"]) == ("09:00", [])
    assert warned(meeting) == []


def test_an_opinion_lodged_at_the_opening_is_kept_but_not_counted_and_a_warning_says_so() -> None:
    b = book(9)
    member = ready(b)

    out = rejected(
        THRESHOLD,
        lambda: admission(
            b, member, first(5), with_opinions({"F8": "2017-04-18", "F9": f"{DAY}T09:00"})
        ),
        member,
    )

    assert (out.facts["yes"], out.facts["written"]) == (4, 1)


def test_a_late_opinion_is_kept_in_a_vote_that_carries_without_it() -> None:
    b = book(9)
    votes = Votes(yes=5, written_for=("F8", "F9"), lodged={"F9": f"{DAY}T10:30"}, opened="09:00")

    meeting, evidence = admission(b, ready(b), first(5), votes)

    assert evidence["written_for"] == ["F8", "F9"]
    assert evidence["written_late"] == ["F9"]
    assert evidence["yes_total"] == 6  # F8, lodged with no time given, counts as before
    assert warned(meeting) == [IN_TIME]
    warnings = vars(meeting.pending_events[-1])["step"].warnings
    assert f"F9 ({DAY}T10:30)" in warnings[0].reason


def test_a_late_opinion_can_leave_a_conversion_vote_failed() -> None:
    b = book(9)
    member = probationary(b)
    meeting = b.hold(PROBATION_END, first(5))
    late = f"{PROBATION_END.isoformat()}T19:00"

    member.resolve(
        decision=Decision.CONVERT,
        meeting=meeting,
        branch=b.branch,
        votes=Votes(yes=4, written_for=("F9",), lodged={"F9": late}, opened="14:30"),
        months=None,
        step=step(PROBATION_END),
        judge=b.judge(),
        failed=True,
    )

    failed = meeting.pending_events[-1]
    assert isinstance(failed, Meeting.VoteFailed)
    assert (failed.evidence["yes_total"], failed.evidence["written_late"]) == (4, ["F9"])
    assert [w.rule for w in failed.step.warnings] == [IN_TIME]


def test_a_rulebook_may_count_opinions_whenever_lodged() -> None:
    b = book(9, version=amended({IN_TIME: {"before_opening": False}}))

    _, evidence = admission(
        b, ready(b), first(5), with_opinions({"F8": "2017-04-18", "F9": f"{DAY}T10:00"})
    )

    assert evidence["yes_total"] == 5
    assert evidence["written_late"] == []


def test_opinions_in_other_decisions_are_not_judged_for_time() -> None:
    b = book(9)
    member = probationary(b)
    meeting = b.hold(PROBATION_END, first(8))
    late = {"F9": f"{PROBATION_END.isoformat()}T19:00"}

    resolve(
        b,
        member,
        Decision.EXTEND,
        months=6,
        meeting=meeting,
        votes=Votes(yes=8, written_for=("F9",), lodged=late, opened="09:00"),
    )

    resolved = meeting.pending_events[-1]
    assert isinstance(resolved, Meeting.Resolved)
    assert resolved.evidence["written_counted"] is False
    assert resolved.evidence["written_late"] == []
    assert resolved.step.warnings == ()


def test_a_meeting_opens_once_and_a_later_vote_there_reads_its_opening() -> None:
    b = book(9)
    first_member, second_member = ready(b, "C1"), ready(b, "C2")
    meeting = b.hold(ADMITTED, first(5))
    admit(b, first_member, meeting=meeting, votes=Votes(yes=5, opened="09:00"))

    err = rejected(
        "record.meeting_opened",
        lambda: admit(b, second_member, meeting=meeting, votes=Votes(yes=5, opened="09:30")),
        second_member,
        meeting,
    )
    assert (err.facts["opened"], err.facts["given"]) == ("09:00", "09:30")
    admit(
        b,
        second_member,
        meeting=meeting,
        votes=Votes(yes=5, written_for=("F9",), lodged={"F9": f"{DAY}T09:15"}),
    )

    resolved = meeting.pending_events[-1]
    assert isinstance(resolved, Meeting.Resolved)
    assert (resolved.evidence["opened"], resolved.evidence["written_late"]) == ("09:00", ["F9"])
    assert warned(meeting) == [IN_TIME]
