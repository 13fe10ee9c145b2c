"""The recorder: a journal judged line by line; what is refused (a conflict, an unreadable line,
an unknown target) leaves no trace."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from recorder_support import (
    ACCEPTANCE,
    FOUNDED,
    apply,
    enter_organisation,
    found,
    line,
    notifications,
    record,
    statuses,
    stored_member,
    talk,
)

from branchbook.domain import ids
from branchbook.domain.branch import Branch
from branchbook.domain.member import Member
from branchbook.workflows.recording.recorder import Recorder
from branchbook.workflows.store.app import BranchBook


@pytest.fixture(autouse=True)
def organisation(app: BranchBook) -> None:
    """Every store starts with the township committee TC01 at position 1, for B01 to found under."""
    enter_organisation(app)


def test_the_under_age_applicant_is_rejected_and_only_the_others_are_written(
    recorder: Recorder, app: BranchBook, store_url: str
) -> None:
    assert [o.status for o in record(recorder, [found()])] == ["accepted"]
    outcomes = record(recorder, ACCEPTANCE)
    assert statuses(outcomes) == [(1, "accepted"), (2, "rejected"), (3, "accepted")]
    rejected = outcomes[1]
    assert rejected.rule == "applicant.min_age"
    assert rejected.citation is not None
    assert "Party Constitution art. 1" in rejected.citation
    assert rejected.facts["age"] == 17
    assert rejected.positions == ()
    # The organisation, one founding and two applications, one event each: nothing of the
    # rejected line.
    assert len(notifications(app)) == 4
    assert stored_member(store_url, "M0001") is not None
    assert stored_member(store_url, "M0002") is None
    third = stored_member(store_url, "M0003")
    assert third is not None
    assert third.branch == "B01"
    assert third.applied == date(2024, 3, 1)


def test_each_accepted_outcome_names_the_positions_of_its_events(
    recorder: Recorder, app: BranchBook
) -> None:
    outcomes = record(recorder, [found(), *ACCEPTANCE])
    written = {n.id: n for n in notifications(app)}
    assert [o.positions for o in outcomes] == [(2,), (3,), (), (4,)]
    for outcome in outcomes:
        for position in outcome.positions:
            assert written[position].originator_id in {
                ids.branch_id("B01"),
                ids.member_id(outcome.subject or ""),
            }


def test_recording_a_member_number_twice_is_a_conflict_that_writes_nothing(
    recorder: Recorder, app: BranchBook
) -> None:
    record(recorder, [found(), apply("M0001", "1990-05-01")])
    before = len(notifications(app))
    again = recorder.record(
        "member.apply",
        {
            "member": "M0001",
            "name": "又一人",
            "birth": "1980-01-01",
            "branch": "B01",
            "date": "2024-04-01",
        },
    )
    assert again.status == "conflict"
    assert again.positions == ()
    assert len(notifications(app)) == before
    first = app.find(ids.member_id("M0001"))
    assert isinstance(first, Member)
    assert first.birth == date(1990, 5, 1)


def test_a_duplicate_within_one_batch_is_a_conflict_and_the_first_stays(
    recorder: Recorder, app: BranchBook
) -> None:
    outcomes = record(
        recorder, [found(), apply("M0001", "1990-05-01"), apply("M0001", "1970-01-01")]
    )
    assert statuses(outcomes) == [(1, "accepted"), (2, "accepted"), (3, "conflict")]
    assert len(notifications(app)) == 3
    member = app.find(ids.member_id("M0001"))
    assert isinstance(member, Member)
    assert member.birth == date(1990, 5, 1)


def test_founding_a_branch_twice_is_a_conflict(recorder: Recorder, app: BranchBook) -> None:
    outcomes = record(recorder, [found(), found(on="2021-01-01")])
    assert statuses(outcomes) == [(1, "accepted"), (2, "conflict")]
    branch = app.find(ids.branch_id("B01"))
    assert isinstance(branch, Branch)
    assert branch.founded == date.fromisoformat(FOUNDED)


BAD_LINES = {
    "unknown command": line("member.fly", member="M0009", date="2024-03-01"),
    "missing key": line("member.apply", member="M0009", birth="1990-01-01", date="2024-03-01"),
    "bad date": line(
        "member.apply",
        member="M0009",
        name="x",
        birth="1990-02-30",
        branch="B01",
        date="2024-03-01",
    ),
    "unknown key": line(
        "member.apply",
        member="M0009",
        name="x",
        birth="1990-01-01",
        branch="B01",
        date="2024-03-01",
        colour="red",
    ),
    "no command": json.dumps({"member": "M0009", "date": "2024-03-01"}),
    "not JSON": '{"command": "member.apply", "member": ',
    "not an object": '["member.apply", "M0009"]',
}


@pytest.mark.parametrize("bad", list(BAD_LINES.values()), ids=list(BAD_LINES))
def test_an_unreadable_line_is_invalid_writes_nothing_and_the_next_line_still_runs(
    recorder: Recorder, app: BranchBook, bad: str
) -> None:
    outcomes = record(recorder, [found(), bad, apply("M0010", "1990-01-01")])
    assert statuses(outcomes) == [(1, "accepted"), (2, "invalid"), (3, "accepted")]
    assert outcomes[1].message
    assert outcomes[1].positions == ()
    assert len(notifications(app)) == 3
    assert app.find(ids.member_id("M0009")) is None
    assert app.find(ids.member_id("M0010")) is not None


def test_blank_lines_are_skipped_but_keep_the_line_numbers(recorder: Recorder) -> None:
    outcomes = record(recorder, [found(), "", "   ", apply("M0001", "1990-05-01")])
    assert statuses(outcomes) == [(1, "accepted"), (4, "accepted")]


def test_an_application_to_an_unknown_branch_is_not_found(
    recorder: Recorder, app: BranchBook
) -> None:
    outcomes = record(recorder, [found(), apply("M0001", "1990-05-01", branch="B99")])
    assert statuses(outcomes) == [(1, "accepted"), (2, "not-found")]
    assert len(notifications(app)) == 2


def test_a_talk_with_an_unknown_member_is_not_found(recorder: Recorder) -> None:
    outcomes = record(recorder, [found(), talk("M0404", "2024-03-05")])
    assert statuses(outcomes) == [(1, "accepted"), (2, "not-found")]


@pytest.mark.parametrize("batch_size", [500, 2, 1])
def test_stop_on_reject_stops_after_the_first_line_not_accepted(
    recorder: Recorder, app: BranchBook, batch_size: int
) -> None:
    outcomes = record(
        recorder,
        [found(), apply("M0001", "1990-05-01"), apply("M0002", "2006-09-01"), *ACCEPTANCE[2:]],
        stop_on_reject=True,
        batch_size=batch_size,
    )
    assert statuses(outcomes) == [(1, "accepted"), (2, "accepted"), (3, "rejected")]
    assert len(notifications(app)) == 3
    assert app.find(ids.member_id("M0001")) is not None
    assert app.find(ids.member_id("M0003")) is None


def test_without_stop_on_reject_the_lines_after_a_rejection_run(recorder: Recorder) -> None:
    outcomes = record(recorder, [found(), *ACCEPTANCE], batch_size=2)
    assert [o.status for o in outcomes] == ["accepted", "accepted", "rejected", "accepted"]


def test_a_rejected_line_mid_batch_writes_nothing_while_its_neighbours_share_one_save(
    recorder: Recorder, app: BranchBook, monkeypatch: pytest.MonkeyPatch
) -> None:
    saves: list[int] = []
    real_put = app.events.put

    def counting_put(events: Any, **kwargs: Any) -> Any:
        saves.append(len(events))
        return real_put(events, **kwargs)

    monkeypatch.setattr(app.events, "put", counting_put)
    outcomes = record(
        recorder,
        [found(), *ACCEPTANCE, talk("M0001", "2024-03-10")],
        batch_size=500,
    )
    assert [o.status for o in outcomes] == [
        "accepted",
        "accepted",
        "rejected",
        "accepted",
        "accepted",
    ]
    # One transaction for the whole batch: the four events of the accepted lines.
    assert saves == [4]
    # Positions follow the journal's lines: line 4's application precedes line 5's talk.
    assert [o.positions for o in outcomes] == [(2,), (3,), (), (4,), (5,)]
    assert len(notifications(app)) == 5
